//! Compare 2 to 4 parks side by side; the selection lives in the URL (`?park=a&park=b`).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::compare_parks;
use crate::components::layout::use_locale;
use crate::components::notice::ErrorNotice;
use crate::components::url::with_query;
use crate::model::{ActivityLine, ParkDetail};

#[component]
pub fn ComparePage() -> impl IntoView {
    let t = use_locale().t();
    let query = use_query_map();
    let slugs = move || query.read().get_all("park").unwrap_or_default();
    let parks = Resource::new(slugs, compare_parks);
    view! {
        <Title text=t.compare_title />
        <h1>{t.compare_title}</h1>
        <p class="lead">{t.compare_intro}</p>
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match parks.await {
                    Ok(parks) => view! { <CompareTable parks /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Share of leased area per activity line, in percent.
fn mix(p: &ParkDetail) -> Vec<(ActivityLine, f64)> {
    let total: i64 = p.tenants.iter().map(|t| t.area_m2).sum();
    if total == 0 {
        return vec![];
    }
    ActivityLine::ALL
        .into_iter()
        .filter_map(|l| {
            let area: i64 = p
                .tenants
                .iter()
                .filter(|t| t.activity_line == l)
                .map(|t| t.area_m2)
                .sum();
            (area > 0).then(|| (l, area as f64 * 100.0 / total as f64))
        })
        .collect()
}

#[component]
fn CompareTable(parks: Vec<ParkDetail>) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let lang = locale.code();
    let slugs: Vec<String> = parks.iter().map(|p| p.summary.slug.clone()).collect();
    let as_of = parks
        .first()
        .map(|p| format!("{} {}", t.as_of, locale.date(p.summary.occupancy_as_of)))
        .unwrap_or_default();
    let dash = || "—".to_string();
    type Row = (&'static str, Box<dyn Fn(&ParkDetail) -> String>);
    let rows: Vec<Row> = vec![
        (
            t.col_region,
            Box::new(move |p| {
                locale
                    .pick(&p.summary.region_name)
                    .unwrap_or_default()
                    .to_string()
            }),
        ),
        (
            t.col_status,
            Box::new(move |p| locale.status(p.summary.status).to_string()),
        ),
        (
            t.capacity,
            Box::new(move |p| locale.m2(p.summary.floor_area_m2)),
        ),
        (
            t.free_now,
            Box::new(move |p| locale.m2(p.summary.available_m2)),
        ),
        (
            t.seats,
            Box::new(move |p| {
                format!(
                    "{} / {}",
                    locale.int(p.summary.available_seats),
                    locale.int(p.summary.seats)
                )
            }),
        ),
        (
            t.col_occupancy,
            Box::new(move |p| {
                p.summary
                    .occupancy_pct
                    .map(|v| locale.pct(v))
                    .unwrap_or_else(dash)
            }),
        ),
        (
            t.stat_future_supply,
            Box::new(move |p| locale.m2(p.summary.future_supply_m2)),
        ),
        (
            t.rent,
            Box::new(move |p| {
                p.summary
                    .rent_centimes_per_m2_month
                    .map(|c| locale.rent(c))
                    .unwrap_or_else(dash)
            }),
        ),
        (
            t.nearest_airport,
            Box::new(move |p| {
                p.summary
                    .nearest_airport
                    .as_ref()
                    .map(|h| format!("{} ({})", locale.km(h.distance_km), h.code))
                    .unwrap_or_else(dash)
            }),
        ),
        (
            t.nearest_station,
            Box::new(move |p| {
                p.summary
                    .nearest_station
                    .as_ref()
                    .map(|h| format!("{} ({})", locale.km(h.distance_km), h.name))
                    .unwrap_or_else(dash)
            }),
        ),
        (
            t.stat_jobs,
            Box::new(move |p| {
                p.summary
                    .jobs
                    .map(|j| {
                        format!(
                            "{} ({})",
                            crate::components::figures::jobs_text(locale, &j),
                            locale.quarter(j.quarter)
                        )
                    })
                    .unwrap_or_else(dash)
            }),
        ),
        (t.tenants, Box::new(move |p| locale.int(p.summary.tenants))),
        (
            t.activity_mix,
            Box::new(move |p| {
                let m = mix(p);
                if m.is_empty() {
                    dash()
                } else {
                    m.iter()
                        .map(|(l, pct)| format!("{} {}", l.as_str(), locale.pct(*pct)))
                        .collect::<Vec<_>>()
                        .join(" · ")
                }
            }),
        ),
    ];
    view! {
        <div class="table-wrap">
            <table class="data compare" data-testid="compare-table">
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">{t.col_park}</span></th>
                        {parks
                            .iter()
                            .map(|p| {
                                let others: Vec<(String, String)> = slugs
                                    .iter()
                                    .filter(|s| **s != p.summary.slug)
                                    .map(|s| ("park".to_string(), s.clone()))
                                    .collect();
                                view! {
                                    <th scope="col" data-testid="compare-park">
                                        <a href=format!("/{lang}/parks/{}", p.summary.slug)>{p.summary.name.clone()}</a>
                                        {(others.len() >= 2).then(|| view! {
                                            <div class="small"><a href=with_query(&format!("/{lang}/compare"), &others)>"×"</a></div>
                                        })}
                                    </th>
                                }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(label, cell)| {
                            view! {
                                <tr>
                                    <th scope="row">{label}</th>
                                    {parks.iter().map(|p| view! { <td>{cell(p)}</td> }).collect_view()}
                                </tr>
                            }
                            .into_any()
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <p class="muted small">{as_of}</p>
    }
}
