//! Job declarations, their review, commitments and the regional balance
//! (layer: services). Writes follow the same path as `manage.rs`: write lock,
//! authenticate and authorize inside the transaction, re-read, check, write
//! with an audit row, commit.
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use app::api::{AppError, Credentials, JobsService};
use app::model::{
    ActivityLine, BalanceView, Cell, CommitmentInput, CommitmentRow, DeclarationRow,
    DeclarationsView, Declared, HhiPoint, IncentiveEstimate, IncentiveInput, JobDeclaration,
    JobLine, NationalBalance, ParkBalance, Quarter, RegionBalance, RegionCode, ReportStatus,
    ReviewDecision, ReviewInput, Role,
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::json;

use super::accounts::{authenticate, denied};
use super::clock::Clock;
use super::errors::db_error;
use super::manage::{audit, begin_write, building_events, hide_unknown, park_by_slug};
use super::registry::{event, headcounts, region_name, spec};
use crate::db::entities::{
    buildings, commitments, job_report_lines, job_reports, lease_events, parks, tenants,
};
use crate::db::snapshot::{self, Scope};
use crate::domain::auth::{Action, Actor, authorize};
use crate::domain::balance::{
    self, AXIS_REGIONS, RegionalTopUp, TARGET_JOBS_2030, cells_to_hide, plausibility,
};
use crate::domain::figures::park_figures;
use crate::domain::jobs::{last_complete_quarter, quarter_by_park};
use crate::domain::occupancy::{LeaseEvent, leases_at};

/// Quarters in the concentration trend.
const TREND_QUARTERS: usize = 8;

/// Balances kept per (data version, quarter, exact), at most this many.
const CACHED_BALANCES: usize = 16;

type BalanceCache = tokio::sync::Mutex<HashMap<(i64, Quarter, bool, NaiveDate), Arc<BalanceView>>>;

#[derive(Clone)]
pub struct Jobs {
    db: DatabaseConnection,
    clock: Clock,
    top_ups: Arc<Vec<RegionalTopUp>>,
    /// Derived balances keyed by the data version (bumped by every change, in
    /// its transaction): a cached balance is exactly as fresh as the database.
    cache: Arc<BalanceCache>,
}

/// The regional top-ups, from `server/data/incentives.csv` (compiled in).
pub fn regional_top_ups() -> Result<Vec<RegionalTopUp>, String> {
    let mut reader = csv::Reader::from_reader(include_str!("../../data/incentives.csv").as_bytes());
    let mut out = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| format!("incentives.csv: {e}"))?;
        let field = |i: usize| row.get(i).unwrap_or_default().trim().to_string();
        let num = |i: usize| -> Result<f64, String> {
            field(i)
                .parse::<f64>()
                .map_err(|_| format!("incentives.csv: column {i} of {} is not a number", field(0)))
        };
        out.push(RegionalTopUp {
            region_code: field(0),
            per_job_mad: num(1)? as i64,
            equipment_pct: num(2)?,
            equipment_cap_mad: num(3)? as i64,
            note: field(4),
        });
    }
    Ok(out)
}

fn lines_json(lines: &[JobLine]) -> serde_json::Value {
    json!(lines
        .iter()
        .map(|l| json!({"activity_line": l.activity_line.as_str(), "full_time": l.full_time, "part_time": l.part_time}))
        .collect::<Vec<_>>())
}

/// The lines of these reports (one query).
async fn report_lines<C: ConnectionTrait>(
    conn: &C,
    report_ids: Vec<i32>,
) -> Result<Vec<job_report_lines::Model>, AppError> {
    if report_ids.is_empty() {
        return Ok(Vec::new());
    }
    job_report_lines::Entity::find()
        .filter(job_report_lines::Column::ReportId.is_in(report_ids))
        .all(conn)
        .await
        .map_err(|e| db_error("reading report lines", e))
}

/// A report's headcount from its lines.
fn headcount_of(lines: &[job_report_lines::Model], report_id: i32) -> i64 {
    lines
        .iter()
        .filter(|l| l.report_id == report_id)
        .map(|l| i64::from(l.full_time + l.part_time))
        .sum()
}

/// The lease events of a park's buildings.
async fn tenancy<C: ConnectionTrait>(conn: &C, park_id: i32) -> Result<Vec<LeaseEvent>, AppError> {
    let ids: Vec<i32> = buildings::Entity::find()
        .select_only()
        .column(buildings::Column::Id)
        .filter(buildings::Column::ParkId.eq(park_id))
        .into_tuple()
        .all(conn)
        .await
        .map_err(|e| db_error("reading buildings", e))?;
    Ok(building_events(conn, &ids)
        .await?
        .iter()
        .filter_map(event)
        .collect())
}

