//! The English strings of the tenant scope rule (layer: app UI, catalogue).
use crate::i18n::tenant_scope::TenantScopeStrings;

pub const TENANT_SCOPE: TenantScopeStrings = TenantScopeStrings {
    shared_record: "record shared with other parks",
    why_shared: "This company also leases, or has leased, in a park you do not manage, and its name, country and activity line appear on that park's pages too: only an administrator can change them. You can still record its lease events, commitments and declarations in your park.",
};
