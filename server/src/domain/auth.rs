//! Who may do what, and when a login must wait (layer: domain; pure, no I/O).
//!
//! Rules are checked by the services inside each write transaction, after
//! the actor and their parks are read again: hiding a button is never the check.
use std::collections::BTreeSet;

use app::model::Role;
use chrono::{DateTime, Duration, Utc};

/// A signed-in user as the services know them, read in the write's transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i32,
    pub email: String,
    pub role: Role,
    /// Parks assigned to a park manager.
    pub parks: BTreeSet<i32>,
    /// The company a tenant representative speaks for.
    pub tenant_id: Option<i32>,
}

/// What an actor asks to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read a park's editor or change its park record, buildings, tenants or leases.
    ManagePark(i32),
    /// See the parks one manages (any signed-in manager or admin).
    ListOwnParks,
    /// Create or change users.
    ManageUsers,
    /// Browse the audit log.
    ReadAudit,
    /// Declare a tenant's jobs in a park (tenant representative of that
    /// company, a manager of that park, or an admin).
    DeclareJobs { park: i32, tenant: i32 },
    /// Validate or return a declaration, record commitments (manager of the park, admin).
    ReviewJobs(i32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("sign-in required")]
    SignInRequired,
    #[error("not allowed")]
    Forbidden,
}

/// The one authorization rule of the registry.
pub fn authorize(actor: Option<&Actor>, action: Action) -> Result<(), Denied> {
    let actor = actor.ok_or(Denied::SignInRequired)?;
    let allowed = match (actor.role, action) {
        (Role::Admin, _) => true,
        (Role::ParkManager, Action::ManagePark(park)) => actor.parks.contains(&park),
        (Role::ParkManager, Action::ListOwnParks) => true,
        (Role::ParkManager, Action::ManageUsers | Action::ReadAudit) => false,
        (Role::ParkManager, Action::DeclareJobs { park, .. } | Action::ReviewJobs(park)) => {
            actor.parks.contains(&park)
        }
        (Role::TenantRep, Action::DeclareJobs { tenant, .. }) => actor.tenant_id == Some(tenant),
        (Role::TenantRep, _) => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// Failed logins allowed per account and per address within `THROTTLE_WINDOW`.
pub const MAX_FAILURES: usize = 5;
pub fn throttle_window() -> Duration {
    Duration::minutes(15)
}

/// Seconds to wait before the next attempt, given the failures (of one
/// account, or from one address) inside the window; none when under the limit.
pub fn retry_after(failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<u64> {
    let window = throttle_window();
    let mut recent: Vec<DateTime<Utc>> = failures
        .iter()
        .copied()
        .filter(|at| *at > now - window && *at <= now)
        .collect();
    if recent.len() < MAX_FAILURES {
        return None;
    }
    recent.sort();
    // The lock ends when all but MAX_FAILURES - 1 of them have left the window.
    let oldest_that_must_expire = recent[recent.len() - MAX_FAILURES];
    let wait = (oldest_that_must_expire + window - now).num_milliseconds();
    Some(((wait.max(0) as u64).div_ceil(1000)).max(1))
}

/// Minimum and maximum password lengths (characters).
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 256;

pub fn check_password_policy(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < PASSWORD_MIN {
        return Err(format!(
            "must have at least {PASSWORD_MIN} characters (a short sentence is fine)"
        ));
    }
    if n > PASSWORD_MAX {
        return Err(format!("must have at most {PASSWORD_MAX} characters"));
    }
    Ok(())
}

/// An email as the registry stores and compares it: trimmed, lower case,
/// with one `@` between two non-empty parts.
pub fn normalize_email(raw: &str) -> Result<String, String> {
    let e = raw.trim().to_lowercase();
    match e.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.chars().any(char::is_whitespace)
                && !domain.contains('@')
                && e.len() <= 254 =>
        {
            Ok(e)
        }
        _ => Err(format!("'{}' is not an email address", raw.trim())),
    }
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, parks: &[i32]) -> Actor {
        Actor {
            user_id: 1,
            email: "x@example.ma".into(),
            role,
            parks: parks.iter().copied().collect(),
            tenant_id: None,
        }
    }

    #[test]
    fn park_managers_manage_only_their_own_parks() {
        let m = actor(Role::ParkManager, &[1, 2]);
        assert_eq!(authorize(Some(&m), Action::ManagePark(1)), Ok(()));
        assert_eq!(
            authorize(Some(&m), Action::ManagePark(3)),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(Some(&m), Action::ManageUsers),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(Some(&m), Action::ReadAudit),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn admins_may_do_everything_and_tenants_and_the_public_nothing_here() {
        let a = actor(Role::Admin, &[]);
        for action in [
            Action::ManagePark(9),
            Action::ManageUsers,
            Action::ReadAudit,
            Action::ListOwnParks,
        ] {
            assert_eq!(authorize(Some(&a), action), Ok(()));
            assert_eq!(
                authorize(Some(&actor(Role::TenantRep, &[9])), action),
                Err(Denied::Forbidden)
            );
            assert_eq!(authorize(None, action), Err(Denied::SignInRequired));
        }
    }

    #[test]
    fn tenant_representatives_declare_only_for_their_own_company() {
        let mut rep = actor(Role::TenantRep, &[]);
        rep.tenant_id = Some(7);
        assert_eq!(
            authorize(Some(&rep), Action::DeclareJobs { park: 1, tenant: 7 }),
            Ok(())
        );
        assert_eq!(
            authorize(Some(&rep), Action::DeclareJobs { park: 1, tenant: 8 }),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(Some(&rep), Action::ReviewJobs(1)),
            Err(Denied::Forbidden)
        );
        let m = actor(Role::ParkManager, &[1]);
        assert_eq!(
            authorize(Some(&m), Action::DeclareJobs { park: 1, tenant: 8 }),
            Ok(())
        );
        assert_eq!(
            authorize(Some(&m), Action::ReviewJobs(2)),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn the_sixth_failure_within_15_minutes_waits_until_the_first_leaves_the_window() {
        let now = DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let minutes_ago = |m: i64| now - Duration::minutes(m);
        let four: Vec<_> = [14, 10, 5, 1].into_iter().map(minutes_ago).collect();
        assert_eq!(retry_after(&four, now), None);
        let five: Vec<_> = [14, 10, 5, 1, 0].into_iter().map(minutes_ago).collect();
        // the failure 14 minutes ago leaves the window in 1 minute
        assert_eq!(retry_after(&five, now), Some(60));
        // failures older than 15 minutes do not count
        let old: Vec<_> = [40, 30, 20, 16, 1].into_iter().map(minutes_ago).collect();
        assert_eq!(retry_after(&old, now), None);
        // seven failures: the third oldest must leave
        let seven: Vec<_> = [14, 12, 9, 5, 3, 2, 1]
            .into_iter()
            .map(minutes_ago)
            .collect();
        assert_eq!(retry_after(&seven, now), Some(6 * 60));
    }

    #[test]
    fn emails_are_compared_lower_case_and_passwords_need_12_characters() {
        assert_eq!(
            normalize_email("  Manager@CDG.ma "),
            Ok("manager@cdg.ma".into())
        );
        assert!(normalize_email("manager").is_err());
        assert!(normalize_email("a@b").is_err());
        assert!(normalize_email("a b@c.ma").is_err());
        assert!(check_password_policy("short").is_err());
        assert!(check_password_policy("a long enough one").is_ok());
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
    }
}
