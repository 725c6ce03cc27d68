//! Lease events recorded by a park's managers (layer: services): a move-in,
//! resize or move-out, checked against the building's delivery date, the
//! tenant's sequence of events and the building's capacity, with a tenant
//! new to the registry added in the same change. A move-in may name any
//! company (it gives no right to change its record); a resize or a move-out
//! only a tenant of that building.
use app::api::{AppError, Credentials};
use app::model::{LeaseEventInput, LeaseEventRecorded, LeaseKind, TenantChoice};
use chrono::Utc;
use serde_json::json;

use super::guard::managed_park;
use super::manage::Manage;
use crate::db::audit::Entry;
use crate::db::buildings::{self, Building};
use crate::db::lease_events::{self, NewLeaseEvent, StoredEvent};
use crate::db::parks::Park;
use crate::db::tenants::{self, NewTenant, Tenant};
use crate::db::unit_of_work::UnitOfWork;
use crate::db::{ConnectionLike, parks};
use crate::domain::auth::Actor;
use crate::domain::occupancy::{
    Capacity, LeaseEvent, Proposed, Refusal, check_proposed, leases_at,
};
use crate::domain::tenant_scope::check_event_tenant;

impl Manage {
    pub(super) async fn record_event(
        &self,
        credentials: &Credentials,
        input: LeaseEventInput,
    ) -> Result<LeaseEventRecorded, AppError> {
        let mut uow = UnitOfWork::begin(&self.db).await?;
        let (actor, park) = managed_park(uow.conn(), credentials, &input.park_slug, true).await?;
        let building = building_of(uow.conn(), &park, input.building_id.get()).await?;
        check_delivered(&building, &input)?;
        let existing = existing_tenant(uow.conn(), &input.tenant).await?;
        let stored = lease_events::to_domain_all(
            &lease_events::of_buildings(uow.conn(), &[building.id]).await?,
        )?;
        check_tenant_here(&input, &building, &existing, &stored)?;
        check_proposed(
            &capacity(&building),
            &stored,
            &proposed(&input, &building, &existing),
        )
        .map_err(|refusal| match refusal {
            Refusal::Sequence(e) => AppError::invalid("kind", e.to_string()),
            Refusal::Capacity(e) => AppError::Conflict(e.to_string()),
        })?;
        let tenant = match existing {
            Some(t) => t,
            None => add_tenant(&mut uow, &actor, &input.tenant).await?,
        };
        let saved = save_event(&mut uow, &actor, &park, &building, &tenant, &input).await?;
        uow.commit("committing a lease event").await?;

        let mut with_saved = stored;
        with_saved.push(lease_events::to_domain(&saved)?);
        let (area, s) = leases_at(&with_saved, input.effective_date.get())
            .iter()
            .fold((0, 0), |(a, s), l| (a + l.area_m2, s + l.seats));
        tracing::info!(park = %park.slug, building = building.id, kind = input.change.kind().as_str(), actor = %actor.email, "lease event recorded");
        Ok(LeaseEventRecorded {
            event_id: saved.id,
            building: building.name.clone(),
            effective_date: input.effective_date.get(),
            free_m2: building.floor_area_m2 - area,
            free_seats: i64::from(building.seats) - s,
        })
    }
}

/// The building, if it is in the park.
async fn building_of<C: ConnectionLike>(
    conn: &C,
    park: &Park,
    building_id: i32,
) -> Result<Building, AppError> {
    buildings::in_park(conn, building_id, park.id)
        .await?
        .ok_or_else(|| {
            AppError::invalid(
                "building_id",
                format!("park {} has no building {building_id}", park.slug),
            )
        })
}

/// A lease cannot start or change before the building is delivered.
fn check_delivered(building: &Building, input: &LeaseEventInput) -> Result<(), AppError> {
    if input.change.kind() != LeaseKind::MoveOut
        && let Some(delivery) = building.delivery_date
        && input.effective_date.get() < delivery
    {
        return Err(AppError::invalid(
            "effective_date",
            format!(
                "{} is delivered on {delivery}: a lease cannot start or change before",
                building.name
            ),
        ));
    }
    Ok(())
}

