//! Which declared job figures count: validated reports only, the latest
//! revision of each, and quarters that are over.
use std::collections::BTreeMap;

use app::model::Quarter;
use chrono::NaiveDate;

/// A report's headcount (full time + part time, all activity lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportHeadcount {
    pub tenant_id: i32,
    pub park_id: i32,
    pub quarter: Quarter,
    pub revision: i32,
    pub validated: bool,
    pub headcount: i64,
}

/// The latest quarter that is over at `date` (a quarter counts on its last day).
pub fn last_complete_quarter(date: NaiveDate) -> Quarter {
    let q = Quarter::containing(date);
    if date >= q.last_day() { q } else { q.prev() }
}

/// Validated reports of complete quarters, one per (tenant, park, quarter): the highest revision.
fn counted(
    reports: &[ReportHeadcount],
    as_of: NaiveDate,
) -> BTreeMap<(i32, i32, Quarter), ReportHeadcount> {
    let up_to = last_complete_quarter(as_of);
    let mut out: BTreeMap<(i32, i32, Quarter), ReportHeadcount> = BTreeMap::new();
    for r in reports.iter().filter(|r| r.validated && r.quarter <= up_to) {
        let key = (r.tenant_id, r.park_id, r.quarter);
        match out.get(&key) {
            Some(existing) if existing.revision >= r.revision => {}
            _ => {
                out.insert(key, *r);
            }
        }
    }
    out
}

/// The latest complete quarter with validated reports among `reports`, and
/// their total headcount for that quarter. Used at every level (park, region,
/// nation) over the reports in scope, so one figure never mixes quarters.
pub fn latest_total(reports: &[ReportHeadcount], as_of: NaiveDate) -> Option<(Quarter, i64)> {
    let counted = counted(reports, as_of);
    let latest = counted.values().map(|r| r.quarter).max()?;
    let total = counted
        .values()
        .filter(|r| r.quarter == latest)
        .map(|r| r.headcount)
        .sum();
    Some((latest, total))
}

/// The validated jobs of one quarter per park: the highest validated
/// revision of each tenant's report, and how many tenants they cover.
/// Summing parks gives a region, summing regions the nation: one rule for all.
pub fn quarter_by_park(
    reports: &[ReportHeadcount],
    quarter: Quarter,
) -> BTreeMap<i32, (i64, usize)> {
    let mut out: BTreeMap<i32, (i64, usize)> = BTreeMap::new();
    for r in latest_of_quarter(reports, quarter) {
        let entry = out.entry(r.park_id).or_default();
        entry.0 += r.headcount;
        entry.1 += 1;
    }
    out
}

/// The reports that count for a quarter: the highest validated revision of
/// each (park, tenant), in (park, tenant) order.
pub fn latest_of_quarter(reports: &[ReportHeadcount], quarter: Quarter) -> Vec<ReportHeadcount> {
    let mut latest: BTreeMap<(i32, i32), ReportHeadcount> = BTreeMap::new();
    for r in reports
        .iter()
        .filter(|r| r.validated && r.quarter == quarter)
    {
        let key = (r.park_id, r.tenant_id);
        match latest.get(&key) {
            Some(existing) if existing.revision >= r.revision => {}
            _ => {
                latest.insert(key, *r);
            }
        }
    }
    latest.into_values().collect()
}

/// Each tenant's latest validated figure per park.
pub fn latest_per_tenant(
    reports: &[ReportHeadcount],
    as_of: NaiveDate,
) -> BTreeMap<(i32, i32), (Quarter, i64)> {
    let mut out: BTreeMap<(i32, i32), (Quarter, i64)> = BTreeMap::new();
    for r in counted(reports, as_of).into_values() {
        let entry = out
            .entry((r.tenant_id, r.park_id))
            .or_insert((r.quarter, r.headcount));
        if r.quarter > entry.0 {
            *entry = (r.quarter, r.headcount);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(year: i32, quarter: u8) -> Quarter {
        Quarter::new(year, quarter).unwrap()
    }

    fn r(
        tenant: i32,
        quarter: Quarter,
        revision: i32,
        validated: bool,
        headcount: i64,
    ) -> ReportHeadcount {
        ReportHeadcount {
            tenant_id: tenant,
            park_id: 1,
            quarter,
            revision,
            validated,
            headcount,
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_quarter_counts_once_it_is_over() {
        assert_eq!(last_complete_quarter(day(2026, 11, 29)), q(2026, 3));
        assert_eq!(last_complete_quarter(day(2026, 12, 31)), q(2026, 4));
        assert_eq!(last_complete_quarter(day(2026, 1, 1)), q(2025, 4));
    }

    #[test]
    fn the_total_is_the_latest_validated_quarter_and_never_mixes_quarters() {
        let reports = [
            r(1, q(2026, 2), 1, true, 100),
            r(2, q(2026, 2), 1, true, 50),
            r(1, q(2026, 3), 1, true, 120),
            r(2, q(2026, 3), 1, false, 999), // submitted, not validated
            r(3, q(2026, 4), 1, true, 10),   // quarter not over on 29 Nov 2026
        ];
        assert_eq!(
            latest_total(&reports, day(2026, 11, 29)),
            Some((q(2026, 3), 120))
        );
        assert_eq!(
            latest_total(&reports, day(2026, 8, 1)),
            Some((q(2026, 2), 150)),
            "replay of a past date"
        );
        assert_eq!(latest_total(&[], day(2026, 8, 1)), None);
    }

    #[test]
    fn a_correction_replaces_the_original_in_the_totals() {
        let reports = [
            r(1, q(2026, 3), 1, true, 100),
            r(1, q(2026, 3), 2, true, 90),
        ];
        assert_eq!(
            latest_total(&reports, day(2026, 11, 29)),
            Some((q(2026, 3), 90))
        );
    }

    #[test]
    fn each_tenant_keeps_its_own_latest_figure() {
        let reports = [
            r(1, q(2026, 2), 1, true, 100),
            r(1, q(2026, 3), 1, true, 110),
            r(2, q(2025, 4), 1, true, 30),
        ];
        let latest = latest_per_tenant(&reports, day(2026, 11, 29));
        assert_eq!(latest[&(1, 1)], (q(2026, 3), 110));
        assert_eq!(latest[&(2, 1)], (q(2025, 4), 30));
    }
}
