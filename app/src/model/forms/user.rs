//! The user form (add or edit): the text it posts, and the `UserEdit` it makes.
use serde::{Deserialize, Serialize};

use super::fields::{self, raw};
use crate::model::values::{FieldError, NAME_MAX};
use crate::model::{Role, UserEdit};

/// The user form as posted: no `id` adds a user. `parks` is a
/// comma-separated list of slugs; `disabled` is a checkbox.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct UserForm {
    pub id: Option<String>,
    pub version: Option<String>,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub parks: Option<String>,
    pub tenant_id: Option<String>,
    pub disabled: Option<String>,
    pub password: Option<String>,
}

impl UserForm {
    pub fn parse(&self) -> Result<UserEdit, FieldError> {
        Ok(UserEdit {
            id: fields::optional_id("id", raw(&self.id))?,
            version: fields::optional_version("version", raw(&self.version))?,
            email: fields::text("email", &self.email, NAME_MAX)?,
            display_name: fields::text("display_name", &self.display_name, NAME_MAX)?,
            role: fields::code("role", &self.role, Role::parse)?,
            parks: raw(&self.parks)
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            tenant_id: fields::optional_id("tenant_id", raw(&self.tenant_id))?,
            disabled: matches!(raw(&self.disabled).trim(), "on" | "true" | "1"),
            password: self.password.clone().filter(|p| !p.is_empty()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> UserForm {
        UserForm {
            email: " a@cdg.ma ".into(),
            display_name: "Amina".into(),
            role: "park_manager".into(),
            ..UserForm::default()
        }
    }

    /// The field the error names once `change` spoils a good form.
    fn wrong(change: impl FnOnce(&mut UserForm)) -> String {
        let mut f = form();
        change(&mut f);
        f.parse().unwrap_err().field
    }

    #[test]
    fn a_new_user_has_no_id_and_blank_fields_mean_none() {
        let edit = UserForm {
            parks: Some(" atlas, ,casanearshore ".into()),
            password: Some(String::new()),
            tenant_id: Some(" ".into()),
            ..form()
        }
        .parse()
        .unwrap();
        assert_eq!((edit.id, edit.version, edit.tenant_id), (None, None, None));
        assert_eq!(edit.email, "a@cdg.ma");
        assert_eq!(edit.role, Role::ParkManager);
        assert_eq!(edit.parks, ["atlas", "casanearshore"]);
        assert_eq!(edit.password, None);
        assert!(!edit.disabled);
    }

    #[test]
    fn an_edit_carries_its_id_and_the_checkbox() {
        let edit = UserForm {
            id: Some("2".into()),
            version: Some("5".into()),
            tenant_id: Some("9".into()),
            disabled: Some("on".into()),
            password: Some(" secret ".into()),
            ..form()
        }
        .parse()
        .unwrap();
        assert_eq!(edit.id.map(|id| id.get()), Some(2));
        assert_eq!(edit.version, Some(5));
        assert_eq!(edit.tenant_id.map(|id| id.get()), Some(9));
        assert!(edit.disabled);
        assert_eq!(
            edit.password.as_deref(),
            Some(" secret "),
            "passwords are not trimmed"
        );
    }

    #[test]
    fn each_wrong_field_names_itself() {
        assert_eq!(wrong(|f| f.id = Some("x".into())), "id");
        assert_eq!(wrong(|f| f.version = Some("0".into())), "version");
        assert_eq!(wrong(|f| f.email = "".into()), "email");
        assert_eq!(wrong(|f| f.display_name = " ".into()), "display_name");
        assert_eq!(wrong(|f| f.role = "root".into()), "role");
        assert_eq!(wrong(|f| f.tenant_id = Some("-2".into())), "tenant_id");
    }
}
