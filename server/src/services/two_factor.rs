//! Two-factor sign-in (layer: services): the code step of a login (after
//! the password, for a pending login), and the signed-in user's enrolment
//! (a pending secret with its QR code, confirmed by one of its codes, which
//! then gives ten recovery codes). Enrolment writes go through the unit of
//! work and are audited, never with the secret or a code; the code step,
//! like the password step, writes sessions and attempts directly.
use std::net::IpAddr;

use app::api::{AppError, Credentials, NewSession};
use app::model::{Enrolment, RecoveryCodes, TwoFactorStatus};
use chrono::{DateTime, Utc};

use super::accounts::{
    Accounts, address_key, authenticate_for_enrolment, random_bytes, token_hash,
};
use crate::db::audit::Entry;
use crate::db::login_attempts::{self, Reservation};
use crate::db::two_factor::{self, PendingLogin};
use crate::db::unit_of_work::UnitOfWork;
use crate::db::users;
use crate::domain::auth;
use crate::domain::totp;
use crate::domain::two_factor::{
    RECOVERY_CODE_CHARS, RECOVERY_CODES, SecondFactor, must_enrol, normalize_recovery_code,
    parse_second_factor, pending_login_lifetime, recovery_code,
};
use crate::errors::internal;

/// Said for any pending login that is unknown, expired or already used.
fn expired() -> AppError {
    AppError::invalid(
        "pending_login",
        "this sign-in has expired: enter your email and password again",
    )
}

/// Said for a wrong, replayed or used code, without telling which.
fn wrong_code() -> AppError {
    AppError::invalid(
        "code",
        "the code is wrong or was already used: type the one your app shows now, or an unused recovery code",
    )
}

/// The QR code of `uri` as an inline `<svg>` element (presentation
/// attributes only, no `style`, so the page's CSP allows it).
fn qr_svg(uri: &str) -> Result<String, AppError> {
    use qrcode::render::svg;
    let code = qrcode::QrCode::with_error_correction_level(uri.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| internal("drawing the QR code", e))?;
    let image = code
        .render::<svg::Color>()
        .min_dimensions(220, 220)
        .quiet_zone(true)
        .build();
    // The XML declaration has no place inside an HTML page.
    let start = image.find("<svg").unwrap_or(0);
    Ok(image[start..].replacen("<svg ", "<svg aria-hidden=\"true\" focusable=\"false\" ", 1))
}