fn leased_by_tenant(events: &[LeaseEvent], date: NaiveDate) -> BTreeMap<i32, i64> {
    let mut out = BTreeMap::new();
    for l in leases_at(events, date) {
        *out.entry(l.tenant_id).or_default() += l.area_m2;
    }
    out
}

/// Tenants with a lease in force at some point of the quarter.
fn present_in(events: &[LeaseEvent], q: Quarter) -> BTreeSet<i32> {
    let mut out: BTreeSet<i32> = leases_at(events, q.first_day())
        .iter()
        .map(|l| l.tenant_id)
        .collect();
    for e in events
        .iter()
        .filter(|e| e.effective_date >= q.first_day() && e.effective_date <= q.last_day())
    {
        out.extend(
            leases_at(events, e.effective_date)
                .iter()
                .map(|l| l.tenant_id),
        );
    }
    out
}

fn status(raw: &str) -> Result<ReportStatus, AppError> {
    ReportStatus::parse(raw).map_err(|e| {
        tracing::error!("stored report status is invalid: {e}");
        AppError::Internal
    })
}

impl Jobs {
    pub fn new(db: DatabaseConnection, clock: Clock) -> Result<Self, String> {
        Ok(Self {
            db,
            clock,
            top_ups: Arc::new(regional_top_ups()?),
            cache: Arc::new(tokio::sync::Mutex::new(HashMap::new())),
        })
    }

    async fn exact_viewer(&self, credentials: &Credentials) -> bool {
        if credentials.session.is_none() {
            return false;
        }
        match authenticate(&self.db, credentials, false).await {
            Ok(actor) => authorize(Some(&actor), Action::SeeExactFigures).is_ok(),
            Err(_) => false,
        }
    }
}

#[async_trait::async_trait]
impl JobsService for Jobs {
    async fn declaration_parks(
        &self,
        credentials: &Credentials,
    ) -> Result<Vec<(String, String)>, AppError> {
        let actor = authenticate(&self.db, credentials, false).await?;
        let mut query = parks::Entity::find().order_by_asc(parks::Column::Name);
        match (actor.role, actor.tenant_id) {
            (Role::Admin, _) => {}
            (Role::ParkManager, _) => {
                query = query.filter(parks::Column::Id.is_in(actor.parks.iter().copied()));
            }
            (Role::TenantRep, Some(tenant)) => {
                let building_ids: Vec<i32> = lease_events::Entity::find()
                    .filter(lease_events::Column::TenantId.eq(tenant))
                    .all(&self.db)
                    .await
                    .map_err(|e| db_error("reading leases", e))?
                    .iter()
                    .map(|e| e.building_id)
                    .collect();
                let park_ids: Vec<i32> = if building_ids.is_empty() {
                    Vec::new()
                } else {
                    buildings::Entity::find()
                        .filter(buildings::Column::Id.is_in(building_ids))
                        .all(&self.db)
                        .await
                        .map_err(|e| db_error("reading buildings", e))?
                        .iter()
                        .map(|b| b.park_id)
                        .collect()
                };
                query = query.filter(parks::Column::Id.is_in(park_ids));
            }
            (Role::TenantRep, None) => return Ok(Vec::new()),
        }
        Ok(query
            .all(&self.db)
            .await
            .map_err(|e| db_error("reading parks", e))?
            .into_iter()
            .map(|p| (p.slug, p.name))
            .collect())
    }

