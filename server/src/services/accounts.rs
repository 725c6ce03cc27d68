//! Accounts and sessions (layer: services): argon2id password hashes,
//! sessions stored in the database (every app instance shares them), login
//! throttling from the stored attempts, and `authenticate`, which every
//! manager read and write calls inside its own transaction.
use std::collections::BTreeSet;
use std::net::IpAddr;

use app::api::{AccountService, AppError, Credentials, NewSession};
use app::model::{Role, SessionUser};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect, Set,
};
use sha2::{Digest, Sha256};

use super::errors::db_error;
use crate::db::entities::{login_attempts, sessions, user_parks, users};
use crate::domain::auth::{self, Actor};

/// How long a session lasts: a working day, then sign in again.
pub const SESSION_HOURS: i64 = 12;

#[derive(Clone)]
pub struct Accounts {
    db: DatabaseConnection,
    secure_cookies: bool,
}

fn random_bytes<const N: usize>() -> Result<[u8; N], AppError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| {
        tracing::error!(error = %e, "the system random source failed");
        AppError::Internal
    })?;
    Ok(buf)
}

/// The stored form of a session token: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// An argon2id hash (PHC string) with a random salt and the crate's default
/// cost (19 MiB, 2 passes). Slow on purpose: call it off the async threads.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt_bytes = random_bytes::<16>()?;
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|_| AppError::Internal)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "hashing a password failed");
            AppError::Internal
        })
}

fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Checked against when the email is unknown, so that the answer takes as
/// long as for a known one and tells nothing about which accounts exist.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    hash_password("not a real password, never matches").unwrap_or_default()
});

impl Accounts {
    pub fn new(db: DatabaseConnection, secure_cookies: bool) -> Self {
        Self { db, secure_cookies }
    }

    async fn recent_failures(
        &self,
        column: login_attempts::Column,
        value: &str,
    ) -> Result<Vec<chrono::DateTime<Utc>>, AppError> {
        let since = Utc::now() - auth::throttle_window();
        login_attempts::Entity::find()
            .select_only()
            .column(login_attempts::Column::At)
            .filter(column.eq(value))
            .filter(login_attempts::Column::At.gt(since))
            .filter(login_attempts::Column::Succeeded.eq(false))
            .into_tuple::<chrono::DateTime<Utc>>()
            .all(&self.db)
            .await
            .map_err(|e| db_error("reading login attempts", e))
    }
}

/// The actor behind a request's credentials, read with `conn` (inside the
/// caller's transaction). A change (`for_change`) also needs the session's
/// CSRF token; a read does not.
pub async fn authenticate<C: ConnectionTrait>(
    conn: &C,
    credentials: &Credentials,
    for_change: bool,
) -> Result<Actor, AppError> {
    let token = credentials
        .session
        .as_deref()
        .ok_or(AppError::Unauthorized)?;
    let session = sessions::Entity::find_by_id(token_hash(token))
        .one(conn)
        .await
        .map_err(|e| db_error("reading a session", e))?
        .filter(|s| s.expires_at > Utc::now())
        .ok_or(AppError::Unauthorized)?;
    if for_change {
        let sent = credentials.csrf.as_deref().unwrap_or_default();
        if !auth::same_secret(sent, &session.csrf_token) {
            tracing::info!(
                user_id = session.user_id,
                "change refused: missing or wrong CSRF token"
            );
            return Err(AppError::Forbidden);
        }
    }
    let user = users::Entity::find_by_id(session.user_id)
        .one(conn)
        .await
        .map_err(|e| db_error("reading a user", e))?
        .filter(|u| !u.disabled)
        .ok_or(AppError::Unauthorized)?;
    let role = Role::parse(&user.role).map_err(|e| {
        tracing::error!(user_id = user.id, "stored role is invalid: {e}");
        AppError::Internal
    })?;
    let parks: BTreeSet<i32> = user_parks::Entity::find()
        .select_only()
        .column(user_parks::Column::ParkId)
        .filter(user_parks::Column::UserId.eq(user.id))
        .into_tuple::<i32>()
        .all(conn)
        .await
        .map_err(|e| db_error("reading a user's parks", e))?
        .into_iter()
        .collect();
    Ok(Actor {
        user_id: user.id,
        email: user.email,
        role,
        parks,
        tenant_id: user.tenant_id,
    })
}

/// Maps a refusal of the authorization rule onto the boundary's error.
pub fn denied(d: auth::Denied) -> AppError {
    match d {
        auth::Denied::SignInRequired => AppError::Unauthorized,
        auth::Denied::Forbidden => AppError::Forbidden,
    }
}

