//! A tenant's job declaration (layer: services): first, resubmitted, or a
//! correction of a validated quarter as a new revision, with plausibility
//! flags that need a comment.
use std::collections::BTreeSet;

use app::api::{AppError, Credentials};
use app::model::{Declared, JobDeclaration, Quarter, ReportStatus};
use chrono::Utc;
use serde_json::{Value, json};

use super::accounts::authenticate;
use super::declarations::{present_in, tenancy};
use super::guard::{denied, visible_park};
use super::jobs::Jobs;
use crate::db::ConnectionLike;
use crate::db::audit::Entry;
use crate::db::job_reports::{self, NewLine, NewReport, Report, Resubmission, StoredReport};
use crate::db::parks::Park;
use crate::db::unit_of_work::UnitOfWork;
use crate::domain::auth::{Action, Actor, authorize};
use crate::domain::balance::{self, Flag, plausibility};
use crate::domain::occupancy::leased_by_tenant;

/// A declaration's checked figures, before anything is read.
struct Checked {
    headcount: i64,
    recruits: i32,
}

impl Jobs {
    pub(super) async fn record_declaration(
        &self,
        credentials: &Credentials,
        d: JobDeclaration,
    ) -> Result<Declared, AppError> {
        let checked = self.check_declaration(&d)?;
        let mut uow = UnitOfWork::begin(&self.db).await?;
        let actor: Actor = authenticate(uow.conn(), credentials, true).await?;
        let park = visible_park(uow.conn(), &actor, &d.park_slug).await?;
        authorize(
            Some(&actor),
            Action::DeclareJobs {
                park: park.id,
                tenant: d.tenant_id.get(),
            },
        )
        .map_err(denied)?;
        let leased = leased_in_quarter(uow.conn(), &park, &d).await?;
        let existing =
            job_reports::of_tenant_in_park(uow.conn(), park.id, d.tenant_id.get()).await?;
        let previous = previous_validated(uow.conn(), &existing, d.quarter.prev()).await?;
        let flags = plausibility(checked.headcount, leased, previous);
        let comment = d
            .comment
            .clone()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty());
        if !flags.is_empty() && comment.is_none() {
            return Err(explain(
                &flags,
                checked.headcount,
                leased,
                previous,
                d.quarter.prev(),
            ));
        }
        let flags_text = job_reports::flags_text(&flags);
        let latest = existing.iter().find(|r| r.quarter == d.quarter);
        let write = Write {
            d: &d,
            park: &park,
            actor: &actor,
            recruits: checked.recruits,
            comment: comment.clone(),
            flags_text: flags_text.clone(),
        };
        let (report, action, before) = write.report(uow.conn(), latest).await?;
        write_lines(uow.conn(), report.id, &d).await?;
        uow.audit(Entry {
            actor: &actor.email,
            action,
            entity: "job_report",
            entity_id: Some(report.id.to_string()),
            before,
            after: Some(json!({
                "park": park.slug, "tenant_id": d.tenant_id, "quarter": d.quarter.code(),
                "revision": report.revision, "lines": job_reports::lines_json(&d.lines),
                "new_moroccan_recruits": d.new_moroccan_recruits, "flags": flags_text, "comment": comment,
            })),
        })
        .await?;
        uow.commit("committing a declaration").await?;
        Ok(Declared {
            report_id: report.id,
            revision: report.revision,
            status: ReportStatus::Submitted,
            flags: flags.iter().map(|f| f.as_str().to_string()).collect(),
        })
    }

    /// The rules a declaration meets on its own: a quarter that has
    /// started, at least one line, no more recruits than jobs.
    fn check_declaration(&self, d: &JobDeclaration) -> Result<Checked, AppError> {
        let current_quarter = Quarter::containing(self.clock.today());
        if d.quarter > current_quarter {
            return Err(AppError::invalid(
                "quarter",
                format!(
                    "{} has not started: declare a quarter up to {}",
                    d.quarter.code(),
                    current_quarter.code()
                ),
            ));
        }
        if d.lines.is_empty() {
            return Err(AppError::invalid(
                "lines",
                "declare at least one activity line",
            ));
        }
        let headcount: i64 = d.lines.iter().map(|l| l.full_time + l.part_time).sum();
        if d.new_moroccan_recruits > headcount {
            return Err(AppError::invalid(
                "new_moroccan_recruits",
                format!(
                    "{} new recruits is more than the {headcount} jobs declared",
                    d.new_moroccan_recruits
                ),
            ));
        }
        let recruits = i32::try_from(d.new_moroccan_recruits)
            .map_err(|_| AppError::invalid("new_moroccan_recruits", "is too large"))?;
        Ok(Checked {
            headcount,
            recruits,
        })
    }
}

