//! The catalogue of the tenant scope rule (layer: app UI, catalogue): what a
//! park's manager reads at a tenant whose record they may not change, one
//! value per language in `fr/`, `en/`, `ar/` (a missing translation is a
//! compile error). The rule itself is the server's (`domain::tenant_scope`).
use super::{Locale, ar, en, fr};

/// Every string of the tenant scope rule, in one language.
pub struct TenantScopeStrings {
    /// Beside the company's name, in place of the edit form.
    pub shared_record: &'static str,
    /// Why the form is not there, and what the manager can still do.
    pub why_shared: &'static str,
}

/// The tenant scope strings of `locale`.
pub fn tenant_scope_strings(locale: Locale) -> &'static TenantScopeStrings {
    match locale {
        Locale::Fr => &fr::TENANT_SCOPE,
        Locale::En => &en::TENANT_SCOPE,
        Locale::Ar => &ar::TENANT_SCOPE,
    }
}
