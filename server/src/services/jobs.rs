//! `JobsService` (layer: services): the `Jobs` service and its trait impl,
//! which only delegates to the resource modules (`declarations`,
//! `commitments`, `balance`). Writes follow the same unit of work as the
//! manager's: write lock, authenticate and authorize inside the
//! transaction, re-read, check, write with an audit row, commit.
use std::sync::Arc;

use app::api::{AppError, Credentials, JobsService};
use app::model::{
    BalanceView, CommitmentInput, CommitmentRow, ConsentInput, DeclarationsView, Declared,
    IncentiveEstimate, IncentiveInput, JobDeclaration, Quarter, ReviewInput,
};

use super::accounts::authenticate;
use super::balance::{BALANCE_LIMITS, BalanceCache, pinned_balance};
use super::cache::{Builds, Cache, ChangeHead};
use super::clock::Clock;
use crate::db::Connection;
use crate::domain::balance::{self, RegionalTopUp};
use crate::domain::disclosure::Viewer;

#[derive(Clone)]
pub struct Jobs {
    pub(super) db: Connection,
    pub(super) clock: Clock,
    top_ups: Arc<Vec<RegionalTopUp>>,
    /// Derived balances by change-log head (moved by every change, in its
    /// transaction): a cached balance is as fresh as the head it is keyed by.
    pub(super) cache: Arc<BalanceCache>,
    /// The registry's head when it runs beside (`following`); else the database's.
    head: Option<ChangeHead>,
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

impl Jobs {
    /// `builds`: the application's permits for building past quarters (shared with the registry).
    pub fn new(db: Connection, clock: Clock, builds: &Builds) -> Result<Self, String> {
        Ok(Self {
            db,
            clock,
            top_ups: Arc::new(regional_top_ups()?),
            cache: Arc::new(Cache::new(
                BALANCE_LIMITS,
                move |key| pinned_balance(key, clock.today()),
                builds,
            )),
            head: None,
        })
    }

    /// Keys the balance's cache by the registry's change head (no database
    /// round trip per read) instead of asking the database for it.
    pub fn following(mut self, head: ChangeHead) -> Self {
        self.head = Some(head);
        self
    }

    /// The change log's head the cached balances are keyed by.
    pub(super) async fn head(&self) -> Result<i64, AppError> {
        match &self.head {
            Some(head) => Ok(head.get()),
            None => crate::db::changes::head(&self.db)
                .await
                .map_err(|e| crate::db::db_error("reading the change log", e)),
        }
    }

    /// Who is asking, for the figures they may see exactly (`domain::disclosure`).
    pub(super) async fn viewer(&self, credentials: &Credentials) -> Viewer {
        if credentials.session.is_none() {
            return Viewer::Public;
        }
        match authenticate(&self.db, credentials, false).await {
            Ok(actor) => Viewer::of(Some(&actor)),
            Err(_) => Viewer::Public,
        }
    }
}

#[async_trait::async_trait]
impl JobsService for Jobs {
    async fn declaration_parks(
        &self,
        credentials: &Credentials,
    ) -> Result<Vec<(String, String)>, AppError> {
        self.parks_to_declare_in(credentials).await
    }

    async fn declarations(
        &self,
        credentials: &Credentials,
        park_slug: &str,
        quarter: Quarter,
    ) -> Result<DeclarationsView, AppError> {
        self.declarations_view(credentials, park_slug, quarter)
            .await
    }

    async fn declare(
        &self,
        credentials: &Credentials,
        d: JobDeclaration,
    ) -> Result<Declared, AppError> {
        self.record_declaration(credentials, d).await
    }

    async fn review(&self, credentials: &Credentials, input: ReviewInput) -> Result<(), AppError> {
        self.review_declaration(credentials, input).await
    }

    async fn balance(
        &self,
        credentials: &Credentials,
        quarter: Option<Quarter>,
    ) -> Result<BalanceView, AppError> {
        self.balance_view(credentials, quarter).await
    }

    async fn commitments(
        &self,
        credentials: &Credentials,
        park_slug: &str,
    ) -> Result<Vec<CommitmentRow>, AppError> {
        self.park_commitments(credentials, park_slug).await
    }

    async fn save_commitment(
        &self,
        credentials: &Credentials,
        input: CommitmentInput,
    ) -> Result<CommitmentRow, AppError> {
        self.record_commitment(credentials, input).await
    }

    async fn set_jobs_consent(
        &self,
        credentials: &Credentials,
        input: ConsentInput,
    ) -> Result<(), AppError> {
        self.record_consent(credentials, input).await
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
