//! Regional balance (layer: domain; pure): the measures the State follows,
//! computed from per-region inputs for one quarter. Small cells are hidden by
//! `domain::disclosure`'s plan of the quarter; the concentration index, months of supply, the pace to the 2030 target and
//! the indicative incentive estimate live here, with hand-worked tests, and
//! `roll_up`, which derives the whole balance view from loaded rows.
use std::collections::{BTreeMap, BTreeSet};

use app::model::{
    BalanceView, Cell, HhiPoint, LocalizedText, NationalBalance, ParkBalance, Quarter,
    RegionBalance, RegionCode,
};
use chrono::NaiveDate;

use crate::domain::disclosure::{self, Plan};
use crate::domain::figures::{BuildingSpec, SpaceFigures, park_figures};
use crate::domain::jobs::{ReportHeadcount, last_complete_quarter, quarter_by_park};
use crate::domain::occupancy::{LeaseEvent, leases_at};

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

/// Quarters in the concentration trend.
pub const TREND_QUARTERS: usize = 8;
/// Quarter ends over which the months of supply are measured (this one and four before).
const SUPPLY_QUARTERS: usize = 5;

/// A park as the balance needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct BalancePark {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub region_code: RegionCode,
    pub is_demo: bool,
}

/// A region as the balance needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceRegion {
    pub code: RegionCode,
    pub name: LocalizedText,
    pub population_2024: i64,
}

/// Everything the balance is derived from.
#[derive(Debug, Clone, Copy)]
pub struct BalanceInput<'a> {
    pub parks: &'a [BalancePark],
    pub regions: &'a [BalanceRegion],
    pub buildings: &'a [BuildingSpec],
    pub events: &'a [LeaseEvent],
    pub reports: &'a [ReportHeadcount],
    /// Tenants who agreed to publish their own headcount.
    pub published: &'a BTreeSet<i32>,
    /// Some building is demo data.
    pub demo_buildings: bool,
}

/// What to compute: the quarter, for whom (`exact`: no suppression, for
/// admins; a manager's own parks are revealed afterwards, `reveal_parks`), and today.
#[derive(Debug, Clone, Copy)]
pub struct BalanceAsk {
    pub quarter: Quarter,
    pub exact: bool,
    pub today: NaiveDate,
}

/// A region's sums over its parks.
#[derive(Debug, Clone, Copy, Default)]
struct RegionSums {
    jobs: i64,
    tenants: usize,
    parks: i64,
    floor_area_m2: i64,
    occupied_m2: i64,
    free_m2: i64,
}

/// The regional balance of one quarter: jobs of the latest validated
/// revisions per park, then per region by summing parks (totals agree by
/// construction), small cells hidden unless `exact`, space at the quarter's
/// end (or today, if sooner), the concentration trend and national totals.
pub fn roll_up(input: &BalanceInput<'_>, ask: BalanceAsk) -> BalanceView {
    let as_of = ask.quarter.last_day().min(ask.today);
    let space = space_at(input, as_of);
    let jobs = quarter_by_park(input.reports, ask.quarter);
    let sums = region_sums(input, &jobs, &space);
    let plan = plan_of(input, ask.quarter, ask.exact);
    let national_jobs: i64 = jobs.values().map(|(j, _)| j).sum();
    let nation_hidden = plan.nation_hidden();
    let national_jobs_shown = if nation_hidden { 0 } else { national_jobs };
    let by_region_shown = !plan.any_region_hidden() && !nation_hidden;
    let national_tenants: usize = jobs.values().map(|(_, t)| t).sum();
    let per_now = jobs_per_region(input, ask.quarter);
    let national_space = space.values().fold((0, 0, 0), |acc, f| {
        (
            acc.0 + f.floor_area_m2,
            acc.1 + f.occupied_m2,
            acc.2 + f.available_m2(),
        )
    });
    BalanceView {
        quarter: ask.quarter,
        as_of,
        quarters: quarters_offered(input.reports, ask.today),
        exact: ask.exact,
        revealed_parks: Vec::new(),
        regions: region_rows(input, ask, &sums, national_jobs, &plan),
        parks: park_rows(input, &jobs, &space, &plan),
        national: NationalBalance {
            jobs: national_jobs_shown,
            jobs_suppressed: nation_hidden,
            tenants_reporting: national_tenants as i64,
            target_2030: TARGET_JOBS_2030,
            progress_pct: national_jobs_shown as f64 * 100.0 / TARGET_JOBS_2030 as f64,
            yearly_pace_needed: yearly_pace_needed(national_jobs, as_of).filter(|_| !nation_hidden),
            share_outside_axis_pct: outside_axis(&per_now, national_jobs)
                .filter(|_| by_region_shown),
            hhi: hhi(&per_now.values().copied().collect::<Vec<_>>()).filter(|_| by_region_shown),
            floor_area_m2: national_space.0,
            occupied_m2: national_space.1,
            free_m2: national_space.2,
        },
        trend: trend(input, ask.quarter, ask.exact),
        demo: input.parks.iter().any(|p| p.is_demo) || input.demo_buildings,
    }
}

