//! The park editor: the park's fields and location, its buildings, its
//! tenants, the lease-event form and the park's lease events.
//!
//! Every form is a plain HTML form whose field names are its server
//! function's arguments, so it also works without JavaScript. The actions live
//! at page level: a successful save loads the editor again (new figures, new
//! versions, the region the server derived) and the confirmation survives it.
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{
    AppError, RecordLeaseEvent, SaveBuilding, SaveTenant, UpdatePark, current_user, get_map,
    get_park_editor,
};
use crate::components::form::{Field, Hidden};
use crate::components::layout::use_locale;
use crate::components::location_picker::LocationPicker;
use crate::components::manage::{
    FormFeedback, ManageError, NoIndex, SessionBar, SignInNotice, action_error, reload_on_success,
    reset_on_success,
};
use crate::i18n::fill;
use crate::model::{
    ActivityLine, BuildingFields, LeaseEventRow, LeaseKind, MapView, ParkEditor, ParkFields,
    ParkStatus, SessionUser, TenantFields,
};

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

fn rent_mad(centimes: Option<i64>) -> String {
    match centimes {
        None => String::new(),
        Some(c) if c % 100 == 0 => (c / 100).to_string(),
        Some(c) => format!("{}.{:02}", c / 100, c % 100),
    }
}

