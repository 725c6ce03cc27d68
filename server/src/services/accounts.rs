//! Accounts and sessions (layer: services): argon2id password hashes,
//! sessions stored in the database (every app instance shares them) with
//! their 12-hour end and 30-minute idle limit, sign-in throttling
//! (`db::login_attempts` reserves each attempt before its check;
//! `domain::auth::login_wait` is the rule; `hashing` caps the checks), the
//! pruning of dead sessions and old attempts, and `authenticate`, which
//! every manager read and write calls inside its own unit of work. Login
//! and logout write sessions and attempts directly: they are not changes to
//! the registry and are not audited (a password change is: `passwords.rs`).
//! The second factor's steps (the code after the password, enrolment) are
//! in `two_factor`.
use std::net::IpAddr;

use app::api::{AccountService, AppError, Credentials, LoginStep, NewSession};
use app::model::{Enrolment, PasswordChange, RecoveryCodes, Role, SessionUser, TwoFactorStatus};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use super::hashing::HashPermits;
use crate::db::login_attempts::{self, Reservation};
use crate::db::users::{self, Session, User};
use crate::db::{Connection, ConnectionLike, two_factor};
use crate::domain::auth::{self, Actor};
use crate::domain::two_factor::must_enrol;
use crate::errors::internal;

/// How long a session lasts: a working day, then sign in again.
pub const SESSION_HOURS: i64 = 12;
/// How often the background task prunes dead sessions and old attempts.
pub const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(5 * 60);

pub(super) fn random_bytes<const N: usize>() -> Result<[u8; N], AppError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| internal("reading the system random source", e))?;
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
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| internal("encoding a salt", e))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| internal("hashing a password", e))
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

#[derive(Clone)]
pub struct Accounts {
    pub(super) db: Connection,
    secure_cookies: bool,
    pub(super) hashes: HashPermits,
    /// Admins and park managers must have a second factor (`--require-two-factor`).
    pub(super) require_two_factor: bool,
}

/// The address throttling counts a request under.
pub(super) fn address_key(client_ip: Option<IpAddr>) -> String {
    client_ip.map_or_else(|| "unknown".to_string(), |ip| ip.to_string())
}

impl Accounts {
    pub fn new(
        db: Connection,
        secure_cookies: bool,
        hashes: HashPermits,
        require_two_factor: bool,
    ) -> Self {
        Self {
            db,
            secure_cookies,
            hashes,
            require_two_factor,
        }
    }

    /// The password step of a sign-in (and of a password change): reserve
    /// the attempt under the throttle (429 without any hash when the rule
    /// says wait), check the password under the hash cap (503 when busy;
    /// an unknown email checks a dummy hash, so the answer tells nothing),
    /// then record the outcome. Gives the user only when the password is
    /// theirs and the account is enabled.
    pub(super) async fn check_password(
        &self,
        email: &str,
        password: &str,
        ip: &str,
    ) -> Result<Option<User>, AppError> {
        let attempt = match login_attempts::reserve(
            &self.db,
            email,
            ip,
            auth::throttle_window(),
            auth::login_wait,
        )
        .await?
        {
            Reservation::Reserved(attempt) => attempt,
            Reservation::Refused { retry_after_s } => {
                tracing::info!(%email, %ip, retry_after_s, "login throttled");
                return Err(AppError::TooManyRequests { retry_after_s });
            }
        };
        let user = users::by_email(&self.db, email).await?;
        let phc = user
            .as_ref()
            .and_then(|u| u.password_hash.clone())
            .unwrap_or_else(|| DUMMY_HASH.clone());
        let typed = password.to_string();
        let matches = match self.hashes.run(move || verify_password(&typed, &phc)).await {
            Ok(matches) => matches,
            Err(e) => {
                // never checked: it must not count against anyone
                login_attempts::release(&self.db, attempt).await?;
                return Err(e);
            }
        };
        let user = user.filter(|u| matches && !u.disabled);
        login_attempts::finish(&self.db, attempt, user.is_some()).await?;
        Ok(user)
    }

