//! The catalogue of two-factor sign-in (layer: app UI, catalogue): the code
//! step of the login page, the enrolment page, the session bar's link and
//! the admin's reset on the users page; one value per language in `fr/`,
//! `en/`, `ar/` (a missing translation is a compile error).
use super::{Locale, ar, en, fr};

/// Every string of two-factor sign-in, in one language.
pub struct TwoFactorStrings {
    pub title: &'static str,
    pub intro: &'static str,
    pub required_notice: &'static str,
    /// `{date}` is replaced.
    pub enabled_since: &'static str,
    pub not_enabled: &'static str,
    /// `{n}` is replaced.
    pub codes_left: &'static str,
    pub start: &'static str,
    pub replace: &'static str,
    pub replace_note: &'static str,
    pub scan: &'static str,
    pub qr_label: &'static str,
    pub secret_label: &'static str,
    pub code_label: &'static str,
    pub confirm: &'static str,
    pub enabled_ok: &'static str,
    pub recovery_title: &'static str,
    pub recovery_intro: &'static str,
    pub continue_link: &'static str,
    pub code_step_intro: &'static str,
    pub code_or_recovery: &'static str,
    pub verify: &'static str,
    pub restart_login: &'static str,
    pub nav_link: &'static str,
    pub err_required: &'static str,
    pub users_column: &'static str,
    pub on: &'static str,
    pub off: &'static str,
    pub code_wrong: &'static str,
    pub login_expired: &'static str,
    pub reset: &'static str,
    /// `{email}` is replaced.
    pub reset_ok: &'static str,
}

/// The two-factor catalogue in the page's language.
pub fn two_factor_strings(locale: Locale) -> &'static TwoFactorStrings {
    match locale {
        Locale::Fr => &fr::TWO_FACTOR,
        Locale::En => &en::TWO_FACTOR,
        Locale::Ar => &ar::TWO_FACTOR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::fill;

    #[test]
    fn every_template_is_filled_in_every_language() {
        for l in Locale::ALL {
            let s = two_factor_strings(l);
            for text in [
                fill(s.enabled_since, &[("date", "D")]),
                fill(s.codes_left, &[("n", "3")]),
                fill(s.reset_ok, &[("email", "E")]),
            ] {
                assert!(!text.contains('{') && !text.contains('}'), "{text}");
            }
        }
    }
}
