//! Server functions of the manager and admin pages. Forms send text: each
//! function parses it (the error names the field), takes the services from
//! context, calls one method, and maps the result onto the response. Every
//! change carries the session's CSRF token; the service checks it, and who
//! may do what, inside its transaction.
// Forms send one text field per argument; the client stubs that #[server]
// generates inherit the count.
#![allow(clippy::too_many_arguments)]
use leptos::prelude::*;

use super::AppError;
#[cfg(feature = "ssr")]
use crate::model::{
    ActivityLine, AuditFilter, BuildingEdit, LeaseEventInput, LeaseKind, Role, TenantChoice,
    TenantEdit, UserEdit,
};
use crate::model::{
    AuditPage, BuildingFields, LeaseEventRecorded, ManagedPark, ParkEdit, ParkEditor, ParkFields,
    ParkStatus, UserRow, form,
};

#[cfg(feature = "ssr")]
fn manage() -> Result<super::Management, AppError> {
    use_context::<super::Management>().ok_or_else(|| {
        leptos::logging::error!("management services missing from the Leptos context");
        AppError::Internal
    })
}

fn field<T>(r: Result<T, (String, String)>) -> Result<T, AppError> {
    r.map_err(|(field, message)| AppError::invalid(field, message))
}

#[cfg(feature = "ssr")]
fn opt(raw: &Option<String>) -> &str {
    raw.as_deref().unwrap_or("")
}

const NAME_MAX: usize = 200;
const TEXT_MAX: usize = 4_000;
/// Larger than any office building (the largest park is about 250,000 m²).
#[cfg(feature = "ssr")]
const AREA_MAX: i64 = 1_000_000;
#[cfg(feature = "ssr")]
const SEATS_MAX: i64 = 100_000;

#[server(prefix = "/api/manage", endpoint = "my_parks")]
pub async fn my_parks() -> Result<Vec<ManagedPark>, AppError> {
    use super::request::{credentials, finish};
    finish(manage()?.my_parks(&credentials(None)).await)
}

#[server(prefix = "/api/manage", endpoint = "park_editor")]
pub async fn get_park_editor(slug: String) -> Result<ParkEditor, AppError> {
    use super::request::{credentials, finish};
    finish(manage()?.park_editor(&credentials(None), &slug).await)
}

/// Parses the park form.
#[allow(clippy::too_many_arguments)]
pub fn parse_park_edit(
    slug: &str,
    version: &str,
    name: &str,
    city: &str,
    operator: &str,
    status: &str,
    lat: &str,
    lon: &str,
    land_ha: &str,
    delivery_date: &str,
    rent_mad: &str,
    descriptions: [&str; 3],
) -> Result<ParkEdit, AppError> {
    let [fr, en, ar] = descriptions;
    Ok(ParkEdit {
        slug: field(form::text("slug", slug, NAME_MAX))?,
        version: field(form::int("version", version, 1, i64::from(i32::MAX)))? as i32,
        name: field(form::text("name", name, NAME_MAX))?,
        city: field(form::text("city", city, NAME_MAX))?,
        operator: field(form::text("operator", operator, NAME_MAX))?,
        status: ParkStatus::parse(status).map_err(|m| AppError::invalid("status", m))?,
        lat: field(form::float("lat", lat, -90.0, 90.0))?,
        lon: field(form::float("lon", lon, -180.0, 180.0))?,
        land_ha: field(form::optional_float("land_ha", land_ha, 0.0, 100_000.0))?,
        delivery_date: field(form::optional_date("delivery_date", delivery_date))?,
        rent_centimes_per_m2_month: field(form::optional_rent_centimes("rent_mad", rent_mad))?,
        description_fr: field(form::optional_text("description_fr", fr, TEXT_MAX))?,
        description_en: field(form::optional_text("description_en", en, TEXT_MAX))?,
        description_ar: field(form::optional_text("description_ar", ar, TEXT_MAX))?,
    })
}

