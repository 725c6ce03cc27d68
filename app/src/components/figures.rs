//! Figures with their dates: a number is never shown without "as of".
use leptos::prelude::*;

use crate::components::layout::use_locale;
use crate::i18n::Locale;
use crate::i18n::balance::balance_strings;
use crate::model::JobsFigure;

/// A jobs figure's number, or "fewer than 3 tenants" where the public may not see it.
pub fn jobs_text(locale: Locale, j: &JobsFigure) -> String {
    match j.headcount {
        Some(n) => locale.int(n),
        None => balance_strings(locale).suppressed.to_string(),
    }
}

/// A headline figure with its label and the date it is true at.
#[component]
pub fn Stat(
    label: &'static str,
    value: String,
    /// The line under the value, e.g. "as of 29 Nov 2026".
    note: String,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    view! {
        <div class="stat" data-testid=testid>
            <div class="stat-label">{label}</div>
            <div class="stat-value">{value}</div>
            <div class="stat-note">{note}</div>
        </div>
    }
}

/// A bar showing the occupied share of a floor area.
#[component]
pub fn OccupancyBar(pct: Option<f64>) -> impl IntoView {
    let locale = use_locale();
    match pct {
        Some(p) => {
            let width = format!("width: {:.1}%", p.clamp(0.0, 100.0));
            let class = if p >= 90.0 {
                "bar-fill high"
            } else if p >= 60.0 {
                "bar-fill mid"
            } else {
                "bar-fill low"
            };
            view! {
                <span class="occupancy">
                    <span class="bar" aria-hidden="true"><span class=class style=width></span></span>
                    <span class="bar-text">{locale.pct(p)}</span>
                </span>
            }
            .into_any()
        }
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

/// Jobs with the quarter they were declared for, or a dash; "fewer than 3
/// tenants" for a hidden figure.
#[component]
pub fn Jobs(jobs: Option<JobsFigure>) -> impl IntoView {
    let locale = use_locale();
    match jobs {
        Some(j) if j.suppressed => view! {
            <span class="jobs">
                <span class="suppressed" data-suppressed="true">{jobs_text(locale, &j)}</span>
                " "
                <span class="muted small">{locale.quarter(j.quarter)}</span>
            </span>
        }
        .into_any(),
        Some(j) => view! {
            <span class="jobs">
                <span class="num">{jobs_text(locale, &j)}</span>
                " "
                <span class="muted small">{locale.quarter(j.quarter)}</span>
            </span>
        }
        .into_any(),
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

/// The notice shown wherever invented demo data is on screen.
#[component]
pub fn DemoNotice(show: bool) -> impl IntoView {
    let t = use_locale().t();
    show.then(|| view! { <p class="demo-notice" role="note" data-testid="demo-notice">{t.demo_banner}</p> })
}
