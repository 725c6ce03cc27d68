//! Sign-in for park managers and admins: a plain form posting to `login`,
//! which sets the session cookie and sends the browser on to `next`.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{AppError, Login};
use crate::components::form::{Field, FormActions, Hidden};
use crate::components::layout::use_locale;
use crate::components::manage::{FormFeedback, NoIndex, error_message};
use crate::i18n::Locale;

/// A wrong email or password says so without telling which one was wrong.
fn login_error(locale: Locale, error: &AppError) -> String {
    match error {
        AppError::Invalid { .. } | AppError::Unauthorized => locale.t().login_wrong.to_string(),
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
    let error = Signal::derive(move || {
        login.value().with(|v| match v {
            Some(Err(e)) => Some(login_error(locale, e)),
            _ => None,
        })
    });
    view! {
        <NoIndex />
        <Title text=t.login_title />
        <section class="card narrow">
            <h1>{t.login_title}</h1>
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
        </section>
    }
}
