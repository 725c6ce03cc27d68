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

/// The row of a form's submit buttons (given as the children).
#[component]
pub fn FormActions(children: Children) -> impl IntoView {
    view! { <div class="form-actions">{children()}</div> }.into_any()
}

/// A group of fields under a legend. `hidden` hides it (a signal, so that
/// it can follow another field); `testid` names it for the browser tests.
#[component]
pub fn Group(
    legend: &'static str,
    #[prop(optional, into)] hidden: Signal<bool>,
    #[prop(optional)] testid: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <fieldset class="group" hidden=hidden data-testid=testid>
            <legend>{legend}</legend>
            {children()}
        </fieldset>
    }
    .into_any()
}

/// The options of a select over every value of an enum (`all`), each
/// valued by its code and worded by `label`, `selected` chosen.
pub fn enum_options<T>(
    all: impl IntoIterator<Item = T>,
    selected: Option<T>,
    code: fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> AnyView
where
    T: Copy + PartialEq,
{
    all.into_iter()
        .map(|v| view! { <option value=code(v) selected=Some(v) == selected>{label(v)}</option> })
        .collect_view()
        .into_any()
}
