//! The form that edits a building or adds one (layer: app UI).
use leptos::prelude::*;

use super::{Actions, ConflictReload, is_conflict};
use crate::components::form::{Field, FormActions, Hidden};
use crate::components::layout::use_locale;
use crate::components::manage::{FormFeedback, action_error, reset_on_success};
use crate::model::BuildingFields;

/// Edits a building (`building` set) or adds one.
#[component]
pub(super) fn BuildingForm(
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
            <FormActions>
                <button type="submit" disabled=move || action.pending().get()>
                    {if id.is_some() { t.save } else { t.add_building }}
                </button>
            </FormActions>
        </ActionForm>
    }
}
