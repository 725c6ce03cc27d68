//! Charts as server-rendered SVG: they need no JavaScript and print well.
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

/// A small line of values (None: a gap), e.g. a tenant's jobs by quarter.
#[component]
pub fn Sparkline(values: Vec<Option<i64>>, label: String) -> impl IntoView {
    let (w, h) = (96.0_f64, 24.0_f64);
    let max = values.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    let step = if values.len() > 1 {
        w / (values.len() - 1) as f64
    } else {
        w
    };
    let mut d = String::new();
    let mut pen_down = false;
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => {
                let (x, y) = (i as f64 * step, h - 2.0 - (h - 4.0) * *v as f64 / max);
                d.push_str(&format!(
                    "{}{x:.1} {y:.1}",
                    if pen_down { 'L' } else { 'M' }
                ));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    view! {
        <svg class="sparkline" viewBox=format!("0 0 {w} {h}") width="96" height="24" role="img" aria-label=label>
            <path d=d></path>
        </svg>
    }
}
