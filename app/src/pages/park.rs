//! Park page: the park, its buildings and tenants, every figure dated.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::ErrorNotice;
use crate::api::get_park;
use crate::components::figures::{DemoNotice, Jobs, OccupancyBar, Stat};
use crate::components::layout::use_locale;
use crate::model::{BuildingRow, ParkDetail, PressFigures, TenantRow};

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
        .map(|j| locale.int(j.headcount))
        .unwrap_or_else(|| "—".into());
    let jobs_note = match p.jobs {
        Some(j) => format!("{} {}", t.declared_for, locale.quarter(j.quarter)),
        None => t.no_jobs_yet.to_string(),
    };
    let updated = format!(
        "{} : {} · {} {}",
        t.last_update,
        locale.date(p.last_updated_at.date_naive()),
        t.by,
        p.last_updated_by
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
            {description.map(|d| view! { <h2>{t.description}</h2><p>{d}</p> })}
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
                    <div class="table-wrap">
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
                    <div class="table-wrap">
                        <table class="data" data-testid="tenants-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t.company}</th>
                                    <th scope="col">{t.country}</th>
                                    <th scope="col">{t.activity_line}</th>
                                    <th scope="col" class="n">{t.area}</th>
                                    <th scope="col">{t.since}</th>
                                    <th scope="col" class="n">{t.latest_jobs}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {tenants
                                    .into_iter()
                                    .map(|tn| {
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
                                                <td class="n"><Jobs jobs=tn.latest_jobs /></td>
                                            </tr>
                                        }
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
