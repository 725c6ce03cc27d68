//! Form building blocks shared by every form (layer: app UI).
//!
//! Each returns an `AnyView`: a form is the deepest tree of the app (form >
//! fieldset > div > label > input with a dozen attributes), and without a
//! type-erasure boundary per field its static view type overflows rustc's
//! query depth limit in release builds (docs/ARCHITECTURE.md, "Release build").
use leptos::prelude::*;

/// One labelled field: the label's text above its control (an input, a
/// select or a textarea, given as the children).
#[component]
pub fn Field(label: &'static str, children: Children) -> impl IntoView {
    view! {
        <label>
            <span>{label}</span>
            {children()}
        </label>
    }
    .into_any()
}

/// A hidden field every submission of the form carries (CSRF token, ids,
/// versions).
#[component]
pub fn Hidden(name: &'static str, #[prop(into)] value: String) -> impl IntoView {
    view! { <input type="hidden" name=name value=value /> }.into_any()
}
