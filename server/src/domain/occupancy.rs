//! Occupancy derived from dated lease events, never stored as one number.
//!
//! An event gives a tenant's totals in one building from its effective date
//! on: a move-in starts a lease, a resize changes its area and seats, a
//! move-out ends it. The leases in force at any date, past or future, are a
//! fold over the events up to that date.
use std::collections::{BTreeMap, BTreeSet};

use app::model::LeaseKind;
use chrono::NaiveDate;

/// Where an event stands among the events of its date: recorded events in
/// the order they were recorded, then the one being proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventId {
    Recorded(i64),
    Proposed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseEvent {
    /// Order of recording; breaks ties between events of the same date.
    pub id: EventId,
    pub building_id: i32,
    pub tenant_id: i32,
    pub kind: LeaseKind,
    pub area_m2: i64,
    pub seats: i64,
    pub effective_date: NaiveDate,
}

/// A lease in force: a tenant's area and seats in one building.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lease {
    pub building_id: i32,
    pub tenant_id: i32,
    pub area_m2: i64,
    pub seats: i64,
    /// Effective date of the move-in that started this lease.
    pub since: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LeaseError {
    #[error(
        "tenant {tenant_id} already leases in building {building_id} on {date}: record a resize instead"
    )]
    AlreadyLeased {
        tenant_id: i32,
        building_id: i32,
        date: NaiveDate,
    },
    #[error("tenant {tenant_id} has no lease in building {building_id} on {date}")]
    NoLease {
        tenant_id: i32,
        building_id: i32,
        date: NaiveDate,
    },
    #[error(
        "a tenant new to the registry has no lease in building {building_id} on {date}: record its move-in first"
    )]
    NewTenantHasNoLease { building_id: i32, date: NaiveDate },
    #[error(
        "a {kind} needs a positive area and non-negative seats, got {area_m2} m² and {seats} seats"
    )]
    BadFigures {
        kind: &'static str,
        area_m2: i64,
        seats: i64,
    },
}

fn in_order(events: &[LeaseEvent]) -> Vec<&LeaseEvent> {
    let mut sorted: Vec<&LeaseEvent> = events.iter().collect();
    sorted.sort_by_key(|e| (e.effective_date, e.id));
    sorted
}

/// Leases in force, keyed by (building, tenant).
pub type OpenLeases = BTreeMap<(i32, i32), Lease>;

/// Applies one event to the leases in force: the single rule every replay uses.
/// An event that makes no sense in sequence is ignored here; `check_sequence`
/// is the rule that keeps such events out of the database.
pub fn apply(open: &mut OpenLeases, e: &LeaseEvent) {
    let key = (e.building_id, e.tenant_id);
    match e.kind {
        LeaseKind::MoveIn => {
            open.entry(key).or_insert(Lease {
                building_id: e.building_id,
                tenant_id: e.tenant_id,
                area_m2: e.area_m2,
                seats: e.seats,
                since: e.effective_date,
            });
        }
        LeaseKind::Resize => {
            if let Some(lease) = open.get_mut(&key) {
                lease.area_m2 = e.area_m2;
                lease.seats = e.seats;
            }
        }
        LeaseKind::MoveOut => {
            open.remove(&key);
        }
    }
}

/// Replays the events and returns the leases in force at `date` (events
/// effective on `date` count), ordered by building then tenant.
pub fn leases_at(events: &[LeaseEvent], date: NaiveDate) -> Vec<Lease> {
    let mut open = OpenLeases::new();
    for e in in_order(events)
        .into_iter()
        .take_while(|e| e.effective_date <= date)
    {
        apply(&mut open, e);
    }
    open.into_values().collect()
}

