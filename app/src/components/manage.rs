//! Views shared by the manager and admin pages (layer: app UI): the session
//! bar, the sign-in notice, form feedback and the wording of errors. No rules
//! live here: the server decides and explains, these views show what it said.
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::api::{AppError, Logout};
use crate::components::form::Hidden;
use crate::components::layout::use_locale;
use crate::components::notice::ErrorNotice;
use crate::components::status::set_status;
use crate::components::url::with_query;
use crate::i18n::account::{account_strings, field_label as account_field_label};
use crate::i18n::balance::{balance_strings, field_label as balance_field_label};
use crate::i18n::two_factor::two_factor_strings;
use crate::i18n::{Locale, fill};
use crate::model::{Freshness, Role, SessionUser};

/// The label a form shows for a field the server named in an `Invalid` error.
fn field_label(locale: Locale, field: &str) -> String {
    let t = locale.t();
    let label = match field {
        "email" => t.email,
        "password" => t.password,
        "name" => t.name,
        "city" => t.city,
        "operator" => t.operator,
        "status" => t.filter_status,
        "lat" => t.latitude,
        "lon" => t.longitude,
        "land_ha" => t.land_ha,
        "delivery_date" => t.delivery_date,
        "rent_mad" => t.rent_mad,
        "description_fr" => t.description_fr,
        "description_en" => t.description_en,
        "description_ar" => t.description_ar,
        "floor_area_m2" => t.floor_area_m2,
        "seats" => t.seats_label,
        "company" => t.company,
        "country" => t.country,
        "activity_line" => t.activity_line,
        "building_id" => t.building,
        "tenant" => t.tenant,
        "kind" => t.kind,
        "area_m2" => t.area_m2,
        "effective_date" => t.effective_date,
        "display_name" => t.display_name,
        "role" => t.role,
        "parks" => t.parks_slugs,
        "tenant_id" => t.tenant_id,
        "from" => t.date_from,
        "to" => t.date_to,
        "code" => two_factor_strings(locale).code_label,
        other => return other.to_string(),
    };
    label.to_string()
}

/// What the person at the form reads for an error. `Conflict` messages come
/// from the server and already say what changed in the meantime.
pub fn error_message(locale: Locale, error: &AppError) -> String {
    let t = locale.t();
    match error {
        AppError::Invalid { field, message } => fill(
            t.err_invalid,
            &[("field", &field_label(locale, field)), ("message", message)],
        ),
        AppError::Conflict(message) => format!("{} {message}", t.err_conflict),
        AppError::Unauthorized => t.err_unauthorized.to_string(),
        AppError::Forbidden => t.err_forbidden.to_string(),
        AppError::TwoFactorRequired => two_factor_strings(locale).err_required.to_string(),
        AppError::TooManyRequests { retry_after_s } => {
            fill(t.err_too_many, &[("n", &retry_after_s.to_string())])
        }
        AppError::Busy { retry_after_s } => fill(
            account_strings(locale).err_busy,
            &[("n", &retry_after_s.to_string())],
        ),
        AppError::NotFound(what) => format!("{} {what}", t.err_not_found),
        AppError::Internal | AppError::Transport(_) => t.error_text.to_string(),
    }
}

/// What the person at a balance, declaration or incentive form reads for an
/// error, naming the fields of those forms.
pub fn balance_error(locale: Locale, error: &AppError) -> String {
    let s = balance_strings(locale);
    match error {
        AppError::Invalid { field, message } => match balance_field_label(s, field) {
            Some(label) => fill(s.err_check, &[("field", label), ("message", message)]),
            None => error_message(locale, error),
        },
        other => error_message(locale, other),
    }
}

/// What the person at the password form reads for an error, naming its fields.
pub fn account_error(locale: Locale, error: &AppError) -> String {
    let s = account_strings(locale);
    match error {
        AppError::Invalid { field, message } => match account_field_label(s, field) {
            Some(label) => fill(s.err_check, &[("field", label), ("message", message)]),
            None => error_message(locale, error),
        },
        other => error_message(locale, other),
    }
}

