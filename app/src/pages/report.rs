//! The quarterly report to the offshoring technical committee (layer: app
//! UI, page `/:lang/report?quarter=2026Q3`): the regional balance laid out
//! for paper. The print rules (no header or navigation, black on white, a
//! page per section) are in `assets/style.css`, under `.report-page`.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::get_balance;
use crate::components::balance::{
    BalanceNotes, HhiTable, JobsCell, NationalPanel, RegionsTable, dated,
};
use crate::components::charts::{HhiTrendChart, Per10kChart};
use crate::components::figures::DemoNotice;
use crate::components::layout::use_locale;
use crate::components::notice::ErrorNotice;
use crate::components::quarter_picker::QuarterPicker;
use crate::i18n::balance::balance_strings;
use crate::model::{BalanceView, ParkBalance, RegionBalance};

#[component]
pub fn ReportPage() -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let t = locale.t();
    let query = use_query_map();
    let quarter = move || query.read().get("quarter").filter(|q| !q.trim().is_empty());
    let data = Resource::new(quarter, get_balance);
    view! {
        <Title text=s.report_title />
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <ReportBody view /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReportBody(view: BalanceView) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let t = locale.t();
    let lang = locale.code();
    let code = view.quarter.code();
    let back = format!("/{lang}/balance?quarter={code}");
    let csv = format!("/exports/quarterly.csv?quarter={code}");
    let as_of = dated(locale, &view);
    view! {
        <article class="report-page" data-testid="report">
            <div class="no-print">
                <p><a href=back>{if locale.dir() == "rtl" { "→ " } else { "← " }}{s.back_to_balance}</a></p>
                <QuarterPicker quarters=view.quarters.clone() current=view.quarter />
                <p class="muted small">
                    {s.print_hint} " "
                    <a href=csv rel="external" download="">{s.download_csv}</a>
                </p>
            </div>
            <header class="report-head">
                <p class="report-kicker">{t.app_name}</p>
                <h1>{s.report_title}</h1>
                <p class="dated" data-testid="report-dated">{as_of.clone()}</p>
                <p>{s.report_intro}</p>
                <DemoNotice show=view.demo />
                {view.exact.then(|| view! { <p class="small">{s.exact_note}</p> })}
                <p class="small">{s.suppression_note}</p>
            </header>
            <section class="report-section">
                <NationalPanel national=view.national.clone() as_of=as_of.clone() />
                <section class="card" aria-labelledby="report-hhi-heading">
                    <h2 id="report-hhi-heading">{s.hhi_trend_title}</h2>
                    <HhiTrendChart trend=view.trend.clone() />
                    <HhiTable trend=view.trend.clone() />
                </section>
            </section>
            <section class="report-section report-break">
                <div class="card">
                    <h2 id="regions-heading">{s.regions_title} <span class="muted small">" · " {as_of.clone()}</span></h2>
                    <RegionsTable regions=view.regions.clone() national=view.national.clone() />
                    <BalanceNotes />
                </div>
                <div class="card">
                    <h2>{s.per_10k_chart_title}</h2>
                    <Per10kChart regions=view.regions.clone() />
                </div>
            </section>
            <section class="report-section report-break">
                <div class="card">
                    <h2 id="parks-heading">{s.parks_title} <span class="muted small">" · " {as_of}</span></h2>
                    <ParksTable parks=view.parks regions=view.regions />
                    <p class="muted small">{s.suppression_note}</p>
                </div>
            </section>
        </article>
    }
}

/// Every park's floor area, occupancy and jobs for the quarter.
#[component]
fn ParksTable(parks: Vec<ParkBalance>, regions: Vec<RegionBalance>) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let lang = locale.code();
    let region_name = move |code: &str| {
        regions
            .iter()
            .find(|r| r.code.as_str() == code)
            .and_then(|r| locale.pick(&r.name))
            .unwrap_or(code)
            .to_string()
    };
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="parks-heading">
            <table class="data balance-table" data-testid="report-parks">
                <thead>
                    <tr>
                        <th scope="col">{s.col_park}</th>
                        <th scope="col">{s.col_region}</th>
                        <th scope="col" class="n">{s.col_floor}</th>
                        <th scope="col" class="n">{s.col_occupied}</th>
                        <th scope="col" class="n">{s.col_free}</th>
                        <th scope="col" class="n">{s.col_jobs}</th>
                        <th scope="col" class="n">{s.col_tenants_reporting}</th>
                    </tr>
                </thead>
                <tbody>
                    {parks
                        .into_iter()
                        .map(|p| view! {
                            <tr data-park=p.slug.clone()>
                                <th scope="row"><a href=format!("/{lang}/parks/{}", p.slug)>{p.name.clone()}</a></th>
                                <td>{region_name(p.region_code.as_str())}</td>
                                <td class="n">{locale.m2(p.floor_area_m2)}</td>
                                <td class="n">{locale.m2(p.occupied_m2)}</td>
                                <td class="n">{locale.m2(p.free_m2)}</td>
                                <JobsCell cell=p.jobs tenants_reporting=p.tenants_reporting />
                                <td class="n">{locale.int(p.tenants_reporting)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
