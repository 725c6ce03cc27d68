//! Server functions for job declarations, commitments, the regional balance
//! and the incentive estimate. Text in, parsed here (the error names the
//! field), one service call, the result mapped onto the response.
// Forms send one text field per argument; the client stubs that #[server]
// generates inherit the count.
#![allow(clippy::too_many_arguments)]
use leptos::prelude::*;

use super::AppError;
#[cfg(feature = "ssr")]
use crate::model::{
    ActivityLine, CommitmentInput, JobDeclaration, JobLine, Quarter, RegionCode, ReviewDecision,
    form,
};
use crate::model::{BalanceView, CommitmentRow, DeclarationsView, Declared, IncentiveEstimate};

#[cfg(feature = "ssr")]
fn jobs() -> Result<super::Jobs, AppError> {
    use_context::<super::Jobs>().ok_or_else(|| {
        leptos::logging::error!("job services missing from the Leptos context");
        AppError::Internal
    })
}

#[cfg(feature = "ssr")]
fn field<T>(r: Result<T, (String, String)>) -> Result<T, AppError> {
    r.map_err(|(field, message)| AppError::invalid(field, message))
}

#[cfg(feature = "ssr")]
fn quarter(raw: &str) -> Result<Quarter, AppError> {
    Quarter::parse(raw).map_err(|m| AppError::invalid("quarter", m))
}

#[cfg(feature = "ssr")]
fn opt(raw: &Option<String>) -> &str {
    raw.as_deref().unwrap_or("")
}

#[cfg(feature = "ssr")]
const HEADCOUNT_MAX: i64 = 100_000;

/// The regional balance of a quarter ("2026Q3"; the last complete one when empty).
#[server(prefix = "/api/jobs", endpoint = "balance")]
pub async fn get_balance(quarter: Option<String>) -> Result<BalanceView, AppError> {
    use super::request::{credentials, finish};
    finish(
        async {
            let q = match opt(&quarter).trim() {
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
#[allow(clippy::too_many_arguments)]
pub async fn declare_jobs(
    csrf: String,
    park: String,
    tenant_id: String,
    quarter: String,
    new_moroccan_recruits: String,
    comment: Option<String>,
    version: Option<String>,
    ito_full: Option<String>,
    ito_part: Option<String>,
    bpo_full: Option<String>,
    bpo_part: Option<String>,
    crm_full: Option<String>,
    crm_part: Option<String>,
    eso_full: Option<String>,
    eso_part: Option<String>,
    kpo_full: Option<String>,
    kpo_part: Option<String>,
) -> Result<Declared, AppError> {
    use super::request::{credentials, finish};
    finish(
        async {
            let mut lines = Vec::new();
            for (line, full, part, full_name, part_name) in [
                (
                    ActivityLine::Ito,
                    &ito_full,
                    &ito_part,
                    "ito_full",
                    "ito_part",
                ),
                (
                    ActivityLine::Bpo,
                    &bpo_full,
                    &bpo_part,
                    "bpo_full",
                    "bpo_part",
                ),
                (
                    ActivityLine::Crm,
                    &crm_full,
                    &crm_part,
                    "crm_full",
                    "crm_part",
                ),
                (
                    ActivityLine::Eso,
                    &eso_full,
                    &eso_part,
                    "eso_full",
                    "eso_part",
                ),
                (
                    ActivityLine::Kpo,
                    &kpo_full,
                    &kpo_part,
                    "kpo_full",
                    "kpo_part",
                ),
            ] {
                let full = field(form::optional_int(full_name, opt(full), 0, HEADCOUNT_MAX))?;
                let part = field(form::optional_int(part_name, opt(part), 0, HEADCOUNT_MAX))?;
                if full.is_some() || part.is_some() {
                    lines.push(JobLine {
                        activity_line: line,
                        full_time: full.unwrap_or(0),
                        part_time: part.unwrap_or(0),
                    });
                }
            }
            let declaration = JobDeclaration {
                park_slug: field(form::text("park", &park, 200))?,
                tenant_id: field(form::int("tenant_id", &tenant_id, 1, i64::from(i32::MAX)))?
                    as i32,
                quarter: self::quarter(&quarter)?,
                lines,
                new_moroccan_recruits: field(form::int(
                    "new_moroccan_recruits",
                    &new_moroccan_recruits,
                    0,
                    HEADCOUNT_MAX,
                ))?,
                comment: field(form::optional_text("comment", opt(&comment), 2_000))?,
                version: field(form::optional_int(
                    "version",
                    opt(&version),
                    1,
                    i64::from(i32::MAX),
                ))?
                .map(|v| v as i32),
            };
            jobs()?.declare(&credentials(Some(csrf)), declaration).await
        }
        .await,
    )
}

/// Validates (`decision=validate`) or returns (`decision=return`, with a comment) a declaration.
#[server(prefix = "/api/jobs", endpoint = "review")]
pub async fn review_jobs(
    csrf: String,
    report_id: String,
    version: String,
    decision: String,
    comment: Option<String>,
) -> Result<(), AppError> {
    use super::request::{credentials, finish};
    finish(
        async {
            let decision = match decision.trim() {
                "validate" => ReviewDecision::Validate,
                "return" => ReviewDecision::Return,
                other => {
                    return Err(AppError::invalid(
                        "decision",
                        format!("unknown decision '{other}': expected validate or return"),
                    ));
                }
            };
            let report_id =
                field(form::int("report_id", &report_id, 1, i64::from(i32::MAX)))? as i32;
            let version = field(form::int("version", &version, 1, i64::from(i32::MAX)))? as i32;
            jobs()?
                .review(
                    &credentials(Some(csrf)),
                    report_id,
                    version,
                    decision,
                    comment,
                )
                .await
        }
        .await,
    )
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
    park: String,
    tenant_id: String,
    jobs: String,
    start_date: String,
    deadline: String,
    note: Option<String>,
) -> Result<CommitmentRow, AppError> {
    use super::request::{credentials, finish};
    finish(
        async {
            let input = CommitmentInput {
                park_slug: field(form::text("park", &park, 200))?,
                tenant_id: field(form::int("tenant_id", &tenant_id, 1, i64::from(i32::MAX)))?
                    as i32,
                jobs: field(form::int("jobs", &jobs, 1, HEADCOUNT_MAX))?,
                start_date: field(form::date("start_date", &start_date))?,
                deadline: field(form::date("deadline", &deadline))?,
                note: field(form::optional_text("note", opt(&note), 2_000))?,
            };
            self::jobs()?
                .save_commitment(&credentials(Some(csrf)), input)
                .await
        }
        .await,
    )
}

/// An indicative estimate of the incentives for `recruits` new Moroccan recruits.
#[server(prefix = "/api/jobs", endpoint = "incentives")]
pub async fn estimate_incentives(
    region: String,
    recruits: String,
    gross_annual_pay_mad: String,
    equipment_investment_mad: Option<String>,
) -> Result<IncentiveEstimate, AppError> {
    use super::request::finish;
    finish(
        async {
            let region = RegionCode::parse(&region).map_err(|m| AppError::invalid("region", m))?;
            let recruits = field(form::int("recruits", &recruits, 1, HEADCOUNT_MAX))?;
            let pay = field(form::int(
                "gross_annual_pay_mad",
                &gross_annual_pay_mad,
                1,
                100_000_000,
            ))?;
            let equipment = field(form::optional_int(
                "equipment_investment_mad",
                opt(&equipment_investment_mad),
                0,
                10_000_000_000,
            ))?
            .unwrap_or(0);
            jobs()?.incentive_estimate(&region, recruits, pay, equipment)
        }
        .await,
    )
}
