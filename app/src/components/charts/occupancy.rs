//! Occupied and total floor area by quarter as bars (layer: app UI, chart).
use leptos::prelude::*;

use crate::components::layout::use_locale;
use crate::model::QuarterPoint;

/// Occupied and total floor area at the end of each quarter, as bars.
#[component]
pub fn OccupancyHistory(points: Vec<QuarterPoint>) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let (w, h, pad) = (640.0_f64, 220.0_f64, 28.0_f64);
    let max = points
        .iter()
        .map(|p| p.floor_area_m2)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let n = points.len().max(1) as f64;
    let slot = (w - 2.0 * pad) / n;
    let summary = points
        .iter()
        .map(|p| {
            format!(
                "{}: {} / {}",
                locale.quarter(p.quarter),
                locale.m2(p.occupied_m2),
                locale.m2(p.floor_area_m2)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {w} {h}") role="img" aria-label=format!("{}: {summary}", t.history_title)>
                {points
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let x = pad + i as f64 * slot + slot * 0.15;
                        let bw = slot * 0.7;
                        let full = (h - 2.0 * pad) * p.floor_area_m2 as f64 / max;
                        let used = (h - 2.0 * pad) * p.occupied_m2 as f64 / max;
                        let pct = (p.floor_area_m2 > 0).then(|| p.occupied_m2 as f64 * 100.0 / p.floor_area_m2 as f64);
                        view! {
                            <g>
                                <rect class="bar-total" x=format!("{x:.1}") y=format!("{:.1}", h - pad - full) width=format!("{bw:.1}") height=format!("{full:.1}")></rect>
                                <rect class="bar-used" x=format!("{x:.1}") y=format!("{:.1}", h - pad - used) width=format!("{bw:.1}") height=format!("{used:.1}")></rect>
                                <text class="chart-label" x=format!("{:.1}", x + bw / 2.0) y=format!("{:.1}", h - pad + 14.0) text-anchor="middle">
                                    {locale.quarter(p.quarter)}
                                </text>
                                <text class="chart-value" x=format!("{:.1}", x + bw / 2.0) y=format!("{:.1}", (h - pad - full - 4.0).max(10.0)) text-anchor="middle">
                                    {pct.map(|p| locale.pct(p)).unwrap_or_default()}
                                </text>
                            </g>
                        }
                    })
                    .collect_view()}
            </svg>
        </figure>
    }
}
