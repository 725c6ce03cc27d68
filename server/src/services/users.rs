//! Users for admins (layer: services): the list, the add or change of a
//! user with their parks (shared with `server user add`), the CLI's own
//! entry to it, and the reset of someone's second factor.
use app::api::{AppError, Credentials};
use app::model::{Id, Role, UserEdit, UserRow};

use super::accounts::{authenticate, hash_password};
use super::conflict::{conflict, diff};
use super::guard::denied;
use super::manage::Manage;
use crate::db::audit::Entry;
use crate::db::unit_of_work::UnitOfWork;
use crate::db::users::{self, Account, User};
use crate::db::{Connection, ConnectionLike, parks, tenants, two_factor};
use crate::domain::auth::{self, Action, authorize};
use crate::errors::internal;

impl Manage {
    pub(super) async fn all_users(
        &self,
        credentials: &Credentials,
    ) -> Result<Vec<UserRow>, AppError> {
        let actor = authenticate(&self.db, credentials, false).await?;
        authorize(Some(&actor), Action::ManageUsers).map_err(denied)?;
        let all = users::all(&self.db).await?;
        // Every assignment with its slug in one query, not one per user.
        let mut slugs = users::all_park_slugs(&self.db).await?;
        let with_factor = two_factor::enabled_user_ids(&self.db).await?;
        all.into_iter()
            .map(|u| {
                let parks = slugs.remove(&u.id).unwrap_or_default();
                let has_factor = with_factor.contains(&u.id);
                users::row(u, parks).map(|row| UserRow {
                    two_factor: has_factor,
                    ..row
                })
            })
            .collect()
    }

    /// Removes a user's second factor and recovery codes (admins only,
    /// audited): they sign in with their password alone, and enrol again
    /// when the registry requires it of their role.
    pub(super) async fn reset_factor(
        &self,
        credentials: &Credentials,
        user: Id,
    ) -> Result<(), AppError> {
        let mut uow = UnitOfWork::begin(&self.db).await?;
        let actor = authenticate(uow.conn(), credentials, true).await?;
        authorize(Some(&actor), Action::ManageUsers).map_err(denied)?;
        let id = user.get();
        let target = users::by_id(uow.conn(), id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("no user has the id {id}")))?;
        let before = two_factor::factor(uow.conn(), id).await?;
        let left = two_factor::recovery_codes_left(uow.conn(), id).await?;
        if !two_factor::remove(uow.conn(), id).await? {
            return Err(AppError::invalid(
                "user_id",
                format!("{} has no second factor to reset", target.email),
            ));
        }
        uow.audit(Entry {
            actor: &actor.email,
            action: "two_factor.reset",
            entity: "user",
            entity_id: Some(id.to_string()),
            before: Some(two_factor::json(before.as_ref(), left)),
            after: Some(two_factor::json(None, 0)),
        })
        .await?;
        uow.commit("resetting a second factor").await?;
        tracing::info!(admin = %actor.email, user = %target.email, "second factor reset");
        Ok(())
    }

    pub(super) async fn write_user(
        &self,
        credentials: &Credentials,
        edit: UserEdit,
    ) -> Result<UserRow, AppError> {
        let mut uow = UnitOfWork::begin(&self.db).await?;
        let actor = authenticate(uow.conn(), credentials, true).await?;
        authorize(Some(&actor), Action::ManageUsers).map_err(denied)?;
        if edit.id.map(Id::get) == Some(actor.user_id)
            && (edit.disabled || edit.role != Role::Admin)
        {
            return Err(AppError::invalid(
                "role",
                "an admin cannot disable or demote their own account (ask another admin)",
            ));
        }
        let saved = save_user_in(&mut uow, &actor.email, &edit).await?;
        let parks = users::park_slugs(uow.conn(), saved.id).await?;
        let row = users::row(saved, parks)?;
        uow.commit("committing a user").await?;
        Ok(row)
    }
}

/// Creates or changes a user inside the unit of work, with its parks, and
/// audits it. Shared by the admin page and the `server user add` command.
async fn save_user_in(
    uow: &mut UnitOfWork,
    actor: &str,
    edit: &UserEdit,
) -> Result<User, AppError> {
    let (account, park_ids) = checked_account(uow.conn(), edit).await?;
    let password_hash = match edit.password.clone() {
        Some(p) => Some(
            tokio::task::spawn_blocking(move || hash_password(&p))
                .await
                .map_err(|e| internal("hashing a password", e))??,
        ),
        None => None,
    };
    let (saved, before) = match edit.id.map(Id::get) {
        None => (add_user(uow.conn(), account, password_hash).await?, None),
        Some(id) => {
            let (u, before) = change_user(uow.conn(), id, edit, account, password_hash).await?;
            (u, Some(before))
        }
    };
    users::set_parks(uow.conn(), saved.id, &park_ids).await?;
    let slugs = users::park_slugs(uow.conn(), saved.id).await?;
    uow.audit(Entry {
        actor,
        action: if before.is_some() {
            "change_user"
        } else {
            "add_user"
        },
        entity: "user",
        entity_id: Some(saved.id.to_string()),
        before,
        after: Some(users::json(&saved, &slugs)),
    })
    .await?;
    Ok(saved)
}

