//! Server functions for job declarations, commitments, the regional balance
//! and the incentive estimate. Each takes its form as posted, parses it into
//! a typed input (the error names the field), calls one service method, and
//! maps the result onto the response.
use leptos::prelude::*;

use super::AppError;
#[cfg(feature = "ssr")]
use crate::model::Quarter;
use crate::model::{
    BalanceView, CommitmentForm, CommitmentRow, ConsentForm, DeclarationForm, DeclarationsView,
    Declared, IncentiveEstimate, IncentiveForm, ReviewForm,
};

#[cfg(feature = "ssr")]
fn jobs() -> Result<super::Jobs, AppError> {
    use_context::<super::Jobs>().ok_or_else(|| {
        leptos::logging::error!("job services missing from the Leptos context");
        AppError::Internal
    })
}

#[cfg(feature = "ssr")]
fn quarter(raw: &str) -> Result<Quarter, AppError> {
    Quarter::parse(raw).map_err(|m| AppError::invalid("quarter", m))
}

/// Sets or withdraws a tenant's consent to publish its own headcount (its
/// representative, a manager of every park it leases in, or an admin; audited).
#[server(prefix = "/api/jobs", endpoint = "set_jobs_consent")]
pub async fn set_jobs_consent(
    csrf: String,
    #[server(flatten)] form: ConsentForm,
) -> Result<(), AppError> {
    use super::request::{credentials, finish};
    let change = async {
        jobs()?
            .set_jobs_consent(&credentials(Some(csrf)), form.parse()?)
            .await
    };
    finish(change.await)
}

/// The regional balance of a quarter ("2026Q3"; the last complete one when empty).
#[server(prefix = "/api/jobs", endpoint = "balance")]
pub async fn get_balance(quarter: Option<String>) -> Result<BalanceView, AppError> {
    use super::request::{credentials, finish};
    finish(
        async {
            let q = match quarter.as_deref().unwrap_or("").trim() {
                "" => None,
                raw => Some(self::quarter(raw)?),
            };
            jobs()?.balance(&credentials(None), q).await
        }
        .await,
    )
}

/// The parks the signed-in user declares jobs for: (slug, name).
#[server(prefix = "/api/jobs", endpoint = "declaration_parks")]
pub async fn declaration_parks() -> Result<Vec<(String, String)>, AppError> {
    use super::request::{credentials, finish};
    finish(jobs()?.declaration_parks(&credentials(None)).await)
}

#[server(prefix = "/api/jobs", endpoint = "declarations")]
pub async fn get_declarations(park: String, quarter: String) -> Result<DeclarationsView, AppError> {
    use super::request::{credentials, finish};
    finish(
        async {
            let q = self::quarter(&quarter)?;
            jobs()?.declarations(&credentials(None), &park, q).await
        }
        .await,
    )
}

/// Declares a tenant's headcount for a park and quarter. Each activity line
/// has `<LINE>_full` and `<LINE>_part` fields (ITO, BPO, CRM, ESO, KPO); empty means none.
#[server(prefix = "/api/jobs", endpoint = "declare")]
pub async fn declare_jobs(
    csrf: String,
    #[server(flatten)] form: DeclarationForm,
) -> Result<Declared, AppError> {
    use super::request::{credentials, finish};
    let change = async {
        jobs()?
            .declare(&credentials(Some(csrf)), form.parse()?)
            .await
    };
    finish(change.await)
}

/// Validates (`decision=validate`) or returns (`decision=return`, with a comment) a declaration.
#[server(prefix = "/api/jobs", endpoint = "review")]
pub async fn review_jobs(
    csrf: String,
    #[server(flatten)] form: ReviewForm,
) -> Result<(), AppError> {
    use super::request::{credentials, finish};
    let change = async {
        jobs()?
            .review(&credentials(Some(csrf)), form.parse()?)
            .await
    };
    finish(change.await)
}

#[server(prefix = "/api/jobs", endpoint = "commitments")]
pub async fn get_commitments(park: String) -> Result<Vec<CommitmentRow>, AppError> {
    use super::request::{credentials, finish};
    finish(jobs()?.commitments(&credentials(None), &park).await)
}

/// Records a commitment: `jobs` jobs between `start_date` and `deadline`.
#[server(prefix = "/api/jobs", endpoint = "save_commitment")]
pub async fn save_commitment(
    csrf: String,
    #[server(flatten)] form: CommitmentForm,
) -> Result<CommitmentRow, AppError> {
    use super::request::{credentials, finish};
    let change = async {
        let input = form.parse()?;
        jobs()?
            .save_commitment(&credentials(Some(csrf)), input)
            .await
    };
    finish(change.await)
}

/// An indicative estimate of the incentives for `recruits` new Moroccan recruits.
#[server(prefix = "/api/jobs", endpoint = "incentives")]
pub async fn estimate_incentives(
    #[server(flatten)] form: IncentiveForm,
) -> Result<IncentiveEstimate, AppError> {
    use super::request::finish;
    finish(
        form.parse()
            .map_err(AppError::from)
            .and_then(|input| jobs()?.incentive_estimate(&input)),
    )
}