#[async_trait::async_trait]
impl AccountService for Accounts {
    async fn login(
        &self,
        email: &str,
        password: &str,
        client_ip: Option<IpAddr>,
        previous: Option<&str>,
    ) -> Result<NewSession, AppError> {
        let wrong = || AppError::invalid("email", "the email or the password is wrong");
        let email = auth::normalize_email(email).map_err(|m| AppError::invalid("email", m))?;
        if password.is_empty() || password.chars().count() > auth::PASSWORD_MAX {
            return Err(wrong());
        }
        let ip = client_ip.map_or_else(|| "unknown".to_string(), |ip| ip.to_string());
        let now = Utc::now();
        let by_account = self
            .recent_failures(login_attempts::Column::Email, &email)
            .await?;
        let by_address = self
            .recent_failures(login_attempts::Column::Ip, &ip)
            .await?;
        let wait = [
            auth::retry_after(&by_account, now),
            auth::retry_after(&by_address, now),
        ]
        .into_iter()
        .flatten()
        .max();
        if let Some(retry_after_s) = wait {
            tracing::info!(%email, %ip, retry_after_s, "login throttled");
            return Err(AppError::TooManyRequests { retry_after_s });
        }

        let user = users::Entity::find()
            .filter(users::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await
            .map_err(|e| db_error("reading a user", e))?;
        let phc = user
            .as_ref()
            .and_then(|u| u.password_hash.clone())
            .unwrap_or_else(|| DUMMY_HASH.clone());
        let typed = password.to_string();
        let matches = tokio::task::spawn_blocking(move || verify_password(&typed, &phc))
            .await
            .map_err(|_| AppError::Internal)?;
        let user = user.filter(|u| matches && !u.disabled);
        login_attempts::ActiveModel {
            at: Set(now),
            email: Set(email.clone()),
            ip: Set(ip.clone()),
            succeeded: Set(user.is_some()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map_err(|e| db_error("recording a login attempt", e))?;
        let Some(user) = user else {
            tracing::info!(%email, %ip, "login failed");
            return Err(wrong());
        };
        let role = Role::parse(&user.role).map_err(|_| AppError::Internal)?;

        // A new session id at every login; the one the browser had is closed.
        if let Some(old) = previous {
            sessions::Entity::delete_by_id(token_hash(old))
                .exec(&self.db)
                .await
                .map_err(|e| db_error("closing the previous session", e))?;
        }
        sessions::Entity::delete_many()
            .filter(sessions::Column::ExpiresAt.lt(now))
            .exec(&self.db)
            .await
            .map_err(|e| db_error("removing expired sessions", e))?;
        let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>()?);
        let csrf_token = hex::encode(random_bytes::<32>()?);
        sessions::ActiveModel {
            id_hash: Set(token_hash(&token)),
            user_id: Set(user.id),
            csrf_token: Set(csrf_token.clone()),
            created_at: Set(now),
            expires_at: Set(now + Duration::hours(SESSION_HOURS)),
        }
        .insert(&self.db)
        .await
        .map_err(|e| db_error("opening a session", e))?;
        tracing::info!(%email, "signed in");
        Ok(NewSession {
            token,
            user: SessionUser {
                email: user.email,
                display_name: user.display_name,
                role,
                csrf_token,
            },
            max_age_s: SESSION_HOURS * 3600,
        })
    }

    async fn logout(&self, credentials: &Credentials) -> Result<(), AppError> {
        // Signing out is a change: it needs the CSRF token, or a third-party
        // page could sign a manager out.
        authenticate(&self.db, credentials, true).await?;
        if let Some(token) = credentials.session.as_deref() {
            sessions::Entity::delete_by_id(token_hash(token))
                .exec(&self.db)
                .await
                .map_err(|e| db_error("closing a session", e))?;
        }
        Ok(())
    }

    async fn session_user(&self, session: Option<&str>) -> Result<Option<SessionUser>, AppError> {
        let Some(token) = session else {
            return Ok(None);
        };
        let Some(s) = sessions::Entity::find_by_id(token_hash(token))
            .one(&self.db)
            .await
            .map_err(|e| db_error("reading a session", e))?
            .filter(|s| s.expires_at > Utc::now())
        else {
            return Ok(None);
        };
        let Some(user) = users::Entity::find_by_id(s.user_id)
            .one(&self.db)
            .await
            .map_err(|e| db_error("reading a user", e))?
            .filter(|u| !u.disabled)
        else {
            return Ok(None);
        };
        Ok(Some(SessionUser {
            email: user.email,
            display_name: user.display_name,
            role: Role::parse(&user.role).map_err(|_| AppError::Internal)?,
            csrf_token: s.csrf_token,
        }))
    }

    fn secure_cookies(&self) -> bool {
        self.secure_cookies
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_stored_as_argon2id_and_only_the_right_one_verifies() {
        let phc = hash_password("correct horse battery").unwrap();
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(verify_password("correct horse battery", &phc));
        assert!(!verify_password("correct horse battery!", &phc));
        assert_ne!(
            phc,
            hash_password("correct horse battery").unwrap(),
            "salted"
        );
    }

    #[test]
    fn the_database_keeps_only_a_hash_of_the_session_token() {
        let h = token_hash("abc");
        assert_eq!(h.len(), 64);
        assert_ne!(h, "abc");
        assert_eq!(h, token_hash("abc"));
    }
}