/// The error of an action's last run, worded for the page's language.
pub fn action_error<T, S>(value: S) -> Signal<Option<String>>
where
    S: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    let locale = use_locale();
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(e)) => Some(error_message(locale, e)),
            _ => None,
        })
    })
}

/// Bumps `reload` each time the action succeeds, so that the page's data is
/// loaded again and shows the new figures and versions.
pub fn reload_on_success<T, S>(value: S, reload: RwSignal<u32>)
where
    S: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if value.with(|v| matches!(v, Some(Ok(_)))) {
            reload.update(|n| *n += 1);
        }
    });
}

/// Empties a form (back to its server-rendered defaults) each time its action
/// succeeds: the page keeps its DOM across reloads, so without this a recorded
/// event or an added record would stay typed in, ready to be sent twice.
pub fn reset_on_success<T, S>(value: S, form: NodeRef<leptos::html::Form>)
where
    S: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    Effect::watch(
        move || value.with(|_| ()),
        move |_, _, _| {
            if value.with(|v| matches!(v, Some(Ok(_))))
                && let Some(form) = form.get_untracked()
            {
                form.reset();
            }
        },
        false,
    );
}

/// How the last submission of a form went: an error in a `role="alert"`
/// region (read out at once), a success in a `role="status"` one. Both
/// regions are always present, so that assistive technology notices changes.
#[component]
pub fn FormFeedback(
    #[prop(into, optional)] error: Option<Signal<Option<String>>>,
    #[prop(into, optional)] success: Option<Signal<Option<String>>>,
    /// Names the regions for tests: `<testid>-error` and `<testid>-status`.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="form-feedback" role="alert" data-testid=testid.map(|id| format!("{id}-error"))>
            {move || error.and_then(|e| e.get()).map(|m| view! { <p class="form-error">{m}</p> })}
        </div>
        <div class="form-feedback" role="status" data-testid=testid.map(|id| format!("{id}-status"))>
            {move || {
                success.and_then(|s| s.get()).map(|m| view! { <p class="form-ok">{m}</p> })
            }}
        </div>
    }
    .into_any()
}

/// Private pages stay out of search engines.
#[component]
pub fn NoIndex() -> impl IntoView {
    view! { <Meta name="robots" content="noindex, nofollow" /> }
}

/// Who is signed in, the manager pages they may open, and a sign-out button.
#[component]
pub fn SessionBar(user: SessionUser) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let lang = locale.code();
    let logout = ServerAction::<Logout>::new();
    let error = action_error(logout.value());
    let admin = user.role == Role::Admin;
    let jobs = balance_strings(locale).jobs_title;
    view! {
        <div class="session-bar" data-testid="session-bar">
            <p class="small">
                {t.signed_in_as} " " <strong>{user.display_name.clone()}</strong> " "
                <span class="muted">{format!("({}) · {}", user.email, locale.role(user.role))}</span>
            </p>
            <nav class="session-nav" aria-label=t.administration>
                {(user.role != Role::TenantRep).then(|| view! {
                    <a href=format!("/{lang}/manage")>{t.manage_title}</a>
                })}
                <a href=format!("/{lang}/manage/jobs") data-testid="jobs-link">{jobs}</a>
                <a href=format!("/{lang}/account/two-factor") data-testid="two-factor-link">
                    {two_factor_strings(locale).nav_link}
                </a>
                {admin.then(|| view! {
                    <a href=format!("/{lang}/manage/audit") data-testid="audit-link">{t.audit_title}</a>
                    <a href=format!("/{lang}/manage/users") data-testid="users-link">{t.users_title}</a>
                })}
                <a href=format!("/{lang}/account/password") data-testid="password-link">
                    {account_strings(locale).nav_password}
                </a>
            </nav>
            <ActionForm action=logout>
                <Hidden name="csrf" value=user.csrf_token.clone() />
                <Hidden name="next" value=format!("/{lang}") />
                <button type="submit" class="secondary" data-testid="sign-out">{t.sign_out}</button>
            </ActionForm>
            <FormFeedback error />
        </div>
    }
}

