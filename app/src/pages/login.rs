//! Sign-in for park managers and admins: a plain form posting to `login`,
//! which sets the session cookie and sends the browser on to `next`. A user
//! with a second factor gets a second step in its place: the code (or a
//! recovery code) posted to `login_code` with the pending login the
//! password step answered, in a hidden field.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{AppError, Login, LoginCode};
use crate::components::form::{Field, FormActions, Hidden};
use crate::components::layout::use_locale;
use crate::components::manage::{FormFeedback, NoIndex, error_message};
use crate::i18n::Locale;
use crate::i18n::two_factor::two_factor_strings;
use crate::model::LoginOutcome;

/// A wrong email or password says so without telling which one was wrong.
fn login_error(locale: Locale, error: &AppError) -> String {
    match error {
        AppError::Invalid { .. } | AppError::Unauthorized => locale.t().login_wrong.to_string(),
        other => error_message(locale, other),
    }
}

/// A wrong code, like a wrong password, says only that it was refused.
fn code_error(locale: Locale, error: &AppError) -> String {
    let s = two_factor_strings(locale);
    match error {
        AppError::Invalid { field, .. } if field == "pending_login" => s.login_expired.to_string(),
        AppError::Invalid { .. } => s.code_wrong.to_string(),
        other => error_message(locale, other),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let query = use_query_map();
    // Only a path of this site (the server checks again).
    let next = query
        .read_untracked()
        .get("next")
        .filter(|n| n.starts_with('/') && !n.starts_with("//"))
        .unwrap_or_else(|| format!("/{}/manage", locale.code()));
    let login = ServerAction::<Login>::new();
    let code = ServerAction::<LoginCode>::new();
    let error = Signal::derive(move || {
        login.value().with(|v| match v {
            Some(Err(e)) => Some(login_error(locale, e)),
            _ => None,
        })
    });
    let pending = Signal::derive(move || {
        login.value().with(|v| match v {
            Some(Ok(LoginOutcome::CodeNeeded { pending_login })) => Some(pending_login.clone()),
            _ => None,
        })
    });
    let password_step = {
        let next = next.clone();
        move || {
            let next = next.clone();
            view! {
                <p class="muted">{t.login_intro}</p>
                <ActionForm action=login>
                    <Hidden name="next" value=next />
                    <div class="form-stack">
                        <Field label=t.email>
                            <input
                                type="email"
                                name="email"
                                dir="ltr"
                                autocomplete="username"
                                inputmode="email"
                                autocapitalize="none"
                                spellcheck="false"
                                required
                                data-testid="login-email"
                            />
                        </Field>
                        <Field label=t.password>
                            <input
                                type="password"
                                name="password"
                                autocomplete="current-password"
                                required
                                data-testid="login-password"
                            />
                        </Field>
                    </div>
                    <FormFeedback error testid="login" />
                    <FormActions>
                        <button type="submit" disabled=move || login.pending().get() data-testid="login-submit">
                            {t.sign_in}
                        </button>
                    </FormActions>
                </ActionForm>
            }
            .into_any()
        }
    };
    view! {
        <NoIndex />
        <Title text=t.login_title />
        <section class="card narrow">
            <h1>{t.login_title}</h1>
            {move || match pending.get() {
                None => password_step().into_any(),
                Some(pending_login) => {
                    view! { <CodeStep pending_login next=next.clone() code login /> }.into_any()
                }
            }}
        </section>
    }
}

/// The second step: the code from the app or a recovery code.
#[component]
fn CodeStep(
    pending_login: String,
    next: String,
    code: ServerAction<LoginCode>,
    login: ServerAction<Login>,
) -> impl IntoView {
    let locale = use_locale();
    let s = two_factor_strings(locale);
    let error = Signal::derive(move || {
        code.value().with(|v| match v {
            Some(Err(e)) => Some(code_error(locale, e)),
            _ => None,
        })
    });
    view! {
        <p class="muted" data-testid="login-code-step">{s.code_step_intro}</p>
        <ActionForm action=code>
            <Hidden name="pending_login" value=pending_login />
            <Hidden name="next" value=next />
            <div class="form-stack">
                <Field label=s.code_or_recovery>
                    <input
                        type="text"
                        name="code"
                        dir="ltr"
                        autocomplete="one-time-code"
                        autocapitalize="none"
                        spellcheck="false"
                        maxlength="40"
                        required
                        autofocus
                        data-testid="login-code"
                    />
                </Field>
            </div>
            <FormFeedback error testid="login-code" />
            <FormActions>
                <button type="submit" disabled=move || code.pending().get() data-testid="login-code-submit">
                    {s.verify}
                </button>
                <button
                    type="button"
                    class="secondary"
                    on:click=move |_| {
                        code.value().set(None);
                        login.value().set(None);
                    }
                >
                    {s.restart_login}
                </button>
            </FormActions>
        </ActionForm>
    }
    .into_any()
}
