//! The views of the regional balance shared by the balance page and the
//! printable report (layer: app UI): the national panel, the regions table,
//! the concentration table, job cells and how to read them.
use leptos::prelude::*;

use crate::components::charts::ProgressBar;
use crate::components::figures::Stat;
use crate::components::layout::use_locale;
use crate::i18n::balance::{balance_strings, hhi_level};
use crate::i18n::format::{decimal, pct1};
use crate::i18n::{Locale, fill};
use crate::model::{BalanceView, Cell, HhiPoint, NationalBalance, RegionBalance};

/// "Quarter Q3 2026, as of 30 Sep 2026": the date every figure of the page speaks of.
pub fn dated(locale: Locale, view: &BalanceView) -> String {
    fill(
        balance_strings(locale).quarter_as_of,
        &[
            ("quarter", &locale.quarter(view.quarter)),
            ("date", &locale.date(view.as_of)),
        ],
    )
}

/// The national figures: jobs against the 2030 target, the pace needed, the
/// share outside the Casablanca-Rabat axis and the concentration index.
#[component]
pub fn NationalPanel(national: NationalBalance, as_of: String) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let n = &national;
    let reporting = fill(
        s.tenants_reporting,
        &[("n", &locale.int(n.tenants_reporting))],
    );
    let pace = n
        .yearly_pace_needed
        .filter(|p| *p > 0.0)
        .map(|p| locale.int(p.round() as i64));
    let pace_note = if pace.is_some() {
        s.pace_unit.to_string()
    } else {
        s.pace_none.to_string()
    };
    let outside = n
        .share_outside_axis_pct
        .map(|p| pct1(locale, p))
        .unwrap_or_else(|| "—".into());
    let hhi = n
        .hhi
        .map(|h| decimal(locale, h, 0))
        .unwrap_or_else(|| "—".into());
    let hhi_note = n
        .hhi
        .map(|h| hhi_level(s, h).to_string())
        .unwrap_or_else(|| s.hhi_gap.to_string());
    view! {
        <section class="card" aria-labelledby="national-heading" data-testid="national-panel">
            <h2 id="national-heading">{s.national_title}</h2>
            <div class="stats">
                <Stat label=s.jobs_declared value=if n.jobs_suppressed { s.suppressed.to_string() } else { locale.int(n.jobs) } note=format!("{reporting} · {as_of}") testid="national-jobs" />
                <Stat label=s.target_2030 value=locale.int(n.target_2030) note=pct1(locale, n.progress_pct) testid="national-target" />
                <Stat label=s.pace_needed value=pace.unwrap_or_else(|| "—".into()) note=pace_note testid="national-pace" />
                <Stat label=s.share_outside value=outside note=s.share_outside_note.to_string() testid="national-outside" />
                <Stat label=s.hhi value=hhi note=hhi_note testid="national-hhi" />
            </div>
            {(!n.jobs_suppressed).then(|| view! { <ProgressBar jobs=n.jobs target=n.target_2030 pct=n.progress_pct /> })}
            <p class="small">{s.hhi_explain}</p>
        </section>
    }
}