    async fn declarations(
        &self,
        credentials: &Credentials,
        park_slug: &str,
        quarter: Quarter,
    ) -> Result<DeclarationsView, AppError> {
        let actor = authenticate(&self.db, credentials, false).await?;
        let park = hide_unknown(park_by_slug(&self.db, park_slug).await, &actor)?;
        let own_tenant = actor.tenant_id.filter(|_| actor.role == Role::TenantRep);
        if own_tenant.is_none() {
            authorize(Some(&actor), Action::ReviewJobs(park.id)).map_err(denied)?;
        }
        let events = tenancy(&self.db, park.id).await?;
        let present = present_in(&events, quarter);
        let leased = leased_by_tenant(&events, quarter.last_day());
        let visible = |tenant: i32| own_tenant.is_none_or(|t| t == tenant);
        let tenant_rows = tenants::Entity::find()
            .filter(tenants::Column::Id.is_in(present.iter().copied()))
            .order_by_asc(tenants::Column::Company)
            .all(&self.db)
            .await
            .map_err(|e| db_error("reading tenants", e))?;
        let company: HashMap<i32, String> = tenant_rows
            .iter()
            .map(|t| (t.id, t.company.clone()))
            .collect();
        let reports = job_reports::Entity::find()
            .filter(job_reports::Column::ParkId.eq(park.id))
            .filter(job_reports::Column::Year.eq(quarter.year))
            .filter(job_reports::Column::Quarter.eq(i16::from(quarter.quarter)))
            .order_by_asc(job_reports::Column::TenantId)
            .order_by_desc(job_reports::Column::Revision)
            .all(&self.db)
            .await
            .map_err(|e| db_error("reading declarations", e))?;
        let lines = report_lines(&self.db, reports.iter().map(|r| r.id).collect()).await?;
        let mut latest_revision: HashMap<i32, i32> = HashMap::new();
        for r in &reports {
            let e = latest_revision.entry(r.tenant_id).or_insert(r.revision);
            *e = (*e).max(r.revision);
        }
        let mut rows = Vec::new();
        for r in reports.iter().filter(|r| visible(r.tenant_id)) {
            let my_lines: Vec<JobLine> = lines
                .iter()
                .filter(|l| l.report_id == r.id)
                .filter_map(|l| {
                    Some(JobLine {
                        activity_line: ActivityLine::parse(&l.activity_line).ok()?,
                        full_time: i64::from(l.full_time),
                        part_time: i64::from(l.part_time),
                    })
                })
                .collect();
            rows.push(DeclarationRow {
                id: r.id,
                version: r.version,
                tenant_id: r.tenant_id,
                company: company
                    .get(&r.tenant_id)
                    .cloned()
                    .unwrap_or_else(|| format!("#{}", r.tenant_id)),
                quarter,
                revision: r.revision,
                status: status(&r.status)?,
                headcount: my_lines.iter().map(|l| l.full_time + l.part_time).sum(),
                lines: my_lines,
                new_moroccan_recruits: i64::from(r.new_moroccan_recruits),
                flags: r
                    .flags
                    .as_deref()
                    .unwrap_or_default()
                    .split(',')
                    .filter(|f| !f.is_empty())
                    .map(str::to_string)
                    .collect(),
                comment: r.comment.clone(),
                review_comment: r.review_comment.clone(),
                declared_by: r.declared_by.clone(),
                submitted_at: r.submitted_at,
                validated_at: r.validated_at,
                validated_by: r.validated_by.clone(),
                superseded: latest_revision
                    .get(&r.tenant_id)
                    .is_some_and(|l| *l > r.revision),
            });
        }
        Ok(DeclarationsView {
            park_slug: park.slug,
            park_name: park.name,
            quarter,
            tenants: tenant_rows
                .iter()
                .filter(|t| visible(t.id))
                .map(|t| {
                    (
                        t.id,
                        t.company.clone(),
                        leased.get(&t.id).copied().unwrap_or(0),
                    )
                })
                .collect(),
            rows,
        })
    }

