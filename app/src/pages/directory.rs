//! Search: every filter in the URL, a GET form that works without JavaScript
//! and navigates without a reload once hydrated, one page of results, and a
//! selection to compare.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::{AppError, list_regions, search_parks};
use crate::components::figures::{DemoNotice, Jobs, OccupancyBar};
use crate::components::form::{Field, enum_options};
use crate::components::layout::use_locale;
use crate::components::notice::ErrorNotice;
use crate::components::url::{replace, with_query};
use crate::model::{
    ActivityLine, ParkSearch, ParkStatus, RegionSummary, SearchResults, SearchRow, SortKey,
};

/// The page's search parameters as decoded pairs, in a stable order.
pub fn search_pairs(query: &leptos_router::params::ParamsMap) -> Vec<(String, String)> {
    ParkSearch::KEYS
        .iter()
        .flat_map(|k| {
            query
                .get_all(k)
                .unwrap_or_default()
                .into_iter()
                .map(move |v| (k.to_string(), v))
        })
        .collect()
}

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let t = use_locale().t();
    let query = use_query_map();
    let pairs = move || search_pairs(&query.read());
    let data = Resource::new(pairs, |pairs| async move {
        let results = search_parks(pairs.clone()).await?;
        let regions = list_regions().await?;
        Ok::<_, AppError>((results, regions, pairs))
    });
    view! {
        <Title text=t.search_title />
        <h1>{t.search_title}</h1>
        <p class="lead">{t.search_intro}</p>
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((results, regions, pairs)) => view! { <SearchBody results regions pairs /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn value_of(pairs: &[(String, String)], key: &str) -> String {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn values_of(pairs: &[(String, String)], key: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .flat_map(|(_, v)| v.split(',').map(|s| s.trim().to_string()))
        .collect()
}

#[component]
fn SearchBody(
    results: SearchResults,
    regions: Vec<RegionSummary>,
    pairs: Vec<(String, String)>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let lang = locale.code();
    let base = format!("/{lang}/parks");
    let chosen_regions = values_of(&pairs, "region");
    let chosen_status = values_of(&pairs, "status");
    let chosen_lines = values_of(&pairs, "line");
    let sort = value_of(&pairs, "sort");
    let demo = results.parks.iter().any(|p| p.demo);
    let near = results.near.clone();
    let with_distance = near.is_some();
    let with_free_on = results
        .parks
        .first()
        .is_some_and(|p| p.free_at_date_m2.is_some());
    let free_on = locale.date(results.free_at);
    let count_line = {
        let mut s = format!(
            "{} {} · {} {}",
            locale.int(results.count),
            t.results,
            t.as_of,
            locale.date(results.as_of)
        );
        if let Some(n) = &near {
            s.push_str(&format!(
                " · {} {} {} {}",
                t.within,
                locale.km(n.within_km),
                t.from,
                n.label
            ));
        }
        s
    };
    let page_link = {
        let pairs = pairs.clone();
        let base = base.clone();
        move |page: u32| with_query(&base, &replace(&pairs, "page", &page.to_string()))
    };
    let (page, pages) = (results.page, results.pages);
    // Field children are moved into their closures: one owned value each.
    let min_free_m2_value = value_of(&pairs, "min_free_m2");
    let min_free_seats_value = value_of(&pairs, "min_free_seats");
    let max_rent_mad_value = value_of(&pairs, "max_rent_mad");
    let available_by_value = value_of(&pairs, "available_by");
    let near_value = value_of(&pairs, "near");
    let within_km_value = value_of(&pairs, "within_km");
    view! {
        <DemoNotice show=demo />
        <Form method="GET" action="">
            <div class="filters" data-testid="filters">
                <fieldset class="checks">
                    <legend>{t.filter_region}</legend>
                    {regions
                        .into_iter()
                        .map(|r| {
                            let code = r.code.as_str().to_string();
                            let checked = chosen_regions.contains(&code);
                            view! {
                                <label class="check">
                                    <input type="checkbox" name="region" value=code.clone() checked=checked data-testid=format!("region-{code}") />
                                    {locale.pick(&r.name).unwrap_or_default().to_string()}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <fieldset class="checks">
                    <legend>{t.filter_status}</legend>
                    {ParkStatus::ALL
                        .into_iter()
                        .map(|s| {
                            let checked = chosen_status.iter().any(|c| c == s.as_str());
                            view! {
                                <label class="check">
                                    <input type="checkbox" name="status" value=s.as_str() checked=checked />
                                    {locale.status(s)}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <fieldset class="checks">
                    <legend>{t.filter_lines}</legend>
                    {ActivityLine::ALL
                        .into_iter()
                        .map(|l| {
                            let checked = chosen_lines.iter().any(|c| c.eq_ignore_ascii_case(l.as_str()));
                            view! {
                                <label class="check" title=locale.activity(l)>
                                    <input type="checkbox" name="line" value=l.as_str() checked=checked />
                                    {l.as_str()}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <div class="fields">
                    <Field label=t.filter_min_free_m2>
                        <input type="number" name="min_free_m2" min="0" step="10" inputmode="numeric" value=min_free_m2_value data-testid="min-free-m2" />
                    </Field>
                    <Field label=t.filter_min_free_seats>
                        <input type="number" name="min_free_seats" min="0" inputmode="numeric" value=min_free_seats_value />
                    </Field>
                    <Field label=t.filter_max_rent>
                        <input type="number" name="max_rent_mad" min="0" step="1" inputmode="decimal" value=max_rent_mad_value />
                    </Field>
                    <Field label=t.filter_available_by>
                        <input type="date" name="available_by" value=available_by_value />
                    </Field>
                    <Field label=t.filter_near>
                        <input type="text" name="near" list="places" autocomplete="off" value=near_value />
                    </Field>
                    <Field label=t.filter_within_km>
                        <input type="number" name="within_km" min="1" max="2000" inputmode="numeric" value=within_km_value />
                    </Field>
                    <Field label=t.sort_by>
                        <select name="sort">
                            {enum_options(SortKey::ALL, SortKey::ALL.into_iter().find(|k| sort == k.as_str()), SortKey::as_str, |k| locale.sort(k))}
                        </select>
                    </Field>
                </div>
                <div class="actions">
                    <button type="submit" data-testid="apply-filters">{t.apply_filters}</button>
                    <a href=base.clone() class="button secondary">{t.reset_filters}</a>
                </div>
            </div>
        </Form>
        <datalist id="places">
            {["Casablanca", "Rabat", "Tanger", "Fès", "Marrakech", "Agadir", "Oujda", "Tétouan", "Meknès", "Kénitra", "Laâyoune", "Dakhla"]
                .into_iter()
                .map(|p| view! { <option value=p></option> })
                .collect_view()}
        </datalist>
        <p class="result-count" data-testid="result-count" aria-live="polite">{count_line}</p>
        {if results.parks.is_empty() {
            view! { <p class="notice">{t.no_results}</p> }.into_any()
        } else {
            view! {
                <form method="get" action=format!("/{lang}/compare")>
                    <div class="table-wrap">
                        <table class="data" data-testid="parks-table">
                            <thead>
                                <tr>
                                    <th scope="col"><span class="visually-hidden">{t.select_park}</span></th>
                                    <th scope="col">{t.col_park}</th>
                                    <th scope="col">{t.col_region}</th>
                                    <th scope="col">{t.col_status}</th>
                                    <th scope="col" class="n">{t.col_floor_area}</th>
                                    <th scope="col">{t.col_occupancy}</th>
                                    <th scope="col" class="n">
                                        {if with_free_on { format!("{} {free_on}", t.free_on) } else { t.col_available.to_string() }}
                                    </th>
                                    <th scope="col" class="n">{t.col_rent}</th>
                                    <th scope="col" class="n">{t.col_jobs}</th>
                                    {with_distance.then(|| view! { <th scope="col" class="n">{t.col_distance}</th> })}
                                </tr>
                            </thead>
                            <tbody>
                                {results
                                    .parks
                                    .into_iter()
                                    .map(|p| view! { <ParkRow park=p with_distance /> })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <p class="compare-bar">
                        <button type="submit" data-testid="compare-selected">{t.compare_selected}</button>
                        " "
                        <span class="muted small">{t.compare_hint}</span>
                    </p>
                </form>
            }
            .into_any()
        }}
        {(pages > 1).then(|| {
            view! {
                <nav class="pager" aria-label=t.page_label>
                    {(page > 1).then(|| view! { <a href=page_link(page - 1) rel="prev">{t.page_prev}</a> })}
                    <span>{format!("{} {page} {} {pages}", t.page_label, t.of)}</span>
                    {(page < pages).then(|| view! { <a href=page_link(page + 1) rel="next">{t.page_next}</a> })}
                </nav>
            }
        })}
    }
}

#[component]
fn ParkRow(park: SearchRow, with_distance: bool) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let href = format!("/{}/parks/{}", locale.code(), park.slug);
    let status_class = format!("badge status-{}", park.status.as_str());
    let free = park.free_at_date_m2.unwrap_or(park.available_m2);
    let rent = park
        .rent_centimes_per_m2_month
        .map(|c| locale.rent(c))
        .unwrap_or_else(|| "—".into());
    let check_label = format!("{} {}", t.select_park, park.name);
    view! {
        <tr data-testid="park-row" data-slug=park.slug.clone()>
            <td><input type="checkbox" name="park" value=park.slug.clone() aria-label=check_label data-testid=format!("select-{}", park.slug) /></td>
            <th scope="row">
                <a href=href class="park-link">{park.name.clone()}</a>
                <div class="muted small">
                    {park.city.clone()}
                    {(!park.activity_lines.is_empty()).then(|| {
                        format!(" · {}", park.activity_lines.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(" "))
                    })}
                </div>
            </th>
            <td>{locale.pick(&park.region_name).unwrap_or_default().to_string()}</td>
            <td><span class=status_class>{locale.status(park.status)}</span></td>
            <td class="n">{locale.m2(park.floor_area_m2)}</td>
            <td><OccupancyBar pct=park.occupancy_pct /></td>
            <td class="n" data-testid="free-area">{locale.m2(free)}</td>
            <td class="n">{rent}</td>
            <td class="n"><Jobs jobs=park.jobs /></td>
            {with_distance.then(|| view! { <td class="n">{park.distance_km.map(|d| locale.km(d)).unwrap_or_default()}</td> })}
        </tr>
    }
    .into_any()
}