/// The secret in groups of four letters, for typing by hand.
fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Accounts {
    /// A pending login for `user_id`: a random token (its hash stored),
    /// valid for 5 minutes and for one successful code.
    pub(super) async fn open_pending_login(
        &self,
        user_id: i32,
        now: DateTime<Utc>,
    ) -> Result<String, AppError> {
        use base64::Engine;
        two_factor::remove_expired_pending_logins(&self.db, now).await?;
        let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>()?);
        two_factor::open_pending_login(
            &self.db,
            PendingLogin {
                token_hash: token_hash(&token),
                user_id,
                created_at: now,
                expires_at: now + pending_login_lifetime(),
            },
        )
        .await?;
        Ok(token)
    }

    /// Whether `typed` is a current app code later than the last one used,
    /// or an unused recovery code, of `user_id`; either is spent here.
    async fn spend_code(
        &self,
        user_id: i32,
        typed: &SecondFactor,
        now: DateTime<Utc>,
    ) -> Result<bool, AppError> {
        match typed {
            SecondFactor::AppCode(code) => {
                let Some(secret) = two_factor::factor(&self.db, user_id)
                    .await?
                    .and_then(|f| f.secret)
                else {
                    return Ok(false);
                };
                let secret = totp::base32_decode(&secret)
                    .map_err(|e| crate::errors::corrupt("two_factor", i64::from(user_id), e))?;
                match totp::matching_step(&secret, code, now.timestamp()) {
                    Some(step) => two_factor::accept_step(&self.db, user_id, step).await,
                    None => Ok(false),
                }
            }
            SecondFactor::RecoveryCode(code) => {
                let used = two_factor::use_recovery_code(&self.db, user_id, &token_hash(code), now)
                    .await?;
                if used {
                    tracing::info!(user_id, "recovery code used");
                }
                Ok(used)
            }
        }
    }

    /// The second step of a sign-in (see `AccountService::login_code`).
    pub(super) async fn second_step(
        &self,
        pending_login: &str,
        code: &str,
        client_ip: Option<IpAddr>,
        previous: Option<&str>,
    ) -> Result<NewSession, AppError> {
        let now = Utc::now();
        let hash = token_hash(pending_login);
        let pending = two_factor::live_pending_login(&self.db, &hash, now)
            .await?
            .ok_or_else(expired)?;
        let user = users::by_id(&self.db, pending.user_id)
            .await?
            .filter(|u| !u.disabled)
            .ok_or_else(expired)?;
        // A code is an attempt of the account, reserved under the same rule
        // and records as a password (so parallel guesses cannot race it);
        // a wrong one is a failed login, as a wrong password is.
        let ip = address_key(client_ip);
        let attempt = match login_attempts::reserve(
            &self.db,
            &user.email,
            &ip,
            auth::throttle_window(),
            auth::login_wait,
        )
        .await?
        {
            Reservation::Reserved(attempt) => attempt,
            Reservation::Refused { retry_after_s } => {
                tracing::info!(email = %user.email, %ip, retry_after_s, "second step throttled");
                return Err(AppError::TooManyRequests { retry_after_s });
            }
        };
        let accepted = match parse_second_factor(code) {
            Ok(typed) => self.spend_code(user.id, &typed, now).await,
            Err(_) => Ok(false),
        };
        // An error leaves the attempt counted as a failure.
        let accepted = accepted?;
        login_attempts::finish(&self.db, attempt, accepted).await?;
        if !accepted {
            tracing::info!(email = %user.email, %ip, "second step failed");
            return Err(wrong_code());
        }
        // One sign-in per pending login, even if two codes raced.
        if !two_factor::close_pending_login(&self.db, &hash).await? {
            return Err(expired());
        }
        let role = users::role(&user)?;
        self.open_session(user, role, previous, false).await
    }

    pub(super) async fn factor_status(
        &self,
        credentials: &Credentials,
    ) -> Result<TwoFactorStatus, AppError> {
        let actor = authenticate_for_enrolment(&self.db, credentials, false).await?;
        let user = app::api::AccountService::session_user(self, credentials.session.as_deref())
            .await?
            .ok_or(AppError::Unauthorized)?;
        let factor = two_factor::factor(&self.db, actor.user_id)
            .await?
            .filter(|f| f.secret.is_some());
        let recovery_codes_left = match factor {
            Some(_) => two_factor::recovery_codes_left(&self.db, actor.user_id).await?,
            None => 0,
        };
        Ok(TwoFactorStatus {
            user,
            enabled_at: factor.and_then(|f| f.enabled_at),
            required: must_enrol(actor.role, self.require_two_factor),
            recovery_codes_left,
        })
    }

    pub(super) async fn start_enrolment(
        &self,
        credentials: &Credentials,
    ) -> Result<Enrolment, AppError> {
        let mut uow = UnitOfWork::begin(&self.db).await?;
        let actor = authenticate_for_enrolment(uow.conn(), credentials, true).await?;
        let before = two_factor::factor(uow.conn(), actor.user_id).await?;
        let left = two_factor::recovery_codes_left(uow.conn(), actor.user_id).await?;
        let secret = totp::base32_encode(&random_bytes::<{ totp::SECRET_BYTES }>()?);
        two_factor::set_pending(uow.conn(), actor.user_id, &secret, Utc::now()).await?;
        let after = two_factor::factor(uow.conn(), actor.user_id).await?;
        uow.audit(Entry {
            actor: &actor.email,
            action: "two_factor.start",
            entity: "user",
            entity_id: Some(actor.user_id.to_string()),
            before: Some(two_factor::json(before.as_ref(), left)),
            after: Some(two_factor::json(after.as_ref(), left)),
        })
        .await?;
        uow.commit("starting a second factor").await?;
        let otpauth_uri = totp::otpauth_uri(&actor.email, &secret);
        Ok(Enrolment {
            qr_svg: qr_svg(&otpauth_uri)?,
            secret: grouped(&secret),
            otpauth_uri,
        })
    }

    pub(super) async fn confirm_enrolment(
        &self,
        credentials: &Credentials,
        code: &str,
    ) -> Result<RecoveryCodes, AppError> {
        let mut uow = UnitOfWork::begin(&self.db).await?;
        let actor = authenticate_for_enrolment(uow.conn(), credentials, true).await?;
        let current = two_factor::factor(uow.conn(), actor.user_id).await?;
        let left = two_factor::recovery_codes_left(uow.conn(), actor.user_id).await?;
        let Some(pending) = current
            .as_ref()
            .and_then(|f| f.pending_secret.clone())
            .zip(current.clone())
        else {
            return Err(AppError::invalid(
                "code",
                "no set-up is under way: start it again",
            ));
        };
        let (secret, factor) = pending;
        let secret = totp::base32_decode(&secret)
            .map_err(|e| crate::errors::corrupt("two_factor", i64::from(actor.user_id), e))?;
        let step = totp::matching_step(&secret, code, Utc::now().timestamp()).ok_or_else(|| {
            AppError::invalid(
                "code",
                "the code does not match: type the 6 digits your app shows now",
            )
        })?;
        let mut codes = Vec::with_capacity(RECOVERY_CODES);
        for _ in 0..RECOVERY_CODES {
            codes.push(recovery_code(&random_bytes::<RECOVERY_CODE_CHARS>()?));
        }
        // Stored as typed back: the hash of the normalized code.
        let hashes: Vec<String> = codes
            .iter()
            .filter_map(|c| normalize_recovery_code(c))
            .map(|c| token_hash(&c))
            .collect();
        let saved = two_factor::confirm(uow.conn(), factor, step, Utc::now(), &hashes).await?;
        uow.audit(Entry {
            actor: &actor.email,
            action: "two_factor.enrol",
            entity: "user",
            entity_id: Some(actor.user_id.to_string()),
            before: Some(two_factor::json(current.as_ref(), left)),
            after: Some(two_factor::json(Some(&saved), RECOVERY_CODES as i64)),
        })
        .await?;
        uow.commit("confirming a second factor").await?;
        tracing::info!(email = %actor.email, "second factor enrolled");
        Ok(RecoveryCodes { codes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_code_is_an_inline_svg_without_style_or_xml_declaration() {
        let svg = qr_svg(&totp::otpauth_uri("m@cdg.ma", "JBSWY3DPEHPK3PXP")).unwrap();
        assert!(
            svg.starts_with("<svg aria-hidden=\"true\""),
            "{}",
            &svg[..60]
        );
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("<?xml"));
        assert!(!svg.contains("style"));
        assert!(!svg.contains("<script"));
        assert_eq!(grouped("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
    }
}