/// Checks that a history of events is coherent: a move-in only where the
/// tenant has no lease, a resize or move-out only where it has one, positive
/// areas for move-ins and resizes.
pub fn check_sequence(events: &[LeaseEvent]) -> Result<(), LeaseError> {
    let mut open: BTreeMap<(i32, i32), ()> = BTreeMap::new();
    for e in in_order(events) {
        let key = (e.building_id, e.tenant_id);
        if e.kind != LeaseKind::MoveOut && (e.area_m2 <= 0 || e.seats < 0) {
            return Err(LeaseError::BadFigures {
                kind: e.kind.as_str(),
                area_m2: e.area_m2,
                seats: e.seats,
            });
        }
        let leased = open.contains_key(&key);
        match (e.kind, leased) {
            (LeaseKind::MoveIn, true) => {
                return Err(LeaseError::AlreadyLeased {
                    tenant_id: e.tenant_id,
                    building_id: e.building_id,
                    date: e.effective_date,
                });
            }
            (LeaseKind::MoveIn, false) => {
                open.insert(key, ());
            }
            (LeaseKind::Resize | LeaseKind::MoveOut, false) => {
                return Err(LeaseError::NoLease {
                    tenant_id: e.tenant_id,
                    building_id: e.building_id,
                    date: e.effective_date,
                });
            }
            (LeaseKind::Resize, true) => {}
            (LeaseKind::MoveOut, true) => {
                open.remove(&key);
            }
        }
    }
    Ok(())
}

/// A building's capacity, for the capacity rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capacity {
    pub building_id: i32,
    pub name: String,
    pub floor_area_m2: i64,
    pub seats: i64,
}

/// A new event would lease more than a building holds at some date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{building} has {free_m2} m² and {free_seats} seats free on {date}; this {kind} needs {needed_m2} m² and {needed_seats} seats"
)]
pub struct OverCapacity {
    pub building: String,
    pub date: NaiveDate,
    pub kind: &'static str,
    /// Free at `date` without the new event, counting the tenant's own lease as free.
    pub free_m2: i64,
    pub free_seats: i64,
    /// What the tenant would lease at `date` with the new event.
    pub needed_m2: i64,
    pub needed_seats: i64,
}

/// The capacity rule: with `new` added to the building's `events`, leased
/// area and seats never exceed the building's floor area and seats, at the
/// new event's date or at any later event's date (the totals only change there).
pub fn check_capacity(
    capacity: &Capacity,
    events: &[LeaseEvent],
    new: &LeaseEvent,
) -> Result<(), OverCapacity> {
    let mut with_new: Vec<LeaseEvent> = events
        .iter()
        .filter(|e| e.building_id == capacity.building_id)
        .cloned()
        .collect();
    let before = with_new.clone();
    with_new.push(new.clone());
    let mut dates: Vec<NaiveDate> = with_new
        .iter()
        .map(|e| e.effective_date)
        .filter(|d| *d >= new.effective_date)
        .collect();
    dates.sort();
    dates.dedup();
    for date in dates {
        let leases = leases_at(&with_new, date);
        let (area, seats) = leases
            .iter()
            .fold((0, 0), |(a, s), l| (a + l.area_m2, s + l.seats));
        if area <= capacity.floor_area_m2 && seats <= capacity.seats {
            continue;
        }
        let others = leases_at(&before, date)
            .into_iter()
            .filter(|l| l.tenant_id != new.tenant_id)
            .fold((0, 0), |(a, s), l| (a + l.area_m2, s + l.seats));
        let own = leases
            .iter()
            .find(|l| l.tenant_id == new.tenant_id)
            .map_or((0, 0), |l| (l.area_m2, l.seats));
        return Err(OverCapacity {
            building: capacity.name.clone(),
            date,
            kind: new.kind.as_str(),
            free_m2: capacity.floor_area_m2 - others.0,
            free_seats: capacity.seats - others.1,
            needed_m2: own.0,
            needed_seats: own.1,
        });
    }
    Ok(())
}

/// An event not recorded yet, checked against a building's stored events.
/// `tenant_id` is `None` for a tenant new to the registry (no history yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposed {
    pub building_id: i32,
    pub tenant_id: Option<i32>,
    pub kind: LeaseKind,
    pub area_m2: i64,
    pub seats: i64,
    pub effective_date: NaiveDate,
}

