//! Job declarations (layer: services): the parks a user may declare in, a
//! park's declarations of a quarter. Declaring is in `declare`, reviews
//! in `reviews`.
use std::collections::{BTreeSet, HashMap};

use app::api::{AppError, Credentials};
use app::model::{DeclarationRow, DeclarationsView, Quarter, Role};

use super::accounts::authenticate;
use super::guard::{denied, visible_park};
use super::jobs::Jobs;
use crate::db::job_reports::{self, Report};
use crate::db::{ConnectionLike, buildings, lease_events, parks, tenants};
use crate::domain::auth::{Action, authorize};
use crate::domain::occupancy::{LeaseEvent, leased_by_tenant, present_between};

/// The lease events of a park's buildings.
pub(super) async fn tenancy<C: ConnectionLike>(
    conn: &C,
    park_id: i32,
) -> Result<Vec<LeaseEvent>, AppError> {
    let ids = buildings::ids_of_park(conn, park_id).await?;
    lease_events::to_domain_all(&lease_events::of_buildings(conn, &ids).await?)
}

pub(super) fn present_in(events: &[LeaseEvent], q: Quarter) -> BTreeSet<i32> {
    present_between(events, q.first_day(), q.last_day())
}

impl Jobs {
    pub(super) async fn parks_to_declare_in(
        &self,
        credentials: &Credentials,
    ) -> Result<Vec<(String, String)>, AppError> {
        let actor = authenticate(&self.db, credentials, false).await?;
        let only = match (actor.role, actor.tenant_id) {
            (Role::Admin, _) => None,
            (Role::ParkManager, _) => Some(actor.parks.iter().copied().collect()),
            (Role::TenantRep, Some(tenant)) => {
                let building_ids = lease_events::buildings_of_tenant(&self.db, tenant).await?;
                Some(buildings::park_ids(&self.db, building_ids).await?)
            }
            (Role::TenantRep, None) => return Ok(Vec::new()),
        };
        Ok(parks::list(&self.db, only)
            .await?
            .into_iter()
            .map(|p| (p.slug, p.name))
            .collect())
    }

    pub(super) async fn declarations_view(
        &self,
        credentials: &Credentials,
        park_slug: &str,
        quarter: Quarter,
    ) -> Result<DeclarationsView, AppError> {
        let actor = authenticate(&self.db, credentials, false).await?;
        let park = visible_park(&self.db, &actor, park_slug).await?;
        let own_tenant = actor.tenant_id.filter(|_| actor.role == Role::TenantRep);
        if own_tenant.is_none() {
            authorize(Some(&actor), Action::ReviewJobs(park.id)).map_err(denied)?;
        }
        let events = tenancy(&self.db, park.id).await?;
        let present = present_in(&events, quarter);
        let leased = leased_by_tenant(&events, quarter.last_day());
        let visible = |tenant: i32| own_tenant.is_none_or(|t| t == tenant);
        let tenant_rows = tenants::by_ids(&self.db, present.iter().copied().collect()).await?;
        let company: HashMap<i32, String> = tenant_rows
            .iter()
            .map(|t| (t.id, t.company.clone()))
            .collect();
        let reports = job_reports::of_park_quarter(&self.db, park.id, quarter).await?;
        let visible_reports: Vec<&Report> = reports
            .iter()
            .filter(|r| visible(r.row.tenant_id))
            .collect();
        Ok(DeclarationsView {
            rows: self
                .declaration_rows(&reports, &visible_reports, &company)
                .await?,
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
            published_tenants: tenant_rows
                .iter()
                .filter(|t| visible(t.id) && t.publish_jobs_consent)
                .map(|t| t.id)
                .collect(),
        })
    }

    /// The rows of `shown`, marked superseded when a later revision exists among `all`.
    async fn declaration_rows(
        &self,
        all: &[Report],
        shown: &[&Report],
        company: &HashMap<i32, String>,
    ) -> Result<Vec<DeclarationRow>, AppError> {
        let lines = job_reports::lines(&self.db, all.iter().map(|r| r.row.id).collect()).await?;
        let mut latest_revision: HashMap<i32, i32> = HashMap::new();
        for r in all {
            let e = latest_revision
                .entry(r.row.tenant_id)
                .or_insert(r.row.revision);
            *e = (*e).max(r.row.revision);
        }
        shown
            .iter()
            .map(|report| {
                let r = &report.row;
                let my_lines = job_reports::job_lines(&lines, r.id)?;
                Ok(DeclarationRow {
                    id: r.id,
                    version: r.version,
                    tenant_id: r.tenant_id,
                    company: company
                        .get(&r.tenant_id)
                        .cloned()
                        .unwrap_or_else(|| format!("#{}", r.tenant_id)),
                    quarter: report.quarter,
                    revision: r.revision,
                    status: report.status,
                    headcount: my_lines.iter().map(|l| l.full_time + l.part_time).sum(),
                    lines: my_lines,
                    new_moroccan_recruits: i64::from(r.new_moroccan_recruits),
                    flags: job_reports::flags(r),
                    comment: r.comment.clone(),
                    review_comment: r.review_comment.clone(),
                    declared_by: r.declared_by.clone(),
                    submitted_at: r.submitted_at,
                    validated_at: r.validated_at,
                    validated_by: r.validated_by.clone(),
                    superseded: latest_revision
                        .get(&r.tenant_id)
                        .is_some_and(|l| *l > r.revision),
                })
            })
            .collect()
    }
}
