//! Quarterly job declarations, commitments, the regional balance and the
//! indicative incentive estimate.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::values::{Id, RegistryDate};
use super::{ActivityLine, LocalizedText, Quarter, RegionCode};

/// Headcount of one activity line in a declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobLine {
    pub activity_line: ActivityLine,
    pub full_time: i64,
    pub part_time: i64,
}

/// What a tenant representative (or a park manager for them) declares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobDeclaration {
    pub park_slug: String,
    pub tenant_id: Id,
    pub quarter: Quarter,
    pub lines: Vec<JobLine>,
    pub new_moroccan_recruits: i64,
    /// Required when the figures raise a plausibility flag.
    pub comment: Option<String>,
    /// The version of the declaration being resubmitted, if any.
    pub version: Option<i32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Submitted,
    Validated,
    Returned,
}

impl ReportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Validated => "validated",
            Self::Returned => "returned",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw {
            "submitted" => Ok(Self::Submitted),
            "validated" => Ok(Self::Validated),
            "returned" => Ok(Self::Returned),
            other => Err(format!("unknown report status '{other}'")),
        }
    }
}

/// One declaration (one revision) as the park's declarations page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeclarationRow {
    pub id: i32,
    pub version: i32,
    pub tenant_id: i32,
    pub company: String,
    pub quarter: Quarter,
    pub revision: i32,
    pub status: ReportStatus,
    pub lines: Vec<JobLine>,
    pub headcount: i64,
    pub new_moroccan_recruits: i64,
    /// Plausibility flags raised: "density", "change".
    pub flags: Vec<String>,
    pub comment: Option<String>,
    pub review_comment: Option<String>,
    pub declared_by: Option<String>,
    pub submitted_at: Option<DateTimeUtc>,
    pub validated_at: Option<DateTimeUtc>,
    pub validated_by: Option<String>,
    /// A later revision exists (this one is kept visible, not counted).
    pub superseded: bool,
}

type DateTimeUtc = DateTime<Utc>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeclarationsView {
    pub park_slug: String,
    pub park_name: String,
    pub quarter: Quarter,
    /// Tenants present in the park during the quarter, with their leased area at its end.
    pub tenants: Vec<(i32, String, i64)>,
    /// Those of `tenants` who agreed to publish their own headcount.
    pub published_tenants: Vec<i32>,
    pub rows: Vec<DeclarationRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Declared {
    pub report_id: i32,
    pub revision: i32,
    pub status: ReportStatus,
    pub flags: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    Validate,
    Return,
}

/// A reviewer's decision on a declaration read at `version`; a return says why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewInput {
    pub report_id: Id,
    pub version: i32,
    pub decision: ReviewDecision,
    pub comment: Option<String>,
}

/// A tenant's consent to publish its own headcount, set or withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentInput {
    pub tenant_id: Id,
    pub publish: bool,
}

/// A figure the public may not see exactly: `value` is none and
/// `suppressed` true when it covers 1 or 2 tenants.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub value: Option<i64>,
    pub suppressed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParkBalance {
    pub slug: String,
    pub name: String,
    pub region_code: RegionCode,
    pub floor_area_m2: i64,
    pub occupied_m2: i64,
    pub free_m2: i64,
    pub jobs: Cell,
    pub tenants_reporting: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionBalance {
    pub code: RegionCode,
    pub name: LocalizedText,
    pub population_2024: i64,
    pub parks: i64,
    pub floor_area_m2: i64,
    pub occupied_m2: i64,
    pub free_m2: i64,
    pub jobs: Cell,
    pub tenants_reporting: i64,
    pub jobs_per_10k: Option<f64>,
    pub share_of_national_pct: Option<f64>,
    /// Free area / average monthly absorption over the last 4 quarters.
    pub months_of_supply: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NationalBalance {
    /// 0 when `jobs_suppressed`.
    pub jobs: i64,
    /// The national total would give a tenant's figure away (fewer than 3
    /// reporting tenants, or one unpublished among published ones): hidden
    /// from the public, with the progress, pace, share and index built on it.
    pub jobs_suppressed: bool,
    pub tenants_reporting: i64,
    pub target_2030: i64,
    pub progress_pct: f64,
    /// Jobs to add each year from the quarter's end to reach the target by the end of 2030.
    pub yearly_pace_needed: Option<f64>,
    pub share_outside_axis_pct: Option<f64>,
    /// Herfindahl-Hirschman index of jobs across regions (0-10,000).
    pub hhi: Option<f64>,
    pub floor_area_m2: i64,
    pub occupied_m2: i64,
    pub free_m2: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HhiPoint {
    pub quarter: Quarter,
    pub hhi: Option<f64>,
    pub jobs: i64,
    pub share_outside_axis_pct: Option<f64>,
}

/// The regional balance for one quarter, replayed as of its last day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BalanceView {
    pub quarter: Quarter,
    pub as_of: NaiveDate,
    /// Quarters that can be chosen (those with any data, newest first).
    pub quarters: Vec<Quarter>,
    /// True for admins: no figure is suppressed.
    pub exact: bool,
    /// The parks (slugs) a manager's view shows exactly on top of the public
    /// figures: their own; empty for the public and for admins.
    #[serde(default)]
    pub revealed_parks: Vec<String>,
    pub regions: Vec<RegionBalance>,
    pub parks: Vec<ParkBalance>,
    pub national: NationalBalance,
    /// The concentration index by quarter, oldest first (8 quarters).
    pub trend: Vec<HhiPoint>,
    pub demo: bool,
}

/// A tenant's convention commitment and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitmentRow {
    pub id: i32,
    pub version: i32,
    pub tenant_id: i32,
    pub company: String,
    pub jobs: i64,
    pub start_date: NaiveDate,
    pub deadline: NaiveDate,
    pub note: Option<String>,
    /// Latest validated headcount of the tenant in the park, and its quarter.
    pub actual: i64,
    pub actual_quarter: Option<Quarter>,
    pub expected_now: i64,
    pub behind: bool,
    pub as_of: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitmentInput {
    pub park_slug: String,
    pub tenant_id: Id,
    pub jobs: i64,
    pub start_date: RegistryDate,
    pub deadline: RegistryDate,
    pub note: Option<String>,
}

/// What an incentive estimate is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncentiveInput {
    pub region: RegionCode,
    pub recruits: i64,
    pub gross_annual_pay_mad: i64,
    pub equipment_investment_mad: i64,
}

/// An indicative estimate of the Offshoring Offer's incentives; never an entitlement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncentiveEstimate {
    pub region_code: RegionCode,
    pub recruits: i64,
    pub gross_annual_pay_mad: i64,
    pub equipment_investment_mad: i64,
    pub paf_per_year_mad: i64,
    pub paf_total_mad: i64,
    pub regional_per_job_mad: i64,
    pub equipment_subsidy_mad: i64,
    pub total_mad: i64,
    /// What the regional top-up is, in words (from the parameters file).
    pub regional_note: Option<String>,
}
