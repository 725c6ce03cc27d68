//! The incentive estimate's form: the text it sends, and the `IncentiveInput` it makes.
use serde::{Deserialize, Serialize};

use super::fields::{self, raw};
use crate::model::values::{EQUIPMENT_MAX, FieldError, HEADCOUNT_MAX, PAY_MAX};
use crate::model::{IncentiveInput, RegionCode};

/// The estimate's fields as sent; no equipment investment means none.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct IncentiveForm {
    pub region: String,
    pub recruits: String,
    pub gross_annual_pay_mad: String,
    pub equipment_investment_mad: Option<String>,
}

impl IncentiveForm {
    pub fn parse(&self) -> Result<IncentiveInput, FieldError> {
        Ok(IncentiveInput {
            region: fields::code("region", &self.region, RegionCode::parse)?,
            recruits: fields::int("recruits", &self.recruits, 1, HEADCOUNT_MAX)?,
            gross_annual_pay_mad: fields::int(
                "gross_annual_pay_mad",
                &self.gross_annual_pay_mad,
                1,
                PAY_MAX,
            )?,
            equipment_investment_mad: fields::optional_int(
                "equipment_investment_mad",
                raw(&self.equipment_investment_mad),
                0,
                EQUIPMENT_MAX,
            )?
            .unwrap_or(0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> IncentiveForm {
        IncentiveForm {
            region: "06".into(),
            recruits: "100".into(),
            gross_annual_pay_mad: "120 000".into(),
            equipment_investment_mad: None,
        }
    }

    /// The field the error names once `change` spoils a good form.
    fn wrong(change: impl FnOnce(&mut IncentiveForm)) -> String {
        let mut f = form();
        change(&mut f);
        f.parse().unwrap_err().field
    }

    #[test]
    fn no_equipment_investment_counts_as_none() {
        let i = form().parse().unwrap();
        assert_eq!(i.region.as_str(), "06");
        assert_eq!((i.recruits, i.gross_annual_pay_mad), (100, 120_000));
        assert_eq!(i.equipment_investment_mad, 0);
    }

    #[test]
    fn each_wrong_field_names_itself() {
        assert_eq!(wrong(|f| f.region = "13".into()), "region");
        assert_eq!(wrong(|f| f.recruits = "0".into()), "recruits");
        assert_eq!(
            wrong(|f| f.gross_annual_pay_mad = "0".to_string()),
            "gross_annual_pay_mad"
        );
        let equipment = wrong(|f| f.equipment_investment_mad = Some("-1".into()));
        assert_eq!(equipment, "equipment_investment_mad");
    }
}