    async fn declare(
        &self,
        credentials: &Credentials,
        d: JobDeclaration,
    ) -> Result<Declared, AppError> {
        let tenant_id = d.tenant_id.get();
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
        let txn = begin_write(&self.db).await?;
        let actor: Actor = authenticate(&txn, credentials, true).await?;
        let park = hide_unknown(park_by_slug(&txn, &d.park_slug).await, &actor)?;
        authorize(
            Some(&actor),
            Action::DeclareJobs {
                park: park.id,
                tenant: tenant_id,
            },
        )
        .map_err(denied)?;
        let events = tenancy(&txn, park.id).await?;
        if !present_in(&events, d.quarter).contains(&tenant_id) {
            return Err(AppError::invalid(
                "tenant",
                format!(
                    "tenant {} has no lease in {} during {}",
                    tenant_id,
                    park.name,
                    d.quarter.code()
                ),
            ));
        }
        let leased = leased_by_tenant(&events, d.quarter.last_day())
            .get(&tenant_id)
            .copied()
            .unwrap_or(0);
        let existing = job_reports::Entity::find()
            .filter(job_reports::Column::ParkId.eq(park.id))
            .filter(job_reports::Column::TenantId.eq(tenant_id))
            .order_by_desc(job_reports::Column::Year)
            .order_by_desc(job_reports::Column::Quarter)
            .order_by_desc(job_reports::Column::Revision)
            .all(&txn)
            .await
            .map_err(|e| db_error("reading declarations", e))?;
        let report_quarter = |r: &job_reports::Model| {
            u8::try_from(r.quarter)
                .ok()
                .and_then(|q| Quarter::new(r.year, q).ok())
        };
        // The previous quarter's validated figure (latest revision), for the change flag.
        let prev_q = d.quarter.prev();
        let previous = match existing
            .iter()
            .find(|r| report_quarter(r) == Some(prev_q) && r.status == "validated")
        {
            Some(r) => Some(headcount_of(&report_lines(&txn, vec![r.id]).await?, r.id)),
            None => None,
        };
        let flags = plausibility(headcount, leased, previous);
        let comment = d
            .comment
            .clone()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty());
        if !flags.is_empty() && comment.is_none() {
            let why: Vec<String> = flags
                .iter()
                .map(|f| match f {
                    balance::Flag::Density => format!(
                        "{headcount} jobs on {leased} m² leased is more than one job per 4 m²"
                    ),
                    balance::Flag::Change => format!(
                        "{headcount} jobs against {} in {} is a change of more than 50%",
                        previous.unwrap_or(0),
                        prev_q.code()
                    ),
                })
                .collect();
            return Err(AppError::invalid(
                "comment",
                format!("please explain: {}", why.join("; ")),
            ));
        }
        let flags_text = flags
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let latest = existing
            .iter()
            .find(|r| report_quarter(r) == Some(d.quarter));
        let now = Utc::now();
        let recruits = i32::try_from(d.new_moroccan_recruits)
            .map_err(|_| AppError::invalid("new_moroccan_recruits", "is too large"))?;
        // A new report row (a first declaration, or a correction's new revision).
        let new_report = |revision: i32| job_reports::ActiveModel {
            tenant_id: Set(tenant_id),
            park_id: Set(park.id),
            year: Set(d.quarter.year),
            quarter: Set(i16::from(d.quarter.quarter)),
            revision: Set(revision),
            new_moroccan_recruits: Set(recruits),
            status: Set("submitted".into()),
            comment: Set(comment.clone()),
            submitted_at: Set(Some(now)),
            validated_at: Set(None),
            validated_by: Set(None),
            is_demo: Set(false),
            version: Set(1),
            declared_by: Set(Some(actor.email.clone())),
            review_comment: Set(None),
            flags: Set(Some(flags_text.clone())),
            ..Default::default()
        };
        let (report, action, before) = match latest {
            // A validated quarter is locked: the change is a new revision; the original stays.
            Some(r) if r.status == "validated" => {
                let saved = new_report(r.revision + 1)
                    .insert(&txn)
                    .await
                    .map_err(|e| db_error("recording a correction", e))?;
                (
                    saved,
                    "correct_jobs",
                    Some(json!({"report_id": r.id, "revision": r.revision})),
                )
            }
            Some(r) => {
                if d.version != Some(r.version) {
                    return Err(AppError::Conflict(format!(
                        "this declaration was changed by {} since you opened it (it is now {}); nothing was saved. Reload to see it.",
                        r.declared_by.clone().unwrap_or_default(),
                        r.status
                    )));
                }
                let before = json!({"status": r.status, "version": r.version});
                let mut am: job_reports::ActiveModel = r.clone().into();
                am.new_moroccan_recruits = Set(recruits);
                am.status = Set("submitted".into());
                am.comment = Set(comment.clone());
                am.submitted_at = Set(Some(now));
                am.declared_by = Set(Some(actor.email.clone()));
                am.flags = Set(Some(flags_text.clone()));
                am.version = Set(r.version + 1);
                let saved = am
                    .update(&txn)
                    .await
                    .map_err(|e| db_error("resubmitting a declaration", e))?;
                job_report_lines::Entity::delete_many()
                    .filter(job_report_lines::Column::ReportId.eq(saved.id))
                    .exec(&txn)
                    .await
                    .map_err(|e| db_error("replacing declaration lines", e))?;
                (saved, "resubmit_jobs", Some(before))
            }
            None => {
                let saved = new_report(1)
                    .insert(&txn)
                    .await
                    .map_err(|e| db_error("recording a declaration", e))?;
                (saved, "declare_jobs", None)
            }
        };
        let mut seen = BTreeSet::new();
        for l in &d.lines {
            if !seen.insert(l.activity_line) {
                return Err(AppError::invalid(
                    "lines",
                    format!("{} is declared twice", l.activity_line.as_str()),
                ));
            }
            job_report_lines::ActiveModel {
                report_id: Set(report.id),
                activity_line: Set(l.activity_line.as_str().into()),
                full_time: Set(i32::try_from(l.full_time)
                    .map_err(|_| AppError::invalid("full_time", "is too large"))?),
                part_time: Set(i32::try_from(l.part_time)
                    .map_err(|_| AppError::invalid("part_time", "is too large"))?),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(|e| db_error("recording declaration lines", e))?;
        }
        audit(
            &txn,
            &actor.email,
            action,
            "job_report",
            Some(report.id.to_string()),
            before,
            Some(json!({
                "park": park.slug, "tenant_id": tenant_id, "quarter": d.quarter.code(),
                "revision": report.revision, "lines": lines_json(&d.lines),
                "new_moroccan_recruits": d.new_moroccan_recruits, "flags": flags_text, "comment": comment,
            })),
        )
        .await?;
        txn.commit()
            .await
            .map_err(|e| db_error("committing a declaration", e))?;
        Ok(Declared {
            report_id: report.id,
            revision: report.revision,
            status: ReportStatus::Submitted,
            flags: flags.iter().map(|f| f.as_str().to_string()).collect(),
        })
    }

