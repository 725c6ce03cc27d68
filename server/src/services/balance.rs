//! The regional balance (layer: services): cached per change-log head, loaded
//! from the registry's snapshot and handed to `domain::balance::roll_up`
//! on a blocking thread. The cache ([`Cache`]) pins the default quarter's
//! balances (the latest quarter that is over, both the public and the exact
//! one); other quarters are bounded (`BALANCE_LIMITS`) and built one at a time.
//! Only those two kinds are cached: a park manager's view (their own parks
//! exact, the rest public) is put together from both on each request, so an
//! exact figure never lands in the public entry.
use std::mem::size_of;

use app::api::{AppError, Credentials};
use app::model::{BalanceView, HhiPoint, LocalizedText, ParkBalance, Quarter, RegionBalance};
use chrono::NaiveDate;

use super::cache::{BuildPermit, Cache, Limits, Weigh};
use super::jobs::Jobs;
use crate::db::snapshot::{self, Scope, Snapshot};
use crate::db::{buildings, db_error, job_reports, lease_events, parks};
use crate::domain::balance::{self, BalanceAsk, BalanceInput, BalancePark, BalanceRegion};
use crate::domain::disclosure::Viewer;
use crate::domain::jobs::last_complete_quarter;
use crate::errors::{corrupt, internal};

/// A cached balance: (quarter, exact figures, today), of the cache's data version.
pub(super) type BalanceKey = (Quarter, bool, NaiveDate);
pub(super) type BalanceCache = Cache<BalanceKey, BalanceView>;

/// Balances kept besides the default quarter's: at most 16 and 64 MiB of
/// estimated memory (one of 10,000 parks weighs about 1.5 MB).
pub(super) const BALANCE_LIMITS: Limits = Limits {
    max_entries: 16,
    max_weight: 64 << 20,
};

/// The balances every visitor asks for: today's default quarter.
pub(super) fn pinned_balance((quarter, _, on): &BalanceKey, today: NaiveDate) -> bool {
    *on == today && *quarter == last_complete_quarter(today)
}

fn text_bytes(t: &LocalizedText) -> usize {
    [&t.fr, &t.ar, &t.en]
        .iter()
        .flat_map(|s| s.as_ref())
        .map(String::len)
        .sum()
}

impl Weigh for BalanceView {
    fn weight(&self) -> usize {
        let parks: usize = self
            .parks
            .iter()
            .map(|p| size_of::<ParkBalance>() + p.slug.len() + p.name.len())
            .sum();
        let regions: usize = self
            .regions
            .iter()
            .map(|r| size_of::<RegionBalance>() + text_bytes(&r.name))
            .sum();
        size_of::<BalanceView>()
            + parks
            + regions
            + self.trend.len() * size_of::<HhiPoint>()
            + self.quarters.len() * size_of::<Quarter>()
    }
}

impl Jobs {
    pub(super) async fn balance_view(
        &self,
        credentials: &Credentials,
        quarter: Option<Quarter>,
    ) -> Result<BalanceView, AppError> {
        let viewer = self.viewer(credentials).await;
        let today = self.clock.today();
        let quarter = quarter.unwrap_or_else(|| last_complete_quarter(today));
        if quarter.first_day() > today {
            return Err(AppError::invalid(
                "quarter",
                format!("{} has not started", quarter.code()),
            ));
        }
        let version = self.head().await?;
        let cached = |exact: bool| {
            self.cache
                .get((quarter, exact, today), version, move |permit| {
                    self.compute_balance(exact, today, quarter, permit)
                })
        };
        let view = cached(viewer.exact_everywhere()).await?;
        match viewer {
            Viewer::Parks(ids) if !ids.is_empty() => {
                let exact = cached(true).await?;
                let slugs = parks::slugs(&self.db, ids.into_iter().collect())
                    .await?
                    .into_iter()
                    .collect();
                Ok(balance::reveal_parks(view.as_ref().clone(), &exact, &slugs))
            }
            _ => Ok(view.as_ref().clone()),
        }
    }

    /// Whether today's balance of `quarter` is built and kept (for tests and benchmarks).
    pub fn has_balance(&self, quarter: Quarter, exact: bool) -> bool {
        self.cache.contains(&(quarter, exact, self.clock.today()))
    }

    /// Loads the snapshot, then rolls it up on a blocking thread that holds
    /// `permit` until it is done (`cache::BuildPermit::run_blocking`).
    async fn compute_balance(
        &self,
        exact: bool,
        today: NaiveDate,
        quarter: Quarter,
        permit: BuildPermit,
    ) -> Result<BalanceView, AppError> {
        let s = snapshot::load(&self.db, Scope::All)
            .await
            .map_err(|e| db_error("loading the registry", e))?;
        let ask = BalanceAsk {
            quarter,
            exact,
            today,
        };
        permit
            .run_blocking(s, move |s| roll_up(s, ask))
            .await
            .map_err(|e| internal("computing the balance", e))?
    }
}

/// The balance of a snapshot (CPU work: run it off the async workers).
fn roll_up(s: &Snapshot, ask: BalanceAsk) -> Result<BalanceView, AppError> {
    let parks = s
        .parks
        .iter()
        .map(|p| {
            Ok(BalancePark {
                id: p.id,
                slug: p.slug.clone(),
                name: p.name.clone(),
                region_code: parks::region_code(p)?,
                is_demo: p.is_demo,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let regions = s
        .regions
        .iter()
        .map(|r| {
            Ok(BalanceRegion {
                code: r.code().map_err(|e| corrupt("regions", &r.code, e))?,
                name: r.name(),
                population_2024: r.population_2024,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let specs: Vec<_> = s.buildings.iter().map(buildings::spec).collect();
    let events = lease_events::to_domain_all(&s.events)?;
    let reports = job_reports::headcounts(&s.reports)?;
    let published = s
        .tenants
        .iter()
        .filter(|t| t.publish_jobs_consent)
        .map(|t| t.id)
        .collect();
    let input = BalanceInput {
        parks: &parks,
        regions: &regions,
        buildings: &specs,
        events: &events,
        reports: &reports,
        published: &published,
        demo_buildings: s.buildings.iter().any(|b| b.is_demo),
    };
    Ok(balance::roll_up(&input, ask))
}
