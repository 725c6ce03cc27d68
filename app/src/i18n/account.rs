//! The catalogue of a user's own account (layer: app UI, catalogue): the
//! password change page and the answers of a busy sign-in. Its fields, one
//! value per language in `fr/`, `en/`, `ar/` (a missing translation is a
//! compile error), and the labels of the fields the server may name.
use super::{Locale, ar, en, fr};

/// Every string of the account pages, in one language.
pub struct AccountStrings {
    /// The session bar's link to the password page.
    pub nav_password: &'static str,
    pub password_title: &'static str,
    pub password_intro: &'static str,
    pub current_password: &'static str,
    pub new_password: &'static str,
    pub confirm_password: &'static str,
    pub password_hint: &'static str,
    pub save_password: &'static str,
    pub password_changed: &'static str,
    /// `{field}` and `{message}` are replaced.
    pub err_check: &'static str,
    /// `{n}` is replaced (seconds).
    pub err_busy: &'static str,
}

/// The account catalogue in the page's language.
pub fn account_strings(locale: Locale) -> &'static AccountStrings {
    match locale {
        Locale::Fr => &fr::ACCOUNT,
        Locale::En => &en::ACCOUNT,
        Locale::Ar => &ar::ACCOUNT,
    }
}

/// The label of a field of the password form the server named in an `Invalid` error.
pub fn field_label(s: &AccountStrings, field: &str) -> Option<&'static str> {
    Some(match field {
        "current_password" => s.current_password,
        "new_password" => s.new_password,
        "confirm_password" => s.confirm_password,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::fill;

    #[test]
    fn every_template_is_filled_in_every_language() {
        for l in Locale::ALL {
            let s = account_strings(l);
            for text in [
                fill(s.err_check, &[("field", "F"), ("message", "M")]),
                fill(s.err_busy, &[("n", "2")]),
            ] {
                assert!(!text.contains('{') && !text.contains('}'), "{text}");
            }
            assert_eq!(field_label(s, "confirm_password"), Some(s.confirm_password));
            assert_eq!(field_label(s, "email"), None);
        }
    }
}
