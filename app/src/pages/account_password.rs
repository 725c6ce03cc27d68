//! "Change my password" for any signed-in user: the current password and
//! the new one twice, posted to `change_password`. The server checks the
//! current one (throttled like a sign-in) and the policy, and signs out the
//! user's other sessions; this page only shows what it answered.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{ChangePassword, current_user};
use crate::components::form::{Field, FormActions, Hidden};
use crate::components::layout::use_locale;
use crate::components::manage::{
    FormFeedback, ManageError, NoIndex, SessionBar, SignInNotice, account_error, reset_on_success,
};
use crate::i18n::account::account_strings;
use crate::model::SessionUser;

#[component]
pub fn PasswordPage() -> impl IntoView {
    let locale = use_locale();
    let s = account_strings(locale);
    let t = locale.t();
    let data = Resource::new(|| (), |_| current_user());
    view! {
        <NoIndex />
        <Title text=s.password_title />
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(user)) => view! { <PasswordBody user /> }.into_any(),
                    Ok(None) => view! { <SignInNotice /> }.into_any(),
                    Err(error) => view! { <ManageError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PasswordBody(user: SessionUser) -> impl IntoView {
    let locale = use_locale();
    let s = account_strings(locale);
    let change = ServerAction::<ChangePassword>::new();
    let form = NodeRef::<leptos::html::Form>::new();
    reset_on_success(change.value(), form);
    let error = Signal::derive(move || {
        change.value().with(|v| match v {
            Some(Err(e)) => Some(account_error(locale, e)),
            _ => None,
        })
    });
    let success = Signal::derive(move || {
        change
            .value()
            .with(|v| matches!(v, Some(Ok(()))).then(|| s.password_changed.to_string()))
    });
    let csrf = user.csrf_token.clone();
    view! {
        <SessionBar user />
        <section class="card narrow">
            <h1>{s.password_title}</h1>
            <p class="muted">{s.password_intro}</p>
            <ActionForm action=change node_ref=form>
                <Hidden name="csrf" value=csrf />
                <div class="form-stack">
                    <Field label=s.current_password>
                        <input
                            type="password"
                            name="current_password"
                            autocomplete="current-password"
                            required
                            data-testid="current-password"
                        />
                    </Field>
                    <Field label=s.new_password>
                        <input
                            type="password"
                            name="new_password"
                            autocomplete="new-password"
                            minlength="12"
                            required
                            data-testid="new-password"
                        />
                    </Field>
                    <Field label=s.confirm_password>
                        <input
                            type="password"
                            name="confirm_password"
                            autocomplete="new-password"
                            minlength="12"
                            required
                            data-testid="confirm-password"
                        />
                    </Field>
                </div>
                <p class="muted small">{s.password_hint}</p>
                <FormFeedback error success testid="password" />
                <FormActions>
                    <button type="submit" disabled=move || change.pending().get() data-testid="password-submit">
                        {s.save_password}
                    </button>
                </FormActions>
            </ActionForm>
        </section>
    }
}
