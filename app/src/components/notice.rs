//! What a page shows when its data could not be loaded (layer: app UI).
use leptos::prelude::*;

use crate::api::AppError;
use crate::components::layout::use_locale;
use crate::components::not_found::NotFoundBody;
use crate::components::status::set_status;

/// What a page shows when its data could not be loaded.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let t = use_locale().t();
    set_status(error.status());
    if matches!(error, AppError::NotFound(_)) {
        return view! { <NotFoundBody /> }.into_any();
    }
    let detail = match &error {
        AppError::Invalid { .. } => Some(error.to_string()),
        _ => None,
    };
    view! {
        <section class="notice error" role="alert">
            <h1>{t.error_title}</h1>
            <p>{t.error_text}</p>
            {detail.map(|d| view! { <p class="muted">{d}</p> })}
        </section>
    }
    .into_any()
}