/// What the public may not see of a quarter (nothing hidden for exact viewers).
fn plan_of(input: &BalanceInput<'_>, quarter: Quarter, exact: bool) -> Plan {
    if exact {
        return Plan::default();
    }
    let places: Vec<(i32, &str)> = input
        .parks
        .iter()
        .map(|p| (p.id, p.region_code.as_str()))
        .collect();
    disclosure::plan(
        &places,
        &disclosure::figures_of(input.reports, quarter, input.published),
    )
}

/// A public balance with the exact park rows of `parks` (slugs) put back: a
/// park manager's view, who may see their own parks exactly and every other
/// figure as the public does. `exact` is the same quarter's exact balance.
pub fn reveal_parks(
    mut public: BalanceView,
    exact: &BalanceView,
    parks: &BTreeSet<String>,
) -> BalanceView {
    for row in &mut public.parks {
        if parks.contains(&row.slug)
            && let Some(e) = exact.parks.iter().find(|e| e.slug == row.slug)
        {
            row.jobs = e.jobs;
            public.revealed_parks.push(row.slug.clone());
        }
    }
    public
}

/// Every park's space figures at a date.
fn space_at(input: &BalanceInput<'_>, date: NaiveDate) -> BTreeMap<i32, SpaceFigures> {
    park_figures(input.buildings, &leases_at(input.events, date), date)
}

fn cell(value: i64, hide: bool) -> Cell {
    Cell {
        value: (!hide).then_some(value),
        suppressed: hide,
    }
}

fn park_rows(
    input: &BalanceInput<'_>,
    jobs: &BTreeMap<i32, (i64, usize)>,
    space: &BTreeMap<i32, SpaceFigures>,
    plan: &Plan,
) -> Vec<ParkBalance> {
    input
        .parks
        .iter()
        .map(|p| {
            let (j, t) = jobs.get(&p.id).copied().unwrap_or((0, 0));
            let hide = plan.park_hidden(p.id);
            let f = space.get(&p.id).copied().unwrap_or_default();
            ParkBalance {
                slug: p.slug.clone(),
                name: p.name.clone(),
                region_code: p.region_code.clone(),
                floor_area_m2: f.floor_area_m2,
                occupied_m2: f.occupied_m2,
                free_m2: f.available_m2(),
                jobs: cell(j, hide),
                tenants_reporting: t as i64,
            }
        })
        .collect()
}

fn region_sums<'a>(
    input: &BalanceInput<'a>,
    jobs: &BTreeMap<i32, (i64, usize)>,
    space: &BTreeMap<i32, SpaceFigures>,
) -> BTreeMap<&'a str, RegionSums> {
    let mut out: BTreeMap<&str, RegionSums> = BTreeMap::new();
    for p in input.parks {
        let e = out.entry(p.region_code.as_str()).or_default();
        let (j, t) = jobs.get(&p.id).copied().unwrap_or((0, 0));
        let f = space.get(&p.id).copied().unwrap_or_default();
        e.jobs += j;
        e.tenants += t;
        e.parks += 1;
        e.floor_area_m2 += f.floor_area_m2;
        e.occupied_m2 += f.occupied_m2;
        e.free_m2 += f.available_m2();
    }
    out
}

/// Occupied area per region at the end of this quarter and the four before, oldest first.
fn occupied_history<'a>(input: &BalanceInput<'a>, ask: BalanceAsk) -> BTreeMap<&'a str, Vec<i64>> {
    let region_of = park_regions(input);
    let mut ends = Vec::new();
    let mut q = ask.quarter;
    for _ in 0..SUPPLY_QUARTERS {
        ends.push(q.last_day().min(ask.today));
        q = q.prev();
    }
    ends.reverse();
    let mut out: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for end in ends {
        let mut per_region: BTreeMap<&str, i64> = BTreeMap::new();
        for (park_id, f) in space_at(input, end) {
            if let Some(code) = region_of.get(&park_id) {
                *per_region.entry(code).or_default() += f.occupied_m2;
            }
        }
        for r in input.regions {
            out.entry(r.code.as_str())
                .or_default()
                .push(per_region.get(r.code.as_str()).copied().unwrap_or(0));
        }
    }
    out
}

