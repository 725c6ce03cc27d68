//! Validate or return a submitted declaration (layer: app UI).
use leptos::prelude::*;

use super::{Actions, action_error};
use crate::components::form::{FormActions, Hidden};
use crate::components::layout::use_locale;
use crate::components::manage::FormFeedback;
use crate::i18n::balance::balance_strings;

/// Validate or return a submitted declaration (a comment is required to return).
#[component]
pub(super) fn ReviewForm(
    report_id: i32,
    version: i32,
    csrf: String,
    actions: Actions,
) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let action = actions.review;
    let row = actions.review_row;
    let error = action_error(action.value());
    let error = Signal::derive(move || {
        (row.get() == Some(report_id))
            .then(|| error.get())
            .flatten()
    });
    let comment_id = format!("review-comment-{report_id}");
    view! {
        <ActionForm action on:submit=move |_| row.set(Some(report_id))>
            <Hidden name="csrf" value=csrf />
            <Hidden name="report_id" value=report_id.to_string() />
            <Hidden name="version" value=version.to_string() />
            <div class="review-form">
                <label for=comment_id.clone() class="small">{s.review_comment}</label>
                <textarea id=comment_id name="comment" rows="2" maxlength="2000" data-testid="review-comment"></textarea>
                <FormActions>
                    <button type="submit" name="decision" value="validate" data-testid="validate">{s.validate}</button>
                    <button type="submit" name="decision" value="return" class="secondary" data-testid="return">{s.return_declaration}</button>
                </FormActions>
            </div>
            <FormFeedback error testid="review" />
        </ActionForm>
    }
}
