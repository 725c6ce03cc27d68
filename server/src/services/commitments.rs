//! Job commitments (layer: services): a park's commitments with their
//! progress against the latest validated headcounts, and a new one (for a
//! tenant that leases, leased or will lease in the park).
use std::collections::HashMap;

use app::api::{AppError, Credentials};
use app::model::{CommitmentInput, CommitmentRow};

use super::accounts::authenticate;
use super::guard::{denied, visible_park};
use super::jobs::Jobs;
use crate::db::audit::Entry;
use crate::db::commitments::{self, Commitment, NewCommitment};
use crate::db::unit_of_work::UnitOfWork;
use crate::db::{job_reports, lease_events, tenants};
use crate::domain::auth::{Action, authorize};
use crate::domain::balance;
use crate::domain::jobs::{ReportHeadcount, latest_per_tenant};
use crate::domain::tenant_scope::check_tenant_of_park;
use crate::errors::internal;

impl Jobs {
    pub(super) async fn park_commitments(
        &self,
        credentials: &Credentials,
        park_slug: &str,
    ) -> Result<Vec<CommitmentRow>, AppError> {
        let actor = authenticate(&self.db, credentials, false).await?;
        let park = visible_park(&self.db, &actor, park_slug).await?;
        authorize(Some(&actor), Action::ReviewJobs(park.id)).map_err(denied)?;
        let rows = commitments::of_park(&self.db, park.id).await?;
        self.commitment_rows(rows).await
    }

    pub(super) async fn record_commitment(
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
        let mut uow = UnitOfWork::begin(&self.db).await?;
        let actor = authenticate(uow.conn(), credentials, true).await?;
        let park = visible_park(uow.conn(), &actor, &input.park_slug).await?;
        authorize(Some(&actor), Action::ReviewJobs(park.id)).map_err(denied)?;
        let tenant = tenants::by_id(uow.conn(), input.tenant_id.get())
            .await?
            .ok_or_else(|| {
                AppError::invalid(
                    "tenant_id",
                    format!("no tenant has the id {}", input.tenant_id),
                )
            })?;
        let lease_parks = lease_events::parks_of_tenant(uow.conn(), tenant.id).await?;
        check_tenant_of_park(&lease_parks, park.id).map_err(|_| {
            AppError::invalid(
                "tenant_id",
                format!(
                    "{} has no lease in {}: a commitment is recorded in a park the tenant leases in",
                    tenant.company, park.name
                ),
            )
        })?;
        let saved = commitments::insert(
            uow.conn(),
            NewCommitment {
                tenant_id: tenant.id,
                park_id: park.id,
                jobs,
                start_date,
                deadline,
                note: input.note.clone(),
                recorded_by: actor.email.clone(),
            },
        )
        .await?;
        uow.audit(Entry {
            actor: &actor.email,
            action: "add_commitment",
            entity: "commitment",
            entity_id: Some(saved.id.to_string()),
            before: None,
            after: Some(commitments::json(&saved, &park.slug)),
        })
        .await?;
        uow.commit("committing a commitment").await?;
        self.commitment_rows(vec![saved])
            .await?
            .pop()
            .ok_or_else(|| internal("reading a saved commitment", "no row came back"))
    }

    /// Commitments with their progress, in three queries whatever their number.
    async fn commitment_rows(&self, rows: Vec<Commitment>) -> Result<Vec<CommitmentRow>, AppError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let today = self.clock.today();
        let tenant_ids: Vec<i32> = rows.iter().map(|c| c.tenant_id).collect();
        let park_ids: Vec<i32> = rows.iter().map(|c| c.park_id).collect();
        let company: HashMap<i32, String> = tenants::by_ids(&self.db, tenant_ids.clone())
            .await?
            .into_iter()
            .map(|t| (t.id, t.company))
            .collect();
        let stored = job_reports::of_parks_and_tenants(&self.db, park_ids, tenant_ids).await?;
        let lines = job_reports::lines(&self.db, stored.iter().map(|r| r.row.id).collect()).await?;
        let reports: Vec<ReportHeadcount> = stored
            .iter()
            .map(|r| job_reports::headcount(r, &lines))
            .collect();
        let latest_all = latest_per_tenant(&reports, today);
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