    async fn review(&self, credentials: &Credentials, input: ReviewInput) -> Result<(), AppError> {
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
        let txn = begin_write(&self.db).await?;
        let actor = authenticate(&txn, credentials, true).await?;
        let report = job_reports::Entity::find_by_id(report_id)
            .one(&txn)
            .await
            .map_err(|e| db_error("reading a declaration", e))?
            .ok_or_else(|| AppError::NotFound(format!("no declaration {report_id}")))?;
        authorize(Some(&actor), Action::ReviewJobs(report.park_id)).map_err(denied)?;
        if report.version != version {
            return Err(AppError::Conflict(format!(
                "this declaration changed since you opened it (now {}, version {}); nothing was saved",
                report.status, report.version
            )));
        }
        if report.status != "submitted" {
            return Err(AppError::Conflict(format!(
                "only a submitted declaration can be reviewed; this one is {}",
                report.status
            )));
        }
        let before = json!({"status": report.status, "version": report.version});
        let mut am: job_reports::ActiveModel = report.clone().into();
        let now = Utc::now();
        match decision {
            ReviewDecision::Validate => {
                am.status = Set("validated".into());
                am.validated_at = Set(Some(now));
                am.validated_by = Set(Some(actor.email.clone()));
                am.review_comment = Set(comment.clone());
            }
            ReviewDecision::Return => {
                am.status = Set("returned".into());
                am.review_comment = Set(comment.clone());
            }
        }
        am.version = Set(report.version + 1);
        let saved = am
            .update(&txn)
            .await
            .map_err(|e| db_error("reviewing a declaration", e))?;
        audit(
            &txn,
            &actor.email,
            match decision {
                ReviewDecision::Validate => "validate_jobs",
                ReviewDecision::Return => "return_jobs",
            },
            "job_report",
            Some(saved.id.to_string()),
            Some(before),
            Some(json!({"status": saved.status, "version": saved.version, "review_comment": comment})),
        )
        .await?;
        txn.commit()
            .await
            .map_err(|e| db_error("committing a review", e))?;
        Ok(())
    }

    async fn balance(
        &self,
        credentials: &Credentials,
        quarter: Option<Quarter>,
    ) -> Result<BalanceView, AppError> {
        let exact = self.exact_viewer(credentials).await;
        let today = self.clock.today();
        let quarter = quarter.unwrap_or_else(|| last_complete_quarter(today));
        if quarter.first_day() > today {
            return Err(AppError::invalid(
                "quarter",
                format!("{} has not started", quarter.code()),
            ));
        }
        let version = snapshot::data_version(&self.db)
            .await
            .map_err(|e| db_error("reading the data version", e))?;
        let key = (version, quarter, exact, today);
        let mut cache = self.cache.lock().await;
        if let Some(view) = cache.get(&key) {
            return Ok(view.as_ref().clone());
        }
        let view = self.compute_balance(exact, today, quarter).await?;
        cache.retain(|k, _| k.0 == version);
        if cache.len() >= CACHED_BALANCES {
            cache.clear();
        }
        cache.insert(key, Arc::new(view.clone()));
        Ok(view)
    }

    async fn commitments(
        &self,
        credentials: &Credentials,
        park_slug: &str,
    ) -> Result<Vec<CommitmentRow>, AppError> {
        let actor = authenticate(&self.db, credentials, false).await?;
        let park = hide_unknown(park_by_slug(&self.db, park_slug).await, &actor)?;
        authorize(Some(&actor), Action::ReviewJobs(park.id)).map_err(denied)?;
        let rows = commitments::Entity::find()
            .filter(commitments::Column::ParkId.eq(park.id))
            .order_by_asc(commitments::Column::Deadline)
            .all(&self.db)
            .await
            .map_err(|e| db_error("reading commitments", e))?;
        self.commitment_rows(rows).await
    }

