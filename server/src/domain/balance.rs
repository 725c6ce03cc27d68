//! Regional balance (layer: domain; pure): the measures the State follows,
//! computed from per-region inputs for one quarter. Small-cell suppression,
//! the concentration index, months of supply, the pace to the 2030 target and
//! the indicative incentive estimate live here, with hand-worked tests.
use chrono::NaiveDate;

/// The national goal of the Offshoring Offer (Maroc Digital 2030).
pub const TARGET_JOBS_2030: i64 = 270_000;
/// Figures covering fewer tenants than this are not shown to the public.
pub const MIN_TENANTS_SHOWN: usize = 3;
/// Regions of the Casablanca-Rabat axis (HCP codes): Casablanca-Settat, Rabat-Salé-Kénitra.
pub const AXIS_REGIONS: [&str; 2] = ["06", "04"];

/// Herfindahl-Hirschman index of jobs across regions: the sum of squared
/// shares in percent, from 0 (spread evenly over infinitely many) to 10,000
/// (all in one region). None without any job.
pub fn hhi(jobs_by_region: &[i64]) -> Option<f64> {
    let total: i64 = jobs_by_region.iter().filter(|j| **j > 0).sum();
    if total <= 0 {
        return None;
    }
    Some(
        jobs_by_region
            .iter()
            .filter(|j| **j > 0)
            .map(|j| {
                let share = *j as f64 * 100.0 / total as f64;
                share * share
            })
            .sum(),
    )
}

/// Jobs per 10,000 inhabitants.
pub fn per_10k(jobs: i64, population: i64) -> Option<f64> {
    (population > 0).then(|| jobs as f64 * 10_000.0 / population as f64)
}

/// Share of a part in a whole, in percent.
pub fn share_pct(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

/// Months until the free area is let at the recent pace: free area divided
/// by the average monthly absorption (net growth of the occupied area) over
/// the last four quarters. `occupied_at_quarter_ends` holds the occupied area
/// at the end of the current quarter and of the four before it, oldest first.
/// None when nothing was absorbed (the pace gives no horizon).
pub fn months_of_supply(free_m2: i64, occupied_at_quarter_ends: &[i64]) -> Option<f64> {
    if occupied_at_quarter_ends.len() < 2 {
        return None;
    }
    let first = occupied_at_quarter_ends[0];
    let last = *occupied_at_quarter_ends.last()?;
    let quarters = (occupied_at_quarter_ends.len() - 1) as f64;
    let per_month = (last - first) as f64 / (quarters * 3.0);
    if per_month <= 0.0 {
        return None;
    }
    Some(free_m2.max(0) as f64 / per_month)
}

/// Jobs to add each year from `as_of` to the end of 2030 to reach the target.
pub fn yearly_pace_needed(jobs_now: i64, as_of: NaiveDate) -> Option<f64> {
    let end = NaiveDate::from_ymd_opt(2030, 12, 31)?;
    let years = (end - as_of).num_days() as f64 / 365.25;
    if years <= 0.0 {
        return None;
    }
    Some(((TARGET_JOBS_2030 - jobs_now).max(0)) as f64 / years)
}

/// A figure as the public may see it: the value, or the fact that it covers
/// fewer than `MIN_TENANTS_SHOWN` tenants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shown<T> {
    Value(T),
    FewerThan3Tenants,
}

/// Primary suppression: a figure covering 1 or 2 tenants is hidden (0
/// tenants is a true zero, shown). Exact viewers (managers, admins) see all.
pub fn suppress<T>(value: T, tenants: usize, exact: bool) -> Shown<T> {
    if exact || tenants == 0 || tenants >= MIN_TENANTS_SHOWN {
        Shown::Value(value)
    } else {
        Shown::FewerThan3Tenants
    }
}

/// Complementary suppression across parts that add up to a shown total:
/// when exactly one part is hidden, it could be recovered by subtraction,
/// so the smallest other non-zero part is hidden too. Returns which parts to
/// hide, given each part's value and tenant count.
pub fn cells_to_hide(parts: &[(i64, usize)], exact: bool) -> Vec<bool> {
    let mut hide: Vec<bool> = parts
        .iter()
        .map(|(_, tenants)| !exact && *tenants > 0 && *tenants < MIN_TENANTS_SHOWN)
        .collect();
    if hide.iter().filter(|h| **h).count() == 1
        && let Some((i, _)) = parts
            .iter()
            .enumerate()
            .filter(|(i, (v, t))| !hide[*i] && *t > 0 && *v > 0)
            .min_by_key(|(_, (v, _))| *v)
    {
        hide[i] = true;
    }
    hide
}

