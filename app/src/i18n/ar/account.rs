//! The Arabic strings of a user's own account (layer: app UI, catalogue).
use crate::i18n::account::AccountStrings;

pub const ACCOUNT: AccountStrings = AccountStrings {
    nav_password: "تغيير كلمة المرور",
    password_title: "تغيير كلمة المرور",
    password_intro: "أدخل كلمة المرور الحالية، ثم الجديدة مرتين. ستُغلق جلساتك الأخرى (متصفحات وأجهزة أخرى)، وتبقى هذه الجلسة مفتوحة.",
    current_password: "كلمة المرور الحالية",
    new_password: "كلمة المرور الجديدة",
    confirm_password: "كلمة المرور الجديدة مرة أخرى",
    password_hint: "12 حرفًا على الأقل: تكفي جملة قصيرة.",
    save_password: "تغيير كلمة المرور",
    password_changed: "تم تغيير كلمة المرور. أُغلقت جلساتك الأخرى.",
    err_check: "تحقق من «{field}»: {message}",
    err_busy: "الخادم منشغل بالتحقق من عمليات دخول أخرى: أعد المحاولة بعد {n} ثانية.",
};
