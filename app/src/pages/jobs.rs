//! Job declarations (layer: app UI): `/:lang/manage/jobs` lists the parks
//! the signed-in user declares for; `/:lang/manage/jobs/:slug?quarter=2026Q3`
//! holds a park's declarations for a quarter: the declaration form, the
//! declarations with their review buttons, and the tenants' commitments.
//!
//! Every form is a plain HTML form whose field names are its server
//! function's arguments, so it works without JavaScript; the server decides
//! who may do what (a hidden button is never the check). The actions live at
//! page level: a success loads the page's data again and its message stays.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::api::{
    AppError, DeclareJobs, ReviewJobs, SaveCommitment, current_user, declaration_parks,
    get_balance, get_commitments, get_declarations,
};
use crate::components::form::Field;
use crate::components::layout::use_locale;
use crate::components::manage::{
    FormFeedback, ManageError, NoIndex, SessionBar, SignInNotice, error_message, reload_on_success,
    reset_on_success,
};
use crate::i18n::balance::{BalanceStrings, balance_strings, colon, field_label, flag_text};
use crate::i18n::{Locale, fill};
use crate::model::{
    ActivityLine, CommitmentRow, DeclarationRow, DeclarationsView, Declared, JobLine, Quarter,
    ReportStatus, Role, SessionUser,
};

/// What the person at a form reads for an error, naming the fields of these pages.
pub(crate) fn balance_error(locale: Locale, error: &AppError) -> String {
    let s = balance_strings(locale);
    match error {
        AppError::Invalid { field, message } => match field_label(s, field) {
            Some(label) => fill(s.err_check, &[("field", label), ("message", message)]),
            None => error_message(locale, error),
        },
        other => error_message(locale, other),
    }
}

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

async fn load_parks() -> Result<Option<(SessionUser, Vec<(String, String)>)>, AppError> {
    let Some(user) = current_user().await? else {
        return Ok(None);
    };
    Ok(Some((user, declaration_parks().await?)))
}