/// Why a proposed event is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// It makes no sense in the tenant's sequence of events.
    #[error(transparent)]
    Sequence(#[from] LeaseError),
    /// The building cannot hold it.
    #[error(transparent)]
    Capacity(#[from] OverCapacity),
}

impl Proposed {
    /// The event for a tenant with a history, after every stored event of its date.
    fn for_tenant(&self, tenant_id: i32) -> LeaseEvent {
        LeaseEvent {
            id: EventId::Proposed,
            building_id: self.building_id,
            tenant_id,
            kind: self.kind,
            area_m2: self.area_m2,
            seats: self.seats,
            effective_date: self.effective_date,
        }
    }
}

/// The sequence and capacity rules for one proposed event in a building
/// whose stored events are `stored`.
pub fn check_proposed(
    capacity: &Capacity,
    stored: &[LeaseEvent],
    proposed: &Proposed,
) -> Result<(), Refusal> {
    match proposed.tenant_id {
        Some(tenant_id) => {
            let new = proposed.for_tenant(tenant_id);
            let mut all = stored.to_vec();
            all.push(new.clone());
            check_sequence(&all)?;
            check_capacity(capacity, stored, &new)?;
        }
        None => {
            check_sequence(stored)?;
            check_first_event(proposed)?;
            check_capacity_for_newcomer(capacity, stored, proposed)?;
        }
    }
    Ok(())
}

/// A tenant new to the registry can only move in, with positive figures.
fn check_first_event(p: &Proposed) -> Result<(), LeaseError> {
    if p.kind != LeaseKind::MoveOut && (p.area_m2 <= 0 || p.seats < 0) {
        return Err(LeaseError::BadFigures {
            kind: p.kind.as_str(),
            area_m2: p.area_m2,
            seats: p.seats,
        });
    }
    if p.kind != LeaseKind::MoveIn {
        return Err(LeaseError::NewTenantHasNoLease {
            building_id: p.building_id,
            date: p.effective_date,
        });
    }
    Ok(())
}

/// The capacity rule for a newcomer's move-in: its area and seats on top of
/// every other lease, at its date and at every later event's date.
fn check_capacity_for_newcomer(
    capacity: &Capacity,
    stored: &[LeaseEvent],
    p: &Proposed,
) -> Result<(), OverCapacity> {
    let here: Vec<LeaseEvent> = stored
        .iter()
        .filter(|e| e.building_id == capacity.building_id)
        .cloned()
        .collect();
    let mut dates: Vec<NaiveDate> = here
        .iter()
        .map(|e| e.effective_date)
        .filter(|d| *d >= p.effective_date)
        .chain([p.effective_date])
        .collect();
    dates.sort();
    dates.dedup();
    for date in dates {
        let (area, seats) = leases_at(&here, date)
            .iter()
            .fold((0, 0), |(a, s), l| (a + l.area_m2, s + l.seats));
        if area + p.area_m2 > capacity.floor_area_m2 || seats + p.seats > capacity.seats {
            return Err(OverCapacity {
                building: capacity.name.clone(),
                date,
                kind: p.kind.as_str(),
                free_m2: capacity.floor_area_m2 - area,
                free_seats: capacity.seats - seats,
                needed_m2: p.area_m2,
                needed_seats: p.seats,
            });
        }
    }
    Ok(())
}

/// Area leased per tenant at a date.
pub fn leased_by_tenant(events: &[LeaseEvent], date: NaiveDate) -> BTreeMap<i32, i64> {
    let mut out = BTreeMap::new();
    for l in leases_at(events, date) {
        *out.entry(l.tenant_id).or_default() += l.area_m2;
    }
    out
}

/// Tenants with a lease in force at some point between `first` and `last`:
/// those leasing on `first`, and those leasing on any event's date between.
pub fn present_between(events: &[LeaseEvent], first: NaiveDate, last: NaiveDate) -> BTreeSet<i32> {
    let mut out: BTreeSet<i32> = leases_at(events, first)
        .iter()
        .map(|l| l.tenant_id)
        .collect();
    for e in events
        .iter()
        .filter(|e| e.effective_date >= first && e.effective_date <= last)
    {
        out.extend(
            leases_at(events, e.effective_date)
                .iter()
                .map(|l| l.tenant_id),
        );
    }
    out
}

/// Leased area and seats per building at a date.
pub fn occupied_by_building(leases: &[Lease]) -> BTreeMap<i32, (i64, i64)> {
    let mut out: BTreeMap<i32, (i64, i64)> = BTreeMap::new();
    for l in leases {
        let entry = out.entry(l.building_id).or_default();
        entry.0 += l.area_m2;
        entry.1 += l.seats;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ev(id: i64, tenant: i32, kind: LeaseKind, area: i64, date: NaiveDate) -> LeaseEvent {
        LeaseEvent {
            id: EventId::Recorded(id),
            building_id: 1,
            tenant_id: tenant,
            kind,
            area_m2: area,
            seats: area / 10,
            effective_date: date,
        }
    }

    #[test]
    fn occupancy_on_a_date_replays_move_ins_resizes_and_move_outs() {
        let events = vec![
            ev(1, 7, LeaseKind::MoveIn, 1_000, d(2025, 1, 1)),
            ev(2, 8, LeaseKind::MoveIn, 500, d(2025, 3, 1)),
            ev(3, 7, LeaseKind::Resize, 1_500, d(2025, 6, 1)),
            ev(4, 8, LeaseKind::MoveOut, 0, d(2025, 9, 1)),
        ];
        let area_at = |date| {
            occupied_by_building(&leases_at(&events, date))
                .get(&1)
                .map(|o| o.0)
                .unwrap_or(0)
        };
        assert_eq!(area_at(d(2024, 12, 31)), 0, "before any move-in");
        assert_eq!(
            area_at(d(2025, 1, 1)),
            1_000,
            "a move-in counts from its effective date"
        );
        assert_eq!(area_at(d(2025, 3, 15)), 1_500);
        assert_eq!(
            area_at(d(2025, 6, 1)),
            2_000,
            "the resize replaces the tenant's area"
        );
        assert_eq!(
            area_at(d(2025, 9, 1)),
            1_500,
            "the move-out frees the area on its date"
        );
        let leases = leases_at(&events, d(2026, 1, 1));
        assert_eq!(leases.len(), 1);
        assert_eq!(
            leases[0].since,
            d(2025, 1, 1),
            "a resize keeps the lease's start date"
        );
    }

    #[test]
    fn a_future_move_out_is_not_applied_before_its_date() {
        let events = vec![
            ev(1, 7, LeaseKind::MoveIn, 800, d(2024, 1, 1)),
            ev(2, 7, LeaseKind::MoveOut, 0, d(2027, 6, 30)),
        ];
        assert_eq!(leases_at(&events, d(2026, 11, 29)).len(), 1);
        assert!(leases_at(&events, d(2027, 6, 30)).is_empty());
    }

    #[test]
    fn recording_order_breaks_ties_between_events_of_one_day() {
        // recorded out of date order: the replay sorts by date, then by id
        let events = vec![
            ev(5, 7, LeaseKind::Resize, 300, d(2025, 2, 1)),
            ev(2, 7, LeaseKind::MoveIn, 100, d(2025, 1, 1)),
            ev(9, 7, LeaseKind::Resize, 400, d(2025, 2, 1)),
        ];
        assert_eq!(leases_at(&events, d(2025, 2, 1))[0].area_m2, 400);
    }

    #[test]
    fn an_incoherent_history_is_rejected_with_the_reason() {
        let twice = vec![
            ev(1, 7, LeaseKind::MoveIn, 100, d(2025, 1, 1)),
            ev(2, 7, LeaseKind::MoveIn, 100, d(2025, 2, 1)),
        ];
        assert!(matches!(
            check_sequence(&twice),
            Err(LeaseError::AlreadyLeased { tenant_id: 7, .. })
        ));
        let orphan = vec![ev(1, 7, LeaseKind::MoveOut, 0, d(2025, 1, 1))];
        assert!(matches!(
            check_sequence(&orphan),
            Err(LeaseError::NoLease { .. })
        ));
        let empty = vec![ev(1, 7, LeaseKind::MoveIn, 0, d(2025, 1, 1))];
        assert!(matches!(
            check_sequence(&empty),
            Err(LeaseError::BadFigures { .. })
        ));
        let fine = vec![
            ev(1, 7, LeaseKind::MoveIn, 100, d(2025, 1, 1)),
            ev(2, 7, LeaseKind::MoveOut, 0, d(2025, 2, 1)),
            ev(3, 7, LeaseKind::MoveIn, 50, d(2025, 3, 1)),
        ];
        assert_eq!(check_sequence(&fine), Ok(()));
    }

    fn cap(area: i64, seats: i64) -> Capacity {
        Capacity {
            building_id: 1,
            name: "Bâtiment A".into(),
            floor_area_m2: area,
            seats,
        }
    }

    fn lease(
        id: i64,
        tenant: i32,
        kind: LeaseKind,
        area: i64,
        seats: i64,
        date: NaiveDate,
    ) -> LeaseEvent {
        LeaseEvent {
            id: EventId::Recorded(id),
            building_id: 1,
            tenant_id: tenant,
            kind,
            area_m2: area,
            seats,
            effective_date: date,
        }
    }

    #[test]
    fn a_move_in_that_fits_is_accepted_and_one_too_big_names_what_is_free() {
        let events = vec![lease(1, 1, LeaseKind::MoveIn, 600, 60, d(2026, 1, 1))];
        let ok = lease(2, 2, LeaseKind::MoveIn, 400, 40, d(2026, 6, 1));
        assert_eq!(check_capacity(&cap(1000, 100), &events, &ok), Ok(()));
        let too_big = lease(2, 2, LeaseKind::MoveIn, 401, 10, d(2026, 6, 1));
        let err = check_capacity(&cap(1000, 100), &events, &too_big).unwrap_err();
        assert_eq!((err.free_m2, err.free_seats), (400, 40));
        assert_eq!((err.needed_m2, err.needed_seats), (401, 10));
        assert_eq!(err.date, d(2026, 6, 1));
        assert!(
            err.to_string()
                .contains("Bâtiment A has 400 m² and 40 seats free on 2026-06-01"),
            "{err}"
        );
        let too_many_seats = lease(2, 2, LeaseKind::MoveIn, 10, 41, d(2026, 6, 1));
        assert!(check_capacity(&cap(1000, 100), &events, &too_many_seats).is_err());
    }

    #[test]
    fn a_past_move_in_must_fit_at_every_later_date_too() {
        // tenant 1 grows to 900 m² in 2027: a move-in of 200 m² in 2026 fits
        // then, but not once the resize takes effect
        let events = vec![
            lease(1, 1, LeaseKind::MoveIn, 600, 10, d(2026, 1, 1)),
            lease(2, 1, LeaseKind::Resize, 900, 10, d(2027, 1, 1)),
        ];
        let new = lease(3, 2, LeaseKind::MoveIn, 200, 10, d(2026, 3, 1));
        let err = check_capacity(&cap(1000, 100), &events, &new).unwrap_err();
        assert_eq!(err.date, d(2027, 1, 1));
        assert_eq!(err.free_m2, 100);
        // a scheduled move-out frees the space from its date
        let events = vec![
            lease(1, 1, LeaseKind::MoveIn, 1000, 10, d(2026, 1, 1)),
            lease(2, 1, LeaseKind::MoveOut, 0, 0, d(2026, 12, 31)),
        ];
        let early = lease(3, 2, LeaseKind::MoveIn, 500, 10, d(2026, 12, 1));
        assert!(check_capacity(&cap(1000, 100), &events, &early).is_err());
        let after = lease(3, 2, LeaseKind::MoveIn, 1000, 10, d(2026, 12, 31));
        assert_eq!(check_capacity(&cap(1000, 100), &events, &after), Ok(()));
    }

    #[test]
    fn a_resize_counts_the_tenants_own_lease_as_free() {
        let events = vec![
            lease(1, 1, LeaseKind::MoveIn, 600, 10, d(2026, 1, 1)),
            lease(2, 2, LeaseKind::MoveIn, 300, 10, d(2026, 1, 1)),
        ];
        let grow = lease(3, 1, LeaseKind::Resize, 700, 10, d(2026, 5, 1));
        assert_eq!(check_capacity(&cap(1000, 100), &events, &grow), Ok(()));
        let too_much = lease(3, 1, LeaseKind::Resize, 701, 10, d(2026, 5, 1));
        let err = check_capacity(&cap(1000, 100), &events, &too_much).unwrap_err();
        assert_eq!((err.free_m2, err.needed_m2), (700, 701));
    }

    fn proposed(tenant: Option<i32>, kind: LeaseKind, area: i64, date: NaiveDate) -> Proposed {
        Proposed {
            building_id: 1,
            tenant_id: tenant,
            kind,
            area_m2: area,
            seats: 10,
            effective_date: date,
        }
    }

    #[test]
    fn a_proposed_event_comes_after_the_stored_events_of_its_date() {
        let events = vec![lease(1, 1, LeaseKind::MoveIn, 600, 10, d(2026, 1, 1))];
        let out = proposed(Some(1), LeaseKind::MoveOut, 0, d(2026, 1, 1));
        assert_eq!(check_proposed(&cap(1000, 100), &events, &out), Ok(()));
        let again = proposed(Some(1), LeaseKind::MoveIn, 100, d(2026, 1, 1));
        assert!(matches!(
            check_proposed(&cap(1000, 100), &events, &again),
            Err(Refusal::Sequence(LeaseError::AlreadyLeased { .. }))
        ));
    }

    #[test]
    fn a_new_tenant_can_only_move_in_and_only_into_free_space() {
        let events = vec![
            lease(1, 1, LeaseKind::MoveIn, 600, 10, d(2026, 1, 1)),
            lease(2, 1, LeaseKind::Resize, 900, 10, d(2027, 1, 1)),
        ];
        let resize = proposed(None, LeaseKind::Resize, 100, d(2026, 3, 1));
        assert!(matches!(
            check_proposed(&cap(1000, 100), &events, &resize),
            Err(Refusal::Sequence(LeaseError::NewTenantHasNoLease { .. }))
        ));
        let fits = proposed(None, LeaseKind::MoveIn, 100, d(2026, 3, 1));
        assert_eq!(check_proposed(&cap(1000, 100), &events, &fits), Ok(()));
        let Err(Refusal::Capacity(err)) = check_proposed(
            &cap(1000, 100),
            &events,
            &proposed(None, LeaseKind::MoveIn, 200, d(2026, 3, 1)),
        ) else {
            panic!("over capacity");
        };
        assert_eq!(
            (err.date, err.free_m2, err.needed_m2),
            (d(2027, 1, 1), 100, 200)
        );
    }

    #[test]
    fn a_tenant_present_for_part_of_a_period_counts_and_one_gone_before_does_not() {
        let events = vec![
            ev(1, 7, LeaseKind::MoveIn, 100, d(2025, 1, 1)),
            ev(2, 7, LeaseKind::MoveOut, 0, d(2025, 2, 1)),
            ev(3, 8, LeaseKind::MoveIn, 200, d(2025, 5, 1)),
            ev(4, 8, LeaseKind::MoveOut, 0, d(2025, 5, 20)),
            ev(5, 9, LeaseKind::MoveIn, 300, d(2025, 3, 1)),
        ];
        let present = present_between(&events, d(2025, 4, 1), d(2025, 6, 30));
        assert_eq!(present.into_iter().collect::<Vec<_>>(), vec![8, 9]);
        let leased = leased_by_tenant(&events, d(2025, 6, 30));
        assert_eq!(leased.into_iter().collect::<Vec<_>>(), vec![(9, 300)]);
    }
}
