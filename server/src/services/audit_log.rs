//! The audit log for admins (layer: services): one filtered page of it.
use app::api::{AppError, Credentials};
use app::model::{AUDIT_PER_PAGE, AuditFilter, AuditPage};

use super::accounts::authenticate;
use super::guard::denied;
use super::manage::Manage;
use crate::db::audit;
use crate::domain::auth::{Action, authorize};

impl Manage {
    pub(super) async fn audit_page(
        &self,
        credentials: &Credentials,
        filter: AuditFilter,
    ) -> Result<AuditPage, AppError> {
        let actor = authenticate(&self.db, credentials, false).await?;
        authorize(Some(&actor), Action::ReadAudit).map_err(denied)?;
        let page = filter.page.max(1);
        let (total, entries) = audit::page(&self.db, &filter, page).await?;
        Ok(AuditPage {
            entries,
            total,
            page,
            pages: (total as u32).div_ceil(AUDIT_PER_PAGE).max(1),
        })
    }
}
