//! Job declarations: the `job_reports` table and its `job_report_lines`.
//! Queries for a park's quarter, a tenant's history and a set of parks and
//! tenants; the declaration, correction and review writes; and the
//! conversions of a row: its status (`ReportStatus`) and quarter, read
//! loudly, its flags, its lines, its headcount.
use app::api::AppError;
use app::model::{ActivityLine, JobLine, Quarter, ReportStatus, ReviewDecision};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::{Value, json};

use super::entities::{job_report_lines, job_reports};
use super::failed;
use super::snapshot::ReportRow;
use crate::domain::balance::Flag;
use crate::domain::jobs::ReportHeadcount;
use crate::errors::corrupt;

pub use super::entities::job_report_lines::Model as StoredLine;
pub use super::entities::job_reports::Model as StoredReport;

/// A stored report with its status and quarter read.
#[derive(Debug, Clone)]
pub struct Report {
    pub row: StoredReport,
    pub quarter: Quarter,
    pub status: ReportStatus,
}

/// A report to insert (`id` given by the synthetic seeder, else assigned).
#[derive(Debug, Clone)]
pub struct NewReport {
    pub id: Option<i32>,
    pub tenant_id: i32,
    pub park_id: i32,
    pub quarter: Quarter,
    pub revision: i32,
    pub new_moroccan_recruits: i32,
    pub status: ReportStatus,
    pub comment: Option<String>,
    pub submitted_at: DateTime<Utc>,
    /// When and by whom it was validated, for reports stored validated.
    pub validated: Option<(DateTime<Utc>, String)>,
    pub is_demo: bool,
    pub declared_by: Option<String>,
    pub flags: Option<String>,
}

impl NewReport {
    pub(super) fn active(self) -> job_reports::ActiveModel {
        let (validated_at, validated_by) = self.validated.unzip();
        job_reports::ActiveModel {
            id: self.id.map_or(ActiveValue::NotSet, Set),
            tenant_id: Set(self.tenant_id),
            park_id: Set(self.park_id),
            year: Set(self.quarter.year),
            quarter: Set(i16::from(self.quarter.quarter)),
            revision: Set(self.revision),
            new_moroccan_recruits: Set(self.new_moroccan_recruits),
            status: Set(self.status.as_str().to_string()),
            comment: Set(self.comment),
            submitted_at: Set(Some(self.submitted_at)),
            validated_at: Set(validated_at),
            validated_by: Set(validated_by),
            is_demo: Set(self.is_demo),
            version: Set(1),
            declared_by: Set(self.declared_by),
            review_comment: Set(None),
            flags: Set(self.flags),
        }
    }
}

/// One activity line of a report to insert.
#[derive(Debug, Clone)]
pub struct NewLine {
    pub report_id: i32,
    pub activity_line: ActivityLine,
    pub full_time: i32,
    pub part_time: i32,
}

impl NewLine {
    pub(super) fn active(self) -> job_report_lines::ActiveModel {
        job_report_lines::ActiveModel {
            report_id: Set(self.report_id),
            activity_line: Set(self.activity_line.as_str().to_string()),
            full_time: Set(self.full_time),
            part_time: Set(self.part_time),
            ..Default::default()
        }
    }
}

/// A resubmission's new figures.
#[derive(Debug, Clone)]
pub struct Resubmission {
    pub new_moroccan_recruits: i32,
    pub comment: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub declared_by: String,
    pub flags: String,
}

fn read(rows: Vec<StoredReport>) -> Result<Vec<Report>, AppError> {
    rows.into_iter()
        .map(|row| {
            Ok(Report {
                quarter: quarter(&row)?,
                status: status(&row)?,
                row,
            })
        })
        .collect()
}

pub async fn by_id<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<Report>, AppError> {
    let row = job_reports::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(failed("reading a declaration"))?;
    Ok(read(row.into_iter().collect())?.pop())
}

