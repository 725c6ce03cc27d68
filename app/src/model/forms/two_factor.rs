//! The two-factor forms: the code that confirms an enrolment or finishes a
//! sign-in (checked for shape here; the server checks the code itself), and
//! the admin's reset of someone's factor.
use serde::{Deserialize, Serialize};

use super::fields;
use crate::model::Id;
use crate::model::values::FieldError;

/// The longest code field accepted: a recovery code typed with spaces.
const CODE_MAX: usize = 40;

/// A typed code: trimmed, required, at most 40 characters.
pub fn code_field(raw: &str) -> Result<String, FieldError> {
    fields::text("code", raw, CODE_MAX)
}

/// The admin's reset form: whose factor to remove.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TwoFactorResetForm {
    pub user_id: String,
}

impl TwoFactorResetForm {
    pub fn parse(&self) -> Result<Id, FieldError> {
        fields::id("user_id", &self.user_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_trimmed_and_an_empty_or_endless_one_names_the_field() {
        assert_eq!(code_field(" 123456 ").unwrap(), "123456");
        assert_eq!(code_field("  ").unwrap_err().field, "code");
        assert_eq!(code_field(&"1".repeat(41)).unwrap_err().field, "code");
        let reset = TwoFactorResetForm {
            user_id: "7".into(),
        };
        assert_eq!(reset.parse().unwrap().get(), 7);
        let bad = TwoFactorResetForm {
            user_id: "x".into(),
        };
        assert_eq!(bad.parse().unwrap_err().field, "user_id");
    }
}
