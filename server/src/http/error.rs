//! `AppError` as a JSON response: `{"error": code, "message": text}`.
use app::api::AppError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(value: AppError) -> Self {
        Self(value)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        // Internal errors were logged where they happened; their text never leaves the server.
        let message = match &self.0 {
            AppError::Internal | AppError::Transport(_) => "internal error".to_string(),
            other => other.to_string(),
        };
        (
            status,
            Json(serde_json::json!({ "error": self.0.code(), "message": message })),
        )
            .into_response()
    }
}
