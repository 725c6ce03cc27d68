//! The quarter's declarations with their review forms (layer: app UI).
use leptos::prelude::*;

use super::Actions;
use super::review_form::ReviewForm;
use crate::components::layout::use_locale;
use crate::i18n::balance::{BalanceStrings, balance_strings, flag_text};
use crate::i18n::fill;
use crate::model::{DeclarationRow, DeclarationsView, ReportStatus};

fn status_text(s: &BalanceStrings, status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::Submitted => s.status_submitted,
        ReportStatus::Validated => s.status_validated,
        ReportStatus::Returned => s.status_returned,
    }
}

/// The quarter's declarations, each revision on its own row.
#[component]
pub(super) fn Declarations(
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
pub(super) fn DeclarationRowView(
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
