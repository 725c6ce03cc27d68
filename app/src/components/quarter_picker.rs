//! The quarter selector of the balance, the report and the declarations
//! (layer: app UI).
use leptos::prelude::*;
use leptos_router::components::Form;

use crate::components::form::Field;
use crate::components::layout::use_locale;
use crate::i18n::balance::balance_strings;
use crate::model::Quarter;

/// The quarter selector: a GET form, so the choice is in the URL (shareable,
/// and it works without JavaScript).
#[component]
pub fn QuarterPicker(quarters: Vec<Quarter>, current: Quarter) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let mut quarters = quarters;
    if !quarters.contains(&current) {
        quarters.insert(0, current);
    }
    view! {
        <Form method="GET" action="">
            <div class="quarter-picker">
                <Field label=s.quarter>
                    <select name="quarter" data-testid="quarter-select">
                        {quarters
                            .into_iter()
                            .map(|q| view! { <option value=q.code() selected=q == current>{locale.quarter(q)}</option> })
                            .collect_view()}
                    </select>
                </Field>
                <button type="submit" data-testid="quarter-submit">{s.show_quarter}</button>
            </div>
        </Form>
    }
}
