//! The tenant form: the text it posts, and the `TenantEdit` it makes.
use serde::{Deserialize, Serialize};

use super::fields;
use crate::model::values::{FieldError, NAME_MAX};
use crate::model::{ActivityLine, TenantEdit};

/// The tenant form as posted.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TenantForm {
    pub park: String,
    pub id: String,
    pub version: String,
    pub company: String,
    pub country: String,
    pub activity_line: String,
}

impl TenantForm {
    pub fn parse(&self) -> Result<TenantEdit, FieldError> {
        Ok(TenantEdit {
            park_slug: fields::text("park", &self.park, NAME_MAX)?,
            id: fields::id("id", &self.id)?,
            version: fields::version("version", &self.version)?,
            company: fields::text("company", &self.company, NAME_MAX)?,
            country: fields::country("country", &self.country)?,
            activity_line: fields::code("activity_line", &self.activity_line, ActivityLine::parse)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> TenantForm {
        TenantForm {
            park: "atlas".into(),
            id: "5".into(),
            version: "1".into(),
            company: " Acme ".into(),
            country: "fr".into(),
            activity_line: "ITO".into(),
        }
    }

    fn error_field(f: TenantForm) -> String {
        f.parse().unwrap_err().field
    }

    #[test]
    fn a_tenant_edit_is_trimmed_and_upper_cased() {
        let edit = form().parse().unwrap();
        assert_eq!(edit.id.get(), 5);
        assert_eq!(edit.company, "Acme");
        assert_eq!(edit.country, "FR");
        assert_eq!(edit.activity_line, ActivityLine::Ito);
    }

    #[test]
    fn each_wrong_field_names_itself() {
        assert_eq!(
            error_field(TenantForm {
                park: "".into(),
                ..form()
            }),
            "park"
        );
        assert_eq!(
            error_field(TenantForm {
                id: "x".into(),
                ..form()
            }),
            "id"
        );
        assert_eq!(
            error_field(TenantForm {
                version: "".into(),
                ..form()
            }),
            "version"
        );
        assert_eq!(
            error_field(TenantForm {
                company: "".into(),
                ..form()
            }),
            "company"
        );
        assert_eq!(
            error_field(TenantForm {
                country: "FRA".into(),
                ..form()
            }),
            "country"
        );
        let line = "XYZ".to_string();
        assert_eq!(
            error_field(TenantForm {
                activity_line: line,
                ..form()
            }),
            "activity_line"
        );
    }
}
