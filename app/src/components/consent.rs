//! The consent checkbox (layer: app UI, component): a tenant's agreement to
//! publish its own headcount, posted to `set_jobs_consent`. Shown in the
//! manager's tenant editor and on the declarations page for representatives.
use leptos::prelude::*;

use crate::api::SetJobsConsent;
use crate::components::form::{FormActions, Hidden};
use crate::components::layout::use_locale;
use crate::components::manage::{FormFeedback, action_error};
use crate::i18n::privacy::privacy_strings;

#[component]
pub fn ConsentBox(
    tenant_id: i32,
    /// The consent as stored when the page was read.
    publish: bool,
    csrf: String,
    /// Shown above the box (the company's name on the declarations page).
    #[prop(optional, into)]
    company: Option<String>,
) -> impl IntoView {
    let s = privacy_strings(use_locale());
    let action = ServerAction::<SetJobsConsent>::new();
    let error = action_error(action.value());
    let success = Signal::derive(move || {
        action
            .value()
            .with(|v| matches!(v, Some(Ok(()))).then(|| s.consent_saved.to_string()))
    });
    view! {
        <ActionForm action attr:class="consent-form" attr:data-testid="consent-form">
            {company.map(|c| view! { <p><strong>{c}</strong></p> })}
            <Hidden name="csrf" value=csrf />
            <Hidden name="tenant_id" value=tenant_id.to_string() />
            <label class="check">
                <input type="checkbox" name="publish" value="on" checked=publish data-testid="consent-publish" />
                " "
                {s.consent_label}
            </label>
            <p class="muted small">{s.consent_help}</p>
            <FormFeedback error success testid="consent" />
            <FormActions>
                <button type="submit" disabled=move || action.pending().get()>{s.consent_save}</button>
            </FormActions>
        </ActionForm>
    }
}
