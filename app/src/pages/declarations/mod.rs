//! Job declarations (layer: app UI): `/:lang/manage/jobs` lists the parks
//! the signed-in user declares for; `/:lang/manage/jobs/:slug?quarter=2026Q3`
//! holds a park's declarations for a quarter: the declaration form, the
//! declarations with their review buttons, and the tenants' commitments.
//!
//! Every form is a plain HTML form whose field names are its server
//! function's arguments, so it works without JavaScript; the server decides
//! who may do what (a hidden button is never the check). The actions live at
//! page level: a success loads the page's data again and its message stays.
//!
//! One file per section: `parks.rs` (the list of parks), `declare_form.rs`,
//! `declarations_table.rs`, `review_form.rs` and `commitments.rs`; this file
//! loads the park's page and lays out its sections.
mod commitments;
mod declarations_table;
mod declare_form;
mod parks;
mod review_form;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::api::{
    AppError, DeclareJobs, ReviewJobs, SaveCommitment, current_user, get_balance, get_commitments,
    get_declarations,
};
use crate::components::layout::use_locale;
use crate::components::manage::{
    ManageError, NoIndex, SessionBar, SignInNotice, balance_error, reload_on_success,
};
use crate::components::quarter_picker::QuarterPicker;
use crate::i18n::Locale;
use crate::i18n::balance::balance_strings;
use crate::model::{CommitmentRow, DeclarationsView, Quarter, Role, SessionUser};
use commitments::Commitments;
use declarations_table::Declarations;
use declare_form::DeclareForm;

pub use parks::DeclarationParksPage;

/// The error of an action's last run, worded for the page's language.
fn action_error<T, S>(value: S) -> Signal<Option<String>>
where
    S: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    let locale = use_locale();
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(e)) => Some(balance_error(locale, e)),
            _ => None,
        })
    })
}

fn back_arrow(locale: Locale) -> &'static str {
    if locale.dir() == "rtl" {
        "→ "
    } else {
        "← "
    }
}

/// The page's server actions, created once so that their results outlive
/// the reloads they cause.
#[derive(Clone, Copy)]
struct Actions {
    declare: ServerAction<DeclareJobs>,
    review: ServerAction<ReviewJobs>,
    commit: ServerAction<SaveCommitment>,
    /// The declaration whose review form was sent last.
    review_row: RwSignal<Option<i32>>,
    /// The tenant chosen in the declaration form (kept across reloads).
    tenant: RwSignal<Option<i32>>,
    reload: RwSignal<u32>,
}

impl Actions {
    fn new(tenant: Option<i32>) -> Self {
        let a = Self {
            declare: ServerAction::new(),
            review: ServerAction::new(),
            commit: ServerAction::new(),
            review_row: RwSignal::new(None),
            tenant: RwSignal::new(tenant),
            reload: RwSignal::new(0),
        };
        reload_on_success(a.declare.value(), a.reload);
        reload_on_success(a.review.value(), a.reload);
        reload_on_success(a.commit.value(), a.reload);
        a
    }
}

/// Everything the declarations page shows.
#[derive(Clone, Serialize, Deserialize)]
struct Loaded {
    user: SessionUser,
    /// Quarters to choose from, newest first.
    quarters: Vec<Quarter>,
    view: DeclarationsView,
    /// Only for managers and admins.
    commitments: Option<Vec<CommitmentRow>>,
}

fn reviewer(user: &SessionUser) -> bool {
    matches!(user.role, Role::Admin | Role::ParkManager)
}

async fn load(slug: String, quarter: Option<String>) -> Result<Option<Loaded>, AppError> {
    let Some(user) = current_user().await? else {
        return Ok(None);
    };
    // The server's calendar decides the default (the last complete quarter)
    // and the quarters that hold data; the browser's clock plays no part.
    let balance = get_balance(None).await?;
    let quarter = match quarter {
        Some(raw) => Quarter::parse(&raw).map_err(|m| AppError::invalid("quarter", m))?,
        None => balance.quarter,
    };
    let view = get_declarations(slug.clone(), quarter.code()).await?;
    let commitments = if reviewer(&user) {
        Some(get_commitments(slug).await?)
    } else {
        None
    };
    Ok(Some(Loaded {
        user,
        quarters: balance.quarters,
        view,
        commitments,
    }))
}

/// `/:lang/manage/jobs/:slug?quarter=2026Q3[&tenant=ID]`.
#[component]
pub fn DeclarationsPage() -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let t = locale.t();
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let quarter = move || query.read().get("quarter").filter(|q| !q.trim().is_empty());
    let tenant = query
        .read_untracked()
        .get("tenant")
        .and_then(|t| t.trim().parse::<i32>().ok());
    let actions = Actions::new(tenant);
    let data = Resource::new(
        move || (slug(), quarter(), actions.reload.get()),
        |(slug, quarter, _)| load(slug, quarter),
    );
    view! {
        <NoIndex />
        <Title text=s.jobs_title />
        <Transition fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(loaded)) => view! { <DeclarationsBody loaded actions /> }.into_any(),
                    Ok(None) => view! { <SignInNotice /> }.into_any(),
                    Err(error) => view! { <ManageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DeclarationsBody(loaded: Loaded, actions: Actions) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let lang = locale.code();
    let Loaded {
        user,
        mut quarters,
        view,
        commitments,
    } = loaded;
    let csrf = user.csrf_token.clone();
    let can_review = reviewer(&user);
    let quarter = view.quarter;
    if !quarters.contains(&quarter) {
        quarters.insert(0, quarter);
    }
    let slug = view.park_slug.clone();
    // a tenant chosen in the URL or kept from a previous load, if present this quarter
    if actions
        .tenant
        .get_untracked()
        .is_none_or(|id| !view.tenants.iter().any(|(t, _, _)| *t == id))
    {
        actions
            .tenant
            .set(view.tenants.first().map(|(id, _, _)| *id));
    }
    view! {
        <SessionBar user />
        <p><a href=format!("/{lang}/manage/jobs")>{back_arrow(locale)}{s.back_to_declaration_parks}</a></p>
        <header class="park-head">
            <h1 data-testid="declarations-title">{s.jobs_title} " · " {view.park_name.clone()}</h1>
            <p class="dated">{locale.quarter(quarter)} " · " {locale.date(quarter.first_day())} " – " {locale.date(quarter.last_day())}</p>
        </header>
        <QuarterPicker quarters current=quarter />
        <nav class="in-page" aria-label=s.jobs_title>
            <a href="#declare">{s.declare_title}</a>
            <a href="#declarations">{s.declarations_title}</a>
            {can_review.then(|| view! { <a href="#commitments">{s.commitments_title}</a> })}
            <a href=format!("/{lang}/parks/{slug}")>{view.park_name.clone()}</a>
        </nav>
        <DeclareForm view=view.clone() csrf=csrf.clone() actions />
        <section class="card" aria-labelledby="consent-heading">
            <h2 id="consent-heading">{crate::i18n::privacy::privacy_strings(locale).consent_title}</h2>
            {view
                .tenants
                .iter()
                .map(|(id, company, _)| view! {
                    <crate::components::consent::ConsentBox
                        tenant_id=*id
                        publish=view.published_tenants.contains(id)
                        csrf=csrf.clone()
                        company=company.clone()
                    />
                })
                .collect_view()}
        </section>
        <Declarations view=view.clone() csrf=csrf.clone() can_review actions />
        {commitments.map(|rows| view! {
            <Commitments slug=slug.clone() rows tenants=view.tenants.clone() csrf=csrf.clone() actions />
        })}
    }
}
