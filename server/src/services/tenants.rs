//! Tenants for the managers of a park they lease in (layer: services): the
//! change of a tenant's company, country and activity line, by a manager of
//! every park the tenant leases in, or an admin (`domain::tenant_scope`).
use app::api::{AppError, Credentials};
use app::model::TenantEdit;

use super::conflict::{conflict, diff};
use super::guard::{denied, managed_park};
use super::manage::Manage;
use crate::db::audit::Entry;
use crate::db::unit_of_work::UnitOfWork;
use crate::db::{buildings, lease_events, parks, tenants};
use crate::domain::tenant_scope::may_change_record;

impl Manage {
    pub(super) async fn change_tenant(
        &self,
        credentials: &Credentials,
        edit: TenantEdit,
    ) -> Result<(), AppError> {
        let mut uow = UnitOfWork::begin(&self.db).await?;
        let (actor, park) = managed_park(uow.conn(), credentials, &edit.park_slug, true).await?;
        // A park's managers may change only the tenants leasing there.
        let building_ids = buildings::ids_of_park(uow.conn(), park.id).await?;
        let leases_here =
            lease_events::tenant_has_any(uow.conn(), edit.id.get(), building_ids).await?;
        let current = tenants::by_id(uow.conn(), edit.id.get())
            .await?
            .filter(|_| leases_here)
            .ok_or_else(|| {
                AppError::NotFound(format!("park {} has no tenant {}", park.slug, edit.id))
            })?;
        // The record is shown in every park the tenant leases in: only who
        // manages all of them may change it (read in this transaction).
        let lease_parks = lease_events::parks_of_tenant(uow.conn(), current.id).await?;
        may_change_record(&actor, &lease_parks).map_err(denied)?;
        if current.version != edit.version {
            let mut d = Vec::new();
            diff(&mut d, "company", &current.company, &edit.company);
            diff(&mut d, "country", &current.country, &edit.country);
            diff(
                &mut d,
                "activity_line",
                &current.activity_line.as_str(),
                &edit.activity_line.as_str(),
            );
            return Err(conflict("This tenant", None, d));
        }
        let before = tenants::json(&current);
        let saved = tenants::update(
            uow.conn(),
            current,
            edit.company,
            edit.country,
            edit.activity_line,
        )
        .await?;
        parks::touch(uow.conn(), park.id, &actor.email).await?;
        uow.audit(Entry {
            actor: &actor.email,
            action: "change_tenant",
            entity: "tenant",
            entity_id: Some(saved.id.to_string()),
            before: Some(before),
            after: Some(tenants::json(&saved)),
        })
        .await?;
        uow.commit("committing a tenant").await
    }
}
