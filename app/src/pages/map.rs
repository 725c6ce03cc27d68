//! The map: the 12 regions drawn from their real boundaries (simplified on
//! the server), coloured by a chosen measure, with every park as a marker.
//! Everything is a link, so it works with a keyboard, a screen reader and
//! without JavaScript; once hydrated, hovering or focusing a park shows its card.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::get_map;
use crate::components::layout::use_locale;
use crate::components::notice::ErrorNotice;
use crate::i18n::Locale;
use crate::model::{MapMetric, MapPark, MapView};

#[component]
pub fn MapPage() -> impl IntoView {
    let t = use_locale().t();
    let query = use_query_map();
    let metric = move || query.read().get("metric");
    let map = Resource::new(metric, get_map);
    view! {
        <Title text=t.map_title />
        <h1>{t.map_title}</h1>
        <p class="lead">{t.map_intro}</p>
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match map.await {
                    Ok(view) => view! { <MapBody view /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn format_value(locale: Locale, metric: MapMetric, v: f64) -> String {
    match metric {
        MapMetric::AvailableArea => locale.m2(v.round() as i64),
        MapMetric::Occupancy => locale.pct(v),
        MapMetric::JobsPer10k => format!("{:.1}", v),
    }
}

fn park_card(locale: Locale, p: &MapPark) -> String {
    let t = locale.t();
    let rent = p
        .rent_centimes_per_m2_month
        .map(|c| locale.rent(c))
        .unwrap_or_else(|| t.not_known.into());
    format!(
        "{} ({}): {} {}; {} {}; {}",
        p.name,
        p.city,
        locale.m2(p.available_m2),
        t.available.to_lowercase(),
        t.rent.to_lowercase(),
        rent,
        locale.status(p.status)
    )
}

#[component]
fn MapBody(view: MapView) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let lang = locale.code();
    let metric = view.metric;
    let selected = RwSignal::new(None::<usize>);
    let parks = view.parks.clone();
    let as_of = match (metric, view.jobs_as_of) {
        (MapMetric::JobsPer10k, Some(d)) => {
            format!("{} {} · {}", t.as_of, locale.date(d), t.census_note)
        }
        _ => format!("{} {}", t.as_of, locale.date(view.as_of)),
    };
    let mut legend: Vec<(String, String)> = Vec::new();
    let mut lower: Option<f64> = None;
    for (i, b) in view.breaks.iter().enumerate() {
        let to = format_value(locale, metric, *b);
        let label = match lower {
            Some(l) => format!("{} – {to}", format_value(locale, metric, l)),
            None => format!("≤ {to}"),
        };
        legend.push((format!("c{i}"), label));
        lower = Some(*b);
    }
    if let Some(l) = lower {
        legend.push((
            "c4".into(),
            format!("> {}", format_value(locale, metric, l)),
        ));
    }
    legend.push(("nodata".into(), t.no_data.into()));
    view! {
        <nav class="segmented" aria-label=t.metric>
            {MapMetric::ALL
                .into_iter()
                .map(|m| {
                    let current = (m == metric).then_some("page");
                    view! {
                        <a href=format!("/{lang}/map?metric={}", m.as_str()) aria-current=current data-metric=m.as_str()>
                            {locale.metric(m)}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
        <div class="map-layout">
            <figure class="map">
                <svg viewBox=view.viewbox.clone() role="group" aria-label=t.map_title data-testid="map">
                    <g class="regions">
                        {view
                            .regions
                            .iter()
                            .map(|r| {
                                let name = locale.pick(&r.name).unwrap_or_default().to_string();
                                let value = r.value.map(|v| format_value(locale, metric, v)).unwrap_or_else(|| t.no_data.into());
                                let label = format!("{name}: {} {value}", locale.metric(metric));
                                let class = r.class.map(|c| format!("region c{c}")).unwrap_or_else(|| "region nodata".into());
                                let title = label.clone();
                                view! {
                                    <a href=format!("/{lang}/parks?region={}", r.code.as_str()) aria-label=label data-region=r.code.as_str().to_string()>
                                        <path class=class d=r.path.clone()>
                                            <title>{title}</title>
                                        </path>
                                    </a>
                                }
                            })
                            .collect_view()}
                    </g>
                    <g class="parks">
                        {view
                            .parks
                            .iter()
                            .enumerate()
                            .map(|(i, p)| {
                                let card = park_card(locale, p);
                                let title = card.clone();
                                let class = if p.available_m2 > 0 {
                                    "marker free"
                                } else if p.future_supply_m2 > 0 {
                                    "marker future"
                                } else {
                                    "marker full"
                                };
                                view! {
                                    <a
                                        href=format!("/{lang}/parks/{}", p.slug)
                                        aria-label=card
                                        data-park=p.slug.clone()
                                        on:mouseenter=move |_| selected.set(Some(i))
                                        on:focus=move |_| selected.set(Some(i))
                                    >
                                        <circle class=class cx=p.x.to_string() cy=p.y.to_string() r=format!("{:.1}", p.r)>
                                            <title>{title}</title>
                                        </circle>
                                    </a>
                                }
                            })
                            .collect_view()}
                    </g>
                </svg>
                <figcaption class="muted small">{as_of.clone()}</figcaption>
            </figure>
            <aside class="map-side">
                <div class="park-card" aria-live="polite" data-testid="park-card">
                    {move || {
                        if selected.get().is_none() {
                            return view! { <p class="muted">{t.map_hint}</p> }.into_any();
                        }
                        selected
                            .get()
                            .and_then(|i| parks.get(i).cloned())
                            .map(|p| {
                                let rent = p.rent_centimes_per_m2_month.map(|c| locale.rent(c)).unwrap_or_else(|| t.not_known.into());
                                view! {
                                    <h2>{p.name.clone()}</h2>
                                    <p class="muted">{p.city.clone()} " · " {locale.status(p.status)}</p>
                                    <dl class="facts">
                                        <dt>{t.available}</dt><dd>{locale.m2(p.available_m2)}</dd>
                                        <dt>{t.stat_future_supply}</dt><dd>{locale.m2(p.future_supply_m2)}</dd>
                                        <dt>{t.rent}</dt><dd>{rent}</dd>
                                    </dl>
                                    <a href=format!("/{lang}/parks/{}", p.slug)>{p.name.clone()}</a>
                                }
                            })
                            .into_any()
                    }}
                </div>
                <h2 class="small-heading">{locale.metric(metric)}</h2>
                <ul class="legend">
                    {legend
                        .into_iter()
                        .map(|(class, label)| view! { <li><span class=format!("swatch {class}")></span>{label}</li> })
                        .collect_view()}
                </ul>
                <ul class="legend">
                    <li><span class="dot free"></span>{t.available}</li>
                    <li><span class="dot future"></span>{t.stat_future_supply}</li>
                    <li><span class="dot full"></span>{t.occupied}</li>
                </ul>
            </aside>
        </div>
        <section class="card">
            <h2>{t.map_parks_list}</h2>
            <ul class="park-list">
                {view
                    .parks
                    .iter()
                    .map(|p| view! { <li><a href=format!("/{lang}/parks/{}", p.slug)>{park_card(locale, p)}</a></li> })
                    .collect_view()}
            </ul>
        </section>
    }
}