    async fn save_commitment(
        &self,
        credentials: &Credentials,
        input: CommitmentInput,
    ) -> Result<CommitmentRow, AppError> {
        let (start_date, deadline) = (input.start_date.get(), input.deadline.get());
        if deadline <= start_date {
            return Err(AppError::invalid(
                "deadline",
                "must come after the start date",
            ));
        }
        let jobs =
            i32::try_from(input.jobs).map_err(|_| AppError::invalid("jobs", "is too large"))?;
        let txn = begin_write(&self.db).await?;
        let actor = authenticate(&txn, credentials, true).await?;
        let park = hide_unknown(park_by_slug(&txn, &input.park_slug).await, &actor)?;
        authorize(Some(&actor), Action::ReviewJobs(park.id)).map_err(denied)?;
        let tenant = tenants::Entity::find_by_id(input.tenant_id.get())
            .one(&txn)
            .await
            .map_err(|e| db_error("reading a tenant", e))?
            .ok_or_else(|| {
                AppError::invalid(
                    "tenant_id",
                    format!("no tenant has the id {}", input.tenant_id),
                )
            })?;
        let saved = commitments::ActiveModel {
            tenant_id: Set(tenant.id),
            park_id: Set(park.id),
            jobs: Set(jobs),
            start_date: Set(start_date),
            deadline: Set(deadline),
            note: Set(input.note.clone()),
            recorded_by: Set(actor.email.clone()),
            recorded_at: Set(Utc::now()),
            version: Set(1),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| db_error("recording a commitment", e))?;
        audit(
            &txn,
            &actor.email,
            "add_commitment",
            "commitment",
            Some(saved.id.to_string()),
            None,
            Some(json!({"park": park.slug, "tenant_id": tenant.id, "jobs": jobs, "start_date": start_date, "deadline": deadline})),
        )
        .await?;
        txn.commit()
            .await
            .map_err(|e| db_error("committing a commitment", e))?;
        self.commitment_rows(vec![saved])
            .await?
            .pop()
            .ok_or(AppError::Internal)
    }

    fn incentive_estimate(&self, input: &IncentiveInput) -> Result<IncentiveEstimate, AppError> {
        let IncentiveInput {
            region,
            recruits,
            gross_annual_pay_mad,
            equipment_investment_mad,
        } = input.clone();
        let top_up = self
            .top_ups
            .iter()
            .find(|t| t.region_code == region.as_str());
        let e = balance::estimate_incentives(
            recruits,
            gross_annual_pay_mad,
            equipment_investment_mad,
            top_up,
        );
        Ok(IncentiveEstimate {
            region_code: region.clone(),
            recruits,
            gross_annual_pay_mad,
            equipment_investment_mad,
            paf_per_year_mad: e.paf_per_year_mad,
            paf_total_mad: e.paf_total_mad,
            regional_per_job_mad: e.regional_per_job_mad,
            equipment_subsidy_mad: e.equipment_subsidy_mad,
            total_mad: e.total_mad,
            regional_note: top_up.map(|t| t.note.clone()).filter(|n| !n.is_empty()),
        })
    }
}