/// The tenant chosen from the registry, or `None` for a new one.
async fn existing_tenant<C: ConnectionLike>(
    conn: &C,
    choice: &TenantChoice,
) -> Result<Option<Tenant>, AppError> {
    match choice {
        TenantChoice::Existing(id) => {
            Ok(Some(tenants::by_id(conn, id.get()).await?.ok_or_else(
                || AppError::invalid("tenant", format!("no tenant has the id {id}")),
            )?))
        }
        TenantChoice::New { .. } => Ok(None),
    }
}

/// A resize or a move-out names a tenant that leases in this building (a
/// move-in may bring any company, even one that leases elsewhere).
fn check_tenant_here(
    input: &LeaseEventInput,
    building: &Building,
    tenant: &Option<Tenant>,
    stored: &[LeaseEvent],
) -> Result<(), AppError> {
    let kind = input.change.kind();
    check_event_tenant(kind, tenant.as_ref().map(|t| t.id), stored).map_err(|_| {
        let who = tenant
            .as_ref()
            .map_or_else(|| "a new tenant".to_string(), |t| t.company.clone());
        AppError::invalid(
            "tenant",
            format!(
                "{who} has no lease in {}: a {} needs one (record a move-in first)",
                building.name,
                kind.as_str()
            ),
        )
    })
}

fn capacity(building: &Building) -> Capacity {
    Capacity {
        building_id: building.id,
        name: building.name.clone(),
        floor_area_m2: building.floor_area_m2,
        seats: i64::from(building.seats),
    }
}

fn proposed(input: &LeaseEventInput, building: &Building, tenant: &Option<Tenant>) -> Proposed {
    let (area_m2, seats) = input.change.leased();
    Proposed {
        building_id: building.id,
        tenant_id: tenant.as_ref().map(|t| t.id),
        kind: input.change.kind(),
        area_m2,
        seats,
        effective_date: input.effective_date.get(),
    }
}

/// Adds the tenant new to the registry, audited.
async fn add_tenant(
    uow: &mut UnitOfWork,
    actor: &Actor,
    choice: &TenantChoice,
) -> Result<Tenant, AppError> {
    let TenantChoice::New {
        company,
        country,
        activity_line,
    } = choice
    else {
        return Err(crate::errors::internal(
            "adding a tenant",
            "an existing tenant was chosen",
        ));
    };
    let t = tenants::insert(
        uow.conn(),
        NewTenant {
            id: None,
            company: company.clone(),
            country: country.clone(),
            activity_line: *activity_line,
            is_demo: false,
        },
    )
    .await?;
    uow.audit(Entry {
        actor: &actor.email,
        action: "add_tenant",
        entity: "tenant",
        entity_id: Some(t.id.to_string()),
        before: None,
        after: Some(tenants::json(&t)),
    })
    .await?;
    Ok(t)
}

/// Writes the event, stamps the park, and audits it with the names it concerns.
async fn save_event(
    uow: &mut UnitOfWork,
    actor: &Actor,
    park: &Park,
    building: &Building,
    tenant: &Tenant,
    input: &LeaseEventInput,
) -> Result<StoredEvent, AppError> {
    let (area_m2, seats) = input.change.leased();
    let seats = i32::try_from(seats).map_err(|_| AppError::invalid("seats", "is too large"))?;
    let saved = lease_events::insert(
        uow.conn(),
        NewLeaseEvent {
            building_id: building.id,
            tenant_id: tenant.id,
            kind: input.change.kind(),
            area_m2,
            seats,
            effective_date: input.effective_date.get(),
            recorded_by: actor.email.clone(),
            recorded_at: Utc::now(),
            is_demo: false,
        },
    )
    .await?;
    parks::touch(uow.conn(), park.id, &actor.email).await?;
    let mut after = lease_events::json(&saved);
    if let Some(obj) = after.as_object_mut() {
        obj.insert("park".into(), json!(park.slug));
        obj.insert("building".into(), json!(building.name));
        obj.insert("company".into(), json!(tenant.company));
    }
    uow.audit(Entry {
        actor: &actor.email,
        action: &format!("record_{}", input.change.kind().as_str()),
        entity: "lease_event",
        entity_id: Some(saved.id.to_string()),
        before: None,
        after: Some(after),
    })
    .await?;
    Ok(saved)
}