    /// Opens a new session for `user` (a new id at every sign-in; the one
    /// the browser had is closed). `enrolment_only`: the session reaches
    /// only enrolment and sign-out until the user has a second factor.
    pub(super) async fn open_session(
        &self,
        user: User,
        role: Role,
        previous: Option<&str>,
        enrolment_only: bool,
    ) -> Result<NewSession, AppError> {
        let now = Utc::now();
        if let Some(old) = previous {
            users::close_session(&self.db, token_hash(old)).await?;
        }
        prune(&self.db, now).await?;
        let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>()?);
        let csrf_token = hex::encode(random_bytes::<32>()?);
        users::open_session(
            &self.db,
            Session {
                id_hash: token_hash(&token),
                user_id: user.id,
                csrf_token: csrf_token.clone(),
                created_at: now,
                expires_at: now + Duration::hours(SESSION_HOURS),
                last_seen_at: now,
                enrolment_only,
            },
        )
        .await?;
        tracing::info!(email = %user.email, enrolment_only, "signed in");
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
}

/// What one pruning removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pruned {
    pub sessions: u64,
    pub attempts: u64,
}

/// Deletes the sessions past their end or idle limit and the attempts older
/// than the throttle's window (one statement each). Run at every sign-in
/// and every [`PRUNE_EVERY`] by the task `startup` starts.
pub async fn prune<C: ConnectionLike>(conn: &C, now: DateTime<Utc>) -> Result<Pruned, AppError> {
    Ok(Pruned {
        sessions: users::remove_dead_sessions(conn, now, now - auth::session_idle_limit()).await?,
        attempts: login_attempts::remove_older_than(conn, now - auth::throttle_window()).await?,
    })
}

/// The session behind a token if it is alive (before its end, used within
/// the idle limit); its last use is written at most once a minute.
pub async fn live_session<C: ConnectionLike>(
    conn: &C,
    token: &str,
) -> Result<Option<Session>, AppError> {
    let now = Utc::now();
    let Some(session) = users::session(conn, token_hash(token)).await? else {
        return Ok(None);
    };
    if !auth::session_alive(session.expires_at, session.last_seen_at, now) {
        return Ok(None);
    }
    // A read that cannot record the use (the SQLite write lock held past
    // its busy timeout) still answers: the next request records it.
    if auth::session_needs_touch(session.last_seen_at, now) {
        let _logged = users::touch_session(conn, &session.id_hash, now).await;
    }
    Ok(Some(session))
}

/// The actor behind a request's credentials, read with `conn` (inside the
/// caller's transaction). A change (`for_change`) also needs the session's
/// CSRF token; a read does not. A session that may only enrol a second
/// factor (and its user still has none) is refused with `TwoFactorRequired`.
pub async fn authenticate<C: ConnectionLike>(
    conn: &C,
    credentials: &Credentials,
    for_change: bool,
) -> Result<Actor, AppError> {
    let (actor, enrolment_only) = session_actor(conn, credentials, for_change).await?;
    if enrolment_only && !two_factor::is_enabled(conn, actor.user_id).await? {
        return Err(AppError::TwoFactorRequired);
    }
    Ok(actor)
}

/// As `authenticate`, for the few things a session that must enrol first may
/// do: enrol a second factor and sign out.
pub async fn authenticate_for_enrolment<C: ConnectionLike>(
    conn: &C,
    credentials: &Credentials,
    for_change: bool,
) -> Result<Actor, AppError> {
    session_actor(conn, credentials, for_change)
        .await
        .map(|(actor, _)| actor)
}

/// The session's actor, and whether the session was opened for enrolment only.
async fn session_actor<C: ConnectionLike>(
    conn: &C,
    credentials: &Credentials,
    for_change: bool,
) -> Result<(Actor, bool), AppError> {
    let token = credentials
        .session
        .as_deref()
        .ok_or(AppError::Unauthorized)?;
    let session = live_session(conn, token)
        .await?
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
    let user = users::by_id(conn, session.user_id)
        .await?
        .filter(|u| !u.disabled)
        .ok_or(AppError::Unauthorized)?;
    let role = users::role(&user)?;
    let parks = users::park_ids(conn, user.id).await?;
    let actor = Actor {
        user_id: user.id,
        email: user.email,
        role,
        parks,
        tenant_id: user.tenant_id,
    };
    Ok((actor, session.enrolment_only))
}

