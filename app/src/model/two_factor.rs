//! Two-factor sign-in as the pages see it: what the password step answers,
//! a user's factor, an enrolment in progress and the recovery codes shown once.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::SessionUser;

/// What the password step answers. Untagged, so that a sign-in without a
/// second factor answers the same `SessionUser` as before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LoginOutcome {
    /// The user has a second factor: no session yet. `pending_login` goes
    /// back with the code (a hidden field of the second step's form); it
    /// lasts 5 minutes and ends with the first successful code.
    CodeNeeded { pending_login: String },
    /// Signed in (a session was opened).
    SignedIn(SessionUser),
}

/// The signed-in user's second factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TwoFactorStatus {
    pub user: SessionUser,
    pub enabled_at: Option<DateTime<Utc>>,
    /// The registry requires a factor for this user (admins and park managers).
    pub required: bool,
    pub recovery_codes_left: i64,
}

/// An enrolment started: the new secret, for the QR code and to type by hand.
/// The factor in use (if any) stays until a code of this one confirms it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enrolment {
    /// Base32 (RFC 4648, no padding), in groups of four for reading.
    pub secret: String,
    pub otpauth_uri: String,
    /// The QR code of `otpauth_uri`, an `<svg>` element made on the server.
    pub qr_svg: String,
}

/// The recovery codes of a confirmed enrolment, shown once and never again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}
