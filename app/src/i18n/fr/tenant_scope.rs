//! The French strings of the tenant scope rule (layer: app UI, catalogue).
use crate::i18n::tenant_scope::TenantScopeStrings;

pub const TENANT_SCOPE: TenantScopeStrings = TenantScopeStrings {
    shared_record: "fiche partagée avec d'autres parcs",
    why_shared: "Cette entreprise loue aussi, ou a loué, dans un parc que vous ne gérez pas, et son nom, son pays et sa filière apparaissent aussi sur les pages de ce parc : seul un administrateur peut les modifier. Vous pouvez toujours enregistrer ses mouvements de bail, ses engagements et ses déclarations dans votre parc.",
};
