//! Accounts: the `users`, `user_parks` and `sessions` tables (login
//! attempts are `login_attempts.rs`). Lookups, the admin's and the CLI's
//! writes, sessions, and the conversions of a user row (its role read
//! loudly; its audit snapshot, never with the password hash).
use std::collections::{BTreeSet, HashMap};

use app::api::AppError;
use app::model::{Role, UserRow};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::{Value, json};

pub use super::entities::sessions::Model as Session;
pub use super::entities::users::Model as User;
use super::entities::{parks, sessions, user_parks, users};
use super::failed;
use crate::errors::corrupt;

/// A user's account fields, as written by the admin page or the CLI.
#[derive(Debug, Clone)]
pub struct Account {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub tenant_id: Option<i32>,
    pub disabled: bool,
}

pub async fn by_id<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<User>, AppError> {
    users::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(failed("reading a user"))
}

pub async fn by_email<C: ConnectionTrait>(conn: &C, email: &str) -> Result<Option<User>, AppError> {
    users::Entity::find()
        .filter(users::Column::Email.eq(email))
        .one(conn)
        .await
        .map_err(failed("reading a user"))
}

pub async fn email_taken<C: ConnectionTrait>(conn: &C, email: &str) -> Result<bool, AppError> {
    let n = users::Entity::find()
        .filter(users::Column::Email.eq(email))
        .count(conn)
        .await
        .map_err(failed("checking an email"))?;
    Ok(n > 0)
}

/// Every user, in email order.
pub async fn all<C: ConnectionTrait>(conn: &C) -> Result<Vec<User>, AppError> {
    users::Entity::find()
        .order_by_asc(users::Column::Email)
        .all(conn)
        .await
        .map_err(failed("reading users"))
}

pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    account: Account,
    password_hash: String,
) -> Result<User, AppError> {
    users::ActiveModel {
        email: Set(account.email),
        display_name: Set(account.display_name),
        password_hash: Set(Some(password_hash)),
        role: Set(account.role.as_str().to_string()),
        tenant_id: Set(account.tenant_id),
        disabled: Set(account.disabled),
        created_at: Set(Utc::now()),
        version: Set(1),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(failed("adding a user"))
}

/// Writes a change as version `version` (a new password hash if given).
pub async fn update<C: ConnectionTrait>(
    conn: &C,
    current: User,
    account: Account,
    password_hash: Option<String>,
    version: i32,
) -> Result<User, AppError> {
    let mut am: users::ActiveModel = current.into();
    am.email = Set(account.email);
    am.display_name = Set(account.display_name);
    am.role = Set(account.role.as_str().to_string());
    am.tenant_id = Set(account.tenant_id);
    am.disabled = Set(account.disabled);
    if let Some(hash) = password_hash {
        am.password_hash = Set(Some(hash));
    }
    am.version = Set(version);
    am.update(conn).await.map_err(failed("changing a user"))
}

/// Gives a user a new password hash, as their next version.
pub async fn set_password_hash<C: ConnectionTrait>(
    conn: &C,
    current: User,
    password_hash: String,
) -> Result<User, AppError> {
    let version = current.version + 1;
    let mut am: users::ActiveModel = current.into();
    am.password_hash = Set(Some(password_hash));
    am.version = Set(version);
    am.update(conn)
        .await
        .map_err(failed("changing a user's password"))
}

/// The ids of the parks a user manages.
pub async fn park_ids<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
) -> Result<BTreeSet<i32>, AppError> {
    let ids: Vec<i32> = user_parks::Entity::find()
        .select_only()
        .column(user_parks::Column::ParkId)
        .filter(user_parks::Column::UserId.eq(user_id))
        .into_tuple()
        .all(conn)
        .await
        .map_err(failed("reading a user's parks"))?;
    Ok(ids.into_iter().collect())
}

/// The slugs of the parks a user manages, in slug order.
pub async fn park_slugs<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
) -> Result<Vec<String>, AppError> {
    let ids = park_ids(conn, user_id).await?;
    super::parks::slugs(conn, ids.into_iter().collect()).await
}

/// Every user's park slugs, in one query.
pub async fn all_park_slugs<C: ConnectionTrait>(
    conn: &C,
) -> Result<HashMap<i32, Vec<String>>, AppError> {
    let assigned: Vec<(i32, String)> = user_parks::Entity::find()
        .select_only()
        .column(user_parks::Column::UserId)
        .column_as(parks::Column::Slug, "slug")
        .join(
            JoinType::InnerJoin,
            user_parks::Entity::belongs_to(parks::Entity)
                .from(user_parks::Column::ParkId)
                .to(parks::Column::Id)
                .into(),
        )
        .order_by_asc(parks::Column::Slug)
        .into_tuple()
        .all(conn)
        .await
        .map_err(failed("reading park assignments"))?;
    let mut slugs: HashMap<i32, Vec<String>> = HashMap::new();
    for (user_id, slug) in assigned {
        slugs.entry(user_id).or_default().push(slug);
    }
    Ok(slugs)
}

