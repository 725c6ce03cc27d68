//! The demo's accounts (invented, like the rest of the demo data), so that
//! the manager pages can be tried: an admin, a manager of two parks and a
//! tenant representative. Added through the same code as `server user add`.
use app::model::Role;

use crate::db::{Connection, buildings, lease_events, parks, users};
use crate::services::users::add_user_from_cli;

pub const DEMO_PASSWORD: &str = "demo-registry-2026";
pub const DEMO_ADMIN: &str = "admin@demo.tvr.ma";
pub const DEMO_MANAGER: &str = "manager@demo.tvr.ma";
pub const DEMO_TENANT_REP: &str = "rep@demo.tvr.ma";

/// One account to add: email, name, role, parks, tenant.
type DemoAccount = (&'static str, &'static str, Role, Vec<String>, Option<i32>);

/// Adds the demo accounts unless an account with that email exists.
pub async fn seed_demo_accounts(db: &Connection) -> Result<usize, String> {
    let shown = |e: app::api::AppError| format!("reading the demo parks: {e}");
    let demo_parks = parks::slugs_named(db, &["Casanearshore", "Fès Shore"])
        .await
        .map_err(shown)?;
    let rep_tenant = representative_tenant(db).await.map_err(shown)?;
    let mut accounts: Vec<DemoAccount> = vec![
        (DEMO_ADMIN, "Demo admin", Role::Admin, Vec::new(), None),
        (
            DEMO_MANAGER,
            "Demo park manager",
            Role::ParkManager,
            demo_parks,
            None,
        ),
    ];
    if rep_tenant.is_some() {
        accounts.push((
            DEMO_TENANT_REP,
            "Demo tenant representative",
            Role::TenantRep,
            Vec::new(),
            rep_tenant,
        ));
    }
    let mut added = 0;
    for (email, name, role, parks, tenant_id) in accounts {
        if users::email_taken(db, email)
            .await
            .map_err(|e| format!("reading users: {e}"))?
        {
            continue;
        }
        add_user_from_cli(
            db,
            email,
            name,
            role.as_str(),
            parks,
            tenant_id,
            DEMO_PASSWORD.to_string(),
        )
        .await?;
        added += 1;
    }
    Ok(added)
}

/// The representative speaks for the first demo tenant leasing in Casanearshore.
async fn representative_tenant(db: &Connection) -> Result<Option<i32>, app::api::AppError> {
    match parks::by_name(db, "Casanearshore").await? {
        Some(p) => {
            let building_ids = buildings::ids_of_park(db, p.id).await?;
            lease_events::first_tenant_in(db, building_ids).await
        }
        None => Ok(None),
    }
}