/// `/:lang/manage/jobs`: the parks the signed-in user declares or validates jobs for.
#[component]
pub fn DeclarationParksPage() -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let t = locale.t();
    let data = Resource::new(|| (), |_| load_parks());
    view! {
        <NoIndex />
        <Title text=s.jobs_title />
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some((user, parks))) => view! { <ParksBody user parks /> }.into_any(),
                    Ok(None) => view! { <SignInNotice /> }.into_any(),
                    Err(error) => view! { <ManageError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ParksBody(user: SessionUser, parks: Vec<(String, String)>) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let lang = locale.code();
    let query = use_query_map();
    // keep a quarter chosen elsewhere; without one, each park page opens on the last complete quarter
    let quarter = query
        .read_untracked()
        .get("quarter")
        .filter(|q| Quarter::parse(q).is_ok());
    view! {
        <SessionBar user />
        <h1>{s.jobs_title}</h1>
        <p class="lead">{s.jobs_intro}</p>
        {if parks.is_empty() {
            view! { <p class="notice" data-testid="no-declaration-parks">{s.no_declaration_parks}</p> }.into_any()
        } else {
            view! {
                <p>{s.jobs_parks_intro}</p>
                <ul class="cards" data-testid="declaration-parks">
                    {parks
                        .into_iter()
                        .map(|(slug, name)| {
                            let mut href = format!("/{lang}/manage/jobs/{slug}");
                            if let Some(q) = &quarter {
                                href.push_str(&format!("?quarter={q}"));
                            }
                            view! {
                                <li class="card park-tile">
                                    <h2><a href=href data-slug=slug>{name}</a></h2>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        }}
        <p><a href=format!("/{lang}/balance")>{s.nav_balance}</a></p>
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
        <super::balance::QuarterPicker quarters current=quarter />
        <nav class="in-page" aria-label=s.jobs_title>
            <a href="#declare">{s.declare_title}</a>
            <a href="#declarations">{s.declarations_title}</a>
            {can_review.then(|| view! { <a href="#commitments">{s.commitments_title}</a> })}
            <a href=format!("/{lang}/parks/{slug}")>{view.park_name.clone()}</a>
        </nav>
        <DeclareForm view=view.clone() csrf=csrf.clone() actions />
        <Declarations view=view.clone() csrf=csrf.clone() can_review actions />
        {commitments.map(|rows| view! {
            <Commitments slug=slug.clone() rows tenants=view.tenants.clone() csrf=csrf.clone() actions />
        })}
    }
}

fn status_text(s: &BalanceStrings, status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::Submitted => s.status_submitted,
        ReportStatus::Validated => s.status_validated,
        ReportStatus::Returned => s.status_returned,
    }
}

/// The latest revision of a tenant's declaration for the quarter, if any.
fn current_row(rows: &[DeclarationRow], tenant: i32) -> Option<&DeclarationRow> {
    rows.iter()
        .filter(|r| r.tenant_id == tenant && !r.superseded)
        .max_by_key(|r| r.revision)
}

fn line_of(lines: &[JobLine], line: ActivityLine) -> Option<&JobLine> {
    lines.iter().find(|l| l.activity_line == line)
}

/// The declaration form. Choosing a tenant fills it with that tenant's
/// current declaration for the quarter: a returned or pending one is taken up
/// (its version goes with the form), a validated one is corrected (a new
/// revision). Without JavaScript, the table's "take up" links do the same.
#[component]
fn DeclareForm(view: DeclarationsView, csrf: String, actions: Actions) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let action = actions.declare;
    let error = action_error(action.value());
    let success = Signal::derive(move || {
        action.value().with(|v| match v {
            Some(Ok(Declared {
                revision, flags, ..
            })) => {
                let mut text = fill(s.declared_ok, &[("revision", &revision.to_string())]);
                let flags = if flags.is_empty() {
                    s.no_flags.to_string()
                } else {
                    flags
                        .iter()
                        .map(|f| flag_text(s, f))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                text.push_str(&format!(" {}{}{flags}", s.flags_label, colon(locale)));
                Some(text)
            }
            _ => None,
        })
    });
    let tenant = actions.tenant;
    let rows = StoredValue::new(view.rows.clone());
    if view.tenants.is_empty() {
        return view! {
            <section class="card" id="declare" aria-labelledby="declare-heading">
                <h2 id="declare-heading">{s.declare_title}</h2>
                <p class="muted" data-testid="no-tenants">{s.no_tenants}</p>
            </section>
        }
        .into_any();
    }
    let selected_now = tenant.get_untracked();
    view! {
        <section class="card" id="declare" aria-labelledby="declare-heading">
            <h2 id="declare-heading">{s.declare_title}</h2>
            <ActionForm action>
                <input type="hidden" name="csrf" value=csrf />
                <input type="hidden" name="park" value=view.park_slug.clone() />
                <input type="hidden" name="quarter" value=view.quarter.code() />
                <div class="form-grid">
                    <Field label=s.tenant>
                        <select
                            name="tenant_id"
                            required
                            data-testid="declare-tenant"
                            on:change=move |ev| tenant.set(event_target_value(&ev).parse().ok())
                        >
                            {view
                                .tenants
                                .iter()
                                .map(|(id, company, leased)| {
                                    let label = fill(s.tenant_option, &[("company", company), ("m2", &locale.m2(*leased))]);
                                    view! { <option value=id.to_string() selected=selected_now == Some(*id)>{label}</option> }
                                })
                                .collect_view()}
                        </select>
                    </Field>
                </div>
                {move || {
                    let chosen = tenant.get();
                    rows.with_value(|rows| {
                        let row = chosen.and_then(|id| current_row(rows, id)).cloned();
                        view! { <DeclareFields row /> }
                    })
                }}
                <div class="form-actions">
                    <button type="submit" data-testid="declare-submit">{s.submit_declaration}</button>
                </div>
                <FormFeedback error success testid="declare" />
            </ActionForm>
        </section>
    }
    .into_any()
}

/// The fields of the declaration form, filled from the tenant's current declaration.
#[component]
fn DeclareFields(row: Option<DeclarationRow>) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let (version, note) = match &row {
        Some(r) if r.status == ReportStatus::Validated => (
            None,
            Some(fill(
                s.correct_note,
                &[("revision", &(r.revision + 1).to_string())],
            )),
        ),
        Some(r) => (
            Some(r.version),
            Some(fill(
                s.resubmit_note,
                &[("revision", &r.revision.to_string())],
            )),
        ),
        None => (None, None),
    };
    let returned = row
        .as_ref()
        .filter(|r| r.status == ReportStatus::Returned)
        .and_then(|r| r.review_comment.clone());
    let lines = row.as_ref().map(|r| r.lines.clone()).unwrap_or_default();
    let recruits = row
        .as_ref()
        .map(|r| r.new_moroccan_recruits.to_string())
        .unwrap_or_else(|| "0".into());
    let comma = if locale == Locale::Ar { "، " } else { ", " };
    let comment = row
        .as_ref()
        .and_then(|r| r.comment.clone())
        .unwrap_or_default();
    view! {
        {version.map(|v| view! { <input type="hidden" name="version" value=v.to_string() /> })}
        {note.map(|n| view! { <p class="notice small" data-testid="declare-mode">{n}</p> })}
        {returned.map(|c| view! {
            <p class="form-error" data-testid="returned-comment">{s.manager_said} " " {c}</p>
        })}
        <div class="table-wrap">
            <table class="data lines-input">
                <thead>
                    <tr>
                        <th scope="col">{s.col_line}</th>
                        <th scope="col">{s.full_time}</th>
                        <th scope="col">{s.part_time}</th>
                    </tr>
                </thead>
                <tbody>
                    {ActivityLine::ALL
                        .into_iter()
                        .map(|line| {
                            let code = line.as_str().to_ascii_lowercase();
                            let existing = line_of(&lines, line);
                            let full = existing.map(|l| l.full_time.to_string()).unwrap_or_default();
                            let part = existing.map(|l| l.part_time.to_string()).unwrap_or_default();
                            view! {
                                <tr>
                                    <th scope="row"><abbr title=locale.activity(line)>{line.as_str()}</abbr></th>
                                    <td>
                                        <label>
                                            <span class="visually-hidden">{format!("{}{comma}{}", line.as_str(), s.full_time)}</span>
                                            <input type="number" name=format!("{code}_full") min="0" max="100000" step="1" inputmode="numeric" value=full data-testid=format!("{code}-full") />
                                        </label>
                                    </td>
                                    <td>
                                        <label>
                                            <span class="visually-hidden">{format!("{}{comma}{}", line.as_str(), s.part_time)}</span>
                                            <input type="number" name=format!("{code}_part") min="0" max="100000" step="1" inputmode="numeric" value=part data-testid=format!("{code}-part") />
                                        </label>
                                    </td>
                                </tr>
                            }
                            .into_any()
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <div class="form-stack">
            <Field label=s.new_recruits>
                <input type="number" name="new_moroccan_recruits" min="0" max="100000" step="1" inputmode="numeric" required value=recruits aria-describedby="recruits-help" data-testid="declare-recruits" />
                <small id="recruits-help" class="muted">{s.new_recruits_help}</small>
            </Field>
            <Field label=s.comment>
                <textarea name="comment" rows="3" maxlength="2000" aria-describedby="comment-help" data-testid="declare-comment">{comment}</textarea>
                <small id="comment-help" class="muted">{s.comment_help}</small>
            </Field>
        </div>
    }
}

/// The quarter's declarations, each revision on its own row.
#[component]
fn Declarations(
    view: DeclarationsView,
    csrf: String,
    can_review: bool,
    actions: Actions,
) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let lang = locale.code();
    let quarter = view.quarter.code();
    let slug = view.park_slug.clone();
    view! {
        <section class="card" id="declarations">
            <h2 id="declarations-heading">{s.declarations_title} <span class="muted small">" · " {locale.quarter(view.quarter)}</span></h2>
            {if view.rows.is_empty() {
                view! { <p class="muted" data-testid="no-declarations">{s.no_declarations}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="declarations-heading">
                        <table class="data declarations" data-testid="declarations-table">
                            <thead>
                                <tr>
                                    <th scope="col">{s.col_company}</th>
                                    <th scope="col" class="n">{s.col_revision}</th>
                                    <th scope="col">{s.col_status}</th>
                                    <th scope="col" class="n">{s.col_headcount}</th>
                                    <th scope="col">{s.col_lines}</th>
                                    <th scope="col">{s.col_flags}</th>
                                    <th scope="col">{s.col_comments}</th>
                                    <th scope="col">{s.col_who}</th>
                                    <th scope="col">{s.col_actions}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {view
                                    .rows
                                    .into_iter()
                                    .map(|r| {
                                        let edit = format!("/{lang}/manage/jobs/{slug}?quarter={quarter}&tenant={}#declare", r.tenant_id);
                                        view! { <DeclarationRowView row=r csrf=csrf.clone() can_review edit actions /> }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn DeclarationRowView(
    row: DeclarationRow,
    csrf: String,
    can_review: bool,
    /// The link that opens the form on this tenant's declaration.
    edit: String,
    actions: Actions,
) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let r = row;
    let status_class = format!("badge report-{}", r.status.as_str());
    let glyph = match r.status {
        ReportStatus::Submitted => "◔",
        ReportStatus::Validated => "✓",
        ReportStatus::Returned => "↩",
    };
    let lines = r
        .lines
        .iter()
        .map(|l| {
            format!(
                "{} {} + {}",
                l.activity_line.as_str(),
                locale.int(l.full_time),
                locale.int(l.part_time)
            )
        })
        .collect::<Vec<_>>();
    let flags = if r.flags.is_empty() {
        None
    } else {
        Some(
            r.flags
                .iter()
                .map(|f| flag_text(s, f))
                .collect::<Vec<_>>()
                .join(", "),
        )
    };
    // UTC to the minute, as the audit log shows times
    let when = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map(|at| {
            format!(
                "{} {} UTC",
                locale.date(at.date_naive()),
                at.format("%H:%M")
            )
        })
        .unwrap_or_default()
    };
    let declared = r.declared_by.clone().map(|who| {
        fill(
            s.declared_by,
            &[("who", &who), ("when", &when(r.submitted_at))],
        )
    });
    let validated = r.validated_by.clone().map(|who| {
        fill(
            s.validated_by,
            &[("who", &who), ("when", &when(r.validated_at))],
        )
    });
    let row_class = if r.superseded { "superseded" } else { "" };
    let open = !r.superseded && r.status == ReportStatus::Submitted;
    let link = (!r.superseded).then(|| {
        let text = if r.status == ReportStatus::Validated {
            s.correct_declaration
        } else {
            s.edit_declaration
        };
        view! { <a href=edit.clone() class="small" data-testid="take-up">{text}</a> }
    });
    let review = (can_review && open).then(|| {
        view! { <ReviewForm report_id=r.id version=r.version csrf=csrf.clone() actions /> }
    });
    view! {
        <tr class=row_class data-testid="declaration-row" data-report=r.id.to_string() data-status=r.status.as_str() data-superseded=r.superseded.to_string()>
            <th scope="row">{r.company.clone()}</th>
            <td class="n">{r.revision}</td>
            <td>
                <span class=status_class><span aria-hidden="true">{glyph} " "</span>{status_text(s, r.status)}</span>
                {r.superseded.then(|| view! {
                    <div class="superseded-note small" data-testid="superseded">
                        {fill(s.superseded, &[("n", &(r.revision + 1).to_string())])}
                    </div>
                })}
            </td>
            <td class="n">
                {locale.int(r.headcount)}
                <div class="muted small">{fill(s.recruits_short, &[("n", &locale.int(r.new_moroccan_recruits))])}</div>
            </td>
            <td class="nowrap small">
                {lines.into_iter().map(|l| view! { <div>{l}</div> }).collect_view()}
            </td>
            <td class="small">
                {match flags {
                    Some(f) => view! { <span class="badge flag">{"⚠ "}{f}</span> }.into_any(),
                    None => view! { <span class="muted">{s.no_flags}</span> }.into_any(),
                }}
            </td>
            <td class="small comments">
                {r.comment.clone().map(|c| view! { <p><strong>{s.tenant_said}</strong> " " {c}</p> })}
                {r.review_comment.clone().map(|c| view! { <p><strong>{s.manager_said}</strong> " " {c}</p> })}
            </td>
            <td class="small">
                {declared.map(|d| view! { <div>{d}</div> })}
                {validated.map(|v| view! { <div>{v}</div> })}
            </td>
            <td class="actions-cell">
                {link}
                {review}
            </td>
        </tr>
    }
    .into_any()
}

/// Validate or return a submitted declaration (a comment is required to return).
#[component]
fn ReviewForm(report_id: i32, version: i32, csrf: String, actions: Actions) -> impl IntoView {
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
            <input type="hidden" name="csrf" value=csrf />
            <input type="hidden" name="report_id" value=report_id.to_string() />
            <input type="hidden" name="version" value=version.to_string() />
            <div class="review-form">
                <label for=comment_id.clone() class="small">{s.review_comment}</label>
                <textarea id=comment_id name="comment" rows="2" maxlength="2000" data-testid="review-comment"></textarea>
                <div class="form-actions">
                    <button type="submit" name="decision" value="validate" data-testid="validate">{s.validate}</button>
                    <button type="submit" name="decision" value="return" class="secondary" data-testid="return">{s.return_declaration}</button>
                </div>
            </div>
            <FormFeedback error testid="review" />
        </ActionForm>
    }
}

/// Commitments of the park's tenants and where they stand (managers and admins).
#[component]
fn Commitments(
    slug: String,
    rows: Vec<CommitmentRow>,
    tenants: Vec<(i32, String, i64)>,
    csrf: String,
    actions: Actions,
) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let t = locale.t();
    let as_of = rows
        .first()
        .map(|r| format!("{} {}", t.as_of, locale.date(r.as_of)));
    let action = actions.commit;
    let error = action_error(action.value());
    let success = Signal::derive(move || {
        action
            .value()
            .with(|v| matches!(v, Some(Ok(_))).then(|| s.commitment_saved.to_string()))
    });
    let form = NodeRef::<leptos::html::Form>::new();
    reset_on_success(action.value(), form);
    view! {
        <section class="card" id="commitments">
            <h2 id="commitments-heading">
                {s.commitments_title}
                {as_of.map(|a| view! { <span class="muted small">" · " {a}</span> })}
            </h2>
            <p class="small">{s.commitments_intro}</p>
            {if rows.is_empty() {
                view! { <p class="muted" data-testid="no-commitments">{s.no_commitments}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="commitments-heading">
                        <table class="data" data-testid="commitments-table">
                            <thead>
                                <tr>
                                    <th scope="col">{s.col_company}</th>
                                    <th scope="col" class="n">{s.col_committed}</th>
                                    <th scope="col">{s.col_start}</th>
                                    <th scope="col">{s.col_deadline}</th>
                                    <th scope="col" class="n">{s.col_actual}</th>
                                    <th scope="col" class="n">{s.col_expected}</th>
                                    <th scope="col">{s.col_status}</th>
                                    <th scope="col">{s.col_note}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|c| {
                                        let actual = match c.actual_quarter {
                                            Some(q) => view! {
                                                {locale.int(c.actual)}
                                                <div class="muted small">{locale.quarter(q)}</div>
                                            }
                                            .into_any(),
                                            None => view! { <span class="muted small">{s.no_actual}</span> }.into_any(),
                                        };
                                        let status = if c.behind {
                                            view! { <span class="badge behind" data-testid="behind">{"⚠ "}{s.behind}</span> }.into_any()
                                        } else {
                                            view! { <span class="badge on-track">{"✓ "}{s.on_track}</span> }.into_any()
                                        };
                                        view! {
                                            <tr data-testid="commitment-row" data-behind=c.behind.to_string()>
                                                <th scope="row">{c.company.clone()}</th>
                                                <td class="n">{locale.int(c.jobs)}</td>
                                                <td class="nowrap">{locale.date(c.start_date)}</td>
                                                <td class="nowrap">{locale.date(c.deadline)}</td>
                                                <td class="n">{actual}</td>
                                                <td class="n">{locale.int(c.expected_now)}</td>
                                                <td>{status}</td>
                                                <td class="small">{c.note.clone().unwrap_or_default()}</td>
                                            </tr>
                                        }
                                        .into_any()
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
            <h3>{s.add_commitment}</h3>
            {if tenants.is_empty() {
                view! { <p class="muted">{s.no_tenants}</p> }.into_any()
            } else {
                view! {
                    <ActionForm action node_ref=form>
                        <input type="hidden" name="csrf" value=csrf />
                        <input type="hidden" name="park" value=slug />
                        <div class="form-grid">
                            <Field label=s.tenant>
                                <select name="tenant_id" required data-testid="commitment-tenant">
                                    {tenants
                                        .into_iter()
                                        .map(|(id, company, _)| view! { <option value=id.to_string()>{company}</option> })
                                        .collect_view()}
                                </select>
                            </Field>
                            <Field label=s.committed_jobs>
                                <input type="number" name="jobs" min="1" max="100000" step="1" inputmode="numeric" required data-testid="commitment-jobs" />
                            </Field>
                            <Field label=s.start_date>
                                <input type="date" name="start_date" required data-testid="commitment-start" />
                            </Field>
                            <Field label=s.deadline>
                                <input type="date" name="deadline" required data-testid="commitment-deadline" />
                            </Field>
                            <Field label=s.note>
                                <input type="text" name="note" maxlength="2000" />
                            </Field>
                        </div>
                        <div class="form-actions">
                            <button type="submit" data-testid="commitment-submit">{s.save_commitment}</button>
                        </div>
                        <FormFeedback error success testid="commitment" />
                    </ActionForm>
                }
                .into_any()
            }}
        </section>
    }
}