fn park_regions<'a>(input: &BalanceInput<'a>) -> BTreeMap<i32, &'a str> {
    input
        .parks
        .iter()
        .map(|p| (p.id, p.region_code.as_str()))
        .collect()
}

fn region_rows(
    input: &BalanceInput<'_>,
    ask: BalanceAsk,
    sums: &BTreeMap<&str, RegionSums>,
    national_jobs: i64,
    plan: &Plan,
) -> Vec<RegionBalance> {
    let history = occupied_history(input, ask);
    input
        .regions
        .iter()
        .map(|r| {
            let hide = &plan.region_hidden(r.code.as_str());
            let e = sums.get(r.code.as_str()).copied().unwrap_or_default();
            RegionBalance {
                code: r.code.clone(),
                name: r.name.clone(),
                population_2024: r.population_2024,
                parks: e.parks,
                floor_area_m2: e.floor_area_m2,
                occupied_m2: e.occupied_m2,
                free_m2: e.free_m2,
                jobs: cell(e.jobs, *hide),
                tenants_reporting: e.tenants as i64,
                jobs_per_10k: if *hide {
                    None
                } else {
                    per_10k(e.jobs, r.population_2024)
                },
                // a share of a hidden national total would give it away
                share_of_national_pct: if *hide || plan.nation_hidden() {
                    None
                } else {
                    share_pct(e.jobs, national_jobs)
                },
                months_of_supply: months_of_supply(
                    e.free_m2,
                    history
                        .get(r.code.as_str())
                        .map_or(&[][..], |v| v.as_slice()),
                ),
            }
        })
        .collect()
}

/// Validated jobs of a quarter per region code.
fn jobs_per_region<'a>(input: &BalanceInput<'a>, q: Quarter) -> BTreeMap<&'a str, i64> {
    let region_of = park_regions(input);
    let mut per: BTreeMap<&str, i64> = BTreeMap::new();
    for (park, (j, _)) in quarter_by_park(input.reports, q) {
        if let Some(code) = region_of.get(&park) {
            *per.entry(code).or_default() += j;
        }
    }
    per
}

/// The share of jobs outside the Casablanca-Rabat axis.
fn outside_axis(per_region: &BTreeMap<&str, i64>, total: i64) -> Option<f64> {
    let axis: i64 = AXIS_REGIONS.iter().filter_map(|c| per_region.get(c)).sum();
    share_pct(total - axis, total)
}

/// The concentration of jobs over the last quarters, oldest first. For the
/// public, a quarter with a hidden region has no index and no share outside
/// the axis: with the shown regions they would give the hidden ones away.
fn trend(input: &BalanceInput<'_>, quarter: Quarter, exact: bool) -> Vec<HhiPoint> {
    let mut out = Vec::new();
    let mut q = quarter;
    for _ in 0..TREND_QUARTERS {
        let per = jobs_per_region(input, q);
        let total = per.values().sum();
        let plan = plan_of(input, q, exact);
        let shown = !plan.any_region_hidden() && !plan.nation_hidden();
        out.push(HhiPoint {
            quarter: q,
            hhi: hhi(&per.values().copied().collect::<Vec<_>>()).filter(|_| shown),
            jobs: if plan.nation_hidden() { 0 } else { total },
            share_outside_axis_pct: outside_axis(&per, total).filter(|_| shown),
        });
        q = q.prev();
    }
    out.reverse();
    out
}

