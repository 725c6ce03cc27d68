//! `AppError` as a JSON response: `{"error": code, "message": text}`, and
//! the right status on a server function's error.
use app::api::AppError;
use axum::Json;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The header server_fn puts on every error it answers (always as a 500).
const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";
/// A server function's error body is one small JSON value.
const ERROR_BODY_MAX: usize = 64 * 1024;

/// server_fn answers every error as a 500 unless the function itself set a
/// status, which it cannot do when its arguments fail to decode. This gives
/// such an answer the status of the `AppError` it carries (a missing `csrf`
/// is then a 400 naming `csrf`); internal errors stay 500.
pub async fn server_fn_status(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, ERROR_BODY_MAX).await else {
        return ApiError(AppError::Internal).into_response();
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(err.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

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
