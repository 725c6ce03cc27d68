//! The park editor: the park's fields and location, its buildings, its
//! tenants, the lease-event form and the park's lease events.
//!
//! Every form is a plain HTML form whose field names are its server
//! function's arguments, so it also works without JavaScript. The actions live
//! at page level: a successful save loads the editor again (new figures, new
//! versions, the region the server derived) and the confirmation survives it.
//!
//! One file per section or form: `park_form.rs`, `buildings.rs` and
//! `building_form.rs`, `tenants.rs` and `tenant_form.rs`,
//! `lease_event_form.rs`, `lease_history.rs`; this file loads the editor and
//! lays out the sections.
mod building_form;
mod buildings;
mod lease_event_form;
mod lease_history;
mod park_form;
mod tenant_form;
mod tenants;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{
    AppError, RecordLeaseEvent, SaveBuilding, SaveTenant, UpdatePark, current_user, get_map,
    get_park_editor,
};
use crate::components::layout::use_locale;
use crate::components::manage::{
    ManageError, NoIndex, SessionBar, SignInNotice, reload_on_success,
};
use crate::model::{MapView, ParkEditor, SessionUser};
use buildings::Buildings;
use lease_event_form::RecordLeaseEventForm;
use lease_history::Events;
use park_form::ParkForm;
use tenants::Tenants;

/// The page's server actions, created once so that their results outlive the
/// reloads they cause. `*_row` says which building or tenant form was sent last.
#[derive(Clone, Copy)]
struct Actions {
    park: ServerAction<UpdatePark>,
    building: ServerAction<SaveBuilding>,
    new_building: ServerAction<SaveBuilding>,
    tenant: ServerAction<SaveTenant>,
    lease: ServerAction<RecordLeaseEvent>,
    building_row: RwSignal<Option<i32>>,
    tenant_row: RwSignal<Option<i32>>,
    reload: RwSignal<u32>,
}

impl Actions {
    fn new() -> Self {
        let a = Self {
            park: ServerAction::new(),
            building: ServerAction::new(),
            new_building: ServerAction::new(),
            tenant: ServerAction::new(),
            lease: ServerAction::new(),
            building_row: RwSignal::new(None),
            tenant_row: RwSignal::new(None),
            reload: RwSignal::new(0),
        };
        reload_on_success(a.park.value(), a.reload);
        reload_on_success(a.building.value(), a.reload);
        reload_on_success(a.new_building.value(), a.reload);
        reload_on_success(a.tenant.value(), a.reload);
        reload_on_success(a.lease.value(), a.reload);
        a
    }
}

async fn load(slug: String) -> Result<Option<(SessionUser, ParkEditor)>, AppError> {
    let Some(user) = current_user().await? else {
        return Ok(None);
    };
    Ok(Some((user, get_park_editor(slug).await?)))
}

#[component]
pub fn ParkEditorPage() -> impl IntoView {
    let t = use_locale().t();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let actions = Actions::new();
    let data = Resource::new(
        move || (slug(), actions.reload.get()),
        |(slug, _)| load(slug),
    );
    let map = Resource::new(|| (), |_| get_map(None));
    view! {
        <NoIndex />
        <Title text=t.editor_title />
        <Transition fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                // The map is a help for picking the location; the form works without it.
                let map = map.await.ok();
                match data.await {
                    Ok(Some((user, editor))) => {
                        view! { <EditorBody user editor map actions /> }.into_any()
                    }
                    Ok(None) => view! { <SignInNotice /> }.into_any(),
                    Err(error) => view! { <ManageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn EditorBody(
    user: SessionUser,
    editor: ParkEditor,
    map: Option<MapView>,
    actions: Actions,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let lang = locale.code();
    let csrf = user.csrf_token.clone();
    let slug = editor.park.slug.clone();
    let public = format!("/{lang}/parks/{slug}");
    let as_of = format!("{} {}", t.as_of, locale.date(editor.as_of));
    let back_arrow = if locale.dir() == "rtl" {
        "→ "
    } else {
        "← "
    };
    view! {
        <SessionBar user />
        <p><a href=format!("/{lang}/manage")>{back_arrow}{t.back_to_my_parks}</a></p>
        <header class="park-head">
            <h1 data-testid="editor-title">{editor.park.name.clone()}</h1>
            <p><a href=public data-testid="public-page">{t.public_page}</a></p>
        </header>
        <nav class="in-page" aria-label=t.editor_title>
            <a href="#park">{t.park_details}</a>
            <a href="#buildings">{t.buildings}</a>
            <a href="#tenants">{t.tenants}</a>
            <a href="#record">{t.record_title}</a>
            <a href="#events">{t.events_title}</a>
        </nav>
        <ParkForm park=editor.park.clone() map csrf=csrf.clone() actions />
        <Buildings
            slug=slug.clone()
            buildings=editor.buildings.clone()
            csrf=csrf.clone()
            as_of=as_of.clone()
            actions
        />
        <Tenants slug=slug.clone() tenants=editor.tenants.clone() csrf=csrf.clone() as_of actions />
        <RecordLeaseEventForm
            slug
            buildings=editor.buildings
            tenants=editor.tenants
            csrf
            today=editor.as_of
            actions
        />
        <Events events=editor.events />
    }
}

fn is_conflict<T>(v: &Option<Result<T, AppError>>) -> bool {
    matches!(v, Some(Err(AppError::Conflict(_))))
}

/// After a conflict, a button that loads what is stored now (and the new versions).
#[component]
fn ConflictReload(#[prop(into)] action_conflict: Signal<bool>, actions: Actions) -> impl IntoView {
    let t = use_locale().t();
    move || {
        action_conflict.get().then(|| {
            view! {
                <p>
                    <button type="button" class="secondary" on:click=move |_| actions.reload.update(|n| *n += 1)>
                        {t.reload_latest}
                    </button>
                </p>
            }
        })
    }
}
