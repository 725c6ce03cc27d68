//! Who may touch which park, for the manager and job services: the park a
//! request names, hidden from those who may not know it exists, and the
//! authorization rule's refusals as boundary errors.
use app::api::{AppError, Credentials};
use app::model::Role;

use super::accounts::authenticate;
use crate::db::parks::{self, Park};
use crate::domain::auth::{self, Action, Actor, authorize};

/// Maps a refusal of the authorization rule onto the boundary's error.
pub fn denied(d: auth::Denied) -> AppError {
    match d {
        auth::Denied::SignInRequired => AppError::Unauthorized,
        auth::Denied::Forbidden => AppError::Forbidden,
    }
}

/// Only admins learn that a slug does not exist; anyone else gets the same
/// refusal as for a park that is not theirs.
pub fn hide_unknown(park: Result<Park, AppError>, actor: &Actor) -> Result<Park, AppError> {
    match park {
        Err(AppError::NotFound(_)) if actor.role != Role::Admin => Err(AppError::Forbidden),
        other => other,
    }
}

/// The park named by `slug`, as `actor` may learn of it.
pub async fn visible_park<C: crate::db::ConnectionLike>(
    conn: &C,
    actor: &Actor,
    slug: &str,
) -> Result<Park, AppError> {
    hide_unknown(parks::by_slug(conn, slug).await, actor)
}

/// Authenticates, then loads the park and checks the actor may manage it.
pub async fn managed_park<C: crate::db::ConnectionLike>(
    conn: &C,
    credentials: &Credentials,
    slug: &str,
    for_change: bool,
) -> Result<(Actor, Park), AppError> {
    let actor = authenticate(conn, credentials, for_change).await?;
    // Managers of other parks learn nothing, not even whether the slug exists.
    let park = visible_park(conn, &actor, slug).await?;
    authorize(Some(&actor), Action::ManagePark(park.id)).map_err(denied)?;
    Ok((actor, park))
}
