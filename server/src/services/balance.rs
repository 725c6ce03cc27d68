//! The regional balance (layer: services): cached per data version, loaded
//! from the registry's snapshot and handed to `domain::balance::roll_up`.
use std::sync::Arc;

use app::api::{AppError, Credentials};
use app::model::{BalanceView, Quarter};
use chrono::NaiveDate;

use super::jobs::Jobs;
use crate::db::snapshot::{self, Scope};
use crate::db::{buildings, db_error, job_reports, lease_events, parks};
use crate::domain::balance::{self, BalanceAsk, BalanceInput, BalancePark, BalanceRegion};
use crate::domain::jobs::last_complete_quarter;
use crate::errors::corrupt;

/// Balances kept per (data version, quarter, exact, today), at most this many.
const CACHED_BALANCES: usize = 16;

impl Jobs {
    pub(super) async fn balance_view(
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

    async fn compute_balance(
        &self,
        exact: bool,
        today: NaiveDate,
        quarter: Quarter,
    ) -> Result<BalanceView, AppError> {
        let s = snapshot::load(&self.db, Scope::All)
            .await
            .map_err(|e| db_error("loading the registry", e))?;
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
        let input = BalanceInput {
            parks: &parks,
            regions: &regions,
            buildings: &specs,
            events: &events,
            reports: &reports,
            demo_buildings: s.buildings.iter().any(|b| b.is_demo),
        };
        let ask = BalanceAsk {
            quarter,
            exact,
            today,
        };
        Ok(balance::roll_up(&input, ask))
    }
}
