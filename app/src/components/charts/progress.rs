//! Declared jobs against the 2030 target as a bar (layer: app UI, chart).
use leptos::prelude::*;

use crate::components::layout::use_locale;
use crate::i18n::balance::balance_strings;
use crate::i18n::fill;
use crate::i18n::format::pct1;

/// Declared jobs against the 2030 target, as a bar.
#[component]
pub fn ProgressBar(jobs: i64, target: i64, pct: f64) -> impl IntoView {
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
