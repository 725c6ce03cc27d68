//! The lease event form: the text it posts, and the `LeaseEventInput` it
//! makes. A move-out carries no area or seats; a new tenant carries its company.
use serde::{Deserialize, Serialize};

use super::fields::{self, raw};
use crate::model::values::{AreaM2, FieldError, NAME_MAX, Seats};
use crate::model::{ActivityLine, LeaseChange, LeaseEventInput, LeaseKind, TenantChoice};

/// The lease event form as posted. `tenant` is a tenant id, or `new` with
/// `company`, `country` and `activity_line`; `area_m2` and `seats` are read
/// unless `kind` is `move_out`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LeaseEventForm {
    pub park: String,
    pub building_id: String,
    pub tenant: String,
    pub kind: String,
    pub area_m2: Option<String>,
    pub seats: Option<String>,
    pub effective_date: String,
    pub company: Option<String>,
    pub country: Option<String>,
    pub activity_line: Option<String>,
}

impl LeaseEventForm {
    pub fn parse(&self) -> Result<LeaseEventInput, FieldError> {
        let kind = fields::code("kind", &self.kind, LeaseKind::parse)?;
        let tenant = self.tenant()?;
        let change = self.change(kind)?;
        Ok(LeaseEventInput {
            park_slug: fields::text("park", &self.park, NAME_MAX)?,
            building_id: fields::id("building_id", &self.building_id)?,
            tenant,
            change,
            effective_date: fields::date("effective_date", &self.effective_date)?,
        })
    }

    fn tenant(&self) -> Result<TenantChoice, FieldError> {
        if self.tenant.trim() != "new" {
            return fields::id("tenant", &self.tenant).map(TenantChoice::Existing);
        }
        Ok(TenantChoice::New {
            company: fields::text("company", raw(&self.company), NAME_MAX)?,
            country: fields::country("country", raw(&self.country))?,
            activity_line: fields::code(
                "activity_line",
                raw(&self.activity_line),
                ActivityLine::parse,
            )?,
        })
    }

    fn change(&self, kind: LeaseKind) -> Result<LeaseChange, FieldError> {
        Ok(match kind {
            LeaseKind::MoveIn => {
                let (area, seats) = self.leased()?;
                LeaseChange::MoveIn { area, seats }
            }
            LeaseKind::Resize => {
                let (area, seats) = self.leased()?;
                LeaseChange::Resize { area, seats }
            }
            LeaseKind::MoveOut => LeaseChange::MoveOut,
        })
    }

    fn leased(&self) -> Result<(AreaM2, Seats), FieldError> {
        Ok((
            fields::area("area_m2", raw(&self.area_m2))?,
            fields::seats("seats", raw(&self.seats))?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> LeaseEventForm {
        LeaseEventForm {
            park: "atlas".into(),
            building_id: "3".into(),
            tenant: "12".into(),
            kind: "move_in".into(),
            area_m2: Some("400".into()),
            seats: Some("40".into()),
            effective_date: "2026-06-01".into(),
            ..LeaseEventForm::default()
        }
    }

    /// The field the error names once `change` spoils a good form.
    fn wrong(change: impl FnOnce(&mut LeaseEventForm)) -> String {
        let mut f = form();
        change(&mut f);
        f.parse().unwrap_err().field
    }

    #[test]
    fn a_move_in_leases_an_area_and_seats() {
        let input = form().parse().unwrap();
        assert_eq!(input.building_id.get(), 3);
        assert_eq!(input.effective_date.get().to_string(), "2026-06-01");
        let LeaseChange::MoveIn { area, seats } = input.change else {
            panic!("not a move-in: {:?}", input.change);
        };
        assert_eq!((area.get(), seats.get()), (400, 40));
        assert!(matches!(input.tenant, TenantChoice::Existing(id) if id.get() == 12));
    }

    #[test]
    fn a_resize_leases_a_new_area() {
        let input = LeaseEventForm {
            kind: "resize".into(),
            ..form()
        }
        .parse()
        .unwrap();
        assert!(matches!(input.change, LeaseChange::Resize { area, .. } if area.get() == 400));
    }

    #[test]
    fn a_move_out_reads_no_area_or_seats() {
        let input = LeaseEventForm {
            kind: "move_out".into(),
            area_m2: None,
            seats: Some("lots".into()),
            ..form()
        }
        .parse()
        .unwrap();
        assert_eq!(input.change, LeaseChange::MoveOut);
    }

    #[test]
    fn a_new_tenant_brings_its_company() {
        let input = LeaseEventForm {
            tenant: " new ".into(),
            company: Some(" Acme ".into()),
            country: Some("ma".into()),
            activity_line: Some("BPO".into()),
            ..form()
        }
        .parse()
        .unwrap();
        assert_eq!(
            input.tenant,
            TenantChoice::New {
                company: "Acme".into(),
                country: "MA".into(),
                activity_line: ActivityLine::Bpo,
            }
        );
        let new_tenant = |f: &mut LeaseEventForm| {
            f.tenant = "new".into();
            f.company = Some("Acme".into());
            f.country = Some("MA".into());
            f.activity_line = Some("BPO".into());
        };
        let company = wrong(|f| {
            new_tenant(f);
            f.company = None;
        });
        assert_eq!(company, "company");
        let country = wrong(|f| {
            new_tenant(f);
            f.country = None;
        });
        assert_eq!(country, "country");
        let line = wrong(|f| {
            new_tenant(f);
            f.activity_line = Some("XYZ".into());
        });
        assert_eq!(line, "activity_line");
    }

    #[test]
    fn each_wrong_field_names_itself() {
        assert_eq!(wrong(|f| f.kind = "sublet".into()), "kind");
        assert_eq!(wrong(|f| f.tenant = "0".into()), "tenant");
        assert_eq!(wrong(|f| f.area_m2 = None), "area_m2");
        assert_eq!(wrong(|f| f.area_m2 = Some("lots".into())), "area_m2");
        assert_eq!(wrong(|f| f.seats = Some("-1".into())), "seats");
        assert_eq!(wrong(|f| f.park = " ".into()), "park");
        assert_eq!(wrong(|f| f.building_id = "b".to_string()), "building_id");
        assert_eq!(
            wrong(|f| f.effective_date = "2101-01-01".to_string()),
            "effective_date"
        );
    }
}
