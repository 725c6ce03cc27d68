//! The concentration index by quarter as a line (layer: app UI, chart).
use leptos::prelude::*;

use crate::components::layout::use_locale;
use crate::i18n::balance::balance_strings;
use crate::i18n::format::{decimal, quarter_axis};
use crate::model::HhiPoint;

/// The concentration index by quarter as a line; a quarter without
/// validated jobs is a gap in the line, not a zero.
#[component]
pub fn HhiTrendChart(trend: Vec<HhiPoint>) -> impl IntoView {
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
