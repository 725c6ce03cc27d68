//! Two-factor sign-in for the signed-in user: whether it is on, the set-up
//! (a QR code drawn on the server and the key as text, confirmed by one code
//! from the app) and the ten recovery codes, shown once. The one page a
//! session that must enrol first may open.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{AppError, ConfirmTwoFactor, StartTwoFactor, current_user, two_factor_state};
use crate::components::form::{Field, FormActions, Hidden};
use crate::components::layout::use_locale;
use crate::components::manage::{
    FormFeedback, ManageError, NoIndex, SessionBar, SignInNotice, action_error, reload_on_success,
};
use crate::i18n::fill;
use crate::i18n::two_factor::two_factor_strings;
use crate::model::{Enrolment, TwoFactorStatus};

async fn load() -> Result<Option<TwoFactorStatus>, AppError> {
    if current_user().await?.is_none() {
        return Ok(None);
    }
    Ok(Some(two_factor_state().await?))
}

/// The page's actions, created once so that their results outlive reloads.
#[derive(Clone, Copy)]
struct Actions {
    start: ServerAction<StartTwoFactor>,
    confirm: ServerAction<ConfirmTwoFactor>,
}

#[component]
pub fn TwoFactorPage() -> impl IntoView {
    let locale = use_locale();
    let s = two_factor_strings(locale);
    let actions = Actions {
        start: ServerAction::new(),
        confirm: ServerAction::new(),
    };
    let reload = RwSignal::new(0u32);
    reload_on_success(actions.confirm.value(), reload);
    let data = Resource::new(move || reload.get(), |_| load());
    view! {
        <NoIndex />
        <Title text=s.title />
        <Transition fallback=move || view! { <p class="muted">{locale.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(status)) => view! { <TwoFactorBody status actions /> }.into_any(),
                    Ok(None) => view! { <SignInNotice /> }.into_any(),
                    Err(error) => view! { <ManageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TwoFactorBody(status: TwoFactorStatus, actions: Actions) -> impl IntoView {
    let locale = use_locale();
    let s = two_factor_strings(locale);
    let csrf = status.user.csrf_token.clone();
    let enabled = status.enabled_at.is_some();
    let state = match status.enabled_at {
        Some(at) => format!(
            "{} {}",
            fill(s.enabled_since, &[("date", &locale.date(at.date_naive()))]),
            fill(
                s.codes_left,
                &[("n", &locale.int(status.recovery_codes_left))]
            )
        ),
        None => s.not_enabled.to_string(),
    };
    let must = (status.required && !enabled).then(|| {
        view! {
            <p class="notice" role="status" data-testid="two-factor-required">{s.required_notice}</p>
        }
    });
    let step = move || {
        if let Some(Ok(codes)) = actions.confirm.value().get() {
            let home = format!("/{}/manage", locale.code());
            return view! {
                <section class="card" aria-labelledby="recovery-heading">
                    <p class="form-ok" role="status">{s.enabled_ok}</p>
                    <h2 id="recovery-heading">{s.recovery_title}</h2>
                    <p>{s.recovery_intro}</p>
                    <ol class="recovery-codes" data-testid="recovery-codes" dir="ltr">
                        {codes
                            .codes
                            .into_iter()
                            .map(|c| view! { <li><code>{c}</code></li> })
                            .collect_view()}
                    </ol>
                    <p><a class="button" href=home data-testid="two-factor-done">{s.continue_link}</a></p>
                </section>
            }
            .into_any();
        }
        match actions.start.value().get() {
            Some(Ok(enrolment)) => {
                view! { <ConfirmStep enrolment csrf=csrf.clone() actions /> }.into_any()
            }
            _ => view! { <StartStep csrf=csrf.clone() enabled actions /> }.into_any(),
        }
    };
    view! {
        <SessionBar user=status.user.clone() />
        <h1>{s.title}</h1>
        <p class="lead">{s.intro}</p>
        {must}
        <p data-testid="two-factor-state">{state}</p>
        {step}
    }
}

/// The button that draws a new secret (a replacement once a factor is on).
#[component]
fn StartStep(csrf: String, enabled: bool, actions: Actions) -> impl IntoView {
    let s = two_factor_strings(use_locale());
    let error = action_error(actions.start.value());
    view! {
        <section class="card">
            <ActionForm action=actions.start>
                <Hidden name="csrf" value=csrf />
                {enabled.then(|| view! { <p class="muted">{s.replace_note}</p> })}
                <FormFeedback error testid="two-factor-start" />
                <FormActions>
                    <button
                        type="submit"
                        disabled=move || actions.start.pending().get()
                        data-testid="two-factor-start"
                    >
                        {if enabled { s.replace } else { s.start }}
                    </button>
                </FormActions>
            </ActionForm>
        </section>
    }
    .into_any()
}

/// The new secret as a QR code and as text, and the code that confirms it.
#[component]
fn ConfirmStep(enrolment: Enrolment, csrf: String, actions: Actions) -> impl IntoView {
    let s = two_factor_strings(use_locale());
    let error = action_error(actions.confirm.value());
    view! {
        <section class="card">
            <p>{s.scan}</p>
            <div class="qr" role="img" aria-label=s.qr_label inner_html=enrolment.qr_svg data-testid="two-factor-qr"></div>
            <p>
                {s.secret_label} ": "
                <code dir="ltr" data-testid="two-factor-secret">{enrolment.secret}</code>
            </p>
            <ActionForm action=actions.confirm>
                <Hidden name="csrf" value=csrf />
                <div class="form-stack">
                    <Field label=s.code_label>
                        <input
                            type="text"
                            name="code"
                            dir="ltr"
                            inputmode="numeric"
                            autocomplete="one-time-code"
                            pattern="[0-9 ]*"
                            maxlength="8"
                            required
                            data-testid="two-factor-code"
                        />
                    </Field>
                </div>
                <FormFeedback error testid="two-factor-confirm" />
                <FormActions>
                    <button
                        type="submit"
                        disabled=move || actions.confirm.pending().get()
                        data-testid="two-factor-confirm"
                    >
                        {s.confirm}
                    </button>
                </FormActions>
            </ActionForm>
        </section>
    }
    .into_any()
}
