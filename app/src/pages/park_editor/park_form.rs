//! The park's own fields, its location and its descriptions (layer: app UI).
use leptos::prelude::*;

use super::{Actions, ConflictReload, is_conflict};
use crate::components::form::{Field, FormActions, Group, Hidden, enum_options};
use crate::components::layout::use_locale;
use crate::components::location_picker::LocationPicker;
use crate::components::manage::{FormFeedback, action_error};
use crate::model::{MapView, ParkFields, ParkStatus};

fn rent_mad(centimes: Option<i64>) -> String {
    match centimes {
        None => String::new(),
        Some(c) if c % 100 == 0 => (c / 100).to_string(),
        Some(c) => format!("{}.{:02}", c / 100, c % 100),
    }
}

#[component]
pub(super) fn ParkForm(
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
                            {enum_options(ParkStatus::ALL, Some(park.status), ParkStatus::as_str, |s| locale.status(s))}
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
                <Group legend=t.location>
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
                </Group>
                <Group legend=t.descriptions>
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
                </Group>
                <FormFeedback error success testid="park" />
                <ConflictReload action_conflict=Signal::derive(move || action.value().with(is_conflict)) actions />
                <FormActions>
                    <button type="submit" disabled=move || action.pending().get() data-testid="park-save">{t.save}</button>
                </FormActions>
            </ActionForm>
        </section>
    }
}
