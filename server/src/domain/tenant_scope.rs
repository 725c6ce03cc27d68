//! Which tenants a park's manager may change or name (layer: domain; pure,
//! no I/O; may use `auth`'s actor and app's model types).
//!
//! A company can lease in several parks, run by different managers, and
//! its record (company, country, activity line) is shown on every one of
//! their public pages: it belongs to all of them. So only someone who
//! manages every park the tenant has ever leased in (or an admin) may change
//! it. Lease events, commitments and declarations are one park's own facts:
//! a manager may record them in their park, and they may name a tenant only
//! when it leases there (a move-in excepted: that is how a company arrives).
use std::collections::BTreeSet;

use app::model::{LeaseKind, Role};

use super::auth::{Actor, Denied};
use super::occupancy::LeaseEvent;

/// Whether `actor` may change a tenant's record, given the parks of every
/// lease event the tenant has (past, current or dated ahead).
///
/// A tenant with no lease at all is in no park, so no manager's scope
/// covers it: only an admin may change it. (The registry does not store who
/// created a tenant, and a tenant is created with its first move-in, so a
/// tenant without any lease is one an admin or a seed made.)
pub fn may_change_record(actor: &Actor, lease_parks: &BTreeSet<i32>) -> Result<(), Denied> {
    match actor.role {
        Role::Admin => Ok(()),
        Role::ParkManager if !lease_parks.is_empty() && lease_parks.is_subset(&actor.parks) => {
            Ok(())
        }
        Role::ParkManager | Role::TenantRep => Err(Denied::Forbidden),
    }
}

/// A park's fact names a tenant that does not lease there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotHere {
    #[error("has no lease in this building: a {kind} needs one (record a move-in first)")]
    NoLeaseInBuilding { kind: &'static str },
    #[error("has no lease in this park")]
    NoLeaseInPark,
}

/// A lease event's tenant, against the stored events of its building: any
/// tenant may move in (an existing one that leases elsewhere too); a resize
/// or a move-out must name a tenant that leases in that building. Whether
/// the lease is open at the event's date is `occupancy::check_sequence`'s rule.
pub fn check_event_tenant(
    kind: LeaseKind,
    tenant: Option<i32>,
    building_events: &[LeaseEvent],
) -> Result<(), NotHere> {
    match (kind, tenant) {
        (LeaseKind::MoveIn, _) => Ok(()),
        (LeaseKind::Resize | LeaseKind::MoveOut, Some(t))
            if building_events
                .iter()
                .any(|e| e.tenant_id == t && e.kind == LeaseKind::MoveIn) =>
        {
            Ok(())
        }
        (LeaseKind::Resize | LeaseKind::MoveOut, _) => Err(NotHere::NoLeaseInBuilding {
            kind: kind.as_str(),
        }),
    }
}

/// A commitment's tenant: it must lease in the park, have leased there, or
/// have a move-in there dated ahead (any lease event in the park).
pub fn check_tenant_of_park(lease_parks: &BTreeSet<i32>, park: i32) -> Result<(), NotHere> {
    if lease_parks.contains(&park) {
        Ok(())
    } else {
        Err(NotHere::NoLeaseInPark)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::occupancy::EventId;

    fn actor(role: Role, parks: &[i32]) -> Actor {
        Actor {
            user_id: 1,
            email: "m@example.ma".into(),
            role,
            parks: parks.iter().copied().collect(),
            tenant_id: None,
        }
    }

    fn parks(ids: &[i32]) -> BTreeSet<i32> {
        ids.iter().copied().collect()
    }

    fn event(tenant_id: i32, kind: LeaseKind) -> LeaseEvent {
        LeaseEvent {
            id: EventId::Recorded(1),
            building_id: 5,
            tenant_id,
            kind,
            area_m2: 100,
            seats: 10,
            effective_date: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        }
    }

    #[test]
    fn a_manager_changes_a_tenant_only_when_every_one_of_its_parks_is_theirs() {
        let m = actor(Role::ParkManager, &[1, 2]);
        assert_eq!(may_change_record(&m, &parks(&[1])), Ok(()));
        assert_eq!(may_change_record(&m, &parks(&[1, 2])), Ok(()));
        // the Oujda tenant moved into Casanearshore for 1 m²: still Oujda's too
        assert_eq!(
            may_change_record(&m, &parks(&[1, 3])),
            Err(Denied::Forbidden)
        );
        assert_eq!(may_change_record(&m, &parks(&[3])), Err(Denied::Forbidden));
    }

    #[test]
    fn a_tenant_without_any_lease_is_changed_only_by_an_admin() {
        assert_eq!(
            may_change_record(&actor(Role::ParkManager, &[1]), &parks(&[])),
            Err(Denied::Forbidden)
        );
        let admin = actor(Role::Admin, &[]);
        assert_eq!(may_change_record(&admin, &parks(&[])), Ok(()));
        assert_eq!(may_change_record(&admin, &parks(&[1, 3])), Ok(()));
        let mut rep = actor(Role::TenantRep, &[1]);
        rep.tenant_id = Some(7);
        assert_eq!(
            may_change_record(&rep, &parks(&[1])),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn anyone_may_move_in_but_a_resize_or_move_out_needs_a_lease_in_the_building() {
        let events = vec![event(7, LeaseKind::MoveIn), event(8, LeaseKind::MoveIn)];
        assert_eq!(
            check_event_tenant(LeaseKind::MoveIn, Some(9), &events),
            Ok(())
        );
        assert_eq!(check_event_tenant(LeaseKind::MoveIn, None, &[]), Ok(()));
        for kind in [LeaseKind::Resize, LeaseKind::MoveOut] {
            assert_eq!(check_event_tenant(kind, Some(7), &events), Ok(()));
            let refused = Err(NotHere::NoLeaseInBuilding {
                kind: kind.as_str(),
            });
            assert_eq!(check_event_tenant(kind, Some(9), &events), refused);
            assert_eq!(check_event_tenant(kind, None, &events), refused);
        }
    }

    #[test]
    fn a_commitment_names_a_tenant_with_a_lease_event_in_its_park() {
        assert_eq!(check_tenant_of_park(&parks(&[1, 3]), 3), Ok(()));
        assert_eq!(
            check_tenant_of_park(&parks(&[1]), 3),
            Err(NotHere::NoLeaseInPark)
        );
        assert_eq!(
            check_tenant_of_park(&parks(&[]), 3),
            Err(NotHere::NoLeaseInPark)
        );
    }
}
