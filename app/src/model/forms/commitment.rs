//! The commitment form: the text it posts, and the `CommitmentInput` it makes.
use serde::{Deserialize, Serialize};

use super::fields::{self, raw};
use crate::model::CommitmentInput;
use crate::model::values::{FieldError, HEADCOUNT_MAX, NAME_MAX, NOTE_MAX};

/// The commitment form as posted: `jobs` jobs between `start_date` and `deadline`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CommitmentForm {
    pub park: String,
    pub tenant_id: String,
    pub jobs: String,
    pub start_date: String,
    pub deadline: String,
    pub note: Option<String>,
}

impl CommitmentForm {
    pub fn parse(&self) -> Result<CommitmentInput, FieldError> {
        Ok(CommitmentInput {
            park_slug: fields::text("park", &self.park, NAME_MAX)?,
            tenant_id: fields::id("tenant_id", &self.tenant_id)?,
            jobs: fields::int("jobs", &self.jobs, 1, HEADCOUNT_MAX)?,
            start_date: fields::date("start_date", &self.start_date)?,
            deadline: fields::date("deadline", &self.deadline)?,
            note: fields::optional_text("note", raw(&self.note), NOTE_MAX)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CommitmentForm {
        CommitmentForm {
            park: "atlas".into(),
            tenant_id: "4".into(),
            jobs: "120".into(),
            start_date: "2026-01-01".into(),
            deadline: "2028-12-31".into(),
            note: Some("  ".into()),
        }
    }

    /// The field the error names once `change` spoils a good form.
    fn wrong(change: impl FnOnce(&mut CommitmentForm)) -> String {
        let mut f = form();
        change(&mut f);
        f.parse().unwrap_err().field
    }

    #[test]
    fn a_commitment_counts_jobs_between_two_dates() {
        let c = form().parse().unwrap();
        assert_eq!((c.tenant_id.get(), c.jobs), (4, 120));
        assert_eq!(c.start_date.get().to_string(), "2026-01-01");
        assert_eq!(c.deadline.get().to_string(), "2028-12-31");
        assert_eq!(c.note, None);
    }

    #[test]
    fn each_wrong_field_names_itself() {
        assert_eq!(wrong(|f| f.park = "".into()), "park");
        assert_eq!(wrong(|f| f.tenant_id = "t".into()), "tenant_id");
        assert_eq!(wrong(|f| f.jobs = "0".into()), "jobs");
        assert_eq!(wrong(|f| f.start_date = "".into()), "start_date");
        assert_eq!(wrong(|f| f.deadline = "2200-01-01".into()), "deadline");
        assert_eq!(wrong(|f| f.note = Some("x".repeat(NOTE_MAX + 1))), "note");
    }
}
