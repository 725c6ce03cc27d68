//! The job declaration form: the text it posts, and the `JobDeclaration` it
//! makes. Each activity line has a full-time and a part-time field; a line
//! left blank is not declared.
use serde::{Deserialize, Serialize};

use super::fields::{self, raw};
use crate::model::values::{FieldError, HEADCOUNT_MAX, NAME_MAX, NOTE_MAX};
use crate::model::{ActivityLine, JobDeclaration, JobLine, Quarter};

/// The declaration form as posted: `<line>_full` and `<line>_part` per
/// activity line (ITO, BPO, CRM, ESO, KPO); empty means none.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DeclarationForm {
    pub park: String,
    pub tenant_id: String,
    pub quarter: String,
    pub new_moroccan_recruits: String,
    pub comment: Option<String>,
    pub version: Option<String>,
    pub ito_full: Option<String>,
    pub ito_part: Option<String>,
    pub bpo_full: Option<String>,
    pub bpo_part: Option<String>,
    pub crm_full: Option<String>,
    pub crm_part: Option<String>,
    pub eso_full: Option<String>,
    pub eso_part: Option<String>,
    pub kpo_full: Option<String>,
    pub kpo_part: Option<String>,
}

impl DeclarationForm {
    pub fn parse(&self) -> Result<JobDeclaration, FieldError> {
        Ok(JobDeclaration {
            lines: self.lines()?,
            park_slug: fields::text("park", &self.park, NAME_MAX)?,
            tenant_id: fields::id("tenant_id", &self.tenant_id)?,
            quarter: fields::code("quarter", &self.quarter, Quarter::parse)?,
            new_moroccan_recruits: fields::int(
                "new_moroccan_recruits",
                &self.new_moroccan_recruits,
                0,
                HEADCOUNT_MAX,
            )?,
            comment: fields::optional_text("comment", raw(&self.comment), NOTE_MAX)?,
            version: fields::optional_version("version", raw(&self.version))?,
        })
    }

    /// The lines declared, in the order of `ActivityLine::ALL`.
    fn lines(&self) -> Result<Vec<JobLine>, FieldError> {
        let fields = [
            (ActivityLine::Ito, &self.ito_full, &self.ito_part),
            (ActivityLine::Bpo, &self.bpo_full, &self.bpo_part),
            (ActivityLine::Crm, &self.crm_full, &self.crm_part),
            (ActivityLine::Eso, &self.eso_full, &self.eso_part),
            (ActivityLine::Kpo, &self.kpo_full, &self.kpo_part),
        ];
        let mut lines = Vec::new();
        for (line, full, part) in fields {
            let code = line.as_str().to_ascii_lowercase();
            let count = |kind: &str, value: &Option<String>| {
                fields::optional_int(&format!("{code}_{kind}"), raw(value), 0, HEADCOUNT_MAX)
            };
            let (full, part) = (count("full", full)?, count("part", part)?);
            if full.is_some() || part.is_some() {
                lines.push(JobLine {
                    activity_line: line,
                    full_time: full.unwrap_or(0),
                    part_time: part.unwrap_or(0),
                });
            }
        }
        Ok(lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> DeclarationForm {
        DeclarationForm {
            park: "atlas".into(),
            tenant_id: "4".into(),
            quarter: "2026Q2".into(),
            new_moroccan_recruits: "3".into(),
            ito_full: Some("10".into()),
            crm_part: Some("2".into()),
            bpo_full: Some(" ".into()),
            ..DeclarationForm::default()
        }
    }

    /// The field the error names once `change` spoils a good form.
    fn wrong(change: impl FnOnce(&mut DeclarationForm)) -> String {
        let mut f = form();
        change(&mut f);
        f.parse().unwrap_err().field
    }

    #[test]
    fn only_lines_with_a_figure_are_declared() {
        let d = form().parse().unwrap();
        assert_eq!(d.tenant_id.get(), 4);
        assert_eq!(d.quarter.code(), "2026Q2");
        assert_eq!(
            d.lines,
            [
                JobLine {
                    activity_line: ActivityLine::Ito,
                    full_time: 10,
                    part_time: 0
                },
                JobLine {
                    activity_line: ActivityLine::Crm,
                    full_time: 0,
                    part_time: 2
                },
            ]
        );
        assert_eq!((d.comment, d.version), (None, None));
    }

    #[test]
    fn each_wrong_field_names_itself() {
        assert_eq!(wrong(|f| f.park = "".into()), "park");
        assert_eq!(wrong(|f| f.tenant_id = "0".into()), "tenant_id");
        assert_eq!(wrong(|f| f.quarter = "soon".into()), "quarter");
        let recruits = wrong(|f| f.new_moroccan_recruits = "-1".into());
        assert_eq!(recruits, "new_moroccan_recruits");
        assert_eq!(
            wrong(|f| f.comment = Some("x".repeat(NOTE_MAX + 1))),
            "comment"
        );
        assert_eq!(wrong(|f| f.version = Some("v".into())), "version");
        assert_eq!(
            wrong(|f| f.kpo_part = Some((HEADCOUNT_MAX + 1).to_string())),
            "kpo_part"
        );
        assert_eq!(wrong(|f| f.eso_full = Some("x".into())), "eso_full");
    }
}