#[server(prefix = "/api/manage", endpoint = "update_park")]
#[allow(clippy::too_many_arguments)]
pub async fn update_park(
    csrf: String,
    slug: String,
    version: String,
    name: String,
    city: String,
    operator: String,
    status: String,
    lat: String,
    lon: String,
    land_ha: Option<String>,
    delivery_date: Option<String>,
    rent_mad: Option<String>,
    description_fr: Option<String>,
    description_en: Option<String>,
    description_ar: Option<String>,
) -> Result<ParkFields, AppError> {
    use super::request::{credentials, finish};
    finish(
        async {
            let edit = parse_park_edit(
                &slug,
                &version,
                &name,
                &city,
                &operator,
                &status,
                &lat,
                &lon,
                opt(&land_ha),
                opt(&delivery_date),
                opt(&rent_mad),
                [
                    opt(&description_fr),
                    opt(&description_en),
                    opt(&description_ar),
                ],
            )?;
            manage()?.update_park(&credentials(Some(csrf)), edit).await
        }
        .await,
    )
}

/// Adds a building (no `id`) or edits one (`id` and `version`).
#[server(prefix = "/api/manage", endpoint = "save_building")]
#[allow(clippy::too_many_arguments)]
pub async fn save_building(
    csrf: String,
    park: String,
    id: Option<String>,
    version: Option<String>,
    name: String,
    floor_area_m2: String,
    seats: String,
    delivery_date: Option<String>,
) -> Result<BuildingFields, AppError> {
    use super::request::{credentials, finish};
    finish(
        async {
            let id = field(form::optional_int("id", opt(&id), 1, i64::from(i32::MAX)))?
                .map(|n| n as i32);
            let version = field(form::optional_int(
                "version",
                opt(&version),
                1,
                i64::from(i32::MAX),
            ))?
            .map(|n| n as i32);
            if id.is_some() && version.is_none() {
                return Err(AppError::invalid(
                    "version",
                    "an edit must say which version of the building it changes",
                ));
            }
            let edit = BuildingEdit {
                park_slug: field(form::text("park", &park, NAME_MAX))?,
                id,
                version,
                name: field(form::text("name", &name, NAME_MAX))?,
                floor_area_m2: field(form::int("floor_area_m2", &floor_area_m2, 1, AREA_MAX))?,
                seats: field(form::int("seats", &seats, 0, SEATS_MAX))?,
                delivery_date: field(form::optional_date("delivery_date", opt(&delivery_date)))?,
            };
            manage()?
                .save_building(&credentials(Some(csrf)), edit)
                .await
        }
        .await,
    )
}

#[server(prefix = "/api/manage", endpoint = "save_tenant")]
#[allow(clippy::too_many_arguments)]
pub async fn save_tenant(
    csrf: String,
    park: String,
    id: String,
    version: String,
    company: String,
    country: String,
    activity_line: String,
) -> Result<(), AppError> {
    use super::request::{credentials, finish};
    finish(
        async {
            let edit = TenantEdit {
                park_slug: field(form::text("park", &park, NAME_MAX))?,
                id: field(form::int("id", &id, 1, i64::from(i32::MAX)))? as i32,
                version: field(form::int("version", &version, 1, i64::from(i32::MAX)))? as i32,
                company: field(form::text("company", &company, NAME_MAX))?,
                country: parse_country(&country)?,
                activity_line: ActivityLine::parse(&activity_line)
                    .map_err(|m| AppError::invalid("activity_line", m))?,
            };
            manage()?.save_tenant(&credentials(Some(csrf)), edit).await
        }
        .await,
    )
}

/// An ISO 3166-1 alpha-2 country code, upper case.
#[cfg(feature = "ssr")]
fn parse_country(raw: &str) -> Result<String, AppError> {
    let c = raw.trim().to_ascii_uppercase();
    if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err(AppError::invalid(
            "country",
            format!(
                "'{}' is not a two-letter country code (MA, FR, US…)",
                raw.trim()
            ),
        ))
    }
}

