//! The tenants' job commitments and the form adding one (layer: app UI).
use leptos::prelude::*;

use super::{Actions, action_error};
use crate::components::form::{Field, FormActions, Hidden};
use crate::components::layout::use_locale;
use crate::components::manage::{FormFeedback, reset_on_success};
use crate::i18n::balance::balance_strings;
use crate::model::CommitmentRow;

/// Commitments of the park's tenants and where they stand (managers and admins).
#[component]
pub(super) fn Commitments(
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
                        <Hidden name="csrf" value=csrf />
                        <Hidden name="park" value=slug />
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
                        <FormActions>
                            <button type="submit" data-testid="commitment-submit">{s.save_commitment}</button>
                        </FormActions>
                        <FormFeedback error success testid="commitment" />
                    </ActionForm>
                }
                .into_any()
            }}
        </section>
    }
}