/// Regional top-ups of the Offshoring Offer, from `server/data/incentives.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionalTopUp {
    pub region_code: String,
    /// MAD per job created, paid once.
    pub per_job_mad: i64,
    /// Equipment subsidy in percent of the investment, and its cap in MAD.
    pub equipment_pct: f64,
    pub equipment_cap_mad: i64,
    pub note: String,
}

/// The training bonus (PAF): 3.5% of gross annual taxable pay per new
/// Moroccan recruit, yearly, for 5 years.
pub const PAF_RATE: f64 = 0.035;
pub const PAF_YEARS: i64 = 5;

#[derive(Debug, Clone, PartialEq)]
pub struct IncentiveEstimate {
    pub paf_per_year_mad: i64,
    pub paf_total_mad: i64,
    pub regional_per_job_mad: i64,
    pub equipment_subsidy_mad: i64,
    pub total_mad: i64,
}

/// An indicative estimate, never an entitlement: the rules and amounts are
/// set by the State's conventions.
pub fn estimate_incentives(
    recruits: i64,
    gross_annual_pay_mad: i64,
    equipment_investment_mad: i64,
    top_up: Option<&RegionalTopUp>,
) -> IncentiveEstimate {
    let paf_per_year = (recruits as f64 * gross_annual_pay_mad as f64 * PAF_RATE).round() as i64;
    let paf_total = paf_per_year * PAF_YEARS;
    let regional = top_up.map_or(0, |t| t.per_job_mad * recruits);
    let equipment = top_up.map_or(0, |t| {
        ((equipment_investment_mad as f64 * t.equipment_pct / 100.0).round() as i64)
            .min(t.equipment_cap_mad)
    });
    IncentiveEstimate {
        paf_per_year_mad: paf_per_year,
        paf_total_mad: paf_total,
        regional_per_job_mad: regional,
        equipment_subsidy_mad: equipment,
        total_mad: paf_total + regional + equipment,
    }
}

/// Where a commitment stands: jobs expected by now on a straight line from
/// the start to the deadline, and whether the tenant is behind that pace.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CommitmentProgress {
    pub expected_now: i64,
    pub actual: i64,
    pub behind: bool,
}

pub fn commitment_progress(
    committed_jobs: i64,
    start: NaiveDate,
    deadline: NaiveDate,
    today: NaiveDate,
    actual: i64,
) -> CommitmentProgress {
    let span = (deadline - start).num_days().max(1) as f64;
    let elapsed = (today - start)
        .num_days()
        .clamp(0, (deadline - start).num_days().max(0)) as f64;
    let expected = (committed_jobs as f64 * elapsed / span).floor() as i64;
    CommitmentProgress {
        expected_now: expected,
        actual,
        behind: actual < expected,
    }
}

/// Plausibility of a declaration: reasons to ask for a comment, never to refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// More than one job per 4 m² of leased area.
    Density,
    /// More than 50% up or down on the previous quarter.
    Change,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Density => "density",
            Self::Change => "change",
        }
    }
}

