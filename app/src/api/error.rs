//! One error type for the whole server boundary.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::model::FieldError;

/// What can go wrong behind a server function or the JSON API. Internal
/// errors carry no detail: the server logs it and never sends it to a browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found: {0}")]
    NotFound(String),
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("sign-in required")]
    Unauthorized,
    #[error("not allowed")]
    Forbidden,
    /// An admin or park manager signed in with the password alone while the
    /// registry requires a second factor: only enrolment and sign-out are open.
    #[error("two-factor enrolment required")]
    TwoFactorRequired,
    /// Too many failed attempts: wait this many seconds.
    #[error("too many attempts: try again in {retry_after_s} seconds")]
    TooManyRequests { retry_after_s: u64 },
    /// The server is too busy to do this now (password checks at their
    /// cap): try again in this many seconds.
    #[error("busy: try again in {retry_after_s} seconds")]
    Busy { retry_after_s: u64 },
    #[error("internal error")]
    Internal,
    /// The call itself failed (network, encoding): a transport problem, not a domain one.
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// A stable machine-readable code, used as `error` in JSON responses.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "not_found",
            Self::Invalid { .. } => "invalid_parameter",
            Self::Conflict(_) => "conflict",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::TwoFactorRequired => "two_factor_required",
            Self::TooManyRequests { .. } => "too_many_requests",
            Self::Busy { .. } => "busy",
            Self::Internal => "internal",
            Self::Transport(_) => "transport",
        }
    }

    /// Seconds the caller is told to wait (`Retry-After`), for a throttled or busy answer.
    pub fn retry_after_s(&self) -> Option<u64> {
        match self {
            Self::TooManyRequests { retry_after_s } | Self::Busy { retry_after_s } => {
                Some(*retry_after_s)
            }
            _ => None,
        }
    }

    /// The HTTP status that goes with the error.
    pub fn status(&self) -> u16 {
        match self {
            Self::NotFound(_) => 404,
            Self::Invalid { .. } => 400,
            Self::Conflict(_) => 409,
            Self::Unauthorized => 401,
            Self::Forbidden | Self::TwoFactorRequired => 403,
            Self::TooManyRequests { .. } => 429,
            Self::Busy { .. } => 503,
            Self::Internal | Self::Transport(_) => 500,
        }
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        Self::invalid(e.field, e.message)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m)
            | ServerFnErrorErr::MissingArg(m)
            | ServerFnErrorErr::Deserialization(m) => {
                let field = argument_named_in(&m).unwrap_or("arguments").to_string();
                Self::invalid(field, m)
            }
            ServerFnErrorErr::Registration(m) => Self::NotFound(m),
            other => Self::Transport(other.to_string()),
        }
    }
}

/// The argument a decoding error names: serde writes it between backticks
/// ("missing field `csrf`").
pub fn argument_named_in(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once('`')?;
    let (name, _) = rest.split_once('`')?;
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_malformed_argument_is_a_400_that_names_it() {
        let err =
            AppError::from_server_fn_error(ServerFnErrorErr::Args("missing field `csrf`".into()));
        assert_eq!(err.status(), 400);
        assert!(matches!(err, AppError::Invalid { ref field, .. } if field == "csrf"));
        let err = AppError::from_server_fn_error(ServerFnErrorErr::Deserialization(
            "invalid digit found in string".into(),
        ));
        assert!(matches!(err, AppError::Invalid { ref field, .. } if field == "arguments"));
        assert_eq!(
            argument_named_in("unknown field `x`, expected `y`"),
            Some("x")
        );
        assert_eq!(argument_named_in("no name ``"), None);
    }
}
