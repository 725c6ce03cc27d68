//! Declared jobs per 10,000 inhabitants by region as bars (layer: app UI, chart).
use leptos::prelude::*;

use crate::components::balance::cell_text;
use crate::components::layout::use_locale;
use crate::i18n::balance::balance_strings;
use crate::i18n::format::decimal;
use crate::model::{Cell, RegionBalance};

/// Declared jobs per 10,000 inhabitants by region, as horizontal bars (the
/// largest first); a hidden figure is a hatched bar saying why.
#[component]
pub fn Per10kChart(regions: Vec<RegionBalance>) -> impl IntoView {
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
