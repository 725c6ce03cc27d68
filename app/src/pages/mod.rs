//! One file per route.
pub mod audit;
pub mod balance;
pub mod compare;
pub mod directory;
pub mod home;
pub mod incentives;
pub mod jobs;
pub mod login;
pub mod manage;
pub mod map;
pub mod not_found;
pub mod park;
pub mod park_editor;
pub mod report;
pub mod users;

use leptos::prelude::*;

use crate::api::AppError;
use crate::components::layout::use_locale;

/// Sets the HTTP status of the page being rendered on the server.
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(resp), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        resp.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// What a page shows when its data could not be loaded.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let t = use_locale().t();
    set_status(error.status());
    if matches!(error, AppError::NotFound(_)) {
        return view! { <not_found::NotFoundBody /> }.into_any();
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
