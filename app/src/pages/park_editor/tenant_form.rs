//! The form that edits a tenant (layer: app UI).
use leptos::prelude::*;

use super::{Actions, ConflictReload, is_conflict};
use crate::components::consent::ConsentBox;
use crate::components::form::{Field, FormActions, Hidden, enum_options};
use crate::components::layout::use_locale;
use crate::components::manage::{FormFeedback, action_error};
use crate::model::{ActivityLine, TenantFields};

#[component]
pub(super) fn TenantForm(
    slug: String,
    tenant: TenantFields,
    csrf: String,
    actions: Actions,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
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
    let consent =
        view! { <ConsentBox tenant_id=id publish=tenant.publish_jobs_consent csrf=csrf.clone() /> };
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
                    <select name="activity_line">{enum_options(ActivityLine::ALL, Some(tenant.activity_line), ActivityLine::as_str, |l| locale.activity(l))}</select>
                </Field>
            </div>
            <FormFeedback error />
            <ConflictReload action_conflict=conflict actions />
            <FormActions>
                <button type="submit" disabled=move || action.pending().get()>{t.save}</button>
            </FormActions>
        </ActionForm>
        {consent}
    }
}
