//! Server functions of the manager and admin pages. Each takes its form as
//! posted, parses it into a typed input (the error names the field), takes
//! the services from context, calls one method, and maps the result onto the
//! response. Every change carries the session's CSRF token; the service
//! checks it, and who may do what, inside its transaction.
use leptos::prelude::*;

use super::AppError;
use crate::model::{
    AuditForm, AuditPage, BuildingFields, BuildingForm, LeaseEventForm, LeaseEventRecorded,
    ManagedPark, ParkEditor, ParkFields, ParkForm, TenantForm, UserForm, UserRow,
};

#[cfg(feature = "ssr")]
fn manage() -> Result<super::Management, AppError> {
    use_context::<super::Management>().ok_or_else(|| {
        leptos::logging::error!("management services missing from the Leptos context");
        AppError::Internal
    })
}

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

#[server(prefix = "/api/manage", endpoint = "update_park")]
pub async fn update_park(
    csrf: String,
    #[server(flatten)] form: ParkForm,
) -> Result<ParkFields, AppError> {
    use super::request::{credentials, finish};
    let change = async {
        manage()?
            .update_park(&credentials(Some(csrf)), form.parse()?)
            .await
    };
    finish(change.await)
}

/// Adds a building (no `id`) or edits one (`id` and `version`).
#[server(prefix = "/api/manage", endpoint = "save_building")]
pub async fn save_building(
    csrf: String,
    #[server(flatten)] form: BuildingForm,
) -> Result<BuildingFields, AppError> {
    use super::request::{credentials, finish};
    let change = async {
        manage()?
            .save_building(&credentials(Some(csrf)), form.parse()?)
            .await
    };
    finish(change.await)
}

#[server(prefix = "/api/manage", endpoint = "save_tenant")]
pub async fn save_tenant(
    csrf: String,
    #[server(flatten)] form: TenantForm,
) -> Result<(), AppError> {
    use super::request::{credentials, finish};
    let change = async {
        manage()?
            .save_tenant(&credentials(Some(csrf)), form.parse()?)
            .await
    };
    finish(change.await)
}

/// Records a move-in, resize or move-out, effective at a past or future date.
/// `tenant` is a tenant id, or `new` with `company`, `country` and `activity_line`.
#[server(prefix = "/api/manage", endpoint = "record_lease_event")]
pub async fn record_lease_event(
    csrf: String,
    #[server(flatten)] form: LeaseEventForm,
) -> Result<LeaseEventRecorded, AppError> {
    use super::request::{credentials, finish};
    let change = async {
        let input = form.parse()?;
        manage()?
            .record_lease_event(&credentials(Some(csrf)), input)
            .await
    };
    finish(change.await)
}

#[server(prefix = "/api/manage", endpoint = "list_users")]
pub async fn list_users() -> Result<Vec<UserRow>, AppError> {
    use super::request::{credentials, finish};
    finish(manage()?.list_users(&credentials(None)).await)
}

/// Adds a user (no `id`) or edits one. `parks` is a comma-separated list of slugs.
#[server(prefix = "/api/manage", endpoint = "save_user")]
pub async fn save_user(
    csrf: String,
    #[server(flatten)] form: UserForm,
) -> Result<UserRow, AppError> {
    use super::request::{credentials, finish};
    let change = async {
        manage()?
            .save_user(&credentials(Some(csrf)), form.parse()?)
            .await
    };
    finish(change.await)
}

#[server(prefix = "/api/manage", endpoint = "audit_log")]
pub async fn audit_log(#[server(flatten)] form: AuditForm) -> Result<AuditPage, AppError> {
    use super::request::{credentials, finish};
    let read = async { manage()?.audit_log(&credentials(None), form.parse()?).await };
    finish(read.await)
}