/// The area the tenant leases in the park at the quarter's end; it must
/// have had a lease there during the quarter.
async fn leased_in_quarter<C: ConnectionLike>(
    conn: &C,
    park: &Park,
    d: &JobDeclaration,
) -> Result<i64, AppError> {
    let events = tenancy(conn, park.id).await?;
    if !present_in(&events, d.quarter).contains(&d.tenant_id.get()) {
        return Err(AppError::invalid(
            "tenant",
            format!(
                "tenant {} has no lease in {} during {}",
                d.tenant_id,
                park.name,
                d.quarter.code()
            ),
        ));
    }
    Ok(leased_by_tenant(&events, d.quarter.last_day())
        .get(&d.tenant_id.get())
        .copied()
        .unwrap_or(0))
}

/// The previous quarter's validated figure (latest revision), for the change flag.
async fn previous_validated<C: ConnectionLike>(
    conn: &C,
    existing: &[Report],
    prev_q: Quarter,
) -> Result<Option<i64>, AppError> {
    match existing
        .iter()
        .find(|r| r.quarter == prev_q && r.status == ReportStatus::Validated)
    {
        Some(r) => {
            let lines = job_reports::lines(conn, vec![r.row.id]).await?;
            Ok(Some(job_reports::headcount_of(&lines, r.row.id)))
        }
        None => Ok(None),
    }
}

/// The refusal of a flagged declaration without a comment: what to explain.
fn explain(
    flags: &[Flag],
    headcount: i64,
    leased: i64,
    previous: Option<i64>,
    prev_q: Quarter,
) -> AppError {
    let why: Vec<String> = flags
        .iter()
        .map(|f| match f {
            balance::Flag::Density => {
                format!("{headcount} jobs on {leased} m² leased is more than one job per 4 m²")
            }
            balance::Flag::Change => format!(
                "{headcount} jobs against {} in {} is a change of more than 50%",
                previous.unwrap_or(0),
                prev_q.code()
            ),
        })
        .collect();
    AppError::invalid("comment", format!("please explain: {}", why.join("; ")))
}

/// What a declaration writes, whichever report it lands in.
struct Write<'a> {
    d: &'a JobDeclaration,
    park: &'a Park,
    actor: &'a Actor,
    recruits: i32,
    comment: Option<String>,
    flags_text: String,
}

impl Write<'_> {
    /// A new report row (a first declaration, or a correction's new revision).
    fn new_report(&self, revision: i32) -> NewReport {
        NewReport {
            id: None,
            tenant_id: self.d.tenant_id.get(),
            park_id: self.park.id,
            quarter: self.d.quarter,
            revision,
            new_moroccan_recruits: self.recruits,
            status: ReportStatus::Submitted,
            comment: self.comment.clone(),
            submitted_at: Utc::now(),
            validated: None,
            is_demo: false,
            declared_by: Some(self.actor.email.clone()),
            flags: Some(self.flags_text.clone()),
        }
    }

    /// The report written and the audit action and snapshot before: a
    /// validated quarter is locked (the change is a new revision; the
    /// original stays), a submitted or returned one is resubmitted.
    async fn report<C: ConnectionLike>(
        &self,
        conn: &C,
        latest: Option<&Report>,
    ) -> Result<(StoredReport, &'static str, Option<Value>), AppError> {
        match latest {
            Some(r) if r.status == ReportStatus::Validated => {
                let saved = job_reports::insert(conn, self.new_report(r.row.revision + 1)).await?;
                let before = json!({"report_id": r.row.id, "revision": r.row.revision});
                Ok((saved, "correct_jobs", Some(before)))
            }
            Some(r) => {
                if self.d.version != Some(r.row.version) {
                    return Err(AppError::Conflict(format!(
                        "this declaration was changed by {} since you opened it (it is now {}); nothing was saved. Reload to see it.",
                        r.row.declared_by.clone().unwrap_or_default(),
                        r.status.as_str()
                    )));
                }
                let before = json!({"status": r.status.as_str(), "version": r.row.version});
                let resubmission = Resubmission {
                    new_moroccan_recruits: self.recruits,
                    comment: self.comment.clone(),
                    submitted_at: Utc::now(),
                    declared_by: self.actor.email.clone(),
                    flags: self.flags_text.clone(),
                };
                let saved = job_reports::resubmit(conn, r.row.clone(), resubmission).await?;
                Ok((saved, "resubmit_jobs", Some(before)))
            }
            None => {
                let saved = job_reports::insert(conn, self.new_report(1)).await?;
                Ok((saved, "declare_jobs", None))
            }
        }
    }
}

/// Writes the declared lines; an activity line declared twice is refused.
async fn write_lines<C: ConnectionLike>(
    conn: &C,
    report_id: i32,
    d: &JobDeclaration,
) -> Result<(), AppError> {
    let mut seen = BTreeSet::new();
    for l in &d.lines {
        if !seen.insert(l.activity_line) {
            return Err(AppError::invalid(
                "lines",
                format!("{} is declared twice", l.activity_line.as_str()),
            ));
        }
        let line = NewLine {
            report_id,
            activity_line: l.activity_line,
            full_time: i32::try_from(l.full_time)
                .map_err(|_| AppError::invalid("full_time", "is too large"))?,
            part_time: i32::try_from(l.part_time)
                .map_err(|_| AppError::invalid("part_time", "is too large"))?,
        };
        job_reports::insert_line(conn, line).await?;
    }
    Ok(())
}