/// Records a move-in, resize or move-out, effective at a past or future date.
/// `tenant` is a tenant id, or `new` with `company`, `country` and `activity_line`.
#[server(prefix = "/api/manage", endpoint = "record_lease_event")]
#[allow(clippy::too_many_arguments)]
pub async fn record_lease_event(
    csrf: String,
    park: String,
    building_id: String,
    tenant: String,
    kind: String,
    area_m2: Option<String>,
    seats: Option<String>,
    effective_date: String,
    company: Option<String>,
    country: Option<String>,
    activity_line: Option<String>,
) -> Result<LeaseEventRecorded, AppError> {
    use super::request::{credentials, finish};
    finish(
        async {
            let kind = LeaseKind::parse(&kind).map_err(|m| AppError::invalid("kind", m))?;
            let tenant = if tenant.trim() == "new" {
                TenantChoice::New {
                    company: field(form::text("company", opt(&company), NAME_MAX))?,
                    country: parse_country(opt(&country))?,
                    activity_line: ActivityLine::parse(opt(&activity_line))
                        .map_err(|m| AppError::invalid("activity_line", m))?,
                }
            } else {
                TenantChoice::Existing(
                    field(form::int("tenant", &tenant, 1, i64::from(i32::MAX)))? as i32
                )
            };
            let (area_m2, seats) = if kind == LeaseKind::MoveOut {
                (0, 0)
            } else {
                (
                    field(form::int("area_m2", opt(&area_m2), 1, AREA_MAX))?,
                    field(form::int("seats", opt(&seats), 0, SEATS_MAX))?,
                )
            };
            let input = LeaseEventInput {
                park_slug: field(form::text("park", &park, NAME_MAX))?,
                building_id: field(form::int(
                    "building_id",
                    &building_id,
                    1,
                    i64::from(i32::MAX),
                ))? as i32,
                tenant,
                kind,
                area_m2,
                seats,
                effective_date: field(form::date("effective_date", &effective_date))?,
            };
            manage()?
                .record_lease_event(&credentials(Some(csrf)), input)
                .await
        }
        .await,
    )
}

#[server(prefix = "/api/manage", endpoint = "list_users")]
pub async fn list_users() -> Result<Vec<UserRow>, AppError> {
    use super::request::{credentials, finish};
    finish(manage()?.list_users(&credentials(None)).await)
}

/// Adds a user (no `id`) or edits one. `parks` is a comma-separated list of slugs.
#[server(prefix = "/api/manage", endpoint = "save_user")]
#[allow(clippy::too_many_arguments)]
pub async fn save_user(
    csrf: String,
    id: Option<String>,
    version: Option<String>,
    email: String,
    display_name: String,
    role: String,
    parks: Option<String>,
    tenant_id: Option<String>,
    disabled: Option<String>,
    password: Option<String>,
) -> Result<UserRow, AppError> {
    use super::request::{credentials, finish};
    finish(
        async {
            let id = field(form::optional_int("id", opt(&id), 1, i64::from(i32::MAX)))?
                .map(|n| n as i32);
            let version = field(form::optional_int(
                "version",
                opt(&version),
                1,
                i64::from(i32::MAX),
            ))?
            .map(|n| n as i32);
            let edit = UserEdit {
                id,
                version,
                email: field(form::text("email", &email, NAME_MAX))?,
                display_name: field(form::text("display_name", &display_name, NAME_MAX))?,
                role: Role::parse(&role).map_err(|m| AppError::invalid("role", m))?,
                parks: opt(&parks)
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                tenant_id: field(form::optional_int(
                    "tenant_id",
                    opt(&tenant_id),
                    1,
                    i64::from(i32::MAX),
                ))?
                .map(|n| n as i32),
                disabled: matches!(opt(&disabled).trim(), "on" | "true" | "1"),
                password: password.filter(|p| !p.is_empty()),
            };
            manage()?.save_user(&credentials(Some(csrf)), edit).await
        }
        .await,
    )
}

#[server(prefix = "/api/manage", endpoint = "audit_log")]
pub async fn audit_log(
    actor: Option<String>,
    entity: Option<String>,
    entity_id: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<String>,
) -> Result<AuditPage, AppError> {
    use super::request::{credentials, finish};
    finish(
        async {
            let clean =
                |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
            let filter = AuditFilter {
                actor: clean(actor),
                entity: clean(entity),
                entity_id: clean(entity_id),
                from: field(form::optional_date("from", opt(&from)))?,
                to: field(form::optional_date("to", opt(&to)))?,
                page: field(form::optional_int("page", opt(&page), 1, 1_000_000))?.unwrap_or(1)
                    as u32,
            };
            manage()?.audit_log(&credentials(None), filter).await
        }
        .await,
    )
}
