//! Server functions for signing in and out and changing one's own
//! password. Each takes the services from context, calls one method, and
//! maps the result onto the response.
use leptos::prelude::*;

use super::AppError;
use crate::model::{LoginOutcome, PasswordForm, SessionUser};

#[cfg(feature = "ssr")]
fn accounts() -> Result<super::Accounts, AppError> {
    use_context::<super::Accounts>().ok_or_else(|| {
        leptos::logging::error!("account services missing from the Leptos context");
        AppError::Internal
    })
}

/// Signs in and opens a new session (a new session id every time), then goes
/// to `next` (a path of this site) or the manager's home. A user with a
/// second factor gets no session yet: the answer asks for the code
/// (`login_code` takes it).
#[server(prefix = "/api/account", endpoint = "login")]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<LoginOutcome, AppError> {
    use super::LoginStep;
    use super::request::{client_ip, finish, session_cookie, set_session_cookie};
    use crate::model::safe_next;
    finish(
        async {
            let accounts = accounts()?;
            let previous = session_cookie();
            let step = accounts
                .login(&email, &password, client_ip(), previous.as_deref())
                .await?;
            let session = match step {
                LoginStep::SignedIn(session) => session,
                LoginStep::CodeNeeded { pending_login } => {
                    return Ok(LoginOutcome::CodeNeeded { pending_login });
                }
            };
            set_session_cookie(
                Some((&session.token, session.max_age_s)),
                accounts.secure_cookies(),
            );
            leptos_axum::redirect(&safe_next(next.as_deref(), "/fr/manage"));
            Ok(LoginOutcome::SignedIn(session.user))
        }
        .await,
    )
}

/// Signs out: the cookie is always cleared and the browser sent on to
/// `next`, whatever the session's state; the server closes the session only
/// when the form carries its CSRF token.
#[server(prefix = "/api/account", endpoint = "logout")]
pub async fn logout(csrf: Option<String>, next: Option<String>) -> Result<(), AppError> {
    use super::request::{credentials, finish, set_session_cookie};
    use crate::model::safe_next;
    finish(
        async {
            let accounts = accounts()?;
            // A refusal (no or wrong CSRF token) or a storage error leaves
            // the session open; the service logged which.
            let _ = accounts.logout(&credentials(csrf)).await;
            set_session_cookie(None, accounts.secure_cookies());
            leptos_axum::redirect(&safe_next(next.as_deref(), "/fr"));
            Ok(())
        }
        .await,
    )
}

/// Changes the signed-in user's own password (the form carries the current
/// one and the new one twice); their other sessions end, this one stays.
#[server(prefix = "/api/account", endpoint = "change_password")]
pub async fn change_password(
    csrf: String,
    #[server(flatten)] form: PasswordForm,
) -> Result<(), AppError> {
    use super::request::{client_ip, credentials, finish};
    let change = async {
        accounts()?
            .change_password(&credentials(Some(csrf)), form.parse()?, client_ip())
            .await
    };
    finish(change.await)
}

/// Who is signed in, if anyone.
#[server(prefix = "/api/account", endpoint = "current_user")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    use super::request::{finish, session_cookie};
    finish(accounts()?.session_user(session_cookie().as_deref()).await)
}
