//! Internal errors that can be followed: each one is logged exactly once,
//! here, with its context and its cause, and reaches the caller only as
//! `AppError::Internal` (no detail leaves the server). Storage errors come
//! through `db::db_error`, which ends here for anything but a constraint.
use std::fmt::Display;

use app::api::AppError;

/// Something failed that is not the caller's doing (a library, the system).
pub fn internal(context: &'static str, cause: impl Display) -> AppError {
    tracing::error!(context, error = %cause, "internal error");
    AppError::Internal
}

/// A stored row that the code cannot read (an unknown status, kind, code):
/// logged with the table and the row's id, never skipped silently.
pub fn corrupt(table: &'static str, id: impl Display, cause: impl Display) -> AppError {
    tracing::error!(table, id = %id, error = %cause, "stored data is invalid");
    AppError::Internal
}
