//! Who may do what, when a sign-in must wait and how long a session lives
//! (layer: domain; pure, no I/O).
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

/// Failed logins allowed for one account from one address within the window.
pub const MAX_FAILURES: usize = 5;
/// Failed logins allowed from one address, whatever the accounts, within the window.
pub const MAX_ADDRESS_FAILURES: usize = 20;
/// Failures of one account (from any addresses) after which each further
/// attempt waits a growing delay after the last failure.
pub const ACCOUNT_DELAY_FROM: usize = 5;
/// The longest delay an account's failures impose (seconds).
pub const ACCOUNT_DELAY_MAX_S: i64 = 60;

/// How far back failures count. Attempts older than this are pruned.
pub fn throttle_window() -> Duration {
    Duration::minutes(15)
}

/// The failed (or still pending) sign-ins inside the window that bear on
/// one attempt: of this account from this address, from this address on
/// any accounts, and of this account from any addresses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecentFailures {
    pub pair: Vec<DateTime<Utc>>,
    pub address: Vec<DateTime<Utc>>,
    pub account: Vec<DateTime<Utc>>,
}

/// Seconds before this attempt may be checked, or none when it may be now.
/// The rule (docs/SECURITY.md, "Sign-in throttling"):
/// - one account from one address: 5 failures in 15 minutes lock that pair
///   until the oldest counted one leaves the window;
/// - one address on any accounts: 20 failures lock that address the same way;
/// - one account from all addresses: never locked, but from 5 failures on,
///   an attempt waits min(2^(n-5), 60) seconds after the account's last
///   failure (n: its failures in the window). A stranger's guesses keep the
///   right password from another address waiting a minute at most, and
///   guesses spread over many addresses get about one a minute.
pub fn login_wait(failures: &RecentFailures, now: DateTime<Utc>) -> Option<u64> {
    [
        retry_after_limit(&failures.pair, MAX_FAILURES, now),
        retry_after_limit(&failures.address, MAX_ADDRESS_FAILURES, now),
        account_delay(&failures.account, now),
    ]
    .into_iter()
    .flatten()
    .max()
}

/// The failures inside the window, oldest first. One stamped after `now`
/// (another instance's clock, a reservation made while this one waited for
/// the lock) counts: it happened.
fn in_window(failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let since = now - throttle_window();
    let mut recent: Vec<DateTime<Utc>> =
        failures.iter().copied().filter(|at| *at > since).collect();
    recent.sort();
    recent
}

fn whole_seconds(wait: Duration) -> u64 {
    ((wait.num_milliseconds().max(0) as u64).div_ceil(1000)).max(1)
}

/// Seconds to wait given the failures inside the window, when `limit` of
/// them or more are there: until all but `limit - 1` have left it.
pub fn retry_after_limit(
    failures: &[DateTime<Utc>],
    limit: usize,
    now: DateTime<Utc>,
) -> Option<u64> {
    let recent = in_window(failures, now);
    if limit == 0 || recent.len() < limit {
        return None;
    }
    let oldest_that_must_expire = recent[recent.len() - limit];
    Some(whole_seconds(
        oldest_that_must_expire + throttle_window() - now,
    ))
}

