//! The park editor's form: the text it posts, and the `ParkEdit` it makes.
use serde::{Deserialize, Serialize};

use super::fields::{self, raw};
use crate::model::values::{FieldError, LAND_HA_MAX, NAME_MAX, RENT_MAD_MAX, TEXT_MAX};
use crate::model::{ParkEdit, ParkStatus};

/// The park form as posted; the optional fields may be left out.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ParkForm {
    pub slug: String,
    pub version: String,
    pub name: String,
    pub city: String,
    pub operator: String,
    pub status: String,
    pub lat: String,
    pub lon: String,
    pub land_ha: Option<String>,
    pub delivery_date: Option<String>,
    pub rent_mad: Option<String>,
    pub description_fr: Option<String>,
    pub description_en: Option<String>,
    pub description_ar: Option<String>,
}

impl ParkForm {
    pub fn parse(&self) -> Result<ParkEdit, FieldError> {
        let description = |field: &str, value: &Option<String>| {
            fields::optional_text(field, raw(value), TEXT_MAX)
        };
        Ok(ParkEdit {
            slug: fields::text("slug", &self.slug, NAME_MAX)?,
            version: fields::version("version", &self.version)?,
            name: fields::text("name", &self.name, NAME_MAX)?,
            city: fields::text("city", &self.city, NAME_MAX)?,
            operator: fields::text("operator", &self.operator, NAME_MAX)?,
            status: fields::code("status", &self.status, ParkStatus::parse)?,
            lat: fields::float("lat", &self.lat, -90.0, 90.0)?,
            lon: fields::float("lon", &self.lon, -180.0, 180.0)?,
            land_ha: fields::optional_float("land_ha", raw(&self.land_ha), 0.0, LAND_HA_MAX)?,
            delivery_date: fields::optional_date("delivery_date", raw(&self.delivery_date))?,
            rent_centimes_per_m2_month: fields::optional_rent_centimes(
                "rent_mad",
                raw(&self.rent_mad),
                RENT_MAD_MAX,
            )?,
            description_fr: description("description_fr", &self.description_fr)?,
            description_en: description("description_en", &self.description_en)?,
            description_ar: description("description_ar", &self.description_ar)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ParkForm {
        ParkForm {
            slug: " atlas ".into(),
            version: "3".into(),
            name: "Atlas Park".into(),
            city: "Rabat".into(),
            operator: "CDG".into(),
            status: "operating".into(),
            lat: "34,0".into(),
            lon: "-6.8".into(),
            ..ParkForm::default()
        }
    }

    /// The field the error names once `change` spoils a good form.
    fn wrong(change: impl FnOnce(&mut ParkForm)) -> String {
        let mut f = form();
        change(&mut f);
        f.parse().unwrap_err().field
    }

    #[test]
    fn a_complete_form_is_trimmed_and_parsed() {
        let edit = ParkForm {
            rent_mad: Some("85,5".into()),
            land_ha: Some("12".into()),
            delivery_date: Some("2026-01-31".into()),
            description_en: Some("  Offices  ".into()),
            ..form()
        }
        .parse()
        .unwrap();
        assert_eq!(edit.slug, "atlas");
        assert_eq!(edit.version, 3);
        assert_eq!(edit.status, ParkStatus::Operating);
        assert_eq!(edit.lat, 34.0);
        assert_eq!(edit.rent_centimes_per_m2_month, Some(8550));
        assert_eq!(edit.land_ha, Some(12.0));
        assert_eq!(edit.delivery_date.unwrap().to_string(), "2026-01-31");
        assert_eq!(edit.description_en.as_deref(), Some("Offices"));
    }

    #[test]
    fn optional_fields_may_be_missing_or_blank() {
        let edit = ParkForm {
            land_ha: Some(" ".into()),
            ..form()
        }
        .parse()
        .unwrap();
        assert_eq!(edit.land_ha, None);
        assert_eq!(edit.delivery_date, None);
        assert_eq!(edit.rent_centimes_per_m2_month, None);
        assert_eq!(edit.description_fr, None);
    }

    #[test]
    fn each_wrong_field_names_itself() {
        assert_eq!(wrong(|f| f.slug = " ".into()), "slug");
        assert_eq!(wrong(|f| f.version = "0".into()), "version");
        assert_eq!(wrong(|f| f.name = "x".repeat(NAME_MAX + 1)), "name");
        assert_eq!(wrong(|f| f.city = "".into()), "city");
        assert_eq!(wrong(|f| f.operator = "".into()), "operator");
        assert_eq!(wrong(|f| f.status = "open".into()), "status");
        assert_eq!(wrong(|f| f.lat = "91".into()), "lat");
        assert_eq!(wrong(|f| f.lon = "east".into()), "lon");
        assert_eq!(wrong(|f| f.land_ha = Some("-1".into())), "land_ha");
        assert_eq!(
            wrong(|f| f.delivery_date = Some("2101-01-01".into())),
            "delivery_date"
        );
        assert_eq!(wrong(|f| f.rent_mad = Some("20000".into())), "rent_mad");
        assert_eq!(
            wrong(|f| f.description_ar = Some("x".repeat(TEXT_MAX + 1))),
            "description_ar"
        );
    }
}
