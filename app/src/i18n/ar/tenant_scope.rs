//! The Arabic strings of the tenant scope rule (layer: app UI, catalogue).
use crate::i18n::tenant_scope::TenantScopeStrings;

pub const TENANT_SCOPE: TenantScopeStrings = TenantScopeStrings {
    shared_record: "بطاقة مشتركة مع مناطق أخرى",
    why_shared: "تكتري هذه الشركة أيضًا، أو اكترت، في منطقة لا تسيّرها، ويظهر اسمها وبلدها وشعبتها في صفحات تلك المنطقة أيضًا: لا يمكن تعديلها إلا لمدير. ويمكنك دائمًا تسجيل حركات الكراء والالتزامات والتصريحات الخاصة بها في منطقتك.",
};
