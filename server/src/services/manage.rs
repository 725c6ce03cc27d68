//! Park managers' and admins' reads and writes (layer: services).
//!
//! Every write runs in one transaction that:
//! 1. takes the registry's write lock first (SQLite: `BEGIN IMMEDIATE`;
//!    PostgreSQL: a row lock on the `data_version` row, which every write
//!    updates anyway), so writers queue instead of deadlocking;
//! 2. reads the session, the user and their parks again (`authenticate`)
//!    and applies the authorization rule;
//! 3. re-reads the state it checks (versions, lease events) and applies
//!    the domain rules;
//! 4. writes the change and its audit row, then commits, or writes nothing.
use std::collections::HashMap;
use std::sync::Arc;

use app::api::{AppError, Credentials, ManageService};
use app::model::{
    AUDIT_PER_PAGE, ActivityLine, AuditEntry, AuditFilter, AuditPage, BuildingEdit, BuildingFields,
    Freshness, Id, LeaseChange, LeaseEventInput, LeaseEventRecorded, LeaseEventRow, LeaseKindDto,
    ManagedPark, ParkEdit, ParkEditor, ParkFields, ParkStatus, RegionCode, RegistryDate, Role,
    TenantChoice, TenantEdit, TenantFields, UserEdit, UserRow,
};
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use serde_json::{Value, json};
use tokio::sync::OnceCell;

use super::accounts::{authenticate, denied, hash_password};
use super::clock::Clock;
use super::errors::db_error;
use super::registry::event;
use crate::db::entities::{
    audit_log, buildings, lease_events, parks, sessions, tenants, user_parks, users,
};
use crate::db::snapshot;
use crate::domain::auth::{self, Action, Actor, authorize};
use crate::domain::occupancy::{
    Capacity, LeaseEvent, LeaseKind, check_capacity, check_sequence, leases_at,
};
use crate::domain::region_lookup::RegionIndex;

#[derive(Clone)]
pub struct Manage {
    db: DatabaseConnection,
    clock: Clock,
    regions: Arc<OnceCell<RegionIndex>>,
}

/// Starts a write transaction holding the registry's write lock.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, AppError> {
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await
        .map_err(|e| db_error("starting a write", e))?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared("SELECT version FROM data_version WHERE id = 1 FOR UPDATE")
            .await
            .map_err(|e| db_error("taking the write lock", e))?;
    }
    Ok(txn)
}

/// Appends one audit row (inside the change's transaction).
pub async fn audit<C: ConnectionTrait>(
    conn: &C,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<String>,
    before: Option<Value>,
    after: Option<Value>,
) -> Result<(), AppError> {
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor: Set(actor.to_string()),
        action: Set(action.to_string()),
        entity: Set(entity.to_string()),
        entity_id: Set(entity_id),
        before_json: Set(before.map(|v| v.to_string())),
        after_json: Set(after.map(|v| v.to_string())),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(|e| db_error("writing the audit log", e))?;
    Ok(())
}

fn park_json(p: &parks::Model) -> Value {
    json!({
        "slug": p.slug, "version": p.version, "name": p.name, "city": p.city,
        "operator": p.operator, "status": p.status, "lat": p.lat, "lon": p.lon,
        "region_code": p.region_code, "land_ha": p.land_ha, "delivery_date": p.delivery_date,
        "rent_centimes_per_m2_month": p.rent_centimes_per_m2_month,
        "description_fr": p.description_fr, "description_en": p.description_en,
        "description_ar": p.description_ar,
    })
}

fn building_json(b: &buildings::Model) -> Value {
    json!({
        "id": b.id, "park_id": b.park_id, "version": b.version, "name": b.name,
        "floor_area_m2": b.floor_area_m2, "seats": b.seats, "delivery_date": b.delivery_date,
    })
}

fn tenant_json(t: &tenants::Model) -> Value {
    json!({
        "id": t.id, "version": t.version, "company": t.company, "country": t.country,
        "activity_line": t.activity_line,
    })
}

fn event_json(e: &lease_events::Model) -> Value {
    json!({
        "id": e.id, "building_id": e.building_id, "tenant_id": e.tenant_id, "kind": e.kind,
        "area_m2": e.area_m2, "seats": e.seats, "effective_date": e.effective_date,
    })
}

fn user_json(u: &users::Model, parks: &[String]) -> Value {
    // Never the password hash.
    json!({
        "id": u.id, "version": u.version, "email": u.email, "display_name": u.display_name,
        "role": u.role, "tenant_id": u.tenant_id, "disabled": u.disabled, "parks": parks,
    })
}

fn kind_dto(kind: LeaseKind) -> LeaseKindDto {
    match kind {
        LeaseKind::MoveIn => LeaseKindDto::MoveIn,
        LeaseKind::Resize => LeaseKindDto::Resize,
        LeaseKind::MoveOut => LeaseKindDto::MoveOut,
    }
}

fn internal(context: &'static str) -> impl Fn(String) -> AppError {
    move |e| {
        tracing::error!(context, "stored data is invalid: {e}");
        AppError::Internal
    }
}

fn park_fields(p: &parks::Model) -> Result<ParkFields, AppError> {
    Ok(ParkFields {
        slug: p.slug.clone(),
        version: p.version,
        name: p.name.clone(),
        city: p.city.clone(),
        operator: p.operator.clone(),
        status: ParkStatus::parse(&p.status).map_err(internal("park status"))?,
        lat: p.lat,
        lon: p.lon,
        region_code: RegionCode::parse(&p.region_code).map_err(internal("region code"))?,
        land_ha: p.land_ha,
        delivery_date: p.delivery_date,
        rent_centimes_per_m2_month: p.rent_centimes_per_m2_month,
        description_fr: p.description_fr.clone(),
        description_en: p.description_en.clone(),
        description_ar: p.description_ar.clone(),
    })
}

