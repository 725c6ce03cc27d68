//! The one place where storage errors become `AppError`: internal details
//! are logged with context and never sent to a caller.
use app::api::AppError;
use sea_orm::{DbErr, SqlErr};

pub fn db_error(context: &'static str, err: DbErr) -> AppError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(detail)) => {
            tracing::info!(context, %detail, "unique constraint violated");
            AppError::Conflict("a record with the same key already exists".into())
        }
        Some(SqlErr::ForeignKeyConstraintViolation(detail)) => {
            tracing::info!(context, %detail, "foreign key violated");
            AppError::invalid(
                "reference",
                "the record refers to something that does not exist",
            )
        }
        _ => {
            tracing::error!(context, error = %err, "database error");
            AppError::Internal
        }
    }
}