/// A park's reports of one quarter, by tenant then newest revision first.
pub async fn of_park_quarter<C: ConnectionTrait>(
    conn: &C,
    park_id: i32,
    quarter: Quarter,
) -> Result<Vec<Report>, AppError> {
    let rows = job_reports::Entity::find()
        .filter(job_reports::Column::ParkId.eq(park_id))
        .filter(job_reports::Column::Year.eq(quarter.year))
        .filter(job_reports::Column::Quarter.eq(i16::from(quarter.quarter)))
        .order_by_asc(job_reports::Column::TenantId)
        .order_by_desc(job_reports::Column::Revision)
        .all(conn)
        .await
        .map_err(failed("reading declarations"))?;
    read(rows)
}

/// A tenant's reports in a park, newest quarter and revision first.
pub async fn of_tenant_in_park<C: ConnectionTrait>(
    conn: &C,
    park_id: i32,
    tenant_id: i32,
) -> Result<Vec<Report>, AppError> {
    let rows = job_reports::Entity::find()
        .filter(job_reports::Column::ParkId.eq(park_id))
        .filter(job_reports::Column::TenantId.eq(tenant_id))
        .order_by_desc(job_reports::Column::Year)
        .order_by_desc(job_reports::Column::Quarter)
        .order_by_desc(job_reports::Column::Revision)
        .all(conn)
        .await
        .map_err(failed("reading declarations"))?;
    read(rows)
}

/// The reports of these tenants in these parks.
pub async fn of_parks_and_tenants<C: ConnectionTrait>(
    conn: &C,
    park_ids: Vec<i32>,
    tenant_ids: Vec<i32>,
) -> Result<Vec<Report>, AppError> {
    let rows = job_reports::Entity::find()
        .filter(job_reports::Column::ParkId.is_in(park_ids))
        .filter(job_reports::Column::TenantId.is_in(tenant_ids))
        .all(conn)
        .await
        .map_err(failed("reading reports"))?;
    read(rows)
}

/// The lines of these reports (one query).
pub async fn lines<C: ConnectionTrait>(
    conn: &C,
    report_ids: Vec<i32>,
) -> Result<Vec<StoredLine>, AppError> {
    if report_ids.is_empty() {
        return Ok(Vec::new());
    }
    job_report_lines::Entity::find()
        .filter(job_report_lines::Column::ReportId.is_in(report_ids))
        .all(conn)
        .await
        .map_err(failed("reading report lines"))
}

pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    new: NewReport,
) -> Result<StoredReport, AppError> {
    new.active()
        .insert(conn)
        .await
        .map_err(failed("recording a declaration"))
}

/// Replaces a returned or submitted report's figures, as its next version,
/// and removes its lines (the new ones follow).
pub async fn resubmit<C: ConnectionTrait>(
    conn: &C,
    current: StoredReport,
    r: Resubmission,
) -> Result<StoredReport, AppError> {
    let version = current.version + 1;
    let mut am: job_reports::ActiveModel = current.into();
    am.new_moroccan_recruits = Set(r.new_moroccan_recruits);
    am.status = Set(ReportStatus::Submitted.as_str().to_string());
    am.comment = Set(r.comment);
    am.submitted_at = Set(Some(r.submitted_at));
    am.declared_by = Set(Some(r.declared_by));
    am.flags = Set(Some(r.flags));
    am.version = Set(version);
    let saved = am
        .update(conn)
        .await
        .map_err(failed("resubmitting a declaration"))?;
    job_report_lines::Entity::delete_many()
        .filter(job_report_lines::Column::ReportId.eq(saved.id))
        .exec(conn)
        .await
        .map_err(failed("replacing declaration lines"))?;
    Ok(saved)
}

pub async fn insert_line<C: ConnectionTrait>(conn: &C, line: NewLine) -> Result<(), AppError> {
    line.active()
        .insert(conn)
        .await
        .map_err(failed("recording declaration lines"))?;
    Ok(())
}

