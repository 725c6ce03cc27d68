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

    /// The field the error names once `change` spoils a good form.
    fn wrong(change: impl FnOnce(&mut TenantForm)) -> String {
        let mut f = form();
        change(&mut f);
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
        assert_eq!(wrong(|f| f.park = "".into()), "park");
        assert_eq!(wrong(|f| f.id = "x".into()), "id");
        assert_eq!(wrong(|f| f.version = "".into()), "version");
        assert_eq!(wrong(|f| f.company = "".into()), "company");
        assert_eq!(wrong(|f| f.country = "FRA".into()), "country");
        assert_eq!(
            wrong(|f| f.activity_line = "XYZ".to_string()),
            "activity_line"
        );
    }
}
