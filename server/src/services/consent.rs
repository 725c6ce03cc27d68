//! A tenant's consent to publish its own headcount (layer: services): set
//! in one unit of work (authenticate, read the tenant and the parks it
//! leases in, authorize by `disclosure::may_set_consent`, write, audit).
use std::collections::BTreeSet;

use app::api::{AppError, Credentials};
use app::model::{ConsentInput, Role};

use super::accounts::authenticate;
use super::jobs::Jobs;
use crate::db::audit::Entry;
use crate::db::unit_of_work::UnitOfWork;
use crate::db::{buildings, lease_events, tenants};
use crate::domain::disclosure::may_set_consent;

impl Jobs {
    pub(super) async fn record_consent(
        &self,
        credentials: &Credentials,
        input: ConsentInput,
    ) -> Result<(), AppError> {
        let mut uow = UnitOfWork::begin(&self.db).await?;
        let actor = authenticate(uow.conn(), credentials, true).await?;
        let tenant_id = input.tenant_id.get();
        let Some(current) = tenants::by_id(uow.conn(), tenant_id).await? else {
            // Only admins learn that a tenant does not exist.
            return Err(if actor.role == Role::Admin {
                AppError::NotFound(format!("no tenant {tenant_id}"))
            } else {
                AppError::Forbidden
            });
        };
        let building_ids = lease_events::buildings_of_tenant(uow.conn(), tenant_id).await?;
        let leases_in: BTreeSet<i32> = buildings::park_ids(uow.conn(), building_ids)
            .await?
            .into_iter()
            .collect();
        if !may_set_consent(&actor, tenant_id, &leases_in) {
            return Err(AppError::Forbidden);
        }
        if current.publish_jobs_consent == input.publish {
            return Ok(());
        }
        let before = tenants::json(&current);
        let saved = tenants::set_consent(uow.conn(), current, input.publish).await?;
        uow.audit(Entry {
            actor: &actor.email,
            action: "set_jobs_consent",
            entity: "tenant",
            entity_id: Some(saved.id.to_string()),
            before: Some(before),
            after: Some(tenants::json(&saved)),
        })
        .await?;
        uow.commit("committing a tenant's consent").await
    }
}