/// Records a review: validated (by whom, when) or returned, with its comment.
pub async fn review<C: ConnectionTrait>(
    conn: &C,
    current: StoredReport,
    decision: ReviewDecision,
    by: &str,
    comment: Option<String>,
) -> Result<StoredReport, AppError> {
    let version = current.version + 1;
    let mut am: job_reports::ActiveModel = current.into();
    match decision {
        ReviewDecision::Validate => {
            am.status = Set(ReportStatus::Validated.as_str().to_string());
            am.validated_at = Set(Some(Utc::now()));
            am.validated_by = Set(Some(by.to_string()));
        }
        ReviewDecision::Return => {
            am.status = Set(ReportStatus::Returned.as_str().to_string());
        }
    }
    am.review_comment = Set(comment);
    am.version = Set(version);
    am.update(conn)
        .await
        .map_err(failed("reviewing a declaration"))
}

/// The stored status, read loudly.
pub fn status(r: &StoredReport) -> Result<ReportStatus, AppError> {
    ReportStatus::parse(&r.status).map_err(|e| corrupt("job_reports", r.id, e))
}

/// The stored quarter, read loudly.
pub fn quarter(r: &StoredReport) -> Result<Quarter, AppError> {
    u8::try_from(r.quarter)
        .map_err(|e| e.to_string())
        .and_then(|q| Quarter::new(r.year, q))
        .map_err(|e| corrupt("job_reports", r.id, e))
}

/// The stored plausibility flags.
pub fn flags(r: &StoredReport) -> Vec<String> {
    r.flags
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}

/// How flags are stored: comma-separated.
pub fn flags_text(flags: &[Flag]) -> String {
    flags
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The declared lines of one report, their activity line read loudly.
pub fn job_lines(lines: &[StoredLine], report_id: i32) -> Result<Vec<JobLine>, AppError> {
    lines
        .iter()
        .filter(|l| l.report_id == report_id)
        .map(|l| {
            Ok(JobLine {
                activity_line: ActivityLine::parse(&l.activity_line)
                    .map_err(|e| corrupt("job_report_lines", l.id, e))?,
                full_time: i64::from(l.full_time),
                part_time: i64::from(l.part_time),
            })
        })
        .collect()
}

/// A report's headcount from its lines.
pub fn headcount_of(lines: &[StoredLine], report_id: i32) -> i64 {
    lines
        .iter()
        .filter(|l| l.report_id == report_id)
        .map(|l| i64::from(l.full_time + l.part_time))
        .sum()
}

/// What the job rules need of a report.
pub fn headcount(r: &Report, lines: &[StoredLine]) -> ReportHeadcount {
    ReportHeadcount {
        tenant_id: r.row.tenant_id,
        park_id: r.row.park_id,
        quarter: r.quarter,
        revision: r.row.revision,
        validated: r.status == ReportStatus::Validated,
        headcount: headcount_of(lines, r.row.id),
    }
}

/// What the job rules need of the snapshot's report rows, read loudly.
pub fn headcounts(rows: &[ReportRow]) -> Result<Vec<ReportHeadcount>, AppError> {
    rows.iter()
        .map(|r| {
            let row = || {
                format!(
                    "park {} tenant {} {}q{}",
                    r.park_id, r.tenant_id, r.year, r.quarter
                )
            };
            let quarter = u8::try_from(r.quarter)
                .map_err(|e| e.to_string())
                .and_then(|q| Quarter::new(r.year, q))
                .map_err(|e| corrupt("job_reports", row(), e))?;
            let status =
                ReportStatus::parse(&r.status).map_err(|e| corrupt("job_reports", row(), e))?;
            Ok(ReportHeadcount {
                tenant_id: r.tenant_id,
                park_id: r.park_id,
                quarter,
                revision: r.revision,
                validated: status == ReportStatus::Validated,
                headcount: r.headcount.unwrap_or(0),
            })
        })
        .collect()
}

/// The declared lines as the audit log keeps them.
pub fn lines_json(lines: &[JobLine]) -> Value {
    json!(lines
        .iter()
        .map(|l| json!({"activity_line": l.activity_line.as_str(), "full_time": l.full_time, "part_time": l.part_time}))
        .collect::<Vec<_>>())
}
