//! The database's CHECK constraints seen from the storage layer (layer: db):
//! recognising a CHECK violation in a backend's error (sea-orm's `SqlErr`
//! does not classify them) and naming the field it guards. The constraints
//! themselves are migration 9 (`migration::checks`); the tests here keep its
//! code lists equal to the Rust enums.
use sea_orm::{DbErr, RuntimeErr};

/// PostgreSQL's SQLSTATE for `check_violation`.
const PG_CHECK_VIOLATION: &str = "23514";
/// SQLite's message prefix (its extended code is SQLITE_CONSTRAINT_CHECK, 275).
const SQLITE_CHECK_FAILED: &str = "CHECK constraint failed: ";

/// The constraint a CHECK violation names, from a backend's error code and
/// message: SQLite says `CHECK constraint failed: <name>`, PostgreSQL
/// answers SQLSTATE 23514 with `… violates check constraint "<name>"`.
pub fn violated_check(code: Option<&str>, message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix(SQLITE_CHECK_FAILED) {
        return Some(rest.trim().to_string());
    }
    if code == Some(PG_CHECK_VIOLATION) {
        let name = message
            .split("check constraint \"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default();
        return Some(name.to_string());
    }
    None
}

/// The constraint named by a CHECK violation in `err`, if it is one.
pub fn check_violation(err: &DbErr) -> Option<String> {
    let (DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e))) = err
    else {
        return None;
    };
    let db = e.as_database_error()?;
    violated_check(db.code().as_deref(), db.message())
}

/// The form field a constraint guards: its column, or the constraint's name
/// when it is not one of ours.
pub fn field_of(constraint: &str) -> String {
    migration::check_named(constraint)
        .map(|c| c.column.to_string())
        .unwrap_or_else(|| constraint.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::{ActivityLine, LeaseKind, ParkStatus, ReportStatus, Role};

    #[test]
    fn a_check_violation_is_recognised_in_the_messages_of_both_backends() {
        assert_eq!(
            violated_check(Some("275"), "CHECK constraint failed: ck_parks_status").as_deref(),
            Some("ck_parks_status")
        );
        assert_eq!(
            violated_check(
                Some("23514"),
                "new row for relation \"buildings\" violates check constraint \"ck_buildings_seats\""
            )
            .as_deref(),
            Some("ck_buildings_seats")
        );
        assert_eq!(
            violated_check(
                Some("23505"),
                "duplicate key value violates unique constraint"
            ),
            None
        );
        assert_eq!(
            violated_check(Some("2067"), "UNIQUE constraint failed: parks.slug"),
            None
        );
        assert_eq!(field_of("ck_buildings_floor_area_m2"), "floor_area_m2");
        assert_eq!(field_of("ck_lease_events_area_m2"), "area_m2");
        assert_eq!(field_of("some_other_check"), "some_other_check");
    }

    fn strs<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|v| as_str(*v)).collect()
    }

    /// Adding a variant to one of these enums fails here (and in the match
    /// below) until a new migration lets the database store it.
    #[test]
    fn the_constraints_code_lists_are_the_rust_enums() {
        assert_eq!(
            strs(&ParkStatus::ALL, ParkStatus::as_str),
            migration::PARK_STATUSES
        );
        assert_eq!(
            strs(&LeaseKind::ALL, LeaseKind::as_str),
            migration::LEASE_KINDS
        );
        assert_eq!(
            strs(&ActivityLine::ALL, ActivityLine::as_str),
            migration::ACTIVITY_LINES
        );
        assert_eq!(strs(&Role::ALL, Role::as_str), migration::ROLES);
        // ReportStatus has no ALL: the match is exhaustive, so a new variant
        // does not compile until it is listed here.
        let statuses = [
            ReportStatus::Submitted,
            ReportStatus::Validated,
            ReportStatus::Returned,
        ];
        for s in statuses {
            match s {
                ReportStatus::Submitted | ReportStatus::Validated | ReportStatus::Returned => {}
            }
        }
        assert_eq!(
            strs(&statuses, ReportStatus::as_str),
            migration::REPORT_STATUSES
        );
        for s in migration::REPORT_STATUSES {
            assert!(ReportStatus::parse(s).is_ok(), "{s}");
        }
    }
}