/// "Changed by X at T: field stored / yours" for each field that differs.
fn conflict(what: &str, by: Option<(&str, chrono::DateTime<Utc>)>, diffs: Vec<String>) -> AppError {
    let who = by.map_or_else(String::new, |(by, at)| {
        format!(" by {by} at {}", at.format("%Y-%m-%d %H:%M UTC"))
    });
    let changes = if diffs.is_empty() {
        "no field you sent differs from what is stored now".to_string()
    } else {
        format!("now stored (yours in brackets): {}", diffs.join("; "))
    };
    AppError::Conflict(format!(
        "{what} was changed{who} since you opened it; nothing was saved. {changes}. Reload to edit the current version."
    ))
}

fn diff<T: PartialEq + std::fmt::Debug>(out: &mut Vec<String>, name: &str, stored: &T, yours: &T) {
    if stored != yours {
        out.push(format!("{name}: {stored:?} ({yours:?})"));
    }
}

pub(crate) async fn park_by_slug<C: ConnectionTrait>(
    conn: &C,
    slug: &str,
) -> Result<parks::Model, AppError> {
    parks::Entity::find()
        .filter(parks::Column::Slug.eq(slug.trim()))
        .one(conn)
        .await
        .map_err(|e| db_error("reading a park", e))?
        .ok_or_else(|| AppError::NotFound(format!("no park has the slug '{}'", slug.trim())))
}

/// Only admins learn that a slug does not exist; anyone else gets the same
/// refusal as for a park that is not theirs.
pub(crate) fn hide_unknown(
    park: Result<parks::Model, AppError>,
    actor: &Actor,
) -> Result<parks::Model, AppError> {
    match park {
        Err(AppError::NotFound(_)) if actor.role != Role::Admin => Err(AppError::Forbidden),
        other => other,
    }
}

