//! "My parks": the parks a manager keeps current (all of them for an admin),
//! each with how fresh its data is and its dated figures.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{AppError, current_user, my_parks};
use crate::components::layout::use_locale;
use crate::components::manage::{FreshnessBadge, ManageError, NoIndex, SessionBar, SignInNotice};
use crate::model::{ManagedPark, Role, SessionUser};

async fn load() -> Result<Option<(SessionUser, Vec<ManagedPark>)>, AppError> {
    let Some(user) = current_user().await? else {
        return Ok(None);
    };
    // Tenant representatives manage no park: their page is the job declarations.
    let parks = if user.role == Role::TenantRep {
        Vec::new()
    } else {
        my_parks().await?
    };
    Ok(Some((user, parks)))
}

#[component]
pub fn ManagePage() -> impl IntoView {
    let t = use_locale().t();
    let data = Resource::new(|| (), |_| load());
    view! {
        <NoIndex />
        <Title text=t.manage_title />
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some((user, parks))) => view! { <ManageBody user parks /> }.into_any(),
                    Ok(None) => view! { <SignInNotice /> }.into_any(),
                    Err(error) => view! { <ManageError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ManageBody(user: SessionUser, parks: Vec<ManagedPark>) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    if user.role == Role::TenantRep {
        let s = crate::i18n::balance::balance_strings(locale);
        let jobs = format!("/{}/manage/jobs", locale.code());
        return view! {
            <SessionBar user />
            <h1>{s.jobs_title}</h1>
            <p><a class="button" href=jobs>{s.declare_link}</a></p>
        }
        .into_any();
    }
    view! {
        <SessionBar user />
        <h1>{t.manage_title}</h1>
        <p class="lead">{t.manage_intro}</p>
        {if parks.is_empty() {
            view! { <p class="notice">{t.no_parks_assigned}</p> }.into_any()
        } else {
            view! {
                <ul class="cards" data-testid="my-parks">
                    {parks.into_iter().map(|park| view! { <ParkCard park /> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
    .into_any()
}

#[component]
fn ParkCard(park: ManagedPark) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let lang = locale.code();
    let editor = format!("/{lang}/manage/parks/{}", park.slug);
    let public = format!("/{lang}/parks/{}", park.slug);
    let as_of = format!("{} {}", t.as_of, locale.date(park.as_of));
    let updated = format!(
        "{} : {} · {} {}",
        t.last_update,
        locale.date(park.last_updated_at.date_naive()),
        t.by,
        park.last_updated_by
    );
    let status_class = format!("badge status-{}", park.status.as_str());
    view! {
        <li class="card park-tile" data-testid="managed-park" data-slug=park.slug.clone()>
            <h2>
                <a href=editor data-testid="edit-park" data-slug=park.slug.clone()>{park.name.clone()}</a>
            </h2>
            <p class="small">
                <span class=status_class>{locale.status(park.status)}</span>
                " " {park.city.clone()}
            </p>
            <p><FreshnessBadge freshness=park.freshness days=park.days_since_update /></p>
            <p class="muted small">{updated}</p>
            <dl class="facts">
                <dt>{t.buildings}</dt>
                <dd>{locale.int(park.buildings)}</dd>
                <dt>{t.floor_area}</dt>
                <dd>{locale.m2(park.floor_area_m2)}</dd>
                <dt>{t.occupied}</dt>
                <dd>{locale.m2(park.occupied_m2)} " " <span class="muted small">{as_of}</span></dd>
            </dl>
            <p class="tile-links small">
                <a href=format!("/{lang}/manage/parks/{}", park.slug)>{t.edit_park}</a>
                <a href=public>{t.public_page}</a>
            </p>
        </li>
    }
}
