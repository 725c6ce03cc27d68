//! Seeding (layer: seed): the real parks from the reference file, the
//! invented demo data and demo accounts, and synthetic parks for load
//! tests. Each seed runs in one unit of work (`db::unit_of_work`) and
//! writes its audit row through `db::audit`: it lands whole or not at all.

pub mod demo;
pub mod demo_accounts;
pub mod reference;
pub(crate) mod rng;
pub mod synthetic;

use app::api::AppError;

/// Why a seed wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("database: {0}")]
    Store(#[from] AppError),
    #[error("parks-reference.csv, {park}: {message}")]
    Reference { park: String, message: String },
    #[error("demo data is already present ({0} demo buildings); nothing was written")]
    DemoPresent(u64),
}

/// The region lookup from the stored boundaries.
async fn region_index(
    db: &crate::db::Connection,
) -> Result<crate::domain::region_lookup::RegionIndex, SeedError> {
    let boundaries = crate::db::snapshot::region_boundaries(db)
        .await
        .map_err(|e| crate::db::db_error("loading boundaries", e))?;
    crate::domain::region_lookup::RegionIndex::new(
        boundaries.iter().map(|(c, g)| (c.as_str(), g.as_str())),
    )
    .map_err(|message| SeedError::Reference {
        park: "regions".into(),
        message,
    })
}