impl Jobs {
    async fn compute_balance(
        &self,
        exact: bool,
        today: NaiveDate,
        quarter: Quarter,
    ) -> Result<BalanceView, AppError> {
        let s = snapshot::load(&self.db, Scope::All)
            .await
            .map_err(|e| db_error("loading the registry", e))?;
        let as_of = quarter.last_day().min(today);
        let specs: Vec<_> = s.buildings.iter().map(spec).collect();
        let events: Vec<LeaseEvent> = s.events.iter().filter_map(event).collect();
        let reports = headcounts(&s.reports);
        let space_at = |date: NaiveDate| park_figures(&specs, &leases_at(&events, date), date);
        let space = space_at(as_of);
        let jobs = quarter_by_park(&reports, quarter);
        let park_region: HashMap<i32, &str> = s
            .parks
            .iter()
            .map(|p| (p.id, p.region_code.as_str()))
            .collect();

        // Per park, then per region by summing parks: totals agree by construction.
        let park_cells: Vec<(i64, usize)> = s
            .parks
            .iter()
            .map(|p| jobs.get(&p.id).copied().unwrap_or((0, 0)))
            .collect();
        let hide_parks = cells_to_hide(&park_cells, exact);
        let parks_out: Vec<ParkBalance> = s
            .parks
            .iter()
            .zip(park_cells.iter().zip(&hide_parks))
            .map(|(p, ((j, t), hide))| {
                let f = space.get(&p.id).copied().unwrap_or_default();
                Ok(ParkBalance {
                    slug: p.slug.clone(),
                    name: p.name.clone(),
                    region_code: RegionCode::parse(&p.region_code)
                        .map_err(|_| AppError::Internal)?,
                    floor_area_m2: f.floor_area_m2,
                    occupied_m2: f.occupied_m2,
                    free_m2: f.available_m2(),
                    jobs: Cell {
                        value: (!hide).then_some(*j),
                        suppressed: *hide,
                    },
                    tenants_reporting: *t as i64,
                })
            })
            .collect::<Result<_, AppError>>()?;

        let mut by_region: BTreeMap<&str, (i64, usize, i64, i64, i64, i64)> = BTreeMap::new();
        for p in &s.parks {
            let e = by_region.entry(p.region_code.as_str()).or_default();
            let (j, t) = jobs.get(&p.id).copied().unwrap_or((0, 0));
            let f = space.get(&p.id).copied().unwrap_or_default();
            e.0 += j;
            e.1 += t;
            e.2 += 1;
            e.3 += f.floor_area_m2;
            e.4 += f.occupied_m2;
            e.5 += f.available_m2();
        }
        // Occupied area at the end of this quarter and the four before, per region.
        let mut occupied_history: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
        let mut q = quarter;
        let mut ends = Vec::new();
        for _ in 0..5 {
            ends.push(q.last_day().min(today));
            q = q.prev();
        }
        ends.reverse();
        for end in &ends {
            let at = space_at(*end);
            let mut per_region: BTreeMap<&str, i64> = BTreeMap::new();
            for (park_id, f) in &at {
                if let Some(code) = park_region.get(park_id) {
                    *per_region.entry(code).or_default() += f.occupied_m2;
                }
            }
            for r in &s.regions {
                occupied_history
                    .entry(r.code.as_str())
                    .or_default()
                    .push(per_region.get(r.code.as_str()).copied().unwrap_or(0));
            }
        }
        let national_jobs: i64 = jobs.values().map(|(j, _)| j).sum();
        let national_tenants: usize = jobs.values().map(|(_, t)| t).sum();
        let region_cells: Vec<(i64, usize)> = s
            .regions
            .iter()
            .map(|r| {
                by_region
                    .get(r.code.as_str())
                    .map_or((0, 0), |e| (e.0, e.1))
            })
            .collect();
        let hide_regions = cells_to_hide(&region_cells, exact);
        let regions_out: Vec<RegionBalance> = s
            .regions
            .iter()
            .zip(&hide_regions)
            .map(|(r, hide)| {
                let e = by_region.get(r.code.as_str()).copied().unwrap_or_default();
                Ok(RegionBalance {
                    code: RegionCode::parse(&r.code).map_err(|_| AppError::Internal)?,
                    name: region_name(r),
                    population_2024: r.population_2024,
                    parks: e.2,
                    floor_area_m2: e.3,
                    occupied_m2: e.4,
                    free_m2: e.5,
                    jobs: Cell {
                        value: (!hide).then_some(e.0),
                        suppressed: *hide,
                    },
                    tenants_reporting: e.1 as i64,
                    jobs_per_10k: if *hide {
                        None
                    } else {
                        balance::per_10k(e.0, r.population_2024)
                    },
                    share_of_national_pct: if *hide {
                        None
                    } else {
                        balance::share_pct(e.0, national_jobs)
                    },
                    months_of_supply: balance::months_of_supply(
                        e.5,
                        occupied_history
                            .get(r.code.as_str())
                            .map_or(&[][..], |v| v.as_slice()),
                    ),
                })
            })
            .collect::<Result<_, AppError>>()?;
        let outside = |per_region: &BTreeMap<&str, i64>, total: i64| {
            let axis: i64 = AXIS_REGIONS.iter().filter_map(|c| per_region.get(c)).sum();
            balance::share_pct(total - axis, total)
        };
        let jobs_per_region = |q: Quarter| -> (BTreeMap<&str, i64>, i64) {
            let mut per: BTreeMap<&str, i64> = BTreeMap::new();
            for (park, (j, _)) in quarter_by_park(&reports, q) {
                if let Some(code) = park_region.get(&park) {
                    *per.entry(code).or_default() += j;
                }
            }
            let total = per.values().sum();
            (per, total)
        };
        let (per_now, _) = jobs_per_region(quarter);
        let mut trend = Vec::new();
        let mut q = quarter;
        for _ in 0..TREND_QUARTERS {
            let (per, total) = jobs_per_region(q);
            trend.push(HhiPoint {
                quarter: q,
                hhi: balance::hhi(&per.values().copied().collect::<Vec<_>>()),
                jobs: total,
                share_outside_axis_pct: outside(&per, total),
            });
            q = q.prev();
        }
        trend.reverse();
        let mut quarters: BTreeSet<Quarter> = reports.iter().map(|r| r.quarter).collect();
        quarters.insert(last_complete_quarter(today));
        let quarters: Vec<Quarter> = quarters
            .into_iter()
            .rev()
            .filter(|q| q.first_day() <= today)
            .collect();
        let national_space = space.values().fold((0, 0, 0), |acc, f| {
            (
                acc.0 + f.floor_area_m2,
                acc.1 + f.occupied_m2,
                acc.2 + f.available_m2(),
            )
        });
        Ok(BalanceView {
            quarter,
            as_of,
            quarters,
            exact,
            regions: regions_out,
            parks: parks_out,
            national: NationalBalance {
                jobs: national_jobs,
                tenants_reporting: national_tenants as i64,
                target_2030: TARGET_JOBS_2030,
                progress_pct: national_jobs as f64 * 100.0 / TARGET_JOBS_2030 as f64,
                yearly_pace_needed: balance::yearly_pace_needed(national_jobs, as_of),
                share_outside_axis_pct: outside(&per_now, national_jobs),
                hhi: balance::hhi(&per_now.values().copied().collect::<Vec<_>>()),
                floor_area_m2: national_space.0,
                occupied_m2: national_space.1,
                free_m2: national_space.2,
            },
            trend,
            demo: s.parks.iter().any(|p| p.is_demo) || s.buildings.iter().any(|b| b.is_demo),
        })
    }

