//! A small map of Morocco's regions on which a click places a point (layer:
//! app UI). It only fills the latitude and longitude inputs it is given: the
//! inputs stay the way to enter a location with a keyboard, a screen reader or
//! without JavaScript, and the server derives the region from them.
use leptos::prelude::*;

use crate::components::layout::use_locale;
use crate::model::{MapFrame, MapView};

/// Width and height of a `0 0 w h` view box.
pub fn viewbox_size(viewbox: &str) -> Option<(f64, f64)> {
    let n: Vec<f64> = viewbox
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    match n.as_slice() {
        [_, _, w, h] if *w > 0.0 && *h > 0.0 => Some((*w, *h)),
        _ => None,
    }
}

/// A coordinate typed with a point or a comma.
pub fn parse_coordinate(raw: &str) -> Option<f64> {
    raw.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

#[component]
pub fn LocationPicker(
    map: MapView,
    lat: RwSignal<String>,
    lon: RwSignal<String>,
    /// Code of the park's region as last saved, drawn highlighted.
    region_code: String,
) -> impl IntoView {
    let t = use_locale().t();
    // The server's projection, inverted for clicks (none if it is degenerate).
    let frame: Option<MapFrame> = Some(map.frame).filter(|f| f.kx > 0.0 && f.ky > 0.0);
    let size = viewbox_size(&map.viewbox);
    let area = NodeRef::<leptos::html::Div>::new();
    let marker = move || {
        let (x, y) = frame?.project(parse_coordinate(&lat.get())?, parse_coordinate(&lon.get())?);
        Some(view! {
            <circle class="picker-marker" cx=format!("{x:.1}") cy=format!("{y:.1}") r="7" />
        })
    };
    // The SVG ignores the pointer (CSS), so the event's offset is measured
    // from this box, which has exactly the SVG's size.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let (Some(f), Some((w, h)), Some(el)) = (frame, size, area.get()) else {
            return;
        };
        let (cw, ch) = (f64::from(el.client_width()), f64::from(el.client_height()));
        if cw <= 0.0 || ch <= 0.0 {
            return;
        }
        let x = f64::from(ev.offset_x()) * w / cw;
        let y = f64::from(ev.offset_y()) * h / ch;
        let (la, lo) = f.unproject(x, y);
        lat.set(format!("{la:.5}"));
        lon.set(format!("{lo:.5}"));
    };
    view! {
        <figure class="picker">
            <div
                class="picker-area"
                class:clickable=frame.is_some()
                node_ref=area
                on:click=on_click
                data-testid="location-picker"
            >
                <svg viewBox=map.viewbox.clone() role="img" aria-label=t.map_picker_label>
                    {map
                        .regions
                        .iter()
                        .map(|r| {
                            let class = if r.code.as_str() == region_code {
                                "region current"
                            } else {
                                "region"
                            };
                            view! { <path class=class d=r.path.clone()></path> }
                        })
                        .collect_view()}
                    {marker}
                </svg>
            </div>
            <figcaption class="muted small">{t.map_pick_hint}</figcaption>
        </figure>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_boxes_and_typed_coordinates_are_read() {
        assert_eq!(viewbox_size("0 0 700 560"), Some((700.0, 560.0)));
        assert_eq!(viewbox_size("junk"), None);
        assert_eq!(parse_coordinate(" 33,5 "), Some(33.5));
        assert_eq!(parse_coordinate("NaN"), None);
    }
}
