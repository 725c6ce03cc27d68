//! Home: national totals, each with its date, and the regions.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{get_national_summary, list_regions};
use crate::components::figures::{DemoNotice, Jobs, Stat};
use crate::components::layout::use_locale;
use crate::components::notice::ErrorNotice;
use crate::model::{NationalSummary, RegionSummary};

/// Sector figures from the press, the reference the registry's own totals are read against.
const SECTOR_JOBS_END_2024: i64 = 148_500;
const SECTOR_TARGET_JOBS_2030: i64 = 270_000;

#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_locale().t();
    let data = Resource::new(
        || (),
        |_| async move {
            let summary = get_national_summary().await?;
            let regions = list_regions().await?;
            Ok::<_, crate::api::AppError>((summary, regions))
        },
    );
    view! {
        <Title text="" />
        <section class="hero">
            <h1>{t.home_title}</h1>
            <p class="lead">{t.home_intro}</p>
        </section>
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((summary, regions)) => view! { <HomeBody summary regions /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HomeBody(summary: NationalSummary, regions: Vec<RegionSummary>) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let as_of = format!("{} {}", t.as_of, locale.date(summary.occupancy_as_of));
    let jobs_value = summary
        .jobs
        .map(|j| crate::components::figures::jobs_text(locale, &j))
        .unwrap_or_else(|| "—".into());
    let jobs_note = match summary.jobs {
        Some(j) => format!(
            "{} {} ({} {})",
            t.declared_for,
            locale.quarter(j.quarter),
            t.as_of,
            locale.date(j.as_of)
        ),
        None => t.no_jobs_yet.to_string(),
    };
    let parks_note = format!(
        "{} {} · {}",
        locale.int(summary.parks_operating),
        t.stat_parks_operating,
        as_of
    );
    let updated = summary
        .last_updated_at
        .map(|at| format!("{} : {}", t.last_update, locale.date(at.date_naive())));
    let parks_href = format!("/{}/parks", locale.code());
    view! {
        <DemoNotice show=summary.demo />
        <section class="stats" aria-label=t.stat_parks>
            <Stat label=t.stat_parks value=locale.int(summary.parks) note=parks_note testid="stat-parks" />
            <Stat label=t.stat_floor_area value=locale.m2(summary.floor_area_m2) note=as_of.clone() testid="stat-floor" />
            <Stat label=t.stat_occupied value=locale.m2(summary.occupied_m2) note=as_of.clone() testid="stat-occupied" />
            <Stat label=t.stat_available value=locale.m2(summary.available_m2) note=as_of.clone() testid="stat-available" />
            <Stat label=t.stat_future_supply value=locale.m2(summary.future_supply_m2) note=as_of.clone() testid="stat-future" />
            <Stat label=t.stat_jobs value=jobs_value note=jobs_note testid="stat-jobs" />
        </section>
        {updated.map(|u| view! { <p class="muted small">{u}</p> })}
        <section class="card">
            <h2>{t.sector_title}</h2>
            <div class="target">
                <div>
                    <strong class="num">{locale.int(SECTOR_JOBS_END_2024)}</strong>
                    " "
                    {t.sector_jobs_2024}
                </div>
                <div>
                    <strong class="num">{locale.int(SECTOR_TARGET_JOBS_2030)}</strong>
                    " "
                    {t.sector_target_2030}
                </div>
                <div class="bar wide" aria-hidden="true">
                    <span
                        class="bar-fill mid"
                        style=format!("width: {:.1}%", SECTOR_JOBS_END_2024 as f64 * 100.0 / SECTOR_TARGET_JOBS_2030 as f64)
                    ></span>
                </div>
            </div>
            <p class="muted small">{t.sector_source}</p>
        </section>
        <section class="card">
            <h2>{t.col_region}</h2>
            <div class="table-wrap">
                <table class="data" data-testid="regions-table">
                    <thead>
                        <tr>
                            <th scope="col">{t.col_region}</th>
                            <th scope="col" class="n">{t.stat_parks}</th>
                            <th scope="col" class="n">{t.col_floor_area}</th>
                            <th scope="col" class="n">{t.col_available}</th>
                            <th scope="col" class="n">{t.col_jobs}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {regions
                            .into_iter()
                            .map(|r| {
                                let href = format!("/{}/parks?region={}", locale.code(), r.code.as_str());
                                view! {
                                    <tr>
                                        <th scope="row">
                                            <a href=href>{locale.pick(&r.name).unwrap_or_default().to_string()}</a>
                                        </th>
                                        <td class="n">{locale.int(r.parks)}</td>
                                        <td class="n">{locale.m2(r.floor_area_m2)}</td>
                                        <td class="n">{locale.m2(r.available_m2)}</td>
                                        <td class="n"><Jobs jobs=r.jobs /></td>
                                    </tr>
                                }
                                .into_any()
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="muted small">{as_of}</p>
        </section>
        <p><a class="button" href=parks_href>{t.browse_parks}</a></p>
    }
}