/// Shown instead of a manager page to someone not signed in, with a link to
/// the sign-in page that comes back here afterwards.
#[component]
pub fn SignInNotice() -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let location = use_location();
    let here = format!(
        "{}{}",
        location.pathname.get_untracked(),
        location.search.get_untracked()
    );
    let href = with_query(
        &format!("/{}/login", locale.code()),
        &[("next".to_string(), here)],
    );
    view! {
        <NoIndex />
        <section class="notice" data-testid="sign-in-notice">
            <h1>{t.login_title}</h1>
            <p>{t.not_signed_in}</p>
            <p><a class="button" href=href data-testid="sign-in-link">{t.sign_in}</a></p>
        </section>
    }
}

/// What a manager page shows when its data could not be loaded.
#[component]
pub fn ManageError(error: AppError) -> impl IntoView {
    let t = use_locale().t();
    match error {
        AppError::Unauthorized => view! { <SignInNotice /> }.into_any(),
        // Signed in with the password alone while a second factor is required:
        // the one page this session may open.
        AppError::TwoFactorRequired => {
            let path = format!("/{}/account/two-factor", use_locale().code());
            view! { <Redirect path /> }.into_any()
        }
        AppError::Forbidden => {
            set_status(403);
            view! {
                <section class="notice error" role="alert">
                    <h1>{t.error_title}</h1>
                    <p>{t.err_forbidden}</p>
                </section>
            }
            .into_any()
        }
        error => view! { <ErrorNotice error /> }.into_any(),
    }
}

/// How recent a park's data is: a colour, a word and the number of days.
#[component]
pub fn FreshnessBadge(freshness: Freshness, days: i64) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let class = format!("badge fresh fresh-{}", freshness.as_str());
    let glyph = match freshness {
        Freshness::Fresh => "●",
        Freshness::Days30 => "◔",
        Freshness::Days60 => "◑",
        Freshness::Days90 => "◕",
    };
    view! {
        <span class=class data-testid="freshness" data-freshness=freshness.as_str()>
            <span aria-hidden="true">{glyph} " "</span>
            {locale.freshness(freshness)}
        </span>
        " "
        <span class="muted small">{fill(t.days_ago, &[("n", &locale.int(days))])}</span>
    }
}

/// Indents compact JSON for reading, leaving strings (and their escapes) as
/// they are. Anything that is not JSON comes out with its characters intact.
pub fn indent_json(raw: &str) -> String {
    fn newline(out: &mut String, depth: usize) {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    }
    let mut out = String::with_capacity(raw.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = raw.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(c);
                    out.push(close);
                } else {
                    out.push(c);
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_indented_without_touching_strings() {
        assert_eq!(
            indent_json(r#"{"a":1,"b":{"c":"x, {y}: \"z\""},"d":[],"e":[1,2]}"#),
            "{\n  \"a\": 1,\n  \"b\": {\n    \"c\": \"x, {y}: \\\"z\\\"\"\n  },\n  \"d\": [],\n  \"e\": [\n    1,\n    2\n  ]\n}"
        );
        assert_eq!(indent_json("null"), "null");
    }

    #[test]
    fn errors_read_in_the_pages_language_and_name_the_field() {
        let e = AppError::invalid("area_m2", "'lots' is not a whole number");
        assert_eq!(
            error_message(Locale::En, &e),
            "Check “Area (m²)”: 'lots' is not a whole number"
        );
        let e = AppError::TooManyRequests { retry_after_s: 42 };
        assert!(error_message(Locale::Fr, &e).contains("42 secondes"));
        let e = AppError::Busy { retry_after_s: 2 };
        assert!(error_message(Locale::En, &e).contains("2 seconds"));
        let e = AppError::invalid("current_password", "is not your current password");
        assert_eq!(
            account_error(Locale::En, &e),
            "Check “Current password”: is not your current password"
        );
        let e = AppError::Conflict("the building changed".into());
        assert!(error_message(Locale::En, &e).ends_with("the building changed"));
    }
}