/// Seconds to wait given one account's failures from every address: from
/// the 5th failure in the window on, min(2^(n-5), 60) seconds after the last.
pub fn account_delay(failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<u64> {
    let recent = in_window(failures, now);
    let n = recent.len();
    if n < ACCOUNT_DELAY_FROM {
        return None;
    }
    let exponent = u32::try_from(n - ACCOUNT_DELAY_FROM).unwrap_or(u32::MAX);
    let delay_s = 2_i64
        .checked_pow(exponent)
        .map_or(ACCOUNT_DELAY_MAX_S, |d| d.min(ACCOUNT_DELAY_MAX_S));
    let last = *recent.last()?;
    let ends = last + Duration::seconds(delay_s);
    (ends > now).then(|| whole_seconds(ends - now))
}

/// How long a session may go unused before it is dead.
pub fn session_idle_limit() -> Duration {
    Duration::minutes(30)
}

/// How often a session's last use is written: at most once a minute, so a
/// page that makes several requests costs no write each.
pub fn session_touch_every() -> Duration {
    Duration::minutes(1)
}

/// Whether a session is alive: before its absolute end and used within the idle limit.
pub fn session_alive(
    expires_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    now < expires_at && now - last_seen_at < session_idle_limit()
}

/// Whether a live session's last use is old enough to be written again.
pub fn session_needs_touch(last_seen_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - last_seen_at >= session_touch_every()
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

    fn at() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn minutes_ago(list: &[i64]) -> Vec<DateTime<Utc>> {
        list.iter().map(|m| at() - Duration::minutes(*m)).collect()
    }

    fn seconds_ago(list: &[i64]) -> Vec<DateTime<Utc>> {
        list.iter().map(|s| at() - Duration::seconds(*s)).collect()
    }

    #[test]
    fn the_sixth_failure_of_a_pair_within_15_minutes_waits_until_the_first_leaves_the_window() {
        let now = at();
        let pair = |list: &[i64]| RecentFailures {
            pair: minutes_ago(list),
            ..RecentFailures::default()
        };
        assert_eq!(login_wait(&pair(&[14, 10, 5, 1]), now), None);
        // the failure 14 minutes ago leaves the window in 1 minute
        assert_eq!(login_wait(&pair(&[14, 10, 5, 1, 0]), now), Some(60));
        // failures older than 15 minutes do not count
        assert_eq!(login_wait(&pair(&[40, 30, 20, 16, 1]), now), None);
        // a failure stamped a moment after now counts all the same
        let later = vec![now + Duration::milliseconds(5); 5];
        assert!(retry_after_limit(&later, MAX_FAILURES, now).is_some());
        // seven failures: the third oldest must leave
        assert_eq!(
            login_wait(&pair(&[14, 12, 9, 5, 3, 2, 1]), now),
            Some(6 * 60)
        );
    }

    #[test]
    fn an_address_is_locked_after_twenty_failures_on_any_accounts() {
        let now = at();
        let nineteen: Vec<i64> = (1..=19).map(|n| n * 30).collect();
        let address = |list: &[i64]| RecentFailures {
            address: seconds_ago(list),
            ..RecentFailures::default()
        };
        assert_eq!(login_wait(&address(&nineteen), now), None);
        let mut twenty = nineteen.clone();
        twenty.push(0);
        // the oldest, 570 s ago, leaves the 900 s window in 330 s
        assert_eq!(login_wait(&address(&twenty), now), Some(330));
        // the same twenty spread over one pair would have locked it long before
        assert!(retry_after_limit(&seconds_ago(&twenty), MAX_FAILURES, now).is_some());
    }

    #[test]
    fn an_account_is_never_locked_but_waits_a_delay_that_doubles_up_to_a_minute() {
        let now = at();
        // four failures: no delay at all
        assert_eq!(account_delay(&seconds_ago(&[300, 200, 100, 0]), now), None);
        // five: 1 s after the last one
        assert_eq!(
            account_delay(&seconds_ago(&[300, 200, 100, 50, 0]), now),
            Some(1)
        );
        // seven: 4 s after the last one, which was 1 s ago
        let seven = seconds_ago(&[300, 250, 200, 150, 100, 50, 1]);
        assert_eq!(account_delay(&seven, now), Some(3));
        // the delay passed: the attempt goes through
        let seven_old = seconds_ago(&[300, 250, 200, 150, 100, 50, 5]);
        assert_eq!(account_delay(&seven_old, now), None);
        // many failures: never more than a minute after the last one
        let many: Vec<i64> = (0..40).map(|n| 800 - n * 20).collect();
        assert_eq!(account_delay(&seconds_ago(&many), now), Some(60 - 20));
        let many_old: Vec<i64> = (0..40).map(|n| 860 - n * 20).collect();
        assert_eq!(account_delay(&seconds_ago(&many_old), now), None);
    }

    #[test]
    fn a_strangers_failures_from_one_address_keep_another_address_waiting_a_minute_at_most() {
        let now = at();
        // six failures from address A, the last 2 minutes ago
        let stranger = minutes_ago(&[7, 6, 5, 4, 3, 2]);
        let from_a = RecentFailures {
            pair: stranger.clone(),
            address: stranger.clone(),
            account: stranger.clone(),
        };
        assert!(
            login_wait(&from_a, now).is_some_and(|s| s > 60),
            "A is locked"
        );
        let from_b = RecentFailures {
            pair: Vec::new(),
            address: Vec::new(),
            account: stranger,
        };
        assert_eq!(login_wait(&from_b, now), None, "B signs in");
        // right after the stranger's last failure, B waits 2 s (six failures)
        let just_now = seconds_ago(&[50, 40, 30, 20, 10, 0]);
        let from_b = RecentFailures {
            account: just_now,
            ..RecentFailures::default()
        };
        assert_eq!(login_wait(&from_b, now), Some(2));
    }

    #[test]
    fn a_session_dies_after_30_idle_minutes_or_12_hours_and_is_touched_once_a_minute() {
        let now = at();
        let ends = now + Duration::hours(1);
        assert!(session_alive(ends, now - Duration::minutes(29), now));
        assert!(!session_alive(ends, now - Duration::minutes(31), now));
        assert!(!session_alive(now, now, now), "past its absolute end");
        assert!(!session_needs_touch(now - Duration::seconds(59), now));
        assert!(session_needs_touch(now - Duration::seconds(60), now));
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
