//! Park page: the park, its buildings and tenants, every figure dated.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::get_park;
use crate::components::charts::{OccupancyHistory, Sparkline};
use crate::components::figures::{DemoNotice, Jobs, OccupancyBar, Stat};
use crate::components::layout::use_locale;
use crate::components::notice::ErrorNotice;
use crate::model::{BuildingRow, Editor, HubDistance, ParkDetail, PressFigures, TenantRow};

#[component]
pub fn ParkPage() -> impl IntoView {
    let t = use_locale().t();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let park = Resource::new(slug, get_park);
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match park.await {
                    Ok(detail) => view! { <ParkBody detail /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ParkBody(detail: ParkDetail) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let p = detail.summary;
    let as_of = format!("{} {}", t.as_of, locale.date(p.occupancy_as_of));
    let not_known = || t.not_known.to_string();
    let land = p
        .land_ha
        .map(|ha| format!("{} {}", format_decimal(locale, ha), t.unit_ha))
        .unwrap_or_else(not_known);
    let delivery = p
        .delivery_date
        .map(|d| locale.date(d))
        .unwrap_or_else(not_known);
    let rent = p
        .rent_centimes_per_m2_month
        .map(|c| locale.rent(c))
        .unwrap_or_else(not_known);
    let coords = format!("{:.3}, {:.3}", p.location.lat, p.location.lon);
    let jobs_value = p
        .jobs
        .map(|j| crate::components::figures::jobs_text(locale, &j))
        .unwrap_or_else(|| "—".into());
    let jobs_note = match p.jobs {
        Some(j) => format!("{} {}", t.declared_for, locale.quarter(j.quarter)),
        None => t.no_jobs_yet.to_string(),
    };
    let ps = crate::i18n::privacy::privacy_strings(locale);
    let editor = match p.last_updated_by {
        Editor::Operator => ps.updated_by_operator.replace("{operator}", &p.operator),
        Editor::Registry => ps.updated_by_registry.to_string(),
    };
    let updated = format!(
        "{} : {} · {} {}",
        t.last_update,
        locale.date(p.last_updated_at.date_naive()),
        t.by,
        editor
    );
    let description = locale.pick(&detail.description).map(str::to_string);
    let status_class = format!("badge status-{}", p.status.as_str());
    let back = format!("/{}/parks", locale.code());
    view! {
        <Title text=p.name.clone() />
        <p><a href=back>{if locale.dir() == "rtl" { "→ " } else { "← " }}{t.back_to_directory}</a></p>
        <header class="park-head">
            <h1 data-testid="park-name">{p.name.clone()}</h1>
            <p>
                <span class=status_class>{locale.status(p.status)}</span>
                " "
                {p.city.clone()}
                " · "
                {locale.pick(&p.region_name).unwrap_or_default().to_string()}
            </p>
        </header>
        <DemoNotice show=p.demo />
        <section class="stats">
            <Stat label=t.stat_floor_area value=locale.m2(p.floor_area_m2) note=as_of.clone() />
            <Stat label=t.stat_occupied value=locale.m2(p.occupied_m2) note=as_of.clone() />
            <Stat label=t.stat_available value=locale.m2(p.available_m2) note=as_of.clone() testid="park-available" />
            <Stat label=t.seats value=format!("{} / {}", locale.int(p.available_seats), locale.int(p.seats)) note=format!("{} · {}", t.available, as_of) />
            <Stat label=t.stat_future_supply value=locale.m2(p.future_supply_m2) note=as_of.clone() />
            <Stat label=t.stat_jobs value=jobs_value note=jobs_note />
        </section>
        <p class="muted small" data-testid="park-updated">{updated}</p>
        <section class="card">
            <dl class="facts">
                <dt>{t.operator}</dt><dd>{p.operator.clone()}</dd>
                <dt>{t.city}</dt><dd>{p.city.clone()}</dd>
                <dt>{t.region}</dt><dd>{locale.pick(&p.region_name).unwrap_or_default().to_string()}</dd>
                <dt>{t.land}</dt><dd>{land}</dd>
                <dt>{t.delivery}</dt><dd>{delivery}</dd>
                <dt>{t.rent}</dt><dd>{rent}</dd>
                <dt>{t.location}</dt><dd><span dir="ltr">{coords}</span></dd>
            </dl>
            <p class="small"><a href=format!("/{}/incentives?region={}", locale.code(), p.region_code.as_str()) data-testid="incentives-link">{crate::i18n::balance::balance_strings(locale).estimate_for_region}</a></p>
            {description.map(|d| view! { <h2>{t.description}</h2><p>{d}</p> })}
        </section>
        <div class="two-col">
            <RegionInset path=detail.region_path.clone() point=detail.map_point name=p.name.clone() />
            <Access airport=p.nearest_airport.clone() station=p.nearest_station.clone() />
        </div>
        <section class="card">
            <h2>{t.history_title}</h2>
            <OccupancyHistory points=detail.history.clone() />
            <p class="muted small">{t.occupied} " / " {t.floor_area} " · " {t.as_of} " " {detail.history.last().map(|q| locale.date(q.quarter.last_day())).unwrap_or_default()}</p>
        </section>
        <Buildings buildings=detail.buildings as_of=as_of.clone() />
        <Tenants tenants=detail.tenants as_of=as_of />
        <Press press=detail.press />
    }
}

fn format_decimal(locale: crate::i18n::Locale, v: f64) -> String {
    let s = if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    };
    if locale == crate::i18n::Locale::En {
        s
    } else {
        s.replace('.', ",")
    }
}

#[component]
fn Buildings(buildings: Vec<BuildingRow>, as_of: String) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    view! {
        <section class="card">
            <h2>{t.buildings} <span class="muted small">" · " {as_of}</span></h2>
            {if buildings.is_empty() {
                view! { <p class="muted">{t.no_buildings}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-label=t.buildings>
                        <table class="data" data-testid="buildings-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t.building}</th>
                                    <th scope="col" class="n">{t.floor_area}</th>
                                    <th scope="col" class="n">{t.seats}</th>
                                    <th scope="col">{t.occupied}</th>
                                    <th scope="col" class="n">{t.available}</th>
                                    <th scope="col">{t.delivery}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {buildings
                                    .into_iter()
                                    .map(|b| {
                                        let pct = (b.floor_area_m2 > 0 && b.delivered)
                                            .then(|| b.occupied_m2 as f64 * 100.0 / b.floor_area_m2 as f64);
                                        let delivery = match (b.delivered, b.delivery_date) {
                                            (true, _) => t.delivered.to_string(),
                                            (false, Some(d)) => format!("{} {}", t.to_be_delivered, locale.date(d)),
                                            (false, None) => t.not_known.to_string(),
                                        };
                                        view! {
                                            <tr>
                                                <th scope="row">
                                                    {b.name}
                                                    {b.demo.then(|| view! { " " <span class="badge demo">{t.demo_tag}</span> })}
                                                </th>
                                                <td class="n">{locale.m2(b.floor_area_m2)}</td>
                                                <td class="n">{locale.int(b.seats)}</td>
                                                <td><OccupancyBar pct /></td>
                                                <td class="n">
                                                    {locale.m2(b.available_m2)}
                                                    <div class="muted small">{locale.int(b.available_seats)} " " {t.seats}</div>
                                                </td>
                                                <td>{delivery}</td>
                                            </tr>
                                        }
                                        .into_any()
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn Tenants(tenants: Vec<TenantRow>, as_of: String) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    view! {
        <section class="card">
            <h2>{t.tenants} <span class="muted small">" · " {as_of}</span></h2>
            {if tenants.is_empty() {
                view! { <p class="muted">{t.no_tenants}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-label=t.tenants>
                        <table class="data" data-testid="tenants-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t.company}</th>
                                    <th scope="col">{t.country}</th>
                                    <th scope="col">{t.activity_line}</th>
                                    <th scope="col" class="n">{t.area}</th>
                                    <th scope="col">{t.since}</th>
                                    <th scope="col" class="n">{t.latest_jobs}</th>
                                    <th scope="col">{t.jobs_by_quarter}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {tenants
                                    .into_iter()
                                    .map(|tn| {
                                        let spark_label = format!(
                                            "{}: {}",
                                            t.jobs_by_quarter,
                                            tn.jobs_history
                                                .iter()
                                                .map(|(q, v)| format!("{} {}", locale.quarter(*q), v.map(|v| locale.int(v)).unwrap_or_else(|| "—".into())))
                                                .collect::<Vec<_>>()
                                                .join(", ")
                                        );
                                        let values: Vec<Option<i64>> = tn.jobs_history.iter().map(|(_, v)| *v).collect();
                                        view! {
                                            <tr>
                                                <th scope="row">
                                                    {tn.company}
                                                    {tn.demo.then(|| view! { " " <span class="badge demo">{t.demo_tag}</span> })}
                                                </th>
                                                <td>{tn.country}</td>
                                                <td><abbr title=locale.activity(tn.activity_line)>{tn.activity_line.as_str()}</abbr></td>
                                                <td class="n">{locale.m2(tn.area_m2)}</td>
                                                <td>{locale.date(tn.since)}</td>
                                                {if tn.jobs_published {
                                                    view! {
                                                        <td class="n"><Jobs jobs=tn.latest_jobs /></td>
                                                        <td><Sparkline values label=spark_label /></td>
                                                    }
                                                    .into_any()
                                                } else {
                                                    let not_published = crate::i18n::privacy::privacy_strings(locale).not_published;
                                                    view! {
                                                        <td class="n"><span class="muted" data-testid="jobs-not-published">{not_published}</span></td>
                                                        <td><span class="muted">{not_published}</span></td>
                                                    }
                                                    .into_any()
                                                }}
                                            </tr>
                                        }
                                        .into_any()
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn Press(press: PressFigures) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let nothing = press.office_floor_m2.is_none() && press.reported_jobs.is_none();
    (!nothing).then(|| {
        view! {
            <section class="card press" data-testid="press-figures">
                <h2>{t.press_title}</h2>
                <dl class="facts">
                    {press.office_floor_m2.map(|m| view! { <dt>{t.press_floor}</dt><dd>{locale.m2(m)}</dd> })}
                    {press.reported_jobs.map(|j| view! { <dt>{t.press_jobs}</dt><dd>{locale.int(j)}</dd> })}
                    {press.figures_year.map(|y| view! { <dt>{t.press_year}</dt><dd>{y}</dd> })}
                </dl>
                <p class="muted small">{t.press_note}</p>
            </section>
        }
    })
}

/// Bounding box (min x, min y, max x, max y) of the points of an SVG path of M/L commands.
fn path_bbox(path: &str) -> Option<(f64, f64, f64, f64)> {
    let numbers: Vec<f64> = path
        .split(|c: char| c.is_ascii_alphabetic() || c.is_whitespace())
        .filter_map(|n| n.parse().ok())
        .collect();
    let xs = numbers.iter().step_by(2);
    let ys = numbers.iter().skip(1).step_by(2);
    Some((
        xs.clone().copied().reduce(f64::min)?,
        ys.clone().copied().reduce(f64::min)?,
        xs.copied().reduce(f64::max)?,
        ys.copied().reduce(f64::max)?,
    ))
}

/// The park's region with the park as a dot.
#[component]
fn RegionInset(path: String, point: (f64, f64), name: String) -> impl IntoView {
    let t = use_locale().t();
    let (x0, y0, x1, y1) = path_bbox(&path).unwrap_or((
        point.0 - 10.0,
        point.1 - 10.0,
        point.0 + 10.0,
        point.1 + 10.0,
    ));
    let pad = ((x1 - x0).max(y1 - y0) * 0.06).max(1.0);
    let viewbox = format!(
        "{:.1} {:.1} {:.1} {:.1}",
        x0 - pad,
        y0 - pad,
        x1 - x0 + 2.0 * pad,
        y1 - y0 + 2.0 * pad
    );
    let r = ((x1 - x0).max(y1 - y0) * 0.025).max(0.8);
    view! {
        <section class="card inset">
            <h2>{t.region_inset}</h2>
            <svg viewBox=viewbox role="img" aria-label=format!("{}: {name}", t.region_inset)>
                <path class="inset-region" d=path></path>
                <circle class="inset-park" cx=format!("{:.1}", point.0) cy=format!("{:.1}", point.1) r=format!("{r:.2}")></circle>
            </svg>
        </section>
    }
}

/// Distances to the nearest international airport and main train station.
#[component]
fn Access(airport: Option<HubDistance>, station: Option<HubDistance>) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let line = move |h: Option<HubDistance>| match h {
        Some(h) => format!(
            "{} · {} ({})",
            locale.km(h.distance_km),
            h.name,
            t.as_the_crow_flies
        ),
        None => t.not_known.to_string(),
    };
    view! {
        <section class="card" data-testid="access">
            <h2>{t.access_title}</h2>
            <dl class="facts">
                <dt>{t.nearest_airport}</dt><dd data-testid="nearest-airport">{line(airport)}</dd>
                <dt>{t.nearest_station}</dt><dd data-testid="nearest-station">{line(station)}</dd>
            </dl>
        </section>
    }
}