/// Records that a park's data changed now, and by whom (for freshness).
async fn touch_park<C: ConnectionTrait>(
    conn: &C,
    park_id: i32,
    actor: &Actor,
) -> Result<(), AppError> {
    parks::Entity::update_many()
        .col_expr(parks::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(parks::Column::UpdatedBy, Expr::value(actor.email.clone()))
        .filter(parks::Column::Id.eq(park_id))
        .exec(conn)
        .await
        .map_err(|e| db_error("touching a park", e))?;
    Ok(())
}

pub(crate) async fn building_events<C: ConnectionTrait>(
    conn: &C,
    building_ids: &[i32],
) -> Result<Vec<lease_events::Model>, AppError> {
    if building_ids.is_empty() {
        return Ok(Vec::new());
    }
    lease_events::Entity::find()
        .filter(lease_events::Column::BuildingId.is_in(building_ids.iter().copied()))
        .order_by_asc(lease_events::Column::EffectiveDate)
        .order_by_asc(lease_events::Column::Id)
        .all(conn)
        .await
        .map_err(|e| db_error("reading lease events", e))
}

impl Manage {
    pub fn new(db: DatabaseConnection, clock: Clock) -> Self {
        Self {
            db,
            clock,
            regions: Arc::new(OnceCell::new()),
        }
    }

    async fn region_index(&self) -> Result<&RegionIndex, AppError> {
        self.regions
            .get_or_try_init(|| async {
                let boundaries = snapshot::region_boundaries(&self.db)
                    .await
                    .map_err(|e| db_error("loading boundaries", e))?;
                RegionIndex::new(boundaries.iter().map(|(c, g)| (c.as_str(), g.as_str())))
                    .map_err(internal("region boundaries"))
            })
            .await
    }

    /// Authenticates, then loads the park and checks the actor may manage it.
    async fn managed_park<C: ConnectionTrait>(
        &self,
        conn: &C,
        credentials: &Credentials,
        slug: &str,
        for_change: bool,
    ) -> Result<(Actor, parks::Model), AppError> {
        let actor = authenticate(conn, credentials, for_change).await?;
        // Managers of other parks learn nothing, not even whether the slug exists.
        let park = hide_unknown(park_by_slug(conn, slug).await, &actor)?;
        authorize(Some(&actor), Action::ManagePark(park.id)).map_err(denied)?;
        Ok((actor, park))
    }

    async fn building_fields(
        &self,
        conn: &impl ConnectionTrait,
        park_id: i32,
        today: NaiveDate,
    ) -> Result<
        (
            Vec<buildings::Model>,
            Vec<lease_events::Model>,
            Vec<BuildingFields>,
        ),
        AppError,
    > {
        let blds = buildings::Entity::find()
            .filter(buildings::Column::ParkId.eq(park_id))
            .order_by_asc(buildings::Column::Name)
            .all(conn)
            .await
            .map_err(|e| db_error("reading buildings", e))?;
        let ids: Vec<i32> = blds.iter().map(|b| b.id).collect();
        let events = building_events(conn, &ids).await?;
        let domain: Vec<LeaseEvent> = events.iter().filter_map(event).collect();
        let leases = leases_at(&domain, today);
        let fields = blds
            .iter()
            .map(|b| {
                let (area, seats) = leases
                    .iter()
                    .filter(|l| l.building_id == b.id)
                    .fold((0, 0), |(a, s), l| (a + l.area_m2, s + l.seats));
                BuildingFields {
                    id: b.id,
                    version: b.version,
                    name: b.name.clone(),
                    floor_area_m2: b.floor_area_m2,
                    seats: i64::from(b.seats),
                    delivery_date: b.delivery_date,
                    occupied_m2: area,
                    occupied_seats: seats,
                    free_m2: b.floor_area_m2 - area,
                    free_seats: i64::from(b.seats) - seats,
                }
            })
            .collect();
        Ok((blds, events, fields))
    }
}

fn user_row(u: users::Model, parks: Vec<String>) -> Result<UserRow, AppError> {
    Ok(UserRow {
        id: u.id,
        version: u.version,
        email: u.email,
        display_name: u.display_name,
        role: Role::parse(&u.role).map_err(internal("user role"))?,
        parks,
        tenant_id: u.tenant_id,
        disabled: u.disabled,
        created_at: u.created_at,
    })
}

async fn user_park_slugs(
    conn: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Vec<String>, AppError> {
    let ids: Vec<i32> = user_parks::Entity::find()
        .select_only()
        .column(user_parks::Column::ParkId)
        .filter(user_parks::Column::UserId.eq(user_id))
        .into_tuple()
        .all(conn)
        .await
        .map_err(|e| db_error("reading a user's parks", e))?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    parks::Entity::find()
        .select_only()
        .column(parks::Column::Slug)
        .filter(parks::Column::Id.is_in(ids))
        .order_by_asc(parks::Column::Slug)
        .into_tuple()
        .all(conn)
        .await
        .map_err(|e| db_error("reading park slugs", e))
}

/// Creates or changes a user inside `txn`, with its parks, and audits it.
/// Shared by the admin page and the `server user add` command.
pub async fn save_user_in(
    txn: &DatabaseTransaction,
    actor: &str,
    edit: &UserEdit,
) -> Result<users::Model, AppError> {
    let email = auth::normalize_email(&edit.email).map_err(|m| AppError::invalid("email", m))?;
    if let Some(p) = &edit.password {
        auth::check_password_policy(p).map_err(|m| AppError::invalid("password", m))?;
    }
    let mut park_ids = Vec::new();
    if edit.role == Role::ParkManager {
        for slug in &edit.parks {
            let p = park_by_slug(txn, slug).await.map_err(|_| {
                AppError::invalid("parks", format!("no park has the slug '{slug}'"))
            })?;
            park_ids.push(p.id);
        }
    } else if !edit.parks.is_empty() {
        return Err(AppError::invalid(
            "parks",
            "only park managers are assigned parks",
        ));
    }
    let tenant_id = match (edit.role, edit.tenant_id.map(Id::get)) {
        (Role::TenantRep, Some(id)) => {
            tenants::Entity::find_by_id(id)
                .one(txn)
                .await
                .map_err(|e| db_error("reading a tenant", e))?
                .ok_or_else(|| {
                    AppError::invalid("tenant_id", format!("no tenant has the id {id}"))
                })?;
            Some(id)
        }
        (Role::TenantRep, None) => {
            return Err(AppError::invalid(
                "tenant_id",
                "a tenant representative speaks for one company: give its tenant id",
            ));
        }
        (_, Some(_)) => {
            return Err(AppError::invalid(
                "tenant_id",
                "only tenant representatives speak for a company",
            ));
        }
        (_, None) => None,
    };
    let password_hash = match edit.password.clone() {
        Some(p) => Some(
            tokio::task::spawn_blocking(move || hash_password(&p))
                .await
                .map_err(|_| AppError::Internal)??,
        ),
        None => None,
    };
    let (saved, before) = match edit.id.map(Id::get) {
        None => {
            let Some(hash) = password_hash else {
                return Err(AppError::invalid("password", "a new user needs a password"));
            };
            let taken = users::Entity::find()
                .filter(users::Column::Email.eq(email.as_str()))
                .count(txn)
                .await
                .map_err(|e| db_error("checking an email", e))?;
            if taken > 0 {
                return Err(AppError::invalid(
                    "email",
                    format!("{email} already has an account"),
                ));
            }
            let u = users::ActiveModel {
                email: Set(email),
                display_name: Set(edit.display_name.trim().to_string()),
                password_hash: Set(Some(hash)),
                role: Set(edit.role.as_str().to_string()),
                tenant_id: Set(tenant_id),
                disabled: Set(edit.disabled),
                created_at: Set(Utc::now()),
                version: Set(1),
                ..Default::default()
            }
            .insert(txn)
            .await
            .map_err(|e| db_error("adding a user", e))?;
            (u, None)
        }
        Some(id) => {
            let current = users::Entity::find_by_id(id)
                .one(txn)
                .await
                .map_err(|e| db_error("reading a user", e))?
                .ok_or_else(|| AppError::NotFound(format!("no user has the id {id}")))?;
            let before_parks = user_park_slugs(txn, id).await?;
            if Some(current.version) != edit.version {
                let mut d = Vec::new();
                diff(&mut d, "email", &current.email, &email);
                diff(
                    &mut d,
                    "display_name",
                    &current.display_name,
                    &edit.display_name,
                );
                diff(&mut d, "role", &current.role.as_str(), &edit.role.as_str());
                diff(&mut d, "disabled", &current.disabled, &edit.disabled);
                let mut wanted = edit.parks.clone();
                wanted.sort();
                diff(&mut d, "parks", &before_parks, &wanted);
                return Err(conflict("This user", None, d));
            }
            let before = user_json(&current, &before_parks);
            let mut am: users::ActiveModel = current.into();
            am.email = Set(email);
            am.display_name = Set(edit.display_name.trim().to_string());
            am.role = Set(edit.role.as_str().to_string());
            am.tenant_id = Set(tenant_id);
            am.disabled = Set(edit.disabled);
            if let Some(hash) = password_hash {
                am.password_hash = Set(Some(hash));
            }
            am.version = Set(edit.version.unwrap_or(1) + 1);
            let u = am
                .update(txn)
                .await
                .map_err(|e| db_error("changing a user", e))?;
            user_parks::Entity::delete_many()
                .filter(user_parks::Column::UserId.eq(id))
                .exec(txn)
                .await
                .map_err(|e| db_error("changing a user's parks", e))?;
            if edit.disabled || edit.password.is_some() {
                // A disabled user, or a new password, ends every open session.
                sessions::Entity::delete_many()
                    .filter(sessions::Column::UserId.eq(id))
                    .exec(txn)
                    .await
                    .map_err(|e| db_error("closing a user's sessions", e))?;
            }
            (u, Some(before))
        }
    };
    for park_id in &park_ids {
        user_parks::ActiveModel {
            user_id: Set(saved.id),
            park_id: Set(*park_id),
        }
        .insert(txn)
        .await
        .map_err(|e| db_error("assigning a park", e))?;
    }
    let slugs = user_park_slugs(txn, saved.id).await?;
    audit(
        txn,
        actor,
        if before.is_some() {
            "change_user"
        } else {
            "add_user"
        },
        "user",
        Some(saved.id.to_string()),
        before,
        Some(user_json(&saved, &slugs)),
    )
    .await?;
    Ok(saved)
}

#[async_trait::async_trait]
impl ManageService for Manage {
    async fn my_parks(&self, credentials: &Credentials) -> Result<Vec<ManagedPark>, AppError> {
        let actor = authenticate(&self.db, credentials, false).await?;
        authorize(Some(&actor), Action::ListOwnParks).map_err(denied)?;
        let mut query = parks::Entity::find().order_by_asc(parks::Column::Name);
        if actor.role != Role::Admin {
            query = query.filter(parks::Column::Id.is_in(actor.parks.iter().copied()));
        }
        let park_rows = query
            .all(&self.db)
            .await
            .map_err(|e| db_error("reading parks", e))?;
        let ids: Vec<i32> = park_rows.iter().map(|p| p.id).collect();
        let blds = if ids.is_empty() {
            Vec::new()
        } else {
            buildings::Entity::find()
                .filter(buildings::Column::ParkId.is_in(ids.iter().copied()))
                .all(&self.db)
                .await
                .map_err(|e| db_error("reading buildings", e))?
        };
        let bids: Vec<i32> = blds.iter().map(|b| b.id).collect();
        let events = building_events(&self.db, &bids).await?;
        let today = self.clock.today();
        let park_of: HashMap<i32, i32> = blds.iter().map(|b| (b.id, b.park_id)).collect();
        let domain: Vec<LeaseEvent> = events.iter().filter_map(event).collect();
        let mut occupied: HashMap<i32, i64> = HashMap::new();
        for l in leases_at(&domain, today) {
            if let Some(p) = park_of.get(&l.building_id) {
                *occupied.entry(*p).or_default() += l.area_m2;
            }
        }
        // Buildings and delivered floor area per park, in one pass (an admin sees every park).
        let mut per_park: HashMap<i32, (i64, i64)> = HashMap::new();
        for b in &blds {
            let entry = per_park.entry(b.park_id).or_default();
            entry.0 += 1;
            if b.delivery_date.is_none_or(|d| d <= today) {
                entry.1 += b.floor_area_m2;
            }
        }
        let mut last_event: HashMap<i32, (chrono::DateTime<Utc>, String)> = HashMap::new();
        for e in &events {
            if let Some(p) = park_of.get(&e.building_id) {
                let entry = last_event
                    .entry(*p)
                    .or_insert((e.recorded_at, e.recorded_by.clone()));
                if e.recorded_at > entry.0 {
                    *entry = (e.recorded_at, e.recorded_by.clone());
                }
            }
        }
        park_rows
            .iter()
            .map(|p| {
                let (at, by) = match last_event.get(&p.id) {
                    Some((at, by)) if *at > p.updated_at => (*at, by.clone()),
                    _ => (p.updated_at, p.updated_by.clone()),
                };
                let days = (today - at.date_naive()).num_days().max(0);
                let (count, floor) = per_park.get(&p.id).copied().unwrap_or((0, 0));
                Ok(ManagedPark {
                    slug: p.slug.clone(),
                    name: p.name.clone(),
                    city: p.city.clone(),
                    status: ParkStatus::parse(&p.status).map_err(internal("park status"))?,
                    last_updated_at: at,
                    last_updated_by: by,
                    days_since_update: days,
                    freshness: Freshness::from_days(days),
                    buildings: count,
                    floor_area_m2: floor,
                    occupied_m2: occupied.get(&p.id).copied().unwrap_or(0),
                    as_of: today,
                })
            })
            .collect()
    }

    async fn park_editor(
        &self,
        credentials: &Credentials,
        slug: &str,
    ) -> Result<ParkEditor, AppError> {
        let (_, park) = self
            .managed_park(&self.db, credentials, slug, false)
            .await?;
        let today = self.clock.today();
        let (blds, events, building_rows) = self.building_fields(&self.db, park.id, today).await?;
        let tenant_ids: Vec<i32> = {
            let mut ids: Vec<i32> = events.iter().map(|e| e.tenant_id).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let tenant_rows = if tenant_ids.is_empty() {
            Vec::new()
        } else {
            tenants::Entity::find()
                .filter(tenants::Column::Id.is_in(tenant_ids))
                .order_by_asc(tenants::Column::Company)
                .all(&self.db)
                .await
                .map_err(|e| db_error("reading tenants", e))?
        };
        let domain: Vec<LeaseEvent> = events.iter().filter_map(event).collect();
        let leases = leases_at(&domain, today);
        let tenants_out = tenant_rows
            .iter()
            .map(|t| {
                let (area, seats) = leases
                    .iter()
                    .filter(|l| l.tenant_id == t.id)
                    .fold((0, 0), |(a, s), l| (a + l.area_m2, s + l.seats));
                Ok(TenantFields {
                    id: t.id,
                    version: t.version,
                    company: t.company.clone(),
                    country: t.country.clone(),
                    activity_line: ActivityLine::parse(&t.activity_line)
                        .map_err(internal("activity line"))?,
                    leased_m2: area,
                    leased_seats: seats,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let building_name: HashMap<i32, &str> =
            blds.iter().map(|b| (b.id, b.name.as_str())).collect();
        let company: HashMap<i32, &str> = tenant_rows
            .iter()
            .map(|t| (t.id, t.company.as_str()))
            .collect();
        let mut rows: Vec<LeaseEventRow> = events
            .iter()
            .filter_map(|e| {
                Some(LeaseEventRow {
                    id: e.id,
                    building: building_name.get(&e.building_id)?.to_string(),
                    company: company.get(&e.tenant_id)?.to_string(),
                    kind: kind_dto(LeaseKind::parse(&e.kind).ok()?),
                    area_m2: e.area_m2,
                    seats: i64::from(e.seats),
                    effective_date: e.effective_date,
                    recorded_by: e.recorded_by.clone(),
                    recorded_at: e.recorded_at,
                })
            })
            .collect();
        rows.sort_by(|a, b| {
            b.effective_date
                .cmp(&a.effective_date)
                .then(b.id.cmp(&a.id))
        });
        Ok(ParkEditor {
            park: park_fields(&park)?,
            buildings: building_rows,
            tenants: tenants_out,
            events: rows,
            as_of: today,
        })
    }

    async fn update_park(
        &self,
        credentials: &Credentials,
        edit: ParkEdit,
    ) -> Result<ParkFields, AppError> {
        let regions = self.region_index().await?;
        let region = regions.locate(edit.lon, edit.lat).map_err(|e| {
            AppError::invalid(
                "lat",
                format!("this location is not in Morocco's regions: {e}"),
            )
        })?;
        let txn = begin_write(&self.db).await?;
        let (actor, current) = self
            .managed_park(&txn, credentials, &edit.slug, true)
            .await?;
        if current.version != edit.version {
            let stored = park_fields(&current)?;
            let mut d = Vec::new();
            diff(&mut d, "name", &stored.name, &edit.name);
            diff(&mut d, "city", &stored.city, &edit.city);
            diff(&mut d, "operator", &stored.operator, &edit.operator);
            diff(
                &mut d,
                "status",
                &stored.status.as_str(),
                &edit.status.as_str(),
            );
            diff(&mut d, "lat", &stored.lat, &edit.lat);
            diff(&mut d, "lon", &stored.lon, &edit.lon);
            diff(&mut d, "land_ha", &stored.land_ha, &edit.land_ha);
            diff(
                &mut d,
                "delivery_date",
                &stored.delivery_date,
                &edit.delivery_date.map(RegistryDate::get),
            );
            diff(
                &mut d,
                "rent_centimes_per_m2_month",
                &stored.rent_centimes_per_m2_month,
                &edit.rent_centimes_per_m2_month,
            );
            diff(
                &mut d,
                "description_fr",
                &stored.description_fr,
                &edit.description_fr,
            );
            diff(
                &mut d,
                "description_en",
                &stored.description_en,
                &edit.description_en,
            );
            diff(
                &mut d,
                "description_ar",
                &stored.description_ar,
                &edit.description_ar,
            );
            return Err(conflict(
                "This park",
                Some((&current.updated_by, current.updated_at)),
                d,
            ));
        }
        let before = park_json(&current);
        let mut am: parks::ActiveModel = current.clone().into();
        am.name = Set(edit.name);
        am.city = Set(edit.city);
        am.operator = Set(edit.operator);
        am.status = Set(edit.status.as_str().to_string());
        am.lat = Set(edit.lat);
        am.lon = Set(edit.lon);
        am.region_code = Set(region.code().to_string());
        am.land_ha = Set(edit.land_ha);
        am.delivery_date = Set(edit.delivery_date.map(RegistryDate::get));
        am.rent_centimes_per_m2_month = Set(edit.rent_centimes_per_m2_month);
        am.description_fr = Set(edit.description_fr);
        am.description_en = Set(edit.description_en);
        am.description_ar = Set(edit.description_ar);
        am.version = Set(current.version + 1);
        am.updated_at = Set(Utc::now());
        am.updated_by = Set(actor.email.clone());
        let saved = am
            .update(&txn)
            .await
            .map_err(|e| db_error("changing a park", e))?;
        audit(
            &txn,
            &actor.email,
            "change_park",
            "park",
            Some(saved.slug.clone()),
            Some(before),
            Some(park_json(&saved)),
        )
        .await?;
        txn.commit()
            .await
            .map_err(|e| db_error("committing a park change", e))?;
        park_fields(&saved)
    }

    async fn save_building(
        &self,
        credentials: &Credentials,
        edit: BuildingEdit,
    ) -> Result<BuildingFields, AppError> {
        let txn = begin_write(&self.db).await?;
        let (actor, park) = self
            .managed_park(&txn, credentials, &edit.park_slug, true)
            .await?;
        let (floor_area_m2, delivery_date) = (
            edit.floor_area_m2.get(),
            edit.delivery_date.map(RegistryDate::get),
        );
        let seats = i32::try_from(edit.seats.get())
            .map_err(|_| AppError::invalid("seats", "is too large"))?;
        let (saved, before) = match edit.id.map(Id::get) {
            None => {
                let b = buildings::ActiveModel {
                    park_id: Set(park.id),
                    name: Set(edit.name.clone()),
                    floor_area_m2: Set(floor_area_m2),
                    seats: Set(seats),
                    delivery_date: Set(delivery_date),
                    is_demo: Set(false),
                    version: Set(1),
                    ..Default::default()
                }
                .insert(&txn)
                .await
                .map_err(|e| db_error("adding a building", e))?;
                (b, None)
            }
            Some(id) => {
                let current = buildings::Entity::find_by_id(id)
                    .one(&txn)
                    .await
                    .map_err(|e| db_error("reading a building", e))?
                    .filter(|b| b.park_id == park.id)
                    .ok_or_else(|| {
                        AppError::NotFound(format!("park {} has no building {id}", park.slug))
                    })?;
                if Some(current.version) != edit.version {
                    let mut d = Vec::new();
                    diff(&mut d, "name", &current.name, &edit.name);
                    diff(
                        &mut d,
                        "floor_area_m2",
                        &current.floor_area_m2,
                        &floor_area_m2,
                    );
                    diff(
                        &mut d,
                        "seats",
                        &i64::from(current.seats),
                        &edit.seats.get(),
                    );
                    diff(
                        &mut d,
                        "delivery_date",
                        &current.delivery_date,
                        &delivery_date,
                    );
                    return Err(conflict("This building", None, d));
                }
                // The building must still hold every lease, at every date.
                let events: Vec<LeaseEvent> = building_events(&txn, &[id])
                    .await?
                    .iter()
                    .filter_map(event)
                    .collect();
                let mut dates: Vec<NaiveDate> = events.iter().map(|e| e.effective_date).collect();
                dates.dedup();
                for date in dates {
                    let (area, s) = leases_at(&events, date)
                        .iter()
                        .fold((0, 0), |(a, s), l| (a + l.area_m2, s + l.seats));
                    if area > floor_area_m2 || s > edit.seats.get() {
                        return Err(AppError::Conflict(format!(
                            "{} has {area} m² and {s} seats leased on {date}: it cannot shrink to {} m² and {} seats",
                            current.name,
                            floor_area_m2,
                            edit.seats.get()
                        )));
                    }
                }
                if let (Some(delivery), Some(first)) =
                    (delivery_date, events.iter().map(|e| e.effective_date).min())
                    && first < delivery
                {
                    return Err(AppError::invalid(
                        "delivery_date",
                        format!(
                            "{} has a lease from {first}: it cannot be delivered later, on {delivery}",
                            current.name
                        ),
                    ));
                }
                let before = building_json(&current);
                let mut am: buildings::ActiveModel = current.clone().into();
                am.name = Set(edit.name.clone());
                am.floor_area_m2 = Set(floor_area_m2);
                am.seats = Set(seats);
                am.delivery_date = Set(delivery_date);
                am.version = Set(current.version + 1);
                let b = am
                    .update(&txn)
                    .await
                    .map_err(|e| db_error("changing a building", e))?;
                (b, Some(before))
            }
        };
        touch_park(&txn, park.id, &actor).await?;
        audit(
            &txn,
            &actor.email,
            if before.is_some() {
                "change_building"
            } else {
                "add_building"
            },
            "building",
            Some(saved.id.to_string()),
            before,
            Some(building_json(&saved)),
        )
        .await?;
        let today = self.clock.today();
        let (_, _, rows) = self.building_fields(&txn, park.id, today).await?;
        txn.commit()
            .await
            .map_err(|e| db_error("committing a building", e))?;
        rows.into_iter()
            .find(|r| r.id == saved.id)
            .ok_or(AppError::Internal)
    }

    async fn save_tenant(
        &self,
        credentials: &Credentials,
        edit: TenantEdit,
    ) -> Result<(), AppError> {
        let txn = begin_write(&self.db).await?;
        let (actor, park) = self
            .managed_park(&txn, credentials, &edit.park_slug, true)
            .await?;
        let building_ids: Vec<i32> = buildings::Entity::find()
            .select_only()
            .column(buildings::Column::Id)
            .filter(buildings::Column::ParkId.eq(park.id))
            .into_tuple()
            .all(&txn)
            .await
            .map_err(|e| db_error("reading buildings", e))?;
        let leases_here = if building_ids.is_empty() {
            0
        } else {
            lease_events::Entity::find()
                .filter(lease_events::Column::TenantId.eq(edit.id.get()))
                .filter(lease_events::Column::BuildingId.is_in(building_ids))
                .count(&txn)
                .await
                .map_err(|e| db_error("reading leases", e))?
        };
        let current = tenants::Entity::find_by_id(edit.id.get())
            .one(&txn)
            .await
            .map_err(|e| db_error("reading a tenant", e))?
            .filter(|_| leases_here > 0)
            .ok_or_else(|| {
                AppError::NotFound(format!("park {} has no tenant {}", park.slug, edit.id))
            })?;
        if current.version != edit.version {
            let mut d = Vec::new();
            diff(&mut d, "company", &current.company, &edit.company);
            diff(&mut d, "country", &current.country, &edit.country);
            diff(
                &mut d,
                "activity_line",
                &current.activity_line.as_str(),
                &edit.activity_line.as_str(),
            );
            return Err(conflict("This tenant", None, d));
        }
        let before = tenant_json(&current);
        let mut am: tenants::ActiveModel = current.clone().into();
        am.company = Set(edit.company);
        am.country = Set(edit.country);
        am.activity_line = Set(edit.activity_line.as_str().to_string());
        am.version = Set(current.version + 1);
        let saved = am
            .update(&txn)
            .await
            .map_err(|e| db_error("changing a tenant", e))?;
        touch_park(&txn, park.id, &actor).await?;
        audit(
            &txn,
            &actor.email,
            "change_tenant",
            "tenant",
            Some(saved.id.to_string()),
            Some(before),
            Some(tenant_json(&saved)),
        )
        .await?;
        txn.commit()
            .await
            .map_err(|e| db_error("committing a tenant", e))?;
        Ok(())
    }

    async fn record_lease_event(
        &self,
        credentials: &Credentials,
        input: LeaseEventInput,
    ) -> Result<LeaseEventRecorded, AppError> {
        let txn = begin_write(&self.db).await?;
        let (actor, park) = self
            .managed_park(&txn, credentials, &input.park_slug, true)
            .await?;
        let building = buildings::Entity::find_by_id(input.building_id.get())
            .one(&txn)
            .await
            .map_err(|e| db_error("reading a building", e))?
            .filter(|b| b.park_id == park.id)
            .ok_or_else(|| {
                AppError::invalid(
                    "building_id",
                    format!("park {} has no building {}", park.slug, input.building_id),
                )
            })?;
        let effective_date = input.effective_date.get();
        let (kind, area_m2, seats) = match input.change {
            LeaseChange::MoveIn { area, seats } => (LeaseKind::MoveIn, area.get(), seats.get()),
            LeaseChange::Resize { area, seats } => (LeaseKind::Resize, area.get(), seats.get()),
            LeaseChange::MoveOut => (LeaseKind::MoveOut, 0, 0),
        };
        if kind != LeaseKind::MoveOut
            && let Some(delivery) = building.delivery_date
            && effective_date < delivery
        {
            return Err(AppError::invalid(
                "effective_date",
                format!(
                    "{} is delivered on {delivery}: a lease cannot start or change before",
                    building.name
                ),
            ));
        }
        let existing_tenant = match &input.tenant {
            TenantChoice::Existing(id) => Some(
                tenants::Entity::find_by_id(id.get())
                    .one(&txn)
                    .await
                    .map_err(|e| db_error("reading a tenant", e))?
                    .ok_or_else(|| {
                        AppError::invalid("tenant", format!("no tenant has the id {id}"))
                    })?,
            ),
            TenantChoice::New { .. } => None,
        };
        // A tenant new to the registry has no events yet: 0 stands for it in the checks.
        let tenant_id = existing_tenant.as_ref().map_or(0, |t| t.id);
        let stored = building_events(&txn, &[building.id]).await?;
        let events: Vec<LeaseEvent> = stored.iter().filter_map(event).collect();
        let new = LeaseEvent {
            id: i64::MAX,
            building_id: building.id,
            tenant_id,
            kind,
            area_m2,
            seats,
            effective_date,
        };
        let mut all = events.clone();
        all.push(new.clone());
        check_sequence(&all).map_err(|e| AppError::invalid("kind", e.to_string()))?;
        let capacity = Capacity {
            building_id: building.id,
            name: building.name.clone(),
            floor_area_m2: building.floor_area_m2,
            seats: i64::from(building.seats),
        };
        check_capacity(&capacity, &events, &new).map_err(|e| AppError::Conflict(e.to_string()))?;

        let tenant = match (existing_tenant, &input.tenant) {
            (Some(t), _) => t,
            (
                None,
                TenantChoice::New {
                    company,
                    country,
                    activity_line,
                },
            ) => {
                let t = tenants::ActiveModel {
                    company: Set(company.clone()),
                    country: Set(country.clone()),
                    activity_line: Set(activity_line.as_str().to_string()),
                    is_demo: Set(false),
                    version: Set(1),
                    ..Default::default()
                }
                .insert(&txn)
                .await
                .map_err(|e| db_error("adding a tenant", e))?;
                audit(
                    &txn,
                    &actor.email,
                    "add_tenant",
                    "tenant",
                    Some(t.id.to_string()),
                    None,
                    Some(tenant_json(&t)),
                )
                .await?;
                t
            }
            (None, TenantChoice::Existing(_)) => return Err(AppError::Internal),
        };
        let seats = i32::try_from(seats).map_err(|_| AppError::invalid("seats", "is too large"))?;
        let saved = lease_events::ActiveModel {
            building_id: Set(building.id),
            tenant_id: Set(tenant.id),
            kind: Set(kind.as_str().to_string()),
            area_m2: Set(area_m2),
            seats: Set(seats),
            effective_date: Set(effective_date),
            recorded_by: Set(actor.email.clone()),
            recorded_at: Set(Utc::now()),
            is_demo: Set(false),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| db_error("recording a lease event", e))?;
        touch_park(&txn, park.id, &actor).await?;
        let mut after = event_json(&saved);
        if let Some(obj) = after.as_object_mut() {
            obj.insert("park".into(), json!(park.slug));
            obj.insert("building".into(), json!(building.name));
            obj.insert("company".into(), json!(tenant.company));
        }
        audit(
            &txn,
            &actor.email,
            &format!("record_{}", kind.as_str()),
            "lease_event",
            Some(saved.id.to_string()),
            None,
            Some(after),
        )
        .await?;
        txn.commit()
            .await
            .map_err(|e| db_error("committing a lease event", e))?;

        let mut with_saved = events;
        with_saved.extend(event(&saved));
        let (area, s) = leases_at(&with_saved, effective_date)
            .iter()
            .fold((0, 0), |(a, s), l| (a + l.area_m2, s + l.seats));
        tracing::info!(park = %park.slug, building = building.id, kind = kind.as_str(), actor = %actor.email, "lease event recorded");
        Ok(LeaseEventRecorded {
            event_id: saved.id,
            building: building.name,
            effective_date,
            free_m2: building.floor_area_m2 - area,
            free_seats: i64::from(building.seats) - s,
        })
    }

    async fn list_users(&self, credentials: &Credentials) -> Result<Vec<UserRow>, AppError> {
        let actor = authenticate(&self.db, credentials, false).await?;
        authorize(Some(&actor), Action::ManageUsers).map_err(denied)?;
        let all = users::Entity::find()
            .order_by_asc(users::Column::Email)
            .all(&self.db)
            .await
            .map_err(|e| db_error("reading users", e))?;
        // Every assignment with its slug in one query, not one per user.
        let assigned: Vec<(i32, String)> = user_parks::Entity::find()
            .select_only()
            .column(user_parks::Column::UserId)
            .column_as(parks::Column::Slug, "slug")
            .join(
                sea_orm::JoinType::InnerJoin,
                user_parks::Entity::belongs_to(parks::Entity)
                    .from(user_parks::Column::ParkId)
                    .to(parks::Column::Id)
                    .into(),
            )
            .order_by_asc(parks::Column::Slug)
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(|e| db_error("reading park assignments", e))?;
        let mut slugs: HashMap<i32, Vec<String>> = HashMap::new();
        for (user_id, slug) in assigned {
            slugs.entry(user_id).or_default().push(slug);
        }
        all.into_iter()
            .map(|u| {
                let parks = slugs.remove(&u.id).unwrap_or_default();
                user_row(u, parks)
            })
            .collect()
    }

    async fn save_user(
        &self,
        credentials: &Credentials,
        edit: UserEdit,
    ) -> Result<UserRow, AppError> {
        let txn = begin_write(&self.db).await?;
        let actor = authenticate(&txn, credentials, true).await?;
        authorize(Some(&actor), Action::ManageUsers).map_err(denied)?;
        if edit.id.map(Id::get) == Some(actor.user_id)
            && (edit.disabled || edit.role != Role::Admin)
        {
            return Err(AppError::invalid(
                "role",
                "an admin cannot disable or demote their own account (ask another admin)",
            ));
        }
        let saved = save_user_in(&txn, &actor.email, &edit).await?;
        let parks = user_park_slugs(&txn, saved.id).await?;
        let row = user_row(saved, parks)?;
        txn.commit()
            .await
            .map_err(|e| db_error("committing a user", e))?;
        Ok(row)
    }

    async fn audit_log(
        &self,
        credentials: &Credentials,
        filter: AuditFilter,
    ) -> Result<AuditPage, AppError> {
        let actor = authenticate(&self.db, credentials, false).await?;
        authorize(Some(&actor), Action::ReadAudit).map_err(denied)?;
        let mut q = audit_log::Entity::find();
        if let Some(a) = &filter.actor {
            q = q.filter(audit_log::Column::Actor.contains(a.to_lowercase()));
        }
        if let Some(e) = &filter.entity {
            q = q.filter(audit_log::Column::Entity.eq(e.as_str()));
        }
        if let Some(id) = &filter.entity_id {
            q = q.filter(audit_log::Column::EntityId.eq(id.as_str()));
        }
        if let Some(from) = filter.from.map(RegistryDate::get) {
            q = q.filter(audit_log::Column::At.gte(from.and_hms_opt(0, 0, 0).map(|t| t.and_utc())));
        }
        if let Some(to) = filter.to.map(RegistryDate::get) {
            q = q.filter(
                audit_log::Column::At.lt(to
                    .succ_opt()
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|t| t.and_utc())),
            );
        }
        let total = q
            .clone()
            .count(&self.db)
            .await
            .map_err(|e| db_error("counting audit rows", e))? as i64;
        let page = filter.page.max(1);
        let rows = q
            .order_by_desc(audit_log::Column::Id)
            .offset(u64::from(page - 1) * u64::from(AUDIT_PER_PAGE))
            .limit(u64::from(AUDIT_PER_PAGE))
            .all(&self.db)
            .await
            .map_err(|e| db_error("reading the audit log", e))?;
        Ok(AuditPage {
            entries: rows
                .into_iter()
                .map(|r| AuditEntry {
                    id: r.id,
                    at: r.at,
                    actor: r.actor,
                    action: r.action,
                    entity: r.entity,
                    entity_id: r.entity_id,
                    before_json: r.before_json,
                    after_json: r.after_json,
                })
                .collect(),
            total,
            page,
            pages: (total as u32).div_ceil(AUDIT_PER_PAGE).max(1),
        })
    }
}

/// `server user add`: creates a user (the first admin, typically), audited
/// as done from the command line.
pub async fn add_user_from_cli(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    role: &str,
    parks: Vec<String>,
    tenant_id: Option<i32>,
    password: String,
) -> Result<i32, String> {
    let edit = UserEdit {
        id: None,
        version: None,
        email: email.to_string(),
        display_name: name.trim().to_string(),
        role: Role::parse(role).map_err(|m| format!("--role: {m}"))?,
        parks,
        tenant_id: tenant_id
            .map(|n| Id::new(n.into()).ok_or(format!("--tenant-id: {n} is not an id")))
            .transpose()?,
        disabled: false,
        password: Some(password),
    };
    if edit.display_name.is_empty() {
        return Err("--name: is required".into());
    }
    let shown = |e: AppError| match e {
        AppError::Invalid { field, message } => format!("{field}: {message}"),
        other => other.to_string(),
    };
    let txn = begin_write(db).await.map_err(shown)?;
    let user = save_user_in(&txn, "cli", &edit).await.map_err(shown)?;
    txn.commit()
        .await
        .map_err(|e| format!("saving the user failed: {e}"))?;
    Ok(user.id)
}

/// The demo's accounts (invented, like the rest of the demo data), so that
/// the manager pages can be tried: an admin, a manager of two parks and a
/// tenant representative.
pub const DEMO_PASSWORD: &str = "demo-registry-2026";
pub const DEMO_ADMIN: &str = "admin@demo.tvr.ma";
pub const DEMO_MANAGER: &str = "manager@demo.tvr.ma";
pub const DEMO_TENANT_REP: &str = "rep@demo.tvr.ma";

/// Adds the demo accounts unless an account with that email exists.
pub async fn seed_demo_accounts(db: &DatabaseConnection) -> Result<usize, String> {
    let demo_parks: Vec<String> = parks::Entity::find()
        .select_only()
        .column(parks::Column::Slug)
        .filter(parks::Column::Name.is_in(["Casanearshore", "Fès Shore"]))
        .into_tuple()
        .all(db)
        .await
        .map_err(|e| format!("reading parks: {e}"))?;
    // The representative speaks for the first demo tenant leasing in Casanearshore.
    let rep_tenant: Option<i32> = match parks::Entity::find()
        .filter(parks::Column::Name.eq("Casanearshore"))
        .one(db)
        .await
        .map_err(|e| format!("reading parks: {e}"))?
    {
        Some(p) => {
            let building_ids: Vec<i32> = buildings::Entity::find()
                .filter(buildings::Column::ParkId.eq(p.id))
                .all(db)
                .await
                .map_err(|e| format!("reading buildings: {e}"))?
                .iter()
                .map(|b| b.id)
                .collect();
            lease_events::Entity::find()
                .filter(lease_events::Column::BuildingId.is_in(building_ids))
                .order_by_asc(lease_events::Column::Id)
                .one(db)
                .await
                .map_err(|e| format!("reading leases: {e}"))?
                .map(|e| e.tenant_id)
        }
        None => None,
    };
    let mut accounts = vec![
        (DEMO_ADMIN, "Demo admin", Role::Admin, Vec::new(), None),
        (
            DEMO_MANAGER,
            "Demo park manager",
            Role::ParkManager,
            demo_parks,
            None,
        ),
    ];
    if rep_tenant.is_some() {
        accounts.push((
            DEMO_TENANT_REP,
            "Demo tenant representative",
            Role::TenantRep,
            Vec::new(),
            rep_tenant,
        ));
    }
    let mut added = 0;
    for (email, name, role, parks, tenant_id) in accounts {
        let exists = users::Entity::find()
            .filter(users::Column::Email.eq(email))
            .count(db)
            .await
            .map_err(|e| format!("reading users: {e}"))?;
        if exists > 0 {
            continue;
        }
        add_user_from_cli(
            db,
            email,
            name,
            role.as_str(),
            parks,
            tenant_id,
            DEMO_PASSWORD.to_string(),
        )
        .await?;
        added += 1;
    }
    Ok(added)
}
