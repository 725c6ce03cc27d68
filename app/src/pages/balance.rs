//! The regional balance (layer: app UI, page `/:lang/balance`): declared
//! jobs against the 2030 target, how concentrated they are, and the regions
//! side by side, for one quarter chosen in the URL (`?quarter=2026Q3`).
//!
//! The page only composes: its views, shared with the printable report,
//! are in `components::balance`, its charts in `components::charts`.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{AppError, current_user, get_balance};
use crate::components::balance::{BalanceNotes, HhiTable, NationalPanel, RegionsTable, dated};
use crate::components::charts::{HhiTrendChart, Per10kChart};
use crate::components::figures::DemoNotice;
use crate::components::layout::use_locale;
use crate::components::notice::ErrorNotice;
use crate::components::quarter_picker::QuarterPicker;
use crate::i18n::balance::balance_strings;
use crate::model::BalanceView;

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
