//! The building form (add or edit): the text it posts, and the `BuildingEdit` it makes.
use serde::{Deserialize, Serialize};

use super::fields::{self, raw};
use crate::model::BuildingEdit;
use crate::model::values::{FieldError, NAME_MAX};

/// The building form as posted: no `id` adds a building, `id` and `version` edit one.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct BuildingForm {
    pub park: String,
    pub id: Option<String>,
    pub version: Option<String>,
    pub name: String,
    pub floor_area_m2: String,
    pub seats: String,
    pub delivery_date: Option<String>,
}

impl BuildingForm {
    pub fn parse(&self) -> Result<BuildingEdit, FieldError> {
        let id = fields::optional_id("id", raw(&self.id))?;
        let version = fields::optional_version("version", raw(&self.version))?;
        if id.is_some() && version.is_none() {
            return Err(FieldError::new(
                "version",
                "an edit must say which version of the building it changes",
            ));
        }
        Ok(BuildingEdit {
            park_slug: fields::text("park", &self.park, NAME_MAX)?,
            id,
            version,
            name: fields::text("name", &self.name, NAME_MAX)?,
            floor_area_m2: fields::area("floor_area_m2", &self.floor_area_m2)?,
            seats: fields::seats("seats", &self.seats)?,
            delivery_date: fields::optional_date("delivery_date", raw(&self.delivery_date))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> BuildingForm {
        BuildingForm {
            park: "atlas".into(),
            name: " B1 ".into(),
            floor_area_m2: "1 200".into(),
            seats: "0".into(),
            ..BuildingForm::default()
        }
    }

    /// The field the error names once `change` spoils a good form.
    fn wrong(change: impl FnOnce(&mut BuildingForm)) -> String {
        let mut f = form();
        change(&mut f);
        f.parse().unwrap_err().field
    }

    #[test]
    fn a_new_building_has_no_id_or_version() {
        let edit = form().parse().unwrap();
        assert_eq!((edit.id, edit.version), (None, None));
        assert_eq!(edit.name, "B1");
        assert_eq!(edit.floor_area_m2.get(), 1200);
        assert_eq!(edit.seats.get(), 0);
        assert_eq!(edit.delivery_date, None);
    }

    #[test]
    fn an_edit_names_the_version_it_changes() {
        let edit = BuildingForm {
            id: Some("4".into()),
            version: Some("2".into()),
            ..form()
        }
        .parse()
        .unwrap();
        assert_eq!(edit.id.map(|id| id.get()), Some(4));
        assert_eq!(edit.version, Some(2));
        let e = BuildingForm {
            id: Some("4".into()),
            ..form()
        }
        .parse()
        .unwrap_err();
        assert_eq!(e.field, "version");
    }

    #[test]
    fn each_wrong_field_names_itself() {
        assert_eq!(wrong(|f| f.park = "".into()), "park");
        assert_eq!(wrong(|f| f.id = Some("0".into())), "id");
        assert_eq!(wrong(|f| f.name = " ".into()), "name");
        assert_eq!(
            wrong(|f| f.floor_area_m2 = "0".to_string()),
            "floor_area_m2"
        );
        assert_eq!(wrong(|f| f.seats = "-1".into()), "seats");
        assert_eq!(
            wrong(|f| f.delivery_date = Some("soon".into())),
            "delivery_date"
        );
    }
}
