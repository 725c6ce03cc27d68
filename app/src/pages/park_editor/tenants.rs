//! The park's tenants: what they lease today and a form for each whose
//! record the viewer may change, else why not (layer: app UI).
use leptos::prelude::*;

use super::Actions;
use super::tenant_form::TenantForm;
use crate::components::layout::use_locale;
use crate::components::manage::FormFeedback;
use crate::i18n::tenant_scope::tenant_scope_strings;
use crate::model::TenantFields;

#[component]
pub(super) fn Tenants(
    slug: String,
    tenants: Vec<TenantFields>,
    csrf: String,
    as_of: String,
    actions: Actions,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let scope = tenant_scope_strings(locale);
    let saved = Signal::derive(move || {
        actions
            .tenant
            .value()
            .with(|v| matches!(v, Some(Ok(_))))
            .then(|| t.saved.to_string())
    });
    let rows = tenants.clone();
    view! {
        <section class="card" id="tenants" aria-labelledby="tenants-heading">
            <h2 id="tenants-heading">{t.tenants} <span class="muted small">" · " {as_of}</span></h2>
            <FormFeedback success=saved testid="tenants" />
            {if rows.is_empty() {
                view! { <p class="muted">{t.no_tenants}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" role="region" aria-label=t.tenants tabindex="0">
                        <table class="data" data-testid="editor-tenants">
                            <thead>
                                <tr>
                                    <th scope="col">{t.company}</th>
                                    <th scope="col">{t.country}</th>
                                    <th scope="col">{t.activity_line}</th>
                                    <th scope="col" class="n">{t.leased_today}</th>
                                    <th scope="col" class="n">{t.seats}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|tn| {
                                        view! {
                                            <tr>
                                                <th scope="row">{tn.company}</th>
                                                <td>{tn.country}</td>
                                                <td><abbr title=locale.activity(tn.activity_line)>{tn.activity_line.as_str()}</abbr></td>
                                                <td class="n">{locale.m2(tn.leased_m2)}</td>
                                                <td class="n">{locale.int(tn.leased_seats)}</td>
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
            <div class="edit-list">
                {tenants
                    .into_iter()
                    .map(|tn| {
                        if tn.may_change {
                            view! {
                                <details class="edit">
                                    <summary>{t.edit} " : " {tn.company.clone()}</summary>
                                    <TenantForm slug=slug.clone() tenant=tn csrf=csrf.clone() actions />
                                </details>
                            }
                            .into_any()
                        } else {
                            // The server refuses the change anyway; this says why first.
                            view! {
                                <details class="edit" data-testid="shared-tenant">
                                    <summary>{tn.company.clone()} " · " {scope.shared_record}</summary>
                                    <p class="muted">{scope.why_shared}</p>
                                </details>
                            }
                            .into_any()
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}
