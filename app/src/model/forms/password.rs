//! The "change my password" form: the text it posts, and the
//! `PasswordChange` it makes. The password policy itself is the server's
//! (`domain::auth::check_password_policy`); this checks what needs no server.
use serde::{Deserialize, Serialize};

use crate::model::values::FieldError;

/// The form as posted: the current password and the new one, typed twice.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PasswordForm {
    pub current_password: String,
    pub new_password: String,
    pub confirm_password: String,
}

/// A password change as the account service takes it. Passwords are kept
/// exactly as typed (spaces count).
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
}

impl std::fmt::Debug for PasswordChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordChange { .. }")
    }
}

impl PasswordForm {
    pub fn parse(&self) -> Result<PasswordChange, FieldError> {
        if self.current_password.is_empty() {
            return Err(FieldError::new("current_password", "is required"));
        }
        if self.new_password.is_empty() {
            return Err(FieldError::new("new_password", "is required"));
        }
        if self.confirm_password != self.new_password {
            return Err(FieldError::new(
                "confirm_password",
                "is not the same as the new password",
            ));
        }
        Ok(PasswordChange {
            current: self.current_password.clone(),
            new: self.new_password.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(current: &str, new: &str, confirm: &str) -> PasswordForm {
        PasswordForm {
            current_password: current.into(),
            new_password: new.into(),
            confirm_password: confirm.into(),
        }
    }

    #[test]
    fn the_new_password_must_be_typed_twice_the_same_and_the_current_one_given() {
        let change = form("old one", " new and long ", " new and long ")
            .parse()
            .unwrap();
        assert_eq!(change.current, "old one");
        assert_eq!(change.new, " new and long ", "kept exactly as typed");
        assert!(!format!("{change:?}").contains("old one"), "never logged");
        let field = |f: PasswordForm| f.parse().unwrap_err().field;
        assert_eq!(field(form("", "a", "a")), "current_password");
        assert_eq!(field(form("x", "", "")), "new_password");
        assert_eq!(field(form("x", "abc", "abd")), "confirm_password");
    }
}