#[async_trait::async_trait]
impl AccountService for Accounts {
    async fn login(
        &self,
        email: &str,
        password: &str,
        client_ip: Option<IpAddr>,
        previous: Option<&str>,
    ) -> Result<LoginStep, AppError> {
        let wrong = || AppError::invalid("email", "the email or the password is wrong");
        let email = auth::normalize_email(email).map_err(|m| AppError::invalid("email", m))?;
        if password.is_empty() || password.chars().count() > auth::PASSWORD_MAX {
            return Err(wrong());
        }
        let ip = address_key(client_ip);
        let Some(user) = self.check_password(&email, password, &ip).await? else {
            tracing::info!(%email, %ip, "login failed");
            return Err(wrong());
        };
        let role = users::role(&user)?;

        // The second factor, after the password: a user who has one gets a
        // pending login, not a session (`login_code` takes the code); an admin
        // or park manager without one, when it is required, gets a session
        // that reaches only enrolment and sign-out.
        if two_factor::is_enabled(&self.db, user.id).await? {
            let pending_login = self.open_pending_login(user.id, Utc::now()).await?;
            tracing::info!(%email, "password right, code needed");
            return Ok(LoginStep::CodeNeeded { pending_login });
        }
        let enrolment_only = must_enrol(role, self.require_two_factor);
        self.open_session(user, role, previous, enrolment_only)
            .await
            .map(LoginStep::SignedIn)
    }
    async fn login_code(
        &self,
        pending_login: &str,
        code: &str,
        client_ip: Option<IpAddr>,
        previous: Option<&str>,
    ) -> Result<NewSession, AppError> {
        self.second_step(pending_login, code, client_ip, previous)
            .await
    }

    async fn two_factor_status(
        &self,
        credentials: &Credentials,
    ) -> Result<TwoFactorStatus, AppError> {
        self.factor_status(credentials).await
    }

    async fn start_two_factor(&self, credentials: &Credentials) -> Result<Enrolment, AppError> {
        self.start_enrolment(credentials).await
    }

    async fn confirm_two_factor(
        &self,
        credentials: &Credentials,
        code: &str,
    ) -> Result<RecoveryCodes, AppError> {
        self.confirm_enrolment(credentials, code).await
    }

    async fn logout(&self, credentials: &Credentials) -> Result<(), AppError> {
        // Closing the session needs its CSRF token, or a third-party page
        // could end a manager's session; an unknown or dead one has nothing to close.
        let Some(token) = credentials.session.as_deref() else {
            return Ok(());
        };
        let Some(session) = users::session(&self.db, token_hash(token)).await? else {
            return Ok(());
        };
        let sent = credentials.csrf.as_deref().unwrap_or_default();
        if !auth::same_secret(sent, &session.csrf_token) {
            tracing::info!(
                user_id = session.user_id,
                "sign-out without the CSRF token: the session stays open"
            );
            return Err(AppError::Forbidden);
        }
        users::close_session(&self.db, session.id_hash).await
    }

    async fn change_password(
        &self,
        credentials: &Credentials,
        change: PasswordChange,
        client_ip: Option<IpAddr>,
    ) -> Result<(), AppError> {
        self.change_own_password(credentials, change, client_ip)
            .await
    }

    async fn session_user(&self, session: Option<&str>) -> Result<Option<SessionUser>, AppError> {
        let Some(token) = session else {
            return Ok(None);
        };
        let Some(s) = live_session(&self.db, token).await? else {
            return Ok(None);
        };
        let Some(user) = users::by_id(&self.db, s.user_id)
            .await?
            .filter(|u| !u.disabled)
        else {
            return Ok(None);
        };
        Ok(Some(SessionUser {
            role: users::role(&user)?,
            email: user.email,
            display_name: user.display_name,
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
