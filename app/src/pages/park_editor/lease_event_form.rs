//! The form that records a lease event: a move-in, a resize or a move-out,
//! for a tenant or a new company (layer: app UI).
use chrono::NaiveDate;
use leptos::prelude::*;

use super::Actions;
use crate::components::form::{Field, FormActions, Group, Hidden, enum_options};
use crate::components::layout::use_locale;
use crate::components::manage::{FormFeedback, action_error, reset_on_success};
use crate::i18n::fill;
use crate::model::{ActivityLine, BuildingFields, LeaseKind, TenantFields};

#[component]
pub(super) fn RecordLeaseEventForm(
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
                            {enum_options(LeaseKind::ALL, None, LeaseKind::as_str, |k| locale.lease_kind(k))}
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
                <Group legend=t.new_company_legend hidden=Signal::derive(hide_new) testid="new-company">
                    <div class="form-grid">
                        <Field label=t.company>
                            <input type="text" name="company" maxlength="200" autocomplete="organization" data-testid="lease-company" />
                        </Field>
                        <Field label=t.country_code>
                            <input type="text" name="country" maxlength="2" autocapitalize="characters" value="MA" data-testid="lease-country" />
                        </Field>
                        <Field label=t.activity_line>
                            <select name="activity_line" data-testid="lease-line">{enum_options(ActivityLine::ALL, None, ActivityLine::as_str, |l| locale.activity(l))}</select>
                        </Field>
                    </div>
                </Group>
                <FormFeedback error success testid="lease" />
                <FormActions>
                    <button type="submit" disabled=move || action.pending().get() data-testid="lease-submit">{t.record}</button>
                </FormActions>
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
