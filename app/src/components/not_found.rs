//! The 404 view (layer: app UI): the page for an unknown route, and its body,
//! which a page also shows when what it asked for does not exist.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::layout::use_locale;
use crate::components::status::set_status;

/// Shown for an unknown route (outside any language: French).
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <main id="main" class="container">
            <NotFoundBody />
        </main>
    }
}

#[component]
pub fn NotFoundBody() -> impl IntoView {
    set_status(404);
    let locale = use_locale();
    let t = locale.t();
    view! {
        <Title text=t.not_found_title />
        <section class="notice" data-testid="not-found">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_text}</p>
            <p><a href=format!("/{}/parks", locale.code())>{t.back_to_directory}</a></p>
        </section>
    }
}