/// The quarters one may ask for, newest first: those with reports and the
/// last complete one, if they have started.
fn quarters_offered(reports: &[ReportHeadcount], today: NaiveDate) -> Vec<Quarter> {
    let mut quarters: BTreeSet<Quarter> = reports.iter().map(|r| r.quarter).collect();
    quarters.insert(last_complete_quarter(today));
    quarters
        .into_iter()
        .rev()
        .filter(|q| q.first_day() <= today)
        .collect()
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

#[cfg(test)]
mod roll_up_tests {
    use super::*;
    use crate::domain::occupancy::EventId;
    use app::model::LeaseKind;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn q(y: i32, n: u8) -> Quarter {
        Quarter::new(y, n).unwrap()
    }

    fn park(id: i32, region: &str) -> BalancePark {
        BalancePark {
            id,
            slug: format!("p{id}"),
            name: format!("Park {id}"),
            region_code: RegionCode::parse(region).unwrap(),
            is_demo: false,
        }
    }

    fn region(code: &str, population_2024: i64) -> BalanceRegion {
        BalanceRegion {
            code: RegionCode::parse(code).unwrap(),
            name: LocalizedText::default(),
            population_2024,
        }
    }

    fn report(
        tenant_id: i32,
        park_id: i32,
        quarter: Quarter,
        revision: i32,
        validated: bool,
        headcount: i64,
    ) -> ReportHeadcount {
        ReportHeadcount {
            tenant_id,
            park_id,
            quarter,
            revision,
            validated,
            headcount,
        }
    }

    struct World {
        parks: Vec<BalancePark>,
        regions: Vec<BalanceRegion>,
        buildings: Vec<BuildingSpec>,
        events: Vec<LeaseEvent>,
        reports: Vec<ReportHeadcount>,
        published: BTreeSet<i32>,
    }

    impl World {
        /// Park 1 in Casablanca-Settat with three reporting tenants, park 2
        /// in Rabat with one, park 3 in Fès with three.
        fn new() -> Self {
            let q3 = q(2026, 3);
            let mut reports = Vec::new();
            for t in 1..=3 {
                reports.push(report(t, 1, q3, 1, true, 100));
            }
            // a correction: only the latest revision counts
            reports.push(report(1, 1, q3, 2, true, 150));
            reports.push(report(4, 2, q3, 1, true, 40));
            for t in 5..=7 {
                reports.push(report(t, 3, q3, 1, true, 10));
            }
            // not validated: does not count
            reports.push(report(8, 3, q3, 1, false, 1_000));
            // another quarter: does not count in this one
            reports.push(report(2, 1, q(2026, 2), 1, true, 999));
            Self {
                parks: vec![park(1, "06"), park(2, "04"), park(3, "03")],
                regions: vec![
                    region("03", 4_000_000),
                    region("04", 5_000_000),
                    region("06", 7_000_000),
                ],
                buildings: vec![BuildingSpec {
                    id: 10,
                    park_id: 1,
                    floor_area_m2: 1_000,
                    seats: 100,
                    delivery_date: None,
                }],
                events: vec![LeaseEvent {
                    id: EventId::Recorded(1),
                    building_id: 10,
                    tenant_id: 1,
                    kind: LeaseKind::MoveIn,
                    area_m2: 400,
                    seats: 40,
                    effective_date: d(2026, 9, 1),
                }],
                reports,
                published: BTreeSet::new(),
            }
        }

        fn input(&self) -> BalanceInput<'_> {
            BalanceInput {
                parks: &self.parks,
                regions: &self.regions,
                buildings: &self.buildings,
                events: &self.events,
                reports: &self.reports,
                published: &self.published,
                demo_buildings: false,
            }
        }
    }

    fn ask(exact: bool) -> BalanceAsk {
        BalanceAsk {
            quarter: q(2026, 3),
            exact,
            today: d(2026, 11, 29),
        }
    }

    #[test]
    fn jobs_count_the_latest_validated_revision_of_the_quarter_asked() {
        let w = World::new();
        let view = roll_up(&w.input(), ask(true));
        let p1 = &view.parks[0];
        assert_eq!(p1.jobs.value, Some(350), "150 + 100 + 100");
        assert_eq!(p1.tenants_reporting, 3);
        assert_eq!(view.national.jobs, 350 + 40 + 30);
        assert_eq!(view.as_of, d(2026, 9, 30));
    }

    #[test]
    fn small_cells_are_hidden_from_the_public_with_a_complementary_cell() {
        let w = World::new();
        let public = roll_up(&w.input(), ask(false));
        // park 2 has one tenant: hidden, and the smallest other (park 3) with it
        assert!(public.parks[1].jobs.suppressed);
        assert!(public.parks[2].jobs.suppressed);
        assert_eq!(public.parks[0].jobs.value, Some(350));
        let rabat = public
            .regions
            .iter()
            .find(|r| r.code.as_str() == "04")
            .unwrap();
        assert!(rabat.jobs.suppressed);
        assert_eq!(rabat.jobs_per_10k, None);
        // the national total is always shown
        assert_eq!(public.national.jobs, 420);
        let exact = roll_up(&w.input(), ask(true));
        assert!(exact.parks.iter().all(|p| !p.jobs.suppressed));
    }

    #[test]
    fn a_park_hidden_within_its_region_takes_the_regions_smallest_other_park_with_it() {
        let mut w = World::new();
        // Two more parks in Casablanca-Settat: park 4 with one tenant, park 5 with three.
        w.parks.push(park(4, "06"));
        w.parks.push(park(5, "06"));
        w.reports.push(report(20, 4, q(2026, 3), 1, true, 4_271));
        for t in 21..=23 {
            w.reports.push(report(t, 5, q(2026, 3), 1, true, 20));
        }
        let public = roll_up(&w.input(), ask(false));
        let casa = public
            .regions
            .iter()
            .find(|r| r.code.as_str() == "06")
            .unwrap();
        assert_eq!(casa.jobs.value, Some(350 + 4_271 + 60), "7 tenants: shown");
        let by_id = |id: i32| &public.parks[w.parks.iter().position(|p| p.id == id).unwrap()];
        assert!(by_id(4).jobs.suppressed);
        assert!(
            by_id(5).jobs.suppressed,
            "the smallest other park of the region"
        );
        assert_eq!(by_id(1).jobs.value, Some(350));
        // the region minus its shown parks is 4,331: not park 4's 4,271
        assert_ne!(casa.jobs.value.unwrap() - 350, 4_271);
        assert_eq!(
            public.national.hhi, None,
            "a region is hidden: no index for the public"
        );
        assert!(roll_up(&w.input(), ask(true)).national.hhi.is_some());
    }

    #[test]
    fn a_manager_gets_their_own_parks_exactly_and_the_rest_as_the_public() {
        let w = World::new();
        let public = roll_up(&w.input(), ask(false));
        let exact = roll_up(&w.input(), ask(true));
        let mine: BTreeSet<String> = ["p2".to_string()].into();
        let view = reveal_parks(public.clone(), &exact, &mine);
        assert_eq!(view.parks[1].jobs.value, Some(40), "their own park");
        assert!(view.parks[2].jobs.suppressed, "another operator's park");
        assert_eq!(view.revealed_parks, ["p2"], "said which rows are exact");
        assert!(public.revealed_parks.is_empty());
        assert_eq!(
            view.regions, public.regions,
            "regions as the public sees them"
        );
    }

    #[test]
    fn a_national_total_that_would_give_a_tenant_away_is_hidden_from_the_public() {
        let mut w = World::new();
        // every tenant but tenant 4 (park 2, 40 jobs) publishes its figure
        w.published = (1..=8).filter(|t| *t != 4).collect();
        let public = roll_up(&w.input(), ask(false));
        assert!(public.national.jobs_suppressed);
        assert_eq!(public.national.jobs, 0);
        assert_eq!(public.national.yearly_pace_needed, None);
        assert_eq!(public.trend.last().unwrap().jobs, 0);
        let exact = roll_up(&w.input(), ask(true));
        assert!(!exact.national.jobs_suppressed);
        assert_eq!(exact.national.jobs, 420);
    }

    #[test]
    fn regions_sum_their_parks_and_the_nation_sums_the_regions() {
        let w = World::new();
        let view = roll_up(&w.input(), ask(true));
        let casa = view
            .regions
            .iter()
            .find(|r| r.code.as_str() == "06")
            .unwrap();
        assert_eq!((casa.parks, casa.jobs.value), (1, Some(350)));
        assert_eq!(
            (casa.floor_area_m2, casa.occupied_m2, casa.free_m2),
            (1_000, 400, 600)
        );
        let total: i64 = view.regions.iter().filter_map(|r| r.jobs.value).sum();
        assert_eq!(total, view.national.jobs);
        assert_eq!(view.national.free_m2, 600);
        // 30 of 420 jobs are outside the axis (Fès)
        let outside = view.national.share_outside_axis_pct.unwrap();
        assert!((outside - 30.0 * 100.0 / 420.0).abs() < 1e-9, "{outside}");
    }

    #[test]
    fn the_trend_covers_eight_quarters_ending_with_the_one_asked() {
        let w = World::new();
        let view = roll_up(&w.input(), ask(true));
        assert_eq!(view.trend.len(), TREND_QUARTERS);
        assert_eq!(view.trend.last().unwrap().quarter, q(2026, 3));
        assert_eq!(view.trend.last().unwrap().jobs, 420);
        assert_eq!(view.trend[6].jobs, 999);
        assert_eq!(view.quarters, vec![q(2026, 3), q(2026, 2)]);
    }
}