/// The data of the concentration chart.
#[component]
pub fn HhiTable(trend: Vec<HhiPoint>) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=s.chart_data>
            <table class="data" data-testid="hhi-table">
                <thead>
                    <tr>
                        <th scope="col">{s.col_quarter}</th>
                        <th scope="col" class="n">{s.col_hhi}</th>
                        <th scope="col" class="n">{s.col_jobs}</th>
                        <th scope="col" class="n">{s.col_share_outside}</th>
                    </tr>
                </thead>
                <tbody>
                    {trend
                        .into_iter()
                        .map(|p| view! {
                            <tr>
                                <th scope="row">{locale.quarter(p.quarter)}</th>
                                <td class="n">{p.hhi.map(|v| decimal(locale, v, 0)).unwrap_or_else(|| s.hhi_gap.to_string())}</td>
                                <td class="n">{locale.int(p.jobs)}</td>
                                <td class="n">{p.share_outside_axis_pct.map(|v| pct1(locale, v)).unwrap_or_else(|| "—".into())}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// What a job cell shows: the number, or why it is hidden. A hidden cell
/// covering 3 tenants or more was hidden so that a small one cannot be
/// worked out from the total (complementary suppression).
pub fn cell_text(locale: Locale, cell: Cell, tenants_reporting: i64) -> (String, bool) {
    let s = balance_strings(locale);
    match (cell.suppressed, cell.value) {
        (true, _) if tenants_reporting >= 3 => (s.suppressed_secondary.to_string(), true),
        (true, _) | (false, None) => (s.suppressed.to_string(), true),
        (false, Some(v)) => (locale.int(v), false),
    }
}

/// A job figure in a table cell.
#[component]
pub fn JobsCell(cell: Cell, tenants_reporting: i64) -> impl IntoView {
    let locale = use_locale();
    let (text, hidden) = cell_text(locale, cell, tenants_reporting);
    if hidden {
        view! { <td class="n"><span class="suppressed" data-suppressed="true">{text}</span></td> }
            .into_any()
    } else {
        view! { <td class="n">{text}</td> }.into_any()
    }
}

fn opt_decimal(locale: Locale, v: Option<f64>, digits: u32) -> String {
    v.map(|v| decimal(locale, v, digits))
        .unwrap_or_else(|| "—".into())
}

/// The regions side by side, with the national total.
#[component]
pub fn RegionsTable(regions: Vec<RegionBalance>, national: NationalBalance) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let population: i64 = regions.iter().map(|r| r.population_2024).sum();
    let national_per_10k = (population > 0 && !national.jobs_suppressed)
        .then(|| national.jobs as f64 * 10_000.0 / population as f64);
    let national_parks: i64 = regions.iter().map(|r| r.parks).sum();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="regions-heading">
            <table class="data balance-table" data-testid="balance-regions">
                <thead>
                    <tr>
                        <th scope="col">{s.col_region}</th>
                        <th scope="col" class="n">{s.col_parks}</th>
                        <th scope="col" class="n">{s.col_floor}</th>
                        <th scope="col" class="n">{s.col_occupied}</th>
                        <th scope="col" class="n">{s.col_free}</th>
                        <th scope="col" class="n">{s.col_jobs}</th>
                        <th scope="col" class="n">{s.col_per_10k}</th>
                        <th scope="col" class="n">{s.col_share}</th>
                        <th scope="col" class="n">{s.col_months_supply}</th>
                    </tr>
                </thead>
                <tbody>
                    {regions
                        .into_iter()
                        .map(|r| view! {
                            <tr data-region=r.code.as_str().to_string()>
                                <th scope="row">{locale.pick(&r.name).unwrap_or_default().to_string()}</th>
                                <td class="n">{locale.int(r.parks)}</td>
                                <td class="n">{locale.m2(r.floor_area_m2)}</td>
                                <td class="n">{locale.m2(r.occupied_m2)}</td>
                                <td class="n">{locale.m2(r.free_m2)}</td>
                                <JobsCell cell=r.jobs tenants_reporting=r.tenants_reporting />
                                <td class="n">{opt_decimal(locale, r.jobs_per_10k, 1)}</td>
                                <td class="n">{r.share_of_national_pct.map(|p| pct1(locale, p)).unwrap_or_else(|| "—".into())}</td>
                                <td class="n">{opt_decimal(locale, r.months_of_supply, 1)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{s.national_title}</th>
                        <td class="n">{locale.int(national_parks)}</td>
                        <td class="n">{locale.m2(national.floor_area_m2)}</td>
                        <td class="n">{locale.m2(national.occupied_m2)}</td>
                        <td class="n">{locale.m2(national.free_m2)}</td>
                        <td class="n">{if national.jobs_suppressed { s.suppressed.to_string() } else { locale.int(national.jobs) }}</td>
                        <td class="n">{opt_decimal(locale, national_per_10k, 1)}</td>
                        <td class="n">{if national.jobs > 0 { pct1(locale, 100.0) } else { "—".into() }}</td>
                        <td class="n">"—"</td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

/// How to read the regional figures: suppression, months of supply, census.
#[component]
pub fn BalanceNotes() -> impl IntoView {
    let s = balance_strings(use_locale());
    view! {
        <p class="muted small" data-testid="suppression-note">{s.suppression_note}</p>
        <p class="muted small">{s.months_supply_note}</p>
        <p class="muted small">{s.census_note}</p>
    }
}
