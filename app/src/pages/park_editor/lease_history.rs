//! The park's lease events, as a table (layer: app UI).
use leptos::prelude::*;

use crate::components::layout::use_locale;
use crate::model::LeaseEventRow;

#[component]
pub(super) fn Events(events: Vec<LeaseEventRow>) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    view! {
        <section class="card" id="events" aria-labelledby="events-heading">
            <h2 id="events-heading">{t.events_title}</h2>
            {if events.is_empty() {
                view! { <p class="muted">{t.no_events}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" role="region" aria-label=t.events_title tabindex="0">
                        <table class="data" data-testid="editor-events">
                            <thead>
                                <tr>
                                    <th scope="col">{t.effective_date}</th>
                                    <th scope="col">{t.kind}</th>
                                    <th scope="col">{t.building}</th>
                                    <th scope="col">{t.company}</th>
                                    <th scope="col" class="n">{t.area_m2}</th>
                                    <th scope="col" class="n">{t.seats_label}</th>
                                    <th scope="col">{t.recorded_by}</th>
                                    <th scope="col">{t.recorded_at}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {events
                                    .into_iter()
                                    .map(|e| {
                                        view! {
                                            <tr data-event=e.id.to_string()>
                                                <td>{locale.date(e.effective_date)}</td>
                                                <td>{locale.lease_kind(e.kind)}</td>
                                                <td>{e.building}</td>
                                                <th scope="row">{e.company}</th>
                                                <td class="n">{locale.m2(e.area_m2)}</td>
                                                <td class="n">{locale.int(e.seats)}</td>
                                                <td>{e.recorded_by}</td>
                                                <td><time datetime=e.recorded_at.to_rfc3339()>{locale.datetime_utc(e.recorded_at)}</time></td>
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
        </section>
    }
}
