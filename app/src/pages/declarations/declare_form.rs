//! The declaration form of a tenant's jobs for the quarter (layer: app UI).
use leptos::prelude::*;

use super::{Actions, action_error};
use crate::components::form::{Field, FormActions, Hidden};
use crate::components::layout::use_locale;
use crate::components::manage::FormFeedback;
use crate::i18n::balance::{balance_strings, flag_text};
use crate::i18n::format::colon;
use crate::i18n::{Locale, fill};
use crate::model::{
    ActivityLine, DeclarationRow, DeclarationsView, Declared, JobLine, ReportStatus,
};

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
pub(super) fn DeclareForm(view: DeclarationsView, csrf: String, actions: Actions) -> impl IntoView {
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
                <Hidden name="csrf" value=csrf />
                <Hidden name="park" value=view.park_slug.clone() />
                <Hidden name="quarter" value=view.quarter.code() />
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
                <FormActions>
                    <button type="submit" data-testid="declare-submit">{s.submit_declaration}</button>
                </FormActions>
                <FormFeedback error success testid="declare" />
            </ActionForm>
        </section>
    }
    .into_any()
}

/// The fields of the declaration form, filled from the tenant's current declaration.
#[component]
pub(super) fn DeclareFields(row: Option<DeclarationRow>) -> impl IntoView {
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
        {version.map(|v| view! { <Hidden name="version" value=v.to_string() /> })}
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
