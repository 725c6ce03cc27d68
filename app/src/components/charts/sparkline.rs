//! A small line of values with gaps (layer: app UI, chart).
use leptos::prelude::*;

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