pub fn plausibility(headcount: i64, leased_m2: i64, previous: Option<i64>) -> Vec<Flag> {
    let mut flags = Vec::new();
    if headcount * 4 > leased_m2 {
        flags.push(Flag::Density);
    }
    if let Some(prev) = previous
        && prev > 0
        && ((headcount - prev).abs() as f64) > prev as f64 * 0.5
    {
        flags.push(Flag::Change);
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_concentration_index_matches_a_hand_worked_example() {
        // 60%, 30% and 10% of 1,000 jobs: 3,600 + 900 + 100 = 4,600.
        assert_eq!(hhi(&[600, 300, 100, 0]), Some(4_600.0));
        // all in one region
        assert_eq!(hhi(&[0, 5_000]), Some(10_000.0));
        // spread evenly over four regions: 4 × 25² = 2,500
        assert_eq!(hhi(&[10, 10, 10, 10]), Some(2_500.0));
        assert_eq!(hhi(&[0, 0]), None);
    }

    #[test]
    fn months_of_supply_divide_free_space_by_the_recent_monthly_absorption() {
        // 1,200 m² absorbed over 4 quarters = 100 m²/month; 3,000 m² free: 30 months.
        assert_eq!(
            months_of_supply(3_000, &[10_000, 10_300, 10_600, 10_900, 11_200]),
            Some(30.0)
        );
        assert_eq!(months_of_supply(3_000, &[10_000, 9_000]), None, "shrinking");
        assert_eq!(months_of_supply(3_000, &[10_000]), None);
    }

    #[test]
    fn the_pace_to_2030_spreads_the_gap_over_the_years_left() {
        let pace = yearly_pace_needed(148_500, d(2024, 12, 31)).unwrap();
        // 121,500 jobs over 6 years
        assert!((pace - 20_250.0).abs() < 10.0, "{pace}");
        assert_eq!(yearly_pace_needed(300_000, d(2026, 1, 1)), Some(0.0));
    }

    #[test]
    fn fewer_than_three_tenants_are_hidden_from_the_public_and_cannot_be_recovered() {
        assert_eq!(suppress(120, 2, false), Shown::FewerThan3Tenants);
        assert_eq!(suppress(120, 2, true), Shown::Value(120));
        assert_eq!(suppress(120, 3, false), Shown::Value(120));
        assert_eq!(suppress(0, 0, false), Shown::Value(0));
        // one small region hidden: the next smallest is hidden too
        let hide = cells_to_hide(&[(500, 10), (40, 1), (300, 5), (200, 4), (0, 0)], false);
        assert_eq!(hide, [false, true, false, true, false]);
        // two hidden already protect each other
        let hide = cells_to_hide(&[(500, 10), (40, 1), (30, 2)], false);
        assert_eq!(hide, [false, true, true]);
        assert_eq!(cells_to_hide(&[(40, 1), (500, 9)], true), [false, false]);
    }

    #[test]
    fn the_incentive_estimate_adds_five_years_of_training_bonus_and_the_regional_top_ups() {
        let oriental = RegionalTopUp {
            region_code: "02".into(),
            per_job_mad: 6_000,
            equipment_pct: 20.0,
            equipment_cap_mad: 100_000,
            note: String::new(),
        };
        let e = estimate_incentives(100, 120_000, 1_000_000, Some(&oriental));
        assert_eq!(e.paf_per_year_mad, 420_000); // 100 × 120,000 × 3.5%
        assert_eq!(e.paf_total_mad, 2_100_000);
        assert_eq!(e.regional_per_job_mad, 600_000);
        assert_eq!(e.equipment_subsidy_mad, 100_000, "20% capped at 100,000");
        assert_eq!(e.total_mad, 2_800_000);
        assert_eq!(estimate_incentives(10, 100_000, 0, None).total_mad, 175_000);
    }

    #[test]
    fn a_commitment_is_behind_when_below_the_straight_line() {
        // 100 jobs within 2 years of a move-in on 2025-01-01; a year later 50 are expected.
        let p = commitment_progress(100, d(2025, 1, 1), d(2027, 1, 1), d(2026, 1, 1), 40);
        assert_eq!(p.expected_now, 50);
        assert!(p.behind);
        let p = commitment_progress(100, d(2025, 1, 1), d(2027, 1, 1), d(2026, 1, 1), 60);
        assert!(!p.behind);
        let after = commitment_progress(100, d(2025, 1, 1), d(2027, 1, 1), d(2028, 1, 1), 99);
        assert_eq!(after.expected_now, 100);
        assert!(after.behind);
    }

    #[test]
    fn implausible_figures_are_flagged_not_refused() {
        assert_eq!(plausibility(100, 400, None), Vec::<Flag>::new());
        assert_eq!(plausibility(101, 400, None), [Flag::Density]);
        assert_eq!(plausibility(100, 1_000, Some(60)), [Flag::Change]);
        assert_eq!(plausibility(100, 1_000, Some(70)), Vec::<Flag>::new());
        assert_eq!(plausibility(30, 1_000, Some(70)), [Flag::Change]);
    }
}
