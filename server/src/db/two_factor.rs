//! Second factors: the `two_factor`, `two_factor_recovery_codes` and
//! `pending_logins` tables. A factor's secret is read here and by the
//! sign-in only; recovery codes and pending-login tokens are stored as
//! SHA-256 hashes. The one-time checks (a TOTP step, a recovery code, a
//! pending login) are single conditional writes, so two requests racing
//! with the same code cannot both pass.
use std::collections::BTreeSet;

use app::api::AppError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QuerySelect, Set,
};
use serde_json::{Value, json};

pub use super::entities::pending_logins::Model as PendingLogin;
pub use super::entities::two_factor::Model as Factor;
use super::entities::{pending_logins, two_factor, two_factor_recovery_codes as codes};
use super::failed;

/// The user's factor row (enabled, pending, or both), if any.
pub async fn factor<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
) -> Result<Option<Factor>, AppError> {
    two_factor::Entity::find_by_id(user_id)
        .one(conn)
        .await
        .map_err(failed("reading a second factor"))
}

/// Whether the user signs in with a second factor.
pub async fn is_enabled<C: ConnectionTrait>(conn: &C, user_id: i32) -> Result<bool, AppError> {
    Ok(factor(conn, user_id)
        .await?
        .is_some_and(|f| f.secret.is_some() && f.enabled_at.is_some()))
}

/// The ids of every user with a second factor, in one query.
pub async fn enabled_user_ids<C: ConnectionTrait>(conn: &C) -> Result<BTreeSet<i32>, AppError> {
    let ids: Vec<i32> = two_factor::Entity::find()
        .select_only()
        .column(two_factor::Column::UserId)
        .filter(two_factor::Column::Secret.is_not_null())
        .filter(two_factor::Column::EnabledAt.is_not_null())
        .into_tuple()
        .all(conn)
        .await
        .map_err(failed("reading second factors"))?;
    Ok(ids.into_iter().collect())
}

/// Stores a new pending secret (replacing an earlier pending one); an
/// enabled factor stays as it is until the new one is confirmed.
pub async fn set_pending<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    secret_base32: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    match factor(conn, user_id).await? {
        Some(f) => {
            let mut am: two_factor::ActiveModel = f.into();
            am.pending_secret = Set(Some(secret_base32.to_string()));
            am.pending_since = Set(Some(now));
            am.update(conn)
                .await
                .map_err(failed("starting a second factor"))?;
        }
        None => {
            two_factor::ActiveModel {
                user_id: Set(user_id),
                secret: Set(None),
                enabled_at: Set(None),
                last_used_step: Set(None),
                pending_secret: Set(Some(secret_base32.to_string())),
                pending_since: Set(Some(now)),
            }
            .insert(conn)
            .await
            .map_err(failed("starting a second factor"))?;
        }
    }
    Ok(())
}

/// Makes the pending secret the user's factor, with `step` (the confirming
/// code's) as the last one used, and replaces every recovery code by the
/// new hashes.
pub async fn confirm<C: ConnectionTrait>(
    conn: &C,
    current: Factor,
    step: i64,
    now: DateTime<Utc>,
    recovery_code_hashes: &[String],
) -> Result<Factor, AppError> {
    let user_id = current.user_id;
    let mut am: two_factor::ActiveModel = current.clone().into();
    am.secret = Set(current.pending_secret);
    am.enabled_at = Set(Some(now));
    am.last_used_step = Set(Some(step));
    am.pending_secret = Set(None);
    am.pending_since = Set(None);
    let saved = am
        .update(conn)
        .await
        .map_err(failed("confirming a second factor"))?;
    codes::Entity::delete_many()
        .filter(codes::Column::UserId.eq(user_id))
        .exec(conn)
        .await
        .map_err(failed("replacing recovery codes"))?;
    for hash in recovery_code_hashes {
        codes::ActiveModel {
            user_id: Set(user_id),
            code_hash: Set(hash.clone()),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(conn)
        .await
        .map_err(failed("storing a recovery code"))?;
    }
    Ok(saved)
}

/// Records `step` as used if it is later than the last one used: false
/// when it is not (a replay) or the user has no factor.
pub async fn accept_step<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    step: i64,
) -> Result<bool, AppError> {
    let done = two_factor::Entity::update_many()
        .col_expr(two_factor::Column::LastUsedStep, Expr::value(step))
        .filter(two_factor::Column::UserId.eq(user_id))
        .filter(two_factor::Column::Secret.is_not_null())
        .filter(
            Condition::any()
                .add(two_factor::Column::LastUsedStep.is_null())
                .add(two_factor::Column::LastUsedStep.lt(step)),
        )
        .exec(conn)
        .await
        .map_err(failed("using a code"))?;
    Ok(done.rows_affected == 1)
}

