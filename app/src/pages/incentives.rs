//! The incentive estimate (layer: app UI, page `/:lang/incentives`): what
//! the Offshoring Offer's bonuses could come to for a number of new hires in
//! a region. INDICATIVE, never an entitlement. The form is a GET form: the
//! estimate is in the URL (`?region=06&recruits=…`), shareable, and works
//! without JavaScript; a park page links here with its region chosen.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::api::{AppError, estimate_incentives, list_regions};
use crate::components::form::{Field, FormActions};
use crate::components::layout::use_locale;
use crate::components::manage::balance_error;
use crate::components::notice::ErrorNotice;
use crate::i18n::balance::balance_strings;
use crate::i18n::format::{colon, mad};
use crate::model::{IncentiveEstimate, IncentiveForm, RegionSummary};

/// The form's values, as the URL carries them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct Inputs {
    region: String,
    recruits: String,
    pay: String,
    equipment: String,
}

impl Inputs {
    /// An estimate is asked for once the required numbers are there.
    fn complete(&self) -> bool {
        !self.region.trim().is_empty()
            && !self.recruits.trim().is_empty()
            && !self.pay.trim().is_empty()
    }
}

type Estimate = Option<Result<IncentiveEstimate, AppError>>;

async fn load(inputs: Inputs) -> Result<(Vec<RegionSummary>, Estimate), AppError> {
    let regions = list_regions().await?;
    let estimate = if inputs.complete() {
        let equipment = Some(inputs.equipment.clone()).filter(|e| !e.trim().is_empty());
        let form = IncentiveForm {
            region: inputs.region,
            recruits: inputs.recruits,
            gross_annual_pay_mad: inputs.pay,
            equipment_investment_mad: equipment,
        };
        Some(estimate_incentives(form).await)
    } else {
        None
    };
    Ok((regions, estimate))
}

#[component]
pub fn IncentivesPage() -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let t = locale.t();
    let query = use_query_map();
    let inputs = move || {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        Inputs {
            region: get("region"),
            recruits: get("recruits"),
            pay: get("gross_annual_pay_mad"),
            equipment: get("equipment_investment_mad"),
        }
    };
    let data = Resource::new(inputs, |i| {
        let shown = i.clone();
        async move { load(i).await.map(|(r, e)| (r, e, shown)) }
    });
    view! {
        <Title text=s.incentives_title />
        <h1>{s.incentives_title}</h1>
        <p class="lead">{s.incentives_intro}</p>
        <p class="indicative" role="note" data-testid="indicative">{s.indicative}</p>
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((regions, estimate, inputs)) => {
                        view! { <IncentivesBody regions estimate inputs /> }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn IncentivesBody(
    regions: Vec<RegionSummary>,
    estimate: Estimate,
    inputs: Inputs,
) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let region_name = |code: &str| {
        regions
            .iter()
            .find(|r| r.code.as_str() == code)
            .and_then(|r| locale.pick(&r.name))
            .unwrap_or(code)
            .to_string()
    };
    let result = match estimate {
        None => None,
        Some(Err(e)) => Some(
            view! { <p class="form-error" role="alert" data-testid="estimate-error">{balance_error(locale, &e)}</p> }
                .into_any(),
        ),
        Some(Ok(e)) => {
            let name = region_name(e.region_code.as_str());
            Some(view! { <EstimateResult estimate=e region_name=name /> }.into_any())
        }
    };
    view! {
        <Form method="GET" action="">
            <div class="card">
                <div class="form-grid">
                    <Field label=s.region>
                        <select name="region" required data-testid="incentive-region">
                            {regions
                                .iter()
                                .map(|r| {
                                    let code = r.code.as_str().to_string();
                                    let selected = code == inputs.region;
                                    let name = locale.pick(&r.name).unwrap_or_default().to_string();
                                    view! { <option value=code selected=selected>{name}</option> }
                                })
                                .collect_view()}
                        </select>
                    </Field>
                    <Field label=s.recruits>
                        <input type="number" name="recruits" min="1" max="100000" step="1" inputmode="numeric" required value=inputs.recruits.clone() data-testid="incentive-recruits" />
                    </Field>
                    <Field label=s.gross_pay>
                        <input type="number" name="gross_annual_pay_mad" min="1" step="1" inputmode="numeric" required value=inputs.pay.clone() data-testid="incentive-pay" />
                    </Field>
                    <Field label=s.equipment>
                        <input type="number" name="equipment_investment_mad" min="0" step="1" inputmode="numeric" value=inputs.equipment.clone() data-testid="incentive-equipment" />
                    </Field>
                </div>
                <FormActions>
                    <button type="submit" data-testid="incentive-submit">{s.estimate}</button>
                </FormActions>
            </div>
        </Form>
        {result}
    }
}

#[component]
fn EstimateResult(estimate: IncentiveEstimate, region_name: String) -> impl IntoView {
    let locale = use_locale();
    let s = balance_strings(locale);
    let e = estimate;
    let colon = colon(locale);
    let recap = format!(
        "{region_name} · {}{colon}{} · {}{colon}{}",
        s.recruits,
        locale.int(e.recruits),
        s.gross_pay,
        mad(locale, e.gross_annual_pay_mad),
    );
    view! {
        <section class="card estimate" aria-labelledby="estimate-heading" data-testid="estimate">
            <h2 id="estimate-heading">{s.result_title}</h2>
            <p class="indicative small">{s.indicative}</p>
            <p class="muted small">{recap}</p>
            <dl class="facts estimate-facts">
                <dt>{s.paf_year}<div class="muted small">{s.paf_year_note}</div></dt>
                <dd class="num" data-testid="paf-year">{mad(locale, e.paf_per_year_mad)}</dd>
                <dt>{s.paf_total}</dt>
                <dd class="num" data-testid="paf-total">{mad(locale, e.paf_total_mad)}</dd>
                <dt>{s.regional_per_job}</dt>
                <dd class="num" data-testid="regional-per-job">{mad(locale, e.regional_per_job_mad)}</dd>
                <dt>{s.equipment_subsidy}</dt>
                <dd class="num" data-testid="equipment-subsidy">{mad(locale, e.equipment_subsidy_mad)}</dd>
                <dt class="total">{s.total}</dt>
                <dd class="num total" data-testid="estimate-total"><strong>{mad(locale, e.total_mad)}</strong></dd>
            </dl>
            {match e.regional_note {
                // the note comes from the parameters file, written in English
                Some(note) => view! { <p class="small">{s.regional_note} " " <span lang="en" dir="ltr">{note}</span></p> }.into_any(),
                None => view! { <p class="small muted">{s.no_top_up}</p> }.into_any(),
            }}
            <p class="small muted">{s.pae_note}</p>
        </section>
    }
}
