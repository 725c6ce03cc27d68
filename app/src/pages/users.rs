//! Users (admins): the list, an edit form per user (with the version it was
//! read at) and a form to add one. A successful save loads the list again.
//! A user who signs in with a second factor can have it reset here.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{AppError, ResetTwoFactor, SaveUser, current_user, list_users};
use crate::components::form::{Field, FormActions, Hidden, enum_options};
use crate::components::layout::use_locale;
use crate::components::manage::{
    FormFeedback, ManageError, NoIndex, SessionBar, SignInNotice, action_error, reload_on_success,
    reset_on_success,
};
use crate::i18n::fill;
use crate::i18n::two_factor::two_factor_strings;
use crate::model::{Role, SessionUser, UserRow};

/// The page's actions, created once so that their results outlive reloads.
#[derive(Clone, Copy)]
struct Actions {
    edit: ServerAction<SaveUser>,
    add: ServerAction<SaveUser>,
    /// The user whose form was sent last.
    row: RwSignal<Option<i32>>,
    reset: ServerAction<ResetTwoFactor>,
    /// The email of the user whose second factor was reset last.
    reset_email: RwSignal<Option<String>>,
}

async fn load() -> Result<Option<(SessionUser, Vec<UserRow>)>, AppError> {
    let Some(user) = current_user().await? else {
        return Ok(None);
    };
    Ok(Some((user, list_users().await?)))
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let t = use_locale().t();
    let actions = Actions {
        edit: ServerAction::new(),
        add: ServerAction::new(),
        row: RwSignal::new(None),
        reset: ServerAction::new(),
        reset_email: RwSignal::new(None),
    };
    let reload = RwSignal::new(0u32);
    reload_on_success(actions.edit.value(), reload);
    reload_on_success(actions.reset.value(), reload);
    reload_on_success(actions.add.value(), reload);
    let data = Resource::new(move || reload.get(), |_| load());
    view! {
        <NoIndex />
        <Title text=t.users_title />
        <Transition fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some((user, users))) => view! { <UsersBody user users actions /> }.into_any(),
                    Ok(None) => view! { <SignInNotice /> }.into_any(),
                    Err(error) => view! { <ManageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn UsersBody(user: SessionUser, users: Vec<UserRow>, actions: Actions) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let csrf = user.csrf_token.clone();
    let saved = Signal::derive(move || {
        let name = |a: ServerAction<SaveUser>| {
            a.value().with(|v| match v {
                Some(Ok(u)) => Some(u.email.clone()),
                _ => None,
            })
        };
        let reset = actions
            .reset
            .value()
            .with(|v| matches!(v, Some(Ok(()))))
            .then(|| actions.reset_email.get())
            .flatten()
            .map(|email| fill(two_factor_strings(locale).reset_ok, &[("email", &email)]));
        reset.or_else(|| {
            name(actions.edit)
                .or_else(|| name(actions.add))
                .map(|email| format!("{} {email}", t.saved))
        })
    });
    let reset_error = action_error(actions.reset.value());
    let tf = two_factor_strings(locale);
    let rows = users.clone();
    view! {
        <SessionBar user />
        <h1>{t.users_title}</h1>
        <p class="lead">{t.users_intro}</p>
        <FormFeedback success=saved error=reset_error testid="users" />
        <div class="table-wrap" role="region" aria-label=t.users_title tabindex="0">
            <table class="data" data-testid="users-table">
                <thead>
                    <tr>
                        <th scope="col">{t.email}</th>
                        <th scope="col">{t.display_name}</th>
                        <th scope="col">{t.role}</th>
                        <th scope="col">{t.nav_parks}</th>
                        <th scope="col">{t.tenant}</th>
                        <th scope="col">{t.filter_status}</th>
                        <th scope="col">{t.created_at}</th>
                        <th scope="col">{tf.users_column}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|u| {
                            view! {
                                <tr data-user=u.id.to_string()>
                                    <th scope="row">{u.email}</th>
                                    <td>{u.display_name}</td>
                                    <td>{locale.role(u.role)}</td>
                                    <td>{u.parks.join(", ")}</td>
                                    <td>{u.tenant_id.map(|id| id.to_string()).unwrap_or_default()}</td>
                                    <td>{if u.disabled { t.account_disabled } else { t.account_active }}</td>
                                    <td>{locale.date(u.created_at.date_naive())}</td>
                                    <td data-testid="user-two-factor">{if u.two_factor { tf.on } else { tf.off }}</td>
                                </tr>
                            }
                            .into_any()
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <section class="card">
            <h2>{t.edit}</h2>
            <div class="edit-list">
                {users
                    .into_iter()
                    .map(|u| {
                        view! {
                            <details class="edit">
                                <summary>{u.email.clone()}</summary>
                                {u.two_factor.then(|| view! {
                                    <ResetForm email=u.email.clone() id=u.id csrf=csrf.clone() actions />
                                })}
                                <UserForm user=Some(u) csrf=csrf.clone() actions />
                            </details>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
        <section class="card" aria-labelledby="add-user-heading">
            <h2 id="add-user-heading">{t.add_user}</h2>
            <UserForm user=None csrf actions />
        </section>
    }
}

/// Edits a user (`user` set) or adds one.
#[component]
fn UserForm(user: Option<UserRow>, csrf: String, actions: Actions) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let id = user.as_ref().map(|u| u.id);
    let action = if id.is_some() {
        actions.edit
    } else {
        actions.add
    };
    let row = actions.row;
    let error = action_error(action.value());
    let error = Signal::derive(move || {
        if id.is_none() || row.get() == id {
            error.get()
        } else {
            None
        }
    });
    let form = NodeRef::<leptos::html::Form>::new();
    if id.is_none() {
        reset_on_success(action.value(), form);
    }
    let u = user.as_ref();
    let role = u.map(|u| u.role).unwrap_or(Role::ParkManager);
    let email = u.map(|u| u.email.clone()).unwrap_or_default();
    let display_name = u.map(|u| u.display_name.clone()).unwrap_or_default();
    let parks = u.map(|u| u.parks.join(", ")).unwrap_or_default();
    let tenant_id = u
        .and_then(|u| u.tenant_id)
        .map(|id| id.to_string())
        .unwrap_or_default();
    let identity = u.map(|u| {
        view! {
            <Hidden name="id" value=u.id.to_string() />
            <Hidden name="version" value=u.version.to_string() />
        }
    });
    let disabled = u.map(|u| {
        view! {
            <label class="check">
                <input type="checkbox" name="disabled" value="on" checked=u.disabled />
                {t.account_disabled}
            </label>
        }
    });
    view! {
        <ActionForm action node_ref=form on:submit=move |_| row.set(id)>
            <Hidden name="csrf" value=csrf />
            {identity}
            <div class="form-grid">
                <Field label=t.email>
                    <input
                        type="email"
                        name="email"
                        dir="ltr"
                        value=email
                        required
                        autocomplete="off"
                        autocapitalize="none"
                        spellcheck="false"
                    />
                </Field>
                <Field label=t.display_name>
                    <input type="text" name="display_name" value=display_name required maxlength="200" autocomplete="off" />
                </Field>
                <Field label=t.role>
                    <select name="role">
                        {enum_options(Role::ALL, Some(role), Role::as_str, |r| locale.role(r))}
                    </select>
                </Field>
                <Field label=t.parks_slugs>
                    <input
                        type="text"
                        name="parks"
                        dir="ltr"
                        value=parks
                        autocomplete="off"
                        autocapitalize="none"
                        spellcheck="false"
                    />
                </Field>
                <Field label=t.tenant_id>
                    <input type="number" name="tenant_id" min="1" step="1" inputmode="numeric" value=tenant_id />
                </Field>
                <Field label=if id.is_some() { t.new_password } else { t.password }>
                    <input type="password" name="password" autocomplete="new-password" required=id.is_none() />
                </Field>
            </div>
            {disabled}
            <FormFeedback error />
            <FormActions>
                <button type="submit" disabled=move || action.pending().get()>
                    {if id.is_some() { t.save } else { t.add_user }}
                </button>
            </FormActions>
        </ActionForm>
    }
}

/// Removes a user's second factor: they sign in with their password alone
/// (and set one up again when their role requires it).
#[component]
fn ResetForm(email: String, id: i32, csrf: String, actions: Actions) -> impl IntoView {
    let tf = two_factor_strings(use_locale());
    let reset_email = actions.reset_email;
    view! {
        <ActionForm action=actions.reset on:submit=move |_| reset_email.set(Some(email.clone()))>
            <Hidden name="csrf" value=csrf />
            <Hidden name="user_id" value=id.to_string() />
            <FormActions>
                <button
                    type="submit"
                    class="secondary"
                    disabled=move || actions.reset.pending().get()
                    data-testid="reset-two-factor"
                >
                    {tf.reset}
                </button>
            </FormActions>
        </ActionForm>
    }
    .into_any()
}