    /// Commitments with their progress, in three queries whatever their number.
    async fn commitment_rows(
        &self,
        rows: Vec<commitments::Model>,
    ) -> Result<Vec<CommitmentRow>, AppError> {
        let today = self.clock.today();
        let tenant_ids: Vec<i32> = rows.iter().map(|c| c.tenant_id).collect();
        let park_ids: Vec<i32> = rows.iter().map(|c| c.park_id).collect();
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let company: HashMap<i32, String> = tenants::Entity::find()
            .filter(tenants::Column::Id.is_in(tenant_ids.clone()))
            .all(&self.db)
            .await
            .map_err(|e| db_error("reading tenants", e))?
            .into_iter()
            .map(|t| (t.id, t.company))
            .collect();
        let stored = job_reports::Entity::find()
            .filter(job_reports::Column::ParkId.is_in(park_ids))
            .filter(job_reports::Column::TenantId.is_in(tenant_ids))
            .all(&self.db)
            .await
            .map_err(|e| db_error("reading reports", e))?;
        let lines = report_lines(&self.db, stored.iter().map(|r| r.id).collect()).await?;
        let reports: Vec<crate::domain::jobs::ReportHeadcount> = stored
            .iter()
            .filter_map(|r| {
                Some(crate::domain::jobs::ReportHeadcount {
                    tenant_id: r.tenant_id,
                    park_id: r.park_id,
                    quarter: Quarter::new(r.year, u8::try_from(r.quarter).ok()?).ok()?,
                    revision: r.revision,
                    validated: r.status == "validated",
                    headcount: headcount_of(&lines, r.id),
                })
            })
            .collect();
        let latest_all = crate::domain::jobs::latest_per_tenant(&reports, today);
        Ok(rows
            .into_iter()
            .map(|c| {
                let latest = latest_all.get(&(c.tenant_id, c.park_id)).copied();
                let actual = latest.map_or(0, |(_, h)| h);
                let p = balance::commitment_progress(
                    i64::from(c.jobs),
                    c.start_date,
                    c.deadline,
                    today,
                    actual,
                );
                CommitmentRow {
                    id: c.id,
                    version: c.version,
                    tenant_id: c.tenant_id,
                    company: company.get(&c.tenant_id).cloned().unwrap_or_default(),
                    jobs: i64::from(c.jobs),
                    start_date: c.start_date,
                    deadline: c.deadline,
                    note: c.note,
                    actual,
                    actual_quarter: latest.map(|(q, _)| q),
                    expected_now: p.expected_now,
                    behind: p.behind,
                    as_of: today,
                }
            })
            .collect())
    }
}
