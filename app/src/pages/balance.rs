//! The regional balance (layer: app UI, page `/:lang/balance`): declared
//! jobs against the 2030 target, how concentrated they are, and the regions
//! side by side, for one quarter chosen in the URL (`?quarter=2026Q3`).
//!
//! The views below the page are shared with the printable report
//! (`report.rs`). Charts are SVG drawn on the server: no JavaScript, they
//! print, and each has a text alternative; their data are also in a table.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::ErrorNotice;
use crate::api::{AppError, current_user, get_balance};
use crate::components::figures::{DemoNotice, Stat};
use crate::components::form::Field;
use crate::components::layout::use_locale;
use crate::i18n::balance::{balance_strings, decimal, hhi_level, pct1, quarter_axis};
use crate::i18n::{Locale, fill};
use crate::model::{BalanceView, Cell, HhiPoint, NationalBalance, Quarter, RegionBalance};

/// The page's data: the balance, and whether someone is signed in (for the
/// link to the declarations).
async fn load(quarter: Option<String>) -> Result<(BalanceView, bool), AppError> {
    let view = get_balance(quarter).await?;
    // The balance is public: a failed session check only hides a link.
    let signed_in = matches!(current_user().await, Ok(Some(_)));
    Ok((view, signed_in))
}

#[component]
pub fn BalancePage() -> impl IntoView {
    let s = balance_strings(use_locale());
    let t = use_locale().t();
    let query = use_query_map();
    let quarter = move || query.read().get("quarter").filter(|q| !q.trim().is_empty());
    let data = Resource::new(quarter, load);
    view! {
        <Title text=s.balance_title />
        <h1>{s.balance_title}</h1>
        <p class="lead">{s.balance_intro}</p>
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((view, signed_in)) => view! { <BalanceBody view signed_in /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BalanceBody(view: BalanceView, signed_in: bool) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let lang = locale.code();
    let code = view.quarter.code();
    let csv = format!("/exports/quarterly.csv?quarter={code}");
    let report = format!("/{lang}/report?quarter={code}");
    let incentives = format!("/{lang}/incentives");
    let declare = format!("/{lang}/manage/jobs");
    view! {
        <QuarterPicker quarters=view.quarters.clone() current=view.quarter />
        <p class="dated" data-testid="balance-dated">{dated(locale, &view)}</p>
        <DemoNotice show=view.demo />
        {view.exact.then(|| view! { <p class="notice small" data-testid="exact-note">{s.exact_note}</p> })}
        <nav class="balance-links" aria-label=s.balance_title>
            <a class="button secondary" href=csv rel="external" download="" data-testid="csv-link">{s.download_csv}</a>
            <a class="button secondary" href=report data-testid="report-link">{s.printable_report}</a>
            <a class="button secondary" href=incentives>{s.incentives_link}</a>
            {signed_in.then(|| view! { <a class="button secondary" href=declare data-testid="declare-link">{s.declare_link}</a> })}
        </nav>
        <NationalPanel national=view.national.clone() as_of=dated(locale, &view) />
        <section class="card" aria-labelledby="hhi-trend-heading">
            <h2 id="hhi-trend-heading">{s.hhi_trend_title}</h2>
            <HhiTrendChart trend=view.trend.clone() />
            <details class="chart-data">
                <summary>{s.chart_data}</summary>
                <HhiTable trend=view.trend.clone() />
            </details>
        </section>
        <section class="card">
            <h2 id="regions-heading">{s.regions_title} <span class="muted small">" · " {dated(locale, &view)}</span></h2>
            <RegionsTable regions=view.regions.clone() national=view.national.clone() />
            <BalanceNotes />
        </section>
        <section class="card" aria-labelledby="per10k-heading">
            <h2 id="per10k-heading">{s.per_10k_chart_title}</h2>
            <Per10kChart regions=view.regions.clone() />
            <p class="muted small">{dated(locale, &view)} " · " {s.census_note}</p>
        </section>
    }
}

/// "Quarter Q3 2026, as of 30 Sep 2026": the date every figure of the page speaks of.
pub(crate) fn dated(locale: Locale, view: &BalanceView) -> String {
    fill(
        balance_strings(locale).quarter_as_of,
        &[
            ("quarter", &locale.quarter(view.quarter)),
            ("date", &locale.date(view.as_of)),
        ],
    )
}

/// The quarter selector: a GET form, so the choice is in the URL (shareable,
/// and it works without JavaScript).
#[component]
pub(crate) fn QuarterPicker(quarters: Vec<Quarter>, current: Quarter) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let mut quarters = quarters;
    if !quarters.contains(&current) {
        quarters.insert(0, current);
    }
    view! {
        <Form method="GET" action="">
            <div class="quarter-picker">
                <Field label=s.quarter>
                    <select name="quarter" data-testid="quarter-select">
                        {quarters
                            .into_iter()
                            .map(|q| view! { <option value=q.code() selected=q == current>{locale.quarter(q)}</option> })
                            .collect_view()}
                    </select>
                </Field>
                <button type="submit" data-testid="quarter-submit">{s.show_quarter}</button>
            </div>
        </Form>
    }
}

/// The national figures: jobs against the 2030 target, the pace needed, the
/// share outside the Casablanca-Rabat axis and the concentration index.
#[component]
pub(crate) fn NationalPanel(national: NationalBalance, as_of: String) -> impl IntoView {
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
                <Stat label=s.jobs_declared value=locale.int(n.jobs) note=format!("{reporting} · {as_of}") testid="national-jobs" />
                <Stat label=s.target_2030 value=locale.int(n.target_2030) note=pct1(locale, n.progress_pct) testid="national-target" />
                <Stat label=s.pace_needed value=pace.unwrap_or_else(|| "—".into()) note=pace_note testid="national-pace" />
                <Stat label=s.share_outside value=outside note=s.share_outside_note.to_string() testid="national-outside" />
                <Stat label=s.hhi value=hhi note=hhi_note testid="national-hhi" />
            </div>
            <ProgressBar jobs=n.jobs target=n.target_2030 pct=n.progress_pct />
            <p class="small">{s.hhi_explain}</p>
        </section>
    }
}

