//! The review form of a declaration: the text it posts, and the `ReviewInput` it makes.
use serde::{Deserialize, Serialize};

use super::fields;
use crate::model::values::FieldError;
use crate::model::{ReviewDecision, ReviewInput};

/// The review form as posted: `decision` is `validate` or `return` (with a comment).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ReviewForm {
    pub report_id: String,
    pub version: String,
    pub decision: String,
    pub comment: Option<String>,
}

impl ReviewForm {
    pub fn parse(&self) -> Result<ReviewInput, FieldError> {
        let decision = match self.decision.trim() {
            "validate" => ReviewDecision::Validate,
            "return" => ReviewDecision::Return,
            other => {
                return Err(FieldError::new(
                    "decision",
                    format!("unknown decision '{other}': expected validate or return"),
                ));
            }
        };
        Ok(ReviewInput {
            report_id: fields::id("report_id", &self.report_id)?,
            version: fields::version("version", &self.version)?,
            decision,
            comment: self.comment.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ReviewForm {
        ReviewForm {
            report_id: "8".into(),
            version: "2".into(),
            decision: " return ".into(),
            comment: Some("figures?".into()),
        }
    }

    /// The field the error names once `change` spoils a good form.
    fn wrong(change: impl FnOnce(&mut ReviewForm)) -> String {
        let mut f = form();
        change(&mut f);
        f.parse().unwrap_err().field
    }

    #[test]
    fn a_review_names_its_declaration_and_decision() {
        let r = form().parse().unwrap();
        assert_eq!((r.report_id.get(), r.version), (8, 2));
        assert_eq!(r.decision, ReviewDecision::Return);
        assert_eq!(r.comment.as_deref(), Some("figures?"));
    }

    #[test]
    fn each_wrong_field_names_itself() {
        assert_eq!(wrong(|f| f.decision = "maybe".into()), "decision");
        assert_eq!(wrong(|f| f.report_id = "0".into()), "report_id");
        assert_eq!(wrong(|f| f.version = "".into()), "version");
    }
}