#[component]
fn ParkForm(
    park: ParkFields,
    map: Option<MapView>,
    csrf: String,
    actions: Actions,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let action = actions.park;
    // The inputs carry the saved values (server-rendered) and follow the
    // signals, which a click on the map also sets.
    let (initial_lat, initial_lon) = (park.lat.to_string(), park.lon.to_string());
    let lat = RwSignal::new(initial_lat.clone());
    let lon = RwSignal::new(initial_lon.clone());
    let regions: Vec<(String, String)> = map
        .as_ref()
        .map(|m| {
            m.regions
                .iter()
                .map(|r| {
                    let name = locale.pick(&r.name).unwrap_or_default().to_string();
                    (r.code.as_str().to_string(), name)
                })
                .collect()
        })
        .unwrap_or_default();
    let region_label = move |code: &str| {
        regions
            .iter()
            .find(|(c, _)| c == code)
            .map(|(c, name)| format!("{name} ({c})"))
            .unwrap_or_else(|| code.to_string())
    };
    let region_now = region_label(park.region_code.as_str());
    let success = Signal::derive(move || {
        action.value().with(|v| match v {
            Some(Ok(saved)) => Some(format!(
                "{} {} : {}",
                t.saved,
                t.region,
                region_label(saved.region_code.as_str())
            )),
            _ => None,
        })
    });
    let error = action_error(action.value());
    let region_code = park.region_code.as_str().to_string();
    view! {
        <section class="card" id="park" aria-labelledby="park-heading" data-version=park.version.to_string()>
            <h2 id="park-heading">{t.park_details}</h2>
            <ActionForm action>
                <Hidden name="csrf" value=csrf />
                <Hidden name="slug" value=park.slug.clone() />
                <Hidden name="version" value=park.version.to_string() />
                <div class="form-grid">
                    <Field label=t.name>
                        <input type="text" name="name" value=park.name.clone() required maxlength="200" />
                    </Field>
                    <Field label=t.city>
                        <input type="text" name="city" value=park.city.clone() required maxlength="200" />
                    </Field>
                    <Field label=t.operator>
                        <input type="text" name="operator" value=park.operator.clone() required maxlength="200" />
                    </Field>
                    <Field label=t.filter_status>
                        <select name="status">
                            {ParkStatus::ALL
                                .into_iter()
                                .map(|s| view! { <option value=s.as_str() selected=s == park.status>{locale.status(s)}</option> })
                                .collect_view()}
                        </select>
                    </Field>
                    <Field label=t.land_ha>
                        <input
                            type="number"
                            name="land_ha"
                            min="0"
                            step="any"
                            inputmode="decimal"
                            value=park.land_ha.map(|h| h.to_string()).unwrap_or_default()
                        />
                    </Field>
                    <Field label=t.delivery_date>
                        <input
                            type="date"
                            name="delivery_date"
                            value=park.delivery_date.map(|d| d.to_string()).unwrap_or_default()
                        />
                    </Field>
                    <Field label=t.rent_mad>
                        <input
                            type="text"
                            name="rent_mad"
                            inputmode="decimal"
                            autocomplete="off"
                            value=rent_mad(park.rent_centimes_per_m2_month)
                        />
                    </Field>
                </div>
                <fieldset class="group">
                    <legend>{t.location}</legend>
                    <div class="location">
                        {map.map(|map| view! { <LocationPicker map lat lon region_code /> })}
                        <div class="form-stack">
                            <Field label=t.latitude>
                                <input
                                    type="number"
                                    name="lat"
                                    dir="ltr"
                                    min="-90"
                                    max="90"
                                    step="any"
                                    inputmode="decimal"
                                    required
                                    value=initial_lat
                                    prop:value=lat
                                    on:input=move |ev| lat.set(event_target_value(&ev))
                                    data-testid="park-lat"
                                />
                            </Field>
                            <Field label=t.longitude>
                                <input
                                    type="number"
                                    name="lon"
                                    dir="ltr"
                                    min="-180"
                                    max="180"
                                    step="any"
                                    inputmode="decimal"
                                    required
                                    value=initial_lon
                                    prop:value=lon
                                    on:input=move |ev| lon.set(event_target_value(&ev))
                                    data-testid="park-lon"
                                />
                            </Field>
                            <p class="small">
                                {t.region_derived} " : "
                                <strong data-testid="park-region">{region_now}</strong>
                            </p>
                        </div>
                    </div>
                </fieldset>
                <fieldset class="group">
                    <legend>{t.descriptions}</legend>
                    <div class="form-stack">
                        <Field label=t.description_fr>
                            <textarea name="description_fr" lang="fr" dir="ltr" rows="4">{park.description_fr.clone().unwrap_or_default()}</textarea>
                        </Field>
                        <Field label=t.description_en>
                            <textarea name="description_en" lang="en" dir="ltr" rows="4">{park.description_en.clone().unwrap_or_default()}</textarea>
                        </Field>
                        <Field label=t.description_ar>
                            <textarea name="description_ar" lang="ar" dir="rtl" rows="4">{park.description_ar.clone().unwrap_or_default()}</textarea>
                        </Field>
                    </div>
                </fieldset>
                <FormFeedback error success testid="park" />
                <ConflictReload action_conflict=Signal::derive(move || action.value().with(is_conflict)) actions />
                <div class="form-actions">
                    <button type="submit" disabled=move || action.pending().get() data-testid="park-save">{t.save}</button>
                </div>
            </ActionForm>
        </section>
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

#[component]
fn Buildings(
    slug: String,
    buildings: Vec<BuildingFields>,
    csrf: String,
    as_of: String,
    actions: Actions,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let saved = Signal::derive(move || {
        let edited = actions.building.value().with(|v| match v {
            Some(Ok(b)) => Some(b.name.clone()),
            _ => None,
        });
        let added = actions.new_building.value().with(|v| match v {
            Some(Ok(b)) => Some(b.name.clone()),
            _ => None,
        });
        edited.or(added).map(|name| format!("{} {name}", t.saved))
    });
    let rows = buildings.clone();
    view! {
        <section class="card" id="buildings" aria-labelledby="buildings-heading">
            <h2 id="buildings-heading">{t.buildings} <span class="muted small">" · " {as_of}</span></h2>
            <FormFeedback success=saved testid="buildings" />
            {if rows.is_empty() {
                view! { <p class="muted">{t.no_buildings}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" role="region" aria-label=t.buildings tabindex="0">
                        <table class="data" data-testid="editor-buildings">
                            <thead>
                                <tr>
                                    <th scope="col">{t.building}</th>
                                    <th scope="col" class="n">{t.floor_area}</th>
                                    <th scope="col" class="n">{t.seats}</th>
                                    <th scope="col" class="n">{t.free_now}</th>
                                    <th scope="col" class="n">{t.free_seats}</th>
                                    <th scope="col">{t.delivery}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|b| {
                                        view! {
                                            <tr data-building=b.id.to_string()>
                                                <th scope="row">{b.name}</th>
                                                <td class="n">{locale.m2(b.floor_area_m2)}</td>
                                                <td class="n">{locale.int(b.seats)}</td>
                                                <td class="n">{locale.m2(b.free_m2)}</td>
                                                <td class="n">{locale.int(b.free_seats)}</td>
                                                <td>{b.delivery_date.map(|d| locale.date(d)).unwrap_or_else(|| "—".into())}</td>
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
            <div class="edit-list">
                {buildings
                    .into_iter()
                    .map(|b| {
                        view! {
                            <details class="edit">
                                <summary>{t.edit} " : " {b.name.clone()}</summary>
                                <BuildingForm slug=slug.clone() building=Some(b) csrf=csrf.clone() actions />
                            </details>
                        }
                    })
                    .collect_view()}
                <details class="edit" open=actions.new_building.value().with_untracked(|v| matches!(v, Some(Err(_))))>
                    <summary>{t.add_building}</summary>
                    <BuildingForm slug building=None csrf actions />
                </details>
            </div>
        </section>
    }
}

/// Edits a building (`building` set) or adds one.
#[component]
fn BuildingForm(
    slug: String,
    building: Option<BuildingFields>,
    csrf: String,
    actions: Actions,
) -> impl IntoView {
    let t = use_locale().t();
    let id = building.as_ref().map(|b| b.id);
    let action = if id.is_some() {
        actions.building
    } else {
        actions.new_building
    };
    let row = actions.building_row;
    let error = action_error(action.value());
    let error = Signal::derive(move || {
        if id.is_none() || row.get() == id {
            error.get()
        } else {
            None
        }
    });
    let conflict = Signal::derive(move || (row.get() == id) && action.value().with(is_conflict));
    let form = NodeRef::<leptos::html::Form>::new();
    if id.is_none() {
        reset_on_success(action.value(), form);
    }
    let b = building.as_ref();
    let name = b.map(|b| b.name.clone()).unwrap_or_default();
    let floor = b.map(|b| b.floor_area_m2.to_string()).unwrap_or_default();
    let seats = b.map(|b| b.seats.to_string()).unwrap_or_default();
    let delivery = b
        .and_then(|b| b.delivery_date)
        .map(|d| d.to_string())
        .unwrap_or_default();
    let identity = building.as_ref().map(|b| {
        view! {
            <Hidden name="id" value=b.id.to_string() />
            <Hidden name="version" value=b.version.to_string() />
        }
    });
    view! {
        <ActionForm action node_ref=form on:submit=move |_| row.set(id)>
            <Hidden name="csrf" value=csrf />
            <Hidden name="park" value=slug />
            {identity}
            <div class="form-grid">
                <Field label=t.name>
                    <input type="text" name="name" value=name required maxlength="200" />
                </Field>
                <Field label=t.floor_area_m2>
                    <input type="number" name="floor_area_m2" min="1" step="1" inputmode="numeric" value=floor required />
                </Field>
                <Field label=t.seats_label>
                    <input type="number" name="seats" min="0" step="1" inputmode="numeric" value=seats required />
                </Field>
                <Field label=t.delivery_date>
                    <input type="date" name="delivery_date" value=delivery />
                </Field>
            </div>
            <FormFeedback error />
            <ConflictReload action_conflict=conflict actions />
            <div class="form-actions">
                <button type="submit" disabled=move || action.pending().get()>
                    {if id.is_some() { t.save } else { t.add_building }}
                </button>
            </div>
        </ActionForm>
    }
}

fn activity_options(selected: Option<ActivityLine>) -> impl IntoView {
    let locale = use_locale();
    ActivityLine::ALL
        .into_iter()
        .map(|l| {
            view! { <option value=l.as_str() selected=Some(l) == selected>{locale.activity(l)}</option> }
        })
        .collect_view()
}

#[component]
fn Tenants(
    slug: String,
    tenants: Vec<TenantFields>,
    csrf: String,
    as_of: String,
    actions: Actions,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let saved = Signal::derive(move || {
        actions
            .tenant
            .value()
            .with(|v| matches!(v, Some(Ok(_))))
            .then(|| t.saved.to_string())
    });
    let rows = tenants.clone();
    view! {
        <section class="card" id="tenants" aria-labelledby="tenants-heading">
            <h2 id="tenants-heading">{t.tenants} <span class="muted small">" · " {as_of}</span></h2>
            <FormFeedback success=saved testid="tenants" />
            {if rows.is_empty() {
                view! { <p class="muted">{t.no_tenants}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" role="region" aria-label=t.tenants tabindex="0">
                        <table class="data" data-testid="editor-tenants">
                            <thead>
                                <tr>
                                    <th scope="col">{t.company}</th>
                                    <th scope="col">{t.country}</th>
                                    <th scope="col">{t.activity_line}</th>
                                    <th scope="col" class="n">{t.leased_today}</th>
                                    <th scope="col" class="n">{t.seats}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|tn| {
                                        view! {
                                            <tr>
                                                <th scope="row">{tn.company}</th>
                                                <td>{tn.country}</td>
                                                <td><abbr title=locale.activity(tn.activity_line)>{tn.activity_line.as_str()}</abbr></td>
                                                <td class="n">{locale.m2(tn.leased_m2)}</td>
                                                <td class="n">{locale.int(tn.leased_seats)}</td>
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
            <div class="edit-list">
                {tenants
                    .into_iter()
                    .map(|tn| {
                        view! {
                            <details class="edit">
                                <summary>{t.edit} " : " {tn.company.clone()}</summary>
                                <TenantForm slug=slug.clone() tenant=tn csrf=csrf.clone() actions />
                            </details>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}

#[component]
fn TenantForm(slug: String, tenant: TenantFields, csrf: String, actions: Actions) -> impl IntoView {
    let t = use_locale().t();
    let action = actions.tenant;
    let row = actions.tenant_row;
    let id = tenant.id;
    let error = action_error(action.value());
    let error = Signal::derive(move || {
        if row.get() == Some(id) {
            error.get()
        } else {
            None
        }
    });
    let conflict =
        Signal::derive(move || row.get() == Some(id) && action.value().with(is_conflict));
    view! {
        <ActionForm action on:submit=move |_| row.set(Some(id))>
            <Hidden name="csrf" value=csrf />
            <Hidden name="park" value=slug />
            <Hidden name="id" value=tenant.id.to_string() />
            <Hidden name="version" value=tenant.version.to_string() />
            <div class="form-grid">
                <Field label=t.company>
                    <input type="text" name="company" value=tenant.company.clone() required maxlength="200" />
                </Field>
                <Field label=t.country_code>
                    <input
                        type="text"
                        name="country"
                        dir="ltr"
                        value=tenant.country.clone()
                        required
                        maxlength="2"
                        autocapitalize="characters"
                        pattern="[A-Za-z]{2}"
                    />
                </Field>
                <Field label=t.activity_line>
                    <select name="activity_line">{activity_options(Some(tenant.activity_line))}</select>
                </Field>
            </div>
            <FormFeedback error />
            <ConflictReload action_conflict=conflict actions />
            <div class="form-actions">
                <button type="submit" disabled=move || action.pending().get()>{t.save}</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn RecordLeaseEventForm(
    slug: String,
    buildings: Vec<BuildingFields>,
    tenants: Vec<TenantFields>,
    csrf: String,
    today: NaiveDate,
    actions: Actions,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let action = actions.lease;
    let first_choice = tenants
        .first()
        .map(|tn| tn.id.to_string())
        .unwrap_or_else(|| "new".to_string());
    let choice = RwSignal::new(first_choice.clone());
    // Without JavaScript the new-company fields are always shown (and ignored
    // for an existing tenant); once hydrated, only when "new company" is chosen.
    let enhanced = RwSignal::new(false);
    Effect::new(move |_| enhanced.set(true));
    let hide_new = move || enhanced.get() && choice.get() != "new";
    let form = NodeRef::<leptos::html::Form>::new();
    reset_on_success(action.value(), form);
    let error = action_error(action.value());
    let success = Signal::derive(move || {
        action.value().with(|v| match v {
            Some(Ok(r)) => Some(fill(
                t.recorded,
                &[
                    ("m2", &locale.m2(r.free_m2)),
                    ("seats", &locale.int(r.free_seats)),
                    ("building", &r.building),
                    ("date", &locale.date(r.effective_date)),
                ],
            )),
            _ => None,
        })
    });
    let body = if buildings.is_empty() {
        view! { <p class="muted">{t.no_buildings}</p> }.into_any()
    } else {
        view! {
            <ActionForm action node_ref=form>
                <Hidden name="csrf" value=csrf />
                <Hidden name="park" value=slug />
                <div class="form-grid">
                    <Field label=t.building>
                        <select name="building_id" data-testid="lease-building">
                            {buildings
                                .into_iter()
                                .map(|b| {
                                    let label = format!(
                                        "{} · {} {} · {} {}",
                                        b.name,
                                        locale.m2(b.free_m2),
                                        t.available.to_lowercase(),
                                        locale.int(b.free_seats),
                                        t.seats.to_lowercase()
                                    );
                                    view! {
                                        <option
                                            value=b.id.to_string()
                                            data-name=b.name.clone()
                                            data-free-m2=b.free_m2.to_string()
                                            data-free-seats=b.free_seats.to_string()
                                        >
                                            {label}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </Field>
                    <Field label=t.tenant>
                        <select name="tenant" data-testid="lease-tenant" on:change=move |ev| choice.set(event_target_value(&ev))>
                            {tenants
                                .into_iter()
                                .map(|tn| {
                                    let value = tn.id.to_string();
                                    let selected = value == first_choice;
                                    view! { <option value=value selected=selected>{tn.company}</option> }
                                })
                                .collect_view()}
                            <option value="new" selected=first_choice == "new">{t.new_company}</option>
                        </select>
                    </Field>
                    <Field label=t.kind>
                        <select name="kind" data-testid="lease-kind">
                            {LeaseKind::ALL
                                .into_iter()
                                .map(|k| view! { <option value=k.as_str()>{locale.lease_kind(k)}</option> })
                                .collect_view()}
                        </select>
                    </Field>
                    <Field label=t.effective_date>
                        <input type="date" name="effective_date" value=today.to_string() required data-testid="lease-date" />
                    </Field>
                    <Field label=t.area_m2>
                        <input type="number" name="area_m2" min="1" step="1" inputmode="numeric" data-testid="lease-area" />
                    </Field>
                    <Field label=t.seats_label>
                        <input type="number" name="seats" min="0" step="1" inputmode="numeric" data-testid="lease-seats" />
                    </Field>
                </div>
                <p class="muted small">{t.move_out_note}</p>
                <fieldset class="group" hidden=hide_new data-testid="new-company">
                    <legend>{t.new_company_legend}</legend>
                    <div class="form-grid">
                        <Field label=t.company>
                            <input type="text" name="company" maxlength="200" autocomplete="organization" data-testid="lease-company" />
                        </Field>
                        <Field label=t.country_code>
                            <input type="text" name="country" maxlength="2" autocapitalize="characters" value="MA" data-testid="lease-country" />
                        </Field>
                        <Field label=t.activity_line>
                            <select name="activity_line" data-testid="lease-line">{activity_options(None)}</select>
                        </Field>
                    </div>
                </fieldset>
                <FormFeedback error success testid="lease" />
                <div class="form-actions">
                    <button type="submit" disabled=move || action.pending().get() data-testid="lease-submit">{t.record}</button>
                </div>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <section class="card" id="record" aria-labelledby="record-heading">
            <h2 id="record-heading">{t.record_title}</h2>
            <p class="muted small">{t.record_intro}</p>
            {body}
        </section>
    }
}

#[component]
fn Events(events: Vec<LeaseEventRow>) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    view! {
        <section class="card" id="events" aria-labelledby="events-heading">
            <h2 id="events-heading">{t.events_title}</h2>
            {if events.is_empty() {
                view! { <p class="muted">{t.no_events}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" role="region" aria-label=t.events_title tabindex="0">
                        <table class="data" data-testid="editor-events">
                            <thead>
                                <tr>
                                    <th scope="col">{t.effective_date}</th>
                                    <th scope="col">{t.kind}</th>
                                    <th scope="col">{t.building}</th>
                                    <th scope="col">{t.company}</th>
                                    <th scope="col" class="n">{t.area_m2}</th>
                                    <th scope="col" class="n">{t.seats_label}</th>
                                    <th scope="col">{t.recorded_by}</th>
                                    <th scope="col">{t.recorded_at}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {events
                                    .into_iter()
                                    .map(|e| {
                                        view! {
                                            <tr data-event=e.id.to_string()>
                                                <td>{locale.date(e.effective_date)}</td>
                                                <td>{locale.lease_kind(e.kind)}</td>
                                                <td>{e.building}</td>
                                                <th scope="row">{e.company}</th>
                                                <td class="n">{locale.m2(e.area_m2)}</td>
                                                <td class="n">{locale.int(e.seats)}</td>
                                                <td>{e.recorded_by}</td>
                                                <td><time datetime=e.recorded_at.to_rfc3339()>{locale.datetime_utc(e.recorded_at)}</time></td>
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
