//! The park's buildings: their figures and a form for each (layer: app UI).
use leptos::prelude::*;

use super::Actions;
use super::building_form::BuildingForm;
use crate::components::layout::use_locale;
use crate::components::manage::FormFeedback;
use crate::model::BuildingFields;

#[component]
pub(super) fn Buildings(
    slug: String,
    buildings: Vec<BuildingFields>,
    csrf: String,
    as_of: String,
    actions: Actions,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let saved = Signal::derive(move || {
        let edited = actions.building.value().with(|v| match v {
            Some(Ok(b)) => Some(b.name.clone()),
            _ => None,
        });
        let added = actions.new_building.value().with(|v| match v {
            Some(Ok(b)) => Some(b.name.clone()),
            _ => None,
        });
        edited.or(added).map(|name| format!("{} {name}", t.saved))
    });
    let rows = buildings.clone();
    view! {
        <section class="card" id="buildings" aria-labelledby="buildings-heading">
            <h2 id="buildings-heading">{t.buildings} <span class="muted small">" · " {as_of}</span></h2>
            <FormFeedback success=saved testid="buildings" />
            {if rows.is_empty() {
                view! { <p class="muted">{t.no_buildings}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" role="region" aria-label=t.buildings tabindex="0">
                        <table class="data" data-testid="editor-buildings">
                            <thead>
                                <tr>
                                    <th scope="col">{t.building}</th>
                                    <th scope="col" class="n">{t.floor_area}</th>
                                    <th scope="col" class="n">{t.seats}</th>
                                    <th scope="col" class="n">{t.free_now}</th>
                                    <th scope="col" class="n">{t.free_seats}</th>
                                    <th scope="col">{t.delivery}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|b| {
                                        view! {
                                            <tr data-building=b.id.to_string()>
                                                <th scope="row">{b.name}</th>
                                                <td class="n">{locale.m2(b.floor_area_m2)}</td>
                                                <td class="n">{locale.int(b.seats)}</td>
                                                <td class="n">{locale.m2(b.free_m2)}</td>
                                                <td class="n">{locale.int(b.free_seats)}</td>
                                                <td>{b.delivery_date.map(|d| locale.date(d)).unwrap_or_else(|| "—".into())}</td>
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
                {buildings
                    .into_iter()
                    .map(|b| {
                        view! {
                            <details class="edit">
                                <summary>{t.edit} " : " {b.name.clone()}</summary>
                                <BuildingForm slug=slug.clone() building=Some(b) csrf=csrf.clone() actions />
                            </details>
                        }
                    })
                    .collect_view()}
                <details class="edit" open=actions.new_building.value().with_untracked(|v| matches!(v, Some(Err(_))))>
                    <summary>{t.add_building}</summary>
                    <BuildingForm slug building=None csrf actions />
                </details>
            </div>
        </section>
    }
}