/// Declared jobs against the 2030 target, as a bar.
#[component]
fn ProgressBar(jobs: i64, target: i64, pct: f64) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let label = fill(
        s.progress_label,
        &[
            ("jobs", &locale.int(jobs)),
            ("target", &locale.int(target)),
            ("pct", &pct1(locale, pct)),
        ],
    );
    let (w, h) = (400.0_f64, 20.0_f64);
    let filled = w * pct.clamp(0.0, 100.0) / 100.0;
    view! {
        <figure class="balance-chart progress-chart">
            <svg viewBox=format!("0 0 {w} {h}") role="img" aria-label=label.clone() preserveAspectRatio="none" data-testid="progress-chart">
                <title>{label.clone()}</title>
                <rect class="progress-track" x="0" y="0" width=format!("{w}") height=format!("{h}") rx="4"></rect>
                <rect class="progress-done" x="0" y="0" width=format!("{filled:.1}") height=format!("{h}") rx="4"></rect>
            </svg>
            <figcaption class="small">{label}</figcaption>
        </figure>
    }
}

/// The concentration index by quarter as a line; a quarter without
/// validated jobs is a gap in the line, not a zero.
#[component]
pub(crate) fn HhiTrendChart(trend: Vec<HhiPoint>) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let (w, h) = (400.0_f64, 220.0_f64);
    let (left, right, top, bottom) = (48.0_f64, 16.0_f64, 20.0_f64, 40.0_f64);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let max_value = trend.iter().filter_map(|p| p.hhi).fold(0.0_f64, f64::max);
    // round the scale up to a whole thousand, at least 1,000
    let y_max = ((max_value / 1_000.0).ceil() * 1_000.0).max(1_000.0);
    let n = trend.len();
    let x_at = |i: usize| {
        if n > 1 {
            left + plot_w * i as f64 / (n - 1) as f64
        } else {
            left + plot_w / 2.0
        }
    };
    let y_at = |v: f64| top + plot_h * (1.0 - v / y_max);
    let mut d = String::new();
    let mut pen_down = false;
    for (i, p) in trend.iter().enumerate() {
        match p.hhi {
            Some(v) => {
                d.push_str(&format!(
                    "{}{:.1} {:.1} ",
                    if pen_down { 'L' } else { 'M' },
                    x_at(i),
                    y_at(v)
                ));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    let summary = trend
        .iter()
        .map(|p| {
            let v = p
                .hhi
                .map(|v| decimal(locale, v, 0))
                .unwrap_or_else(|| s.hhi_gap.to_string());
            format!("{}: {v}", locale.quarter(p.quarter))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let label = format!("{}. {summary}", s.hhi_trend_title);
    let title = label.clone();
    let ticks: Vec<f64> = (0..=4).map(|k| y_max * k as f64 / 4.0).collect();
    let gaps = trend.iter().any(|p| p.hhi.is_none());
    view! {
        <figure class="balance-chart hhi-chart">
            <svg viewBox=format!("0 0 {w} {h}") role="img" aria-label=label data-testid="hhi-chart">
                <title>{title}</title>
                <g class="chart-grid">
                    {ticks
                        .into_iter()
                        .map(|v| {
                            let y = y_at(v);
                            view! {
                                <line x1=format!("{left:.1}") x2=format!("{:.1}", w - right) y1=format!("{y:.1}") y2=format!("{y:.1}")></line>
                                <text class="chart-axis" x=format!("{:.1}", left - 6.0) y=format!("{:.1}", y + 4.0) text-anchor="end">
                                    {decimal(locale, v, 0)}
                                </text>
                            }
                        })
                        .collect_view()}
                </g>
                <path class="chart-line" d=d.trim().to_string()></path>
                {trend
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let x = x_at(i);
                        let (head, year) = quarter_axis(locale, p.quarter);
                        let point = p.hhi.map(|v| {
                            let y = y_at(v);
                            view! {
                                <circle class="chart-point" cx=format!("{x:.1}") cy=format!("{y:.1}") r="3.5"></circle>
                                <text class="chart-value" x=format!("{x:.1}") y=format!("{:.1}", y - 8.0) text-anchor="middle">
                                    {decimal(locale, v, 0)}
                                </text>
                            }
                        });
                        let gap = p.hhi.is_none().then(|| view! {
                            <text class="chart-gap" x=format!("{x:.1}") y=format!("{:.1}", top + plot_h - 4.0) text-anchor="middle">"×"</text>
                        });
                        view! {
                            <g>
                                {point}
                                {gap}
                                <text class="chart-axis" x=format!("{x:.1}") y=format!("{:.1}", h - bottom + 16.0) text-anchor="middle">{head}</text>
                                <text class="chart-axis" x=format!("{x:.1}") y=format!("{:.1}", h - bottom + 30.0) text-anchor="middle">{year}</text>
                            </g>
                        }
                    })
                    .collect_view()}
            </svg>
            {gaps.then(|| view! { <figcaption class="muted small">"× " {s.hhi_gap}</figcaption> })}
        </figure>
    }
}

/// The data of the concentration chart.
#[component]
pub(crate) fn HhiTable(trend: Vec<HhiPoint>) -> impl IntoView {
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
pub(crate) fn cell_text(locale: Locale, cell: Cell, tenants_reporting: i64) -> (String, bool) {
    let s = balance_strings(locale);
    match (cell.suppressed, cell.value) {
        (true, _) if tenants_reporting >= 3 => (s.suppressed_secondary.to_string(), true),
        (true, _) | (false, None) => (s.suppressed.to_string(), true),
        (false, Some(v)) => (locale.int(v), false),
    }
}

/// A job figure in a table cell.
#[component]
pub(crate) fn JobsCell(cell: Cell, tenants_reporting: i64) -> impl IntoView {
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
pub(crate) fn RegionsTable(
    regions: Vec<RegionBalance>,
    national: NationalBalance,
) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let population: i64 = regions.iter().map(|r| r.population_2024).sum();
    let national_per_10k =
        (population > 0).then(|| national.jobs as f64 * 10_000.0 / population as f64);
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
                        <td class="n">{locale.int(national.jobs)}</td>
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
pub(crate) fn BalanceNotes() -> impl IntoView {
    let s = balance_strings(use_locale());
    view! {
        <p class="muted small" data-testid="suppression-note">{s.suppression_note}</p>
        <p class="muted small">{s.months_supply_note}</p>
        <p class="muted small">{s.census_note}</p>
    }
}

/// Declared jobs per 10,000 inhabitants by region, as horizontal bars (the
/// largest first); a hidden figure is a hatched bar saying why.
#[component]
pub(crate) fn Per10kChart(regions: Vec<RegionBalance>) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let mut rows: Vec<(String, Option<f64>, bool, i64)> = regions
        .iter()
        .map(|r| {
            (
                locale.pick(&r.name).unwrap_or_default().to_string(),
                r.jobs_per_10k,
                r.jobs.suppressed,
                r.tenants_reporting,
            )
        })
        .collect();
    // shown values first, largest first; hidden ones last
    rows.sort_by(|a, b| {
        b.1.unwrap_or(-1.0)
            .partial_cmp(&a.1.unwrap_or(-1.0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let (w, row_h, pad) = (360.0_f64, 34.0_f64, 8.0_f64);
    let value_room = 130.0_f64;
    let bar_w = w - 2.0 * pad - value_room;
    let h = pad * 2.0 + row_h * rows.len() as f64;
    let max = rows
        .iter()
        .filter_map(|r| r.1)
        .fold(0.0_f64, f64::max)
        .max(0.1);
    let summary = rows
        .iter()
        .map(|(name, v, suppressed, tenants)| {
            let value = match (v, suppressed) {
                (Some(v), false) => decimal(locale, *v, 1),
                _ => {
                    cell_text(
                        locale,
                        Cell {
                            value: None,
                            suppressed: true,
                        },
                        *tenants,
                    )
                    .0
                }
            };
            format!("{name}: {value}")
        })
        .collect::<Vec<_>>()
        .join("; ");
    let label = format!("{}. {summary}", s.per_10k_chart_title);
    let title = label.clone();
    view! {
        <figure class="balance-chart per10k-chart">
            <svg viewBox=format!("0 0 {w} {h:.0}") role="img" aria-label=label data-testid="per10k-chart">
                <title>{title}</title>
                <defs>
                    <pattern id="per10k-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
                        <line class="hatch-line" x1="0" y1="0" x2="0" y2="6"></line>
                    </pattern>
                </defs>
                {rows
                    .into_iter()
                    .enumerate()
                    .map(|(i, (name, value, suppressed, tenants))| {
                        let y = pad + row_h * i as f64;
                        let bar = match (value, suppressed) {
                            (Some(v), false) => {
                                let bw = (bar_w * v / max).max(1.0);
                                view! {
                                    <rect class="per10k-bar" x=format!("{pad:.1}") y=format!("{:.1}", y + 16.0) width=format!("{bw:.1}") height="12"></rect>
                                    <text class="chart-value" x=format!("{:.1}", pad + bw + 6.0) y=format!("{:.1}", y + 26.0)>
                                        {decimal(locale, v, 1)}
                                    </text>
                                }
                                .into_any()
                            }
                            _ => {
                                let why = cell_text(locale, Cell { value: None, suppressed: true }, tenants).0;
                                view! {
                                    <rect class="per10k-hidden" x=format!("{pad:.1}") y=format!("{:.1}", y + 16.0) width="48" height="12" fill="url(#per10k-hatch)"></rect>
                                    <text class="chart-value" x=format!("{:.1}", pad + 54.0) y=format!("{:.1}", y + 26.0)>{why}</text>
                                }
                                .into_any()
                            }
                        };
                        view! {
                            <g>
                                <text class="chart-name" x=format!("{pad:.1}") y=format!("{:.1}", y + 12.0)>{name}</text>
                                {bar}
                            </g>
                        }
                    })
                    .collect_view()}
            </svg>
        </figure>
    }
}
