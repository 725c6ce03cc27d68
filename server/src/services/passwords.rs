//! A user changes their own password (layer: services): the current one is
//! checked as a sign-in is (the same reservation and throttle, so a wrong
//! one counts as a failed attempt, and the same hash cap), the new one must
//! meet the policy, and the change ends every other session of the user
//! while keeping this one. Audited, without any password or hash.
use std::net::IpAddr;

use app::api::{AppError, Credentials};
use app::model::PasswordChange;

use super::accounts::{Accounts, address_key, authenticate, hash_password, token_hash};
use crate::db::audit::Entry;
use crate::db::unit_of_work::UnitOfWork;
use crate::db::users;
use crate::domain::auth;

impl Accounts {
    pub(super) async fn change_own_password(
        &self,
        credentials: &Credentials,
        change: PasswordChange,
        client_ip: Option<IpAddr>,
    ) -> Result<(), AppError> {
        let actor = authenticate(&self.db, credentials, true).await?;
        auth::check_password_policy(&change.new)
            .map_err(|m| AppError::invalid("new_password", m))?;
        let ip = address_key(client_ip);
        if self
            .check_password(&actor.email, &change.current, &ip)
            .await?
            .is_none()
        {
            tracing::info!(email = %actor.email, %ip, "password change: wrong current password");
            return Err(AppError::invalid(
                "current_password",
                "is not your current password",
            ));
        }
        let new = change.new;
        let hash = self.hashes.run(move || hash_password(&new)).await??;

        let mut uow = UnitOfWork::begin(&self.db).await?;
        // again inside the write: the session may have ended meanwhile
        let actor = authenticate(uow.conn(), credentials, true).await?;
        let current = users::by_id(uow.conn(), actor.user_id)
            .await?
            .ok_or(AppError::Unauthorized)?;
        let parks = users::park_slugs(uow.conn(), actor.user_id).await?;
        let before = users::json(&current, &parks);
        let saved = users::set_password_hash(uow.conn(), current, hash).await?;
        let keep = credentials
            .session
            .as_deref()
            .map(token_hash)
            .ok_or(AppError::Unauthorized)?;
        users::close_other_sessions(uow.conn(), actor.user_id, &keep).await?;
        uow.audit(Entry {
            actor: &actor.email,
            action: "change_own_password",
            entity: "user",
            entity_id: Some(actor.user_id.to_string()),
            before: Some(before),
            after: Some(users::json(&saved, &parks)),
        })
        .await?;
        uow.commit("committing a password change").await?;
        tracing::info!(email = %actor.email, "password changed; other sessions closed");
        Ok(())
    }
}