/// Marks the user's unused recovery code with this hash as used: false
/// when there is none (wrong, or already used).
pub async fn use_recovery_code<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let done = codes::Entity::update_many()
        .col_expr(codes::Column::UsedAt, Expr::value(now))
        .filter(codes::Column::UserId.eq(user_id))
        .filter(codes::Column::CodeHash.eq(code_hash))
        .filter(codes::Column::UsedAt.is_null())
        .exec(conn)
        .await
        .map_err(failed("using a recovery code"))?;
    Ok(done.rows_affected >= 1)
}

/// How many of the user's recovery codes are still unused.
pub async fn recovery_codes_left<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
) -> Result<i64, AppError> {
    let n = codes::Entity::find()
        .filter(codes::Column::UserId.eq(user_id))
        .filter(codes::Column::UsedAt.is_null())
        .count(conn)
        .await
        .map_err(failed("counting recovery codes"))?;
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Removes the user's factor, pending enrolment and recovery codes (an
/// admin's reset); returns whether there was a factor.
pub async fn remove<C: ConnectionTrait>(conn: &C, user_id: i32) -> Result<bool, AppError> {
    codes::Entity::delete_many()
        .filter(codes::Column::UserId.eq(user_id))
        .exec(conn)
        .await
        .map_err(failed("removing recovery codes"))?;
    pending_logins::Entity::delete_many()
        .filter(pending_logins::Column::UserId.eq(user_id))
        .exec(conn)
        .await
        .map_err(failed("removing pending logins"))?;
    let done = two_factor::Entity::delete_by_id(user_id)
        .exec(conn)
        .await
        .map_err(failed("removing a second factor"))?;
    Ok(done.rows_affected == 1)
}

/// The factor as the audit log keeps it: never the secret.
pub fn json(f: Option<&Factor>, recovery_codes_left: i64) -> Value {
    json!({
        "enabled": f.is_some_and(|f| f.secret.is_some()),
        "enabled_at": f.and_then(|f| f.enabled_at),
        "pending": f.is_some_and(|f| f.pending_secret.is_some()),
        "recovery_codes_left": recovery_codes_left,
    })
}

pub async fn open_pending_login<C: ConnectionTrait>(
    conn: &C,
    p: PendingLogin,
) -> Result<(), AppError> {
    pending_logins::ActiveModel {
        token_hash: Set(p.token_hash),
        user_id: Set(p.user_id),
        created_at: Set(p.created_at),
        expires_at: Set(p.expires_at),
    }
    .insert(conn)
    .await
    .map_err(failed("opening a pending login"))?;
    Ok(())
}

/// The pending login with this token hash, if it has not expired.
pub async fn live_pending_login<C: ConnectionTrait>(
    conn: &C,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<PendingLogin>, AppError> {
    Ok(pending_logins::Entity::find_by_id(token_hash.to_string())
        .one(conn)
        .await
        .map_err(failed("reading a pending login"))?
        .filter(|p| p.expires_at > now))
}

/// Ends a pending login: true for the one request that ended it.
pub async fn close_pending_login<C: ConnectionTrait>(
    conn: &C,
    token_hash: &str,
) -> Result<bool, AppError> {
    let done = pending_logins::Entity::delete_by_id(token_hash.to_string())
        .exec(conn)
        .await
        .map_err(failed("closing a pending login"))?;
    Ok(done.rows_affected == 1)
}

pub async fn remove_expired_pending_logins<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    pending_logins::Entity::delete_many()
        .filter(pending_logins::Column::ExpiresAt.lt(now))
        .exec(conn)
        .await
        .map_err(failed("removing expired pending logins"))?;
    Ok(())
}