/// The account fields and the parks assigned, checked in this order: email,
/// password policy, parks, the tenant rule.
async fn checked_account<C: ConnectionLike>(
    conn: &C,
    edit: &UserEdit,
) -> Result<(Account, Vec<i32>), AppError> {
    let email = auth::normalize_email(&edit.email).map_err(|m| AppError::invalid("email", m))?;
    if let Some(p) = &edit.password {
        auth::check_password_policy(p).map_err(|m| AppError::invalid("password", m))?;
    }
    let park_ids = assigned_parks(conn, edit).await?;
    let account = Account {
        email,
        display_name: edit.display_name.trim().to_string(),
        role: edit.role,
        tenant_id: speaks_for(conn, edit).await?,
        disabled: edit.disabled,
    };
    Ok((account, park_ids))
}

/// The ids of the parks a park manager is given; nobody else gets any.
async fn assigned_parks<C: ConnectionLike>(
    conn: &C,
    edit: &UserEdit,
) -> Result<Vec<i32>, AppError> {
    if edit.role != Role::ParkManager {
        if !edit.parks.is_empty() {
            return Err(AppError::invalid(
                "parks",
                "only park managers are assigned parks",
            ));
        }
        return Ok(Vec::new());
    }
    let mut ids = Vec::new();
    for slug in &edit.parks {
        let p = parks::by_slug(conn, slug).await.map_err(|e| match e {
            AppError::NotFound(_) => {
                AppError::invalid("parks", format!("no park has the slug '{slug}'"))
            }
            other => other,
        })?;
        ids.push(p.id);
    }
    Ok(ids)
}

/// The company a tenant representative speaks for; nobody else has one.
async fn speaks_for<C: ConnectionLike>(conn: &C, edit: &UserEdit) -> Result<Option<i32>, AppError> {
    match (edit.role, edit.tenant_id.map(Id::get)) {
        (Role::TenantRep, Some(id)) => {
            tenants::by_id(conn, id).await?.ok_or_else(|| {
                AppError::invalid("tenant_id", format!("no tenant has the id {id}"))
            })?;
            Ok(Some(id))
        }
        (Role::TenantRep, None) => Err(AppError::invalid(
            "tenant_id",
            "a tenant representative speaks for one company: give its tenant id",
        )),
        (_, Some(_)) => Err(AppError::invalid(
            "tenant_id",
            "only tenant representatives speak for a company",
        )),
        (_, None) => Ok(None),
    }
}

async fn add_user<C: ConnectionLike>(
    conn: &C,
    account: Account,
    password_hash: Option<String>,
) -> Result<User, AppError> {
    let Some(hash) = password_hash else {
        return Err(AppError::invalid("password", "a new user needs a password"));
    };
    if users::email_taken(conn, &account.email).await? {
        return Err(AppError::invalid(
            "email",
            format!("{} already has an account", account.email),
        ));
    }
    users::insert(conn, account, hash).await
}

/// Changes user `id` if `edit` is of its current version; returns the
/// saved user and its audit snapshot before. A user disabled, or given a
/// new password, loses every open session.
async fn change_user<C: ConnectionLike>(
    conn: &C,
    id: i32,
    edit: &UserEdit,
    account: Account,
    password_hash: Option<String>,
) -> Result<(User, serde_json::Value), AppError> {
    let current = users::by_id(conn, id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no user has the id {id}")))?;
    let before_parks = users::park_slugs(conn, id).await?;
    if Some(current.version) != edit.version {
        let mut d = Vec::new();
        diff(&mut d, "email", &current.email, &account.email);
        diff(
            &mut d,
            "display_name",
            &current.display_name,
            &edit.display_name,
        );
        diff(&mut d, "role", &current.role.as_str(), &edit.role.as_str());
        diff(&mut d, "disabled", &current.disabled, &edit.disabled);
        let mut wanted = edit.parks.clone();
        wanted.sort();
        diff(&mut d, "parks", &before_parks, &wanted);
        return Err(conflict("This user", None, d));
    }
    let before = users::json(&current, &before_parks);
    let version = edit.version.unwrap_or(1) + 1;
    let saved = users::update(conn, current, account, password_hash, version).await?;
    if edit.disabled || edit.password.is_some() {
        users::close_sessions(conn, id).await?;
    }
    Ok((saved, before))
}

/// `server user add`: creates a user (the first admin, typically), audited
/// as done from the command line.
pub async fn add_user_from_cli(
    db: &Connection,
    email: &str,
    name: &str,
    role: &str,
    parks: Vec<String>,
    tenant_id: Option<i32>,
    password: String,
) -> Result<i32, String> {
    let edit = UserEdit {
        id: None,
        version: None,
        email: email.to_string(),
        display_name: name.trim().to_string(),
        role: Role::parse(role).map_err(|m| format!("--role: {m}"))?,
        parks,
        tenant_id: tenant_id
            .map(|n| Id::new(n.into()).ok_or(format!("--tenant-id: {n} is not an id")))
            .transpose()?,
        disabled: false,
        password: Some(password),
    };
    if edit.display_name.is_empty() {
        return Err("--name: is required".into());
    }
    let shown = |e: AppError| match e {
        AppError::Invalid { field, message } => format!("{field}: {message}"),
        other => other.to_string(),
    };
    let mut uow = UnitOfWork::begin(db).await.map_err(shown)?;
    let user = save_user_in(&mut uow, "cli", &edit).await.map_err(shown)?;
    uow.commit("saving a user from the command line")
        .await
        .map_err(|e| format!("saving the user failed: {e}"))?;
    Ok(user.id)
}
