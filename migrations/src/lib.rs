//! Schema migrations for Tech Valley Registry (layer: migrations).
//!
//! Knows no entities: tables are described with sea-query builders so that the
//! same migration gives the same behaviour on SQLite and PostgreSQL.
//! Migrations are append-only: never edit one that has shipped, add a new one.

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_create_regions_and_parks;
mod m20261129_000002_create_occupancy;
mod m20261129_000003_create_job_reports;
mod m20261129_000004_create_users_and_audit;
mod m20261129_000005_load_regions;
mod m20261129_000006_data_version;
mod m20261129_000007_create_sessions;
mod m20261129_000008_declarations_and_commitments;
mod m20261202_000009_check_constraints;
mod m20261204_000010_session_idle_and_attempts;
mod m20261204_000011_two_factor;
mod m20261204_000012_tenant_consent;
mod m20261205_000013_change_log;
pub mod reference;

/// The CHECK constraints (migration 9) and the code lists they allow.
pub use m20261202_000009_check_constraints::{
    ACTIVITY_LINES, Check, LEASE_KINDS, PARK_STATUSES, REPORT_STATUSES, ROLES, check_named, checks,
};

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_create_regions_and_parks::Migration),
            Box::new(m20261129_000002_create_occupancy::Migration),
            Box::new(m20261129_000003_create_job_reports::Migration),
            Box::new(m20261129_000004_create_users_and_audit::Migration),
            Box::new(m20261129_000005_load_regions::Migration),
            Box::new(m20261129_000006_data_version::Migration),
            Box::new(m20261129_000007_create_sessions::Migration),
            Box::new(m20261129_000008_declarations_and_commitments::Migration),
            Box::new(m20261202_000009_check_constraints::Migration),
            Box::new(m20261204_000010_session_idle_and_attempts::Migration),
            Box::new(m20261204_000011_two_factor::Migration),
            Box::new(m20261204_000012_tenant_consent::Migration),
            Box::new(m20261205_000013_change_log::Migration),
        ]
    }
}

/// Creates an index; a small helper so that every index is named the same way.
pub(crate) fn index(
    table: &'static str,
    name: &'static str,
    cols: &[&'static str],
) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(name).table(table).if_not_exists();
    for c in cols {
        idx.col(*c);
    }
    idx.to_owned()
}
