//! Server functions of two-factor sign-in: the second step of a login, the
//! signed-in user's enrolment, and the admin's reset of someone's factor.
//! Each takes the services from context, calls one method, and maps the
//! result onto the response.
use leptos::prelude::*;

use super::AppError;
use crate::model::{Enrolment, RecoveryCodes, SessionUser, TwoFactorResetForm, TwoFactorStatus};

#[cfg(feature = "ssr")]
fn accounts() -> Result<super::Accounts, AppError> {
    use_context::<super::Accounts>().ok_or_else(|| {
        leptos::logging::error!("account services missing from the Leptos context");
        AppError::Internal
    })
}

/// The second step of a sign-in: a code from the app or a recovery code,
/// with the pending login the password step answered. Opens the session,
/// then goes to `next` (a path of this site) or the manager's home.
#[server(prefix = "/api/account", endpoint = "login_code")]
pub async fn login_code(
    pending_login: String,
    code: String,
    next: Option<String>,
) -> Result<SessionUser, AppError> {
    use super::request::{client_ip, finish, session_cookie, set_session_cookie};
    use crate::model::{code_field, safe_next};
    finish(
        async {
            let accounts = accounts()?;
            let code = code_field(&code)?;
            let previous = session_cookie();
            let session = accounts
                .login_code(&pending_login, &code, client_ip(), previous.as_deref())
                .await?;
            set_session_cookie(
                Some((&session.token, session.max_age_s)),
                accounts.secure_cookies(),
            );
            leptos_axum::redirect(&safe_next(next.as_deref(), "/fr/manage"));
            Ok(session.user)
        }
        .await,
    )
}

/// The signed-in user's second factor.
#[server(prefix = "/api/account", endpoint = "two_factor")]
pub async fn two_factor_state() -> Result<TwoFactorStatus, AppError> {
    use super::request::{credentials, finish};
    finish(accounts()?.two_factor_status(&credentials(None)).await)
}

/// Starts an enrolment: a new secret, its QR code and its text.
#[server(prefix = "/api/account", endpoint = "start_two_factor")]
pub async fn start_two_factor(csrf: String) -> Result<Enrolment, AppError> {
    use super::request::{credentials, finish};
    finish(accounts()?.start_two_factor(&credentials(Some(csrf))).await)
}

/// Confirms the enrolment with a current code; answers the recovery codes.
#[server(prefix = "/api/account", endpoint = "confirm_two_factor")]
pub async fn confirm_two_factor(csrf: String, code: String) -> Result<RecoveryCodes, AppError> {
    use super::request::{credentials, finish};
    use crate::model::code_field;
    let change = async {
        let code = code_field(&code)?;
        accounts()?
            .confirm_two_factor(&credentials(Some(csrf)), &code)
            .await
    };
    finish(change.await)
}

/// An admin removes someone's second factor.
#[server(prefix = "/api/manage", endpoint = "reset_two_factor")]
pub async fn reset_two_factor(
    csrf: String,
    #[server(flatten)] form: TwoFactorResetForm,
) -> Result<(), AppError> {
    use super::request::{credentials, finish};
    let change = async {
        let manage = use_context::<super::Management>().ok_or_else(|| {
            leptos::logging::error!("management services missing from the Leptos context");
            AppError::Internal
        })?;
        manage
            .reset_two_factor(&credentials(Some(csrf)), form.parse()?)
            .await
    };
    finish(change.await)
}