/// Replaces the parks a user manages.
pub async fn set_parks<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    park_ids: &[i32],
) -> Result<(), AppError> {
    user_parks::Entity::delete_many()
        .filter(user_parks::Column::UserId.eq(user_id))
        .exec(conn)
        .await
        .map_err(failed("changing a user's parks"))?;
    for park_id in park_ids {
        user_parks::ActiveModel {
            user_id: Set(user_id),
            park_id: Set(*park_id),
        }
        .insert(conn)
        .await
        .map_err(failed("assigning a park"))?;
    }
    Ok(())
}

/// Ends every open session of a user.
pub async fn close_sessions<C: ConnectionTrait>(conn: &C, user_id: i32) -> Result<(), AppError> {
    sessions::Entity::delete_many()
        .filter(sessions::Column::UserId.eq(user_id))
        .exec(conn)
        .await
        .map_err(failed("closing a user's sessions"))?;
    Ok(())
}

/// Ends every open session of a user but one (the one changing its password).
pub async fn close_other_sessions<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    keep_id_hash: &str,
) -> Result<(), AppError> {
    sessions::Entity::delete_many()
        .filter(sessions::Column::UserId.eq(user_id))
        .filter(sessions::Column::IdHash.ne(keep_id_hash))
        .exec(conn)
        .await
        .map_err(failed("closing a user's other sessions"))?;
    Ok(())
}

/// The session with this token hash, alive or not (the caller applies
/// `domain::auth::session_alive`).
pub async fn session<C: ConnectionTrait>(
    conn: &C,
    id_hash: String,
) -> Result<Option<Session>, AppError> {
    sessions::Entity::find_by_id(id_hash)
        .one(conn)
        .await
        .map_err(failed("reading a session"))
}

/// Records that a session was used at `now`.
pub async fn touch_session<C: ConnectionTrait>(
    conn: &C,
    id_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sessions::Entity::update_many()
        .col_expr(sessions::Column::LastSeenAt, Expr::value(now))
        .filter(sessions::Column::IdHash.eq(id_hash))
        .exec(conn)
        .await
        .map_err(failed("recording a session's use"))?;
    Ok(())
}

pub async fn open_session<C: ConnectionTrait>(conn: &C, s: Session) -> Result<(), AppError> {
    sessions::ActiveModel {
        id_hash: Set(s.id_hash),
        user_id: Set(s.user_id),
        csrf_token: Set(s.csrf_token),
        created_at: Set(s.created_at),
        expires_at: Set(s.expires_at),
        last_seen_at: Set(s.last_seen_at),
        enrolment_only: Set(s.enrolment_only),
    }
    .insert(conn)
    .await
    .map_err(failed("opening a session"))?;
    Ok(())
}

pub async fn close_session<C: ConnectionTrait>(conn: &C, id_hash: String) -> Result<(), AppError> {
    sessions::Entity::delete_by_id(id_hash)
        .exec(conn)
        .await
        .map_err(failed("closing a session"))?;
    Ok(())
}

/// Deletes, in one statement, the sessions past their absolute end or last
/// used before `idle_since`; returns how many.
pub async fn remove_dead_sessions<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    idle_since: DateTime<Utc>,
) -> Result<u64, AppError> {
    let done = sessions::Entity::delete_many()
        .filter(
            Condition::any()
                .add(sessions::Column::ExpiresAt.lte(now))
                .add(sessions::Column::LastSeenAt.lte(idle_since)),
        )
        .exec(conn)
        .await
        .map_err(failed("removing dead sessions"))?;
    Ok(done.rows_affected)
}

/// The stored role, read loudly.
pub fn role(u: &User) -> Result<Role, AppError> {
    Role::parse(&u.role).map_err(|e| corrupt("users", u.id, e))
}

/// The admin page's row for a user.
pub fn row(u: User, parks: Vec<String>) -> Result<UserRow, AppError> {
    Ok(UserRow {
        role: role(&u)?,
        id: u.id,
        version: u.version,
        email: u.email,
        display_name: u.display_name,
        parks,
        tenant_id: u.tenant_id,
        disabled: u.disabled,
        created_at: u.created_at,
        two_factor: false,
    })
}

/// The user as the audit log keeps it: never the password hash.
pub fn json(u: &User, parks: &[String]) -> Value {
    json!({
        "id": u.id, "version": u.version, "email": u.email, "display_name": u.display_name,
        "role": u.role, "tenant_id": u.tenant_id, "disabled": u.disabled, "parks": parks,
    })
}
