//! sea-orm entities, one per table, in the form sea-orm-cli generates.
//! Hand-written queries live beside this folder, in `db/*.rs`.

pub mod audit_log;
pub mod buildings;
pub mod commitments;
pub mod job_report_lines;
pub mod job_reports;
pub mod lease_events;
pub mod login_attempts;
pub mod parks;
pub mod pending_logins;
pub mod regions;
pub mod sessions;
pub mod tenants;
pub mod two_factor;
pub mod two_factor_recovery_codes;
pub mod user_parks;
pub mod users;
