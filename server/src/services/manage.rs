//! `ManageService` for park managers and admins (layer: services): the
//! `Manage` service and its trait impl, which only delegates to the
//! resource modules (`parks`, `buildings`, `tenants`, `leases`, `users`,
//! `audit_log`).
//!
//! Every write runs in one `db::unit_of_work::UnitOfWork`: the registry's
//! write lock first, then `authenticate` and the authorization rule inside
//! the transaction, a re-read of what it checks, the write and its audit
//! row, the commit; or nothing is written.
use std::sync::Arc;

use app::api::{AppError, Credentials, ManageService};
use app::model::{
    AuditFilter, AuditPage, BuildingEdit, BuildingFields, Id, LeaseEventInput, LeaseEventRecorded,
    ManagedPark, ParkEdit, ParkEditor, ParkFields, TenantEdit, UserEdit, UserRow,
};
use tokio::sync::OnceCell;

use super::clock::Clock;
use crate::db::{Connection, db_error, snapshot};
use crate::domain::region_lookup::RegionIndex;
use crate::errors::internal;

#[derive(Clone)]
pub struct Manage {
    pub(super) db: Connection,
    pub(super) clock: Clock,
    regions: Arc<OnceCell<RegionIndex>>,
}

impl Manage {
    pub fn new(db: Connection, clock: Clock) -> Self {
        Self {
            db,
            clock,
            regions: Arc::new(OnceCell::new()),
        }
    }

    /// The region lookup, loaded from the stored boundaries on first use.
    pub(super) async fn region_index(&self) -> Result<&RegionIndex, AppError> {
        self.regions
            .get_or_try_init(|| async {
                let boundaries = snapshot::region_boundaries(&self.db)
                    .await
                    .map_err(|e| db_error("loading boundaries", e))?;
                RegionIndex::new(boundaries.iter().map(|(c, g)| (c.as_str(), g.as_str())))
                    .map_err(|e| internal("reading the region boundaries", e))
            })
            .await
    }
}

#[async_trait::async_trait]
impl ManageService for Manage {
    async fn my_parks(&self, credentials: &Credentials) -> Result<Vec<ManagedPark>, AppError> {
        self.list_my_parks(credentials).await
    }

    async fn park_editor(
        &self,
        credentials: &Credentials,
        slug: &str,
    ) -> Result<ParkEditor, AppError> {
        self.open_park_editor(credentials, slug).await
    }

    async fn update_park(
        &self,
        credentials: &Credentials,
        edit: ParkEdit,
    ) -> Result<ParkFields, AppError> {
        self.change_park(credentials, edit).await
    }

    async fn save_building(
        &self,
        credentials: &Credentials,
        edit: BuildingEdit,
    ) -> Result<BuildingFields, AppError> {
        self.write_building(credentials, edit).await
    }

    async fn save_tenant(
        &self,
        credentials: &Credentials,
        edit: TenantEdit,
    ) -> Result<(), AppError> {
        self.change_tenant(credentials, edit).await
    }

    async fn record_lease_event(
        &self,
        credentials: &Credentials,
        input: LeaseEventInput,
    ) -> Result<LeaseEventRecorded, AppError> {
        self.record_event(credentials, input).await
    }

    async fn list_users(&self, credentials: &Credentials) -> Result<Vec<UserRow>, AppError> {
        self.all_users(credentials).await
    }

    async fn save_user(
        &self,
        credentials: &Credentials,
        edit: UserEdit,
    ) -> Result<UserRow, AppError> {
        self.write_user(credentials, edit).await
    }

    async fn audit_log(
        &self,
        credentials: &Credentials,
        filter: AuditFilter,
    ) -> Result<AuditPage, AppError> {
        self.audit_page(credentials, filter).await
    }

    async fn reset_two_factor(&self, credentials: &Credentials, user: Id) -> Result<(), AppError> {
        self.reset_factor(credentials, user).await
    }
}
