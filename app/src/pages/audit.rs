//! The audit log (admins): filters as GET parameters in the URL, so a
//! filtered page is a link; one page of entries, newest first.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::{AppError, audit_log, current_user};
use crate::components::form::Field;
use crate::components::layout::use_locale;
use crate::components::manage::{ManageError, NoIndex, SessionBar, SignInNotice, indent_json};
use crate::components::url::{replace, with_query};
use crate::model::{AuditEntry, AuditForm, AuditPage, SessionUser};

/// The query parameters of the page, in the order of `audit_log`'s arguments.
const KEYS: [&str; 6] = ["actor", "entity", "entity_id", "from", "to", "page"];

/// Record types the log knows (the `entity` filter).
const ENTITIES: [&str; 5] = ["park", "building", "tenant", "lease_event", "user"];

type Pairs = Vec<(String, String)>;

fn value_of(pairs: &Pairs, key: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

async fn load(pairs: Pairs) -> Result<Option<(SessionUser, AuditPage, Pairs)>, AppError> {
    let Some(user) = current_user().await? else {
        return Ok(None);
    };
    let arg = |k: &str| Some(value_of(&pairs, k)).filter(|v| !v.is_empty());
    let page = audit_log(AuditForm {
        actor: arg("actor"),
        entity: arg("entity"),
        entity_id: arg("entity_id"),
        from: arg("from"),
        to: arg("to"),
        page: arg("page"),
    })
    .await?;
    Ok(Some((user, page, pairs)))
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let t = use_locale().t();
    let query = use_query_map();
    let pairs = move || {
        let q = query.read();
        KEYS.iter()
            .filter_map(|k| q.get(k).map(|v| (k.to_string(), v)))
            .filter(|(_, v)| !v.is_empty())
            .collect::<Pairs>()
    };
    let data = Resource::new(pairs, load);
    view! {
        <NoIndex />
        <Title text=t.audit_title />
        <Transition fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some((user, page, pairs))) => view! { <AuditBody user page pairs /> }.into_any(),
                    Ok(None) => view! { <SignInNotice /> }.into_any(),
                    Err(error) => view! { <ManageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AuditBody(user: SessionUser, page: AuditPage, pairs: Pairs) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let base = format!("/{}/manage/audit", locale.code());
    let entity = value_of(&pairs, "entity");
    let page_link = {
        let pairs = pairs.clone();
        let base = base.clone();
        move |n: u32| with_query(&base, &replace(&pairs, "page", &n.to_string()))
    };
    let (current, pages) = (page.page, page.pages);
    let count = format!(
        "{} : {} · {} {current} {} {}",
        t.entries,
        locale.int(page.total),
        t.page_label,
        t.of,
        pages.max(1)
    );
    // Field children are moved into their closures: one owned value each.
    let actor_value = value_of(&pairs, "actor");
    let entity_id_value = value_of(&pairs, "entity_id");
    let from_value = value_of(&pairs, "from");
    let to_value = value_of(&pairs, "to");
    view! {
        <SessionBar user />
        <h1>{t.audit_title}</h1>
        <p class="lead">{t.audit_intro}</p>
        <Form method="GET" action="">
            <fieldset class="filters">
                <legend class="visually-hidden">{t.apply_filters}</legend>
                <div class="fields">
                    <Field label=t.actor>
                        <input
                            type="text"
                            name="actor"
                            dir="ltr"
                            inputmode="email"
                            autocomplete="off"
                            value=actor_value
                        />
                    </Field>
                    <Field label=t.entity>
                        <select name="entity">
                            <option value="" selected=entity.is_empty()>{t.entity_all}</option>
                            {ENTITIES
                                .into_iter()
                                .map(|e| view! { <option value=e selected=entity == e>{locale.entity(e)}</option> })
                                .collect_view()}
                        </select>
                    </Field>
                    <Field label=t.entity_id>
                        <input type="text" name="entity_id" autocomplete="off" value=entity_id_value />
                    </Field>
                    <Field label=t.date_from>
                        <input type="date" name="from" value=from_value />
                    </Field>
                    <Field label=t.date_to>
                        <input type="date" name="to" value=to_value />
                    </Field>
                </div>
                <div class="actions">
                    <button type="submit" data-testid="audit-filter">{t.apply_filters}</button>
                    <a href=base.clone() class="button secondary">{t.reset_filters}</a>
                </div>
            </fieldset>
        </Form>
        <p class="result-count" aria-live="polite" data-testid="audit-count">{count}</p>
        {if page.entries.is_empty() {
            view! { <p class="notice">{t.audit_empty}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" role="region" aria-label=t.audit_title tabindex="0">
                    <table class="data audit" data-testid="audit-table">
                        <thead>
                            <tr>
                                <th scope="col">{t.when_utc}</th>
                                <th scope="col">{t.who}</th>
                                <th scope="col">{t.action}</th>
                                <th scope="col">{t.entity}</th>
                                <th scope="col">{t.before_after}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {page.entries.into_iter().map(|e| view! { <EntryRow entry=e /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
        {(pages > 1).then(|| {
            view! {
                <nav class="pager" aria-label=t.page_label>
                    {(current > 1).then(|| view! { <a href=page_link(current - 1) rel="prev">{t.page_prev}</a> })}
                    <span>{format!("{} {current} {} {pages}", t.page_label, t.of)}</span>
                    {(current < pages).then(|| view! { <a href=page_link(current + 1) rel="next">{t.page_next}</a> })}
                </nav>
            }
        })}
    }
}

#[component]
fn EntryRow(entry: AuditEntry) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let record = match &entry.entity_id {
        Some(id) => format!("{} #{id}", locale.entity(&entry.entity)),
        None => locale.entity(&entry.entity),
    };
    let json = |label: &'static str, raw: Option<String>| {
        raw.map(|raw| {
            view! {
                <div>
                    <div class="muted small">{label}</div>
                    <pre class="json">{indent_json(&raw)}</pre>
                </div>
            }
        })
    };
    let changes = (entry.before_json.is_some() || entry.after_json.is_some()).then(|| {
        view! {
            <details>
                <summary>{t.before_after}</summary>
                <div class="json-pair">
                    {json(t.before, entry.before_json)}
                    {json(t.after, entry.after_json)}
                </div>
            </details>
        }
    });
    view! {
        <tr data-testid="audit-row">
            <td class="nowrap">
                <time datetime=entry.at.to_rfc3339()>{locale.datetime_utc(entry.at)}</time>
            </td>
            <td>{entry.actor}</td>
            <td><code>{entry.action}</code></td>
            <td>{record}</td>
            <td class="changes">{changes}</td>
        </tr>
    }
    .into_any()
}
