//! Park directory: every park with its figures, filtered by region and status.
//! The filters are a plain GET form, so they live in the URL and work without JavaScript.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::ErrorNotice;
use crate::api::{AppError, list_parks, list_regions};
use crate::components::figures::{DemoNotice, Jobs, OccupancyBar};
use crate::components::layout::use_locale;
use crate::model::{ParkStatus, ParkSummary, RegionSummary};

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let t = use_locale().t();
    let query = use_query_map();
    let filters = move || {
        let q = query.read();
        (
            q.get("region").filter(|v| !v.is_empty()),
            q.get("status").filter(|v| !v.is_empty()),
        )
    };
    let data = Resource::new(filters, |(region, status)| async move {
        let parks = list_parks(region.clone(), status.clone()).await?;
        let regions = list_regions().await?;
        Ok::<_, AppError>((parks, regions, region, status))
    });
    view! {
        <Title text=t.directory_title />
        <h1>{t.directory_title}</h1>
        <p class="lead">{t.directory_intro}</p>
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((parks, regions, region, status)) => {
                        view! { <DirectoryBody parks regions region status /> }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DirectoryBody(
    parks: Vec<ParkSummary>,
    regions: Vec<RegionSummary>,
    region: Option<String>,
    status: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let demo = parks.iter().any(|p| p.demo);
    let as_of = parks
        .first()
        .map(|p| format!("{} {}", t.as_of, locale.date(p.occupancy_as_of)));
    let count = parks.len() as i64;
    view! {
        <DemoNotice show=demo />
        <form class="filters" method="get" action="" data-testid="filters">
            <label>
                <span>{t.filter_region}</span>
                <select name="region" data-testid="filter-region">
                    <option value="">{t.all_regions}</option>
                    {regions
                        .into_iter()
                        .map(|r| {
                            let code = r.code.as_str().to_string();
                            let selected = region.as_deref() == Some(code.as_str());
                            view! {
                                <option value=code selected=selected>
                                    {locale.pick(&r.name).unwrap_or_default().to_string()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                <span>{t.filter_status}</span>
                <select name="status" data-testid="filter-status">
                    <option value="">{t.all_statuses}</option>
                    {ParkStatus::ALL
                        .into_iter()
                        .map(|s| {
                            let selected = status.as_deref() == Some(s.as_str());
                            view! { <option value=s.as_str() selected=selected>{locale.status(s)}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit">{t.apply_filters}</button>
        </form>
        <p class="result-count" data-testid="result-count">
            <strong>{locale.int(count)}</strong>
            " "
            {t.results}
            {as_of.map(|a| format!(" · {a}"))}
        </p>
        {if parks.is_empty() {
            view! { <p class="notice">{t.no_results}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data" data-testid="parks-table">
                        <thead>
                            <tr>
                                <th scope="col">{t.col_park}</th>
                                <th scope="col">{t.col_region}</th>
                                <th scope="col">{t.col_status}</th>
                                <th scope="col" class="n">{t.col_floor_area}</th>
                                <th scope="col">{t.col_occupancy}</th>
                                <th scope="col" class="n">{t.col_available}</th>
                                <th scope="col" class="n">{t.col_jobs}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {parks.into_iter().map(|p| view! { <ParkRow park=p /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
    }
}

#[component]
fn ParkRow(park: ParkSummary) -> impl IntoView {
    let locale = use_locale();
    let href = format!("/{}/parks/{}", locale.code(), park.slug);
    let status_class = format!("badge status-{}", park.status.as_str());
    view! {
        <tr data-testid="park-row" data-slug=park.slug.clone()>
            <th scope="row">
                <a href=href class="park-link">{park.name.clone()}</a>
                <div class="muted small">{park.city.clone()}</div>
            </th>
            <td>{locale.pick(&park.region_name).unwrap_or_default().to_string()}</td>
            <td><span class=status_class>{locale.status(park.status)}</span></td>
            <td class="n">{locale.m2(park.floor_area_m2)}</td>
            <td><OccupancyBar pct=park.occupancy_pct /></td>
            <td class="n">{locale.m2(park.available_m2)}</td>
            <td class="n"><Jobs jobs=park.jobs /></td>
        </tr>
    }
}
