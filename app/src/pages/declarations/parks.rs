//! `/:lang/manage/jobs`: the parks the signed-in user declares or validates
//! jobs for (layer: app UI).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{AppError, current_user, declaration_parks};
use crate::components::layout::use_locale;
use crate::components::manage::{ManageError, NoIndex, SessionBar, SignInNotice};
use crate::i18n::balance::balance_strings;
use crate::model::{Quarter, SessionUser};

async fn load_parks() -> Result<Option<(SessionUser, Vec<(String, String)>)>, AppError> {
    let Some(user) = current_user().await? else {
        return Ok(None);
    };
    Ok(Some((user, declaration_parks().await?)))
}

/// `/:lang/manage/jobs`: the parks the signed-in user declares or validates jobs for.
#[component]
pub fn DeclarationParksPage() -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let t = locale.t();
    let data = Resource::new(|| (), |_| load_parks());
    view! {
        <NoIndex />
        <Title text=s.jobs_title />
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some((user, parks))) => view! { <ParksBody user parks /> }.into_any(),
                    Ok(None) => view! { <SignInNotice /> }.into_any(),
                    Err(error) => view! { <ManageError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ParksBody(user: SessionUser, parks: Vec<(String, String)>) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let lang = locale.code();
    let query = use_query_map();
    // keep a quarter chosen elsewhere; without one, each park page opens on the last complete quarter
    let quarter = query
        .read_untracked()
        .get("quarter")
        .filter(|q| Quarter::parse(q).is_ok());
    view! {
        <SessionBar user />
        <h1>{s.jobs_title}</h1>
        <p class="lead">{s.jobs_intro}</p>
        {if parks.is_empty() {
            view! { <p class="notice" data-testid="no-declaration-parks">{s.no_declaration_parks}</p> }.into_any()
        } else {
            view! {
                <p>{s.jobs_parks_intro}</p>
                <ul class="cards" data-testid="declaration-parks">
                    {parks
                        .into_iter()
                        .map(|(slug, name)| {
                            let mut href = format!("/{lang}/manage/jobs/{slug}");
                            if let Some(q) = &quarter {
                                href.push_str(&format!("?quarter={q}"));
                            }
                            view! {
                                <li class="card park-tile">
                                    <h2><a href=href data-slug=slug>{name}</a></h2>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        }}
        <p><a href=format!("/{lang}/balance")>{s.nav_balance}</a></p>
    }
}
