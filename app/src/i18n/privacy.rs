//! The catalogue of the privacy page and of the consent to publish a
//! tenant's own headcount (layer: app UI, catalogue): its fields, one value
//! per language in `fr/`, `en/`, `ar/` (a missing translation is a compile
//! error). "Fewer than 3 tenants" is the balance catalogue's `suppressed`.
use super::{Locale, ar, en, fr};

/// The address to write to about personal data: a role, never a person.
pub const PRIVACY_CONTACT: &str = "privacy@tvr.ma";

/// One kind of personal data the registry keeps: what, why, for how long.
pub struct KeptData {
    pub what: &'static str,
    pub why: &'static str,
    pub how_long: &'static str,
}

/// Every string of the privacy page and the consent, in one language.
pub struct PrivacyStrings {
    pub footer_link: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub kept_title: &'static str,
    pub col_what: &'static str,
    pub col_why: &'static str,
    pub col_how_long: &'static str,
    pub kept: [KeptData; 6],
    pub public_title: &'static str,
    pub public_text: &'static str,
    pub rights_title: &'static str,
    pub rights_text: &'static str,
    pub cndp_text: &'static str,
    pub contact_title: &'static str,
    /// `{email}` is replaced.
    pub contact_text: &'static str,

    pub consent_title: &'static str,
    pub consent_label: &'static str,
    pub consent_help: &'static str,
    pub consent_save: &'static str,
    pub consent_saved: &'static str,
    pub not_published: &'static str,
    /// `{operator}` is replaced.
    pub updated_by_operator: &'static str,
    pub updated_by_registry: &'static str,
}

pub fn privacy_strings(locale: Locale) -> &'static PrivacyStrings {
    match locale {
        Locale::Fr => &fr::PRIVACY,
        Locale::En => &en::PRIVACY,
        Locale::Ar => &ar::PRIVACY,
    }
}
