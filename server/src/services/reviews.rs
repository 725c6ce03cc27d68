//! The review of a submitted job declaration (layer: services): validated,
//! or returned with a comment saying why.
use app::api::{AppError, Credentials};
use app::model::{ReportStatus, ReviewDecision, ReviewInput};
use serde_json::json;

use super::accounts::authenticate;
use super::guard::denied;
use super::jobs::Jobs;
use crate::db::audit::Entry;
use crate::db::job_reports;
use crate::db::unit_of_work::UnitOfWork;
use crate::domain::auth::{Action, authorize};

impl Jobs {
    pub(super) async fn review_declaration(
        &self,
        credentials: &Credentials,
        input: ReviewInput,
    ) -> Result<(), AppError> {
        let ReviewInput {
            report_id,
            version,
            decision,
            comment,
        } = input;
        let report_id = report_id.get();
        let comment = comment
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty());
        if decision == ReviewDecision::Return && comment.is_none() {
            return Err(AppError::invalid(
                "comment",
                "say why the declaration is returned",
            ));
        }
        let mut uow = UnitOfWork::begin(&self.db).await?;
        let actor = authenticate(uow.conn(), credentials, true).await?;
        let report = job_reports::by_id(uow.conn(), report_id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("no declaration {report_id}")))?;
        authorize(Some(&actor), Action::ReviewJobs(report.row.park_id)).map_err(denied)?;
        if report.row.version != version {
            return Err(AppError::Conflict(format!(
                "this declaration changed since you opened it (now {}, version {}); nothing was saved",
                report.status.as_str(),
                report.row.version
            )));
        }
        if report.status != ReportStatus::Submitted {
            return Err(AppError::Conflict(format!(
                "only a submitted declaration can be reviewed; this one is {}",
                report.status.as_str()
            )));
        }
        let before = json!({"status": report.status.as_str(), "version": report.row.version});
        let saved = job_reports::review(
            uow.conn(),
            report.row,
            decision,
            &actor.email,
            comment.clone(),
        )
        .await?;
        uow.audit(Entry {
            actor: &actor.email,
            action: match decision {
                ReviewDecision::Validate => "validate_jobs",
                ReviewDecision::Return => "return_jobs",
            },
            entity: "job_report",
            entity_id: Some(saved.id.to_string()),
            before: Some(before),
            after: Some(json!({"status": saved.status, "version": saved.version, "review_comment": comment})),
        })
        .await?;
        uow.commit("committing a review").await
    }
}
