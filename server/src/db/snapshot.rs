//! Loads everything the read side derives its figures from, in a bounded
//! number of queries whatever the number of parks (no N+1): all of them,
//! one, or the ones a change touched (`db::changes`).
use app::model::{LocalizedText, RegionCode};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect,
};

use std::collections::BTreeSet;

use super::entities::{
    buildings, job_report_lines, job_reports, lease_events, parks, regions, tenants, users,
};

/// A region's names and census figures, without its (large) boundary.
#[derive(Debug, Clone, FromQueryResult)]
pub struct RegionRow {
    pub code: String,
    pub name_fr: String,
    pub name_ar: String,
    pub name_en: String,
    pub population_2024: i64,
}

/// One job report's headcount, summed over its activity lines in SQL.
#[derive(Debug, Clone, FromQueryResult)]
pub struct ReportRow {
    pub tenant_id: i32,
    pub park_id: i32,
    pub year: i32,
    pub quarter: i16,
    pub revision: i32,
    pub status: String,
    pub headcount: Option<i64>,
}

impl RegionRow {
    /// The stored code, parsed (the caller says which row failed).
    pub fn code(&self) -> Result<RegionCode, String> {
        RegionCode::parse(&self.code)
    }

    /// The region's names in the three languages.
    pub fn name(&self) -> LocalizedText {
        LocalizedText {
            fr: Some(self.name_fr.clone()),
            ar: Some(self.name_ar.clone()),
            en: Some(self.name_en.clone()),
        }
    }
}

/// Everything needed to derive the figures of a set of parks.
pub struct Snapshot {
    pub regions: Vec<RegionRow>,
    pub parks: Vec<parks::Model>,
    pub buildings: Vec<buildings::Model>,
    pub events: Vec<lease_events::Model>,
    pub tenants: Vec<tenants::Model>,
    pub reports: Vec<ReportRow>,
    /// Admins' emails: a change they made reads "by the registry" in public,
    /// anyone else's (a park manager's) "by the park's operator".
    pub admins: BTreeSet<String>,
}

pub async fn regions(db: &DatabaseConnection) -> Result<Vec<RegionRow>, DbErr> {
    regions::Entity::find()
        .select_only()
        .columns([
            regions::Column::Code,
            regions::Column::NameFr,
            regions::Column::NameAr,
            regions::Column::NameEn,
            regions::Column::Population2024,
        ])
        .order_by_asc(regions::Column::Code)
        .into_model::<RegionRow>()
        .all(db)
        .await
}

/// Every region's boundary, for the region lookup.
pub async fn region_boundaries(db: &DatabaseConnection) -> Result<Vec<(String, String)>, DbErr> {
    regions::Entity::find()
        .select_only()
        .columns([regions::Column::Code, regions::Column::BoundaryGeojson])
        .order_by_asc(regions::Column::Code)
        .into_tuple()
        .all(db)
        .await
}

/// Which parks are in scope.
#[derive(Debug, Clone)]
pub enum Scope<'a> {
    All,
    Slug(&'a str),
    /// The parks with these ids (those a change touched).
    Parks(&'a [i32]),
}

fn park_condition(scope: &Scope<'_>) -> Condition {
    match scope {
        Scope::All => Condition::all(),
        // a slug no park can have (see `parks::could_be_stored`): ask for no park
        Scope::Slug(slug) if !super::parks::could_be_stored(slug) => {
            Condition::all().add(parks::Column::Id.is_null())
        }
        Scope::Slug(slug) => Condition::all().add(parks::Column::Slug.eq(*slug)),
        Scope::Parks(ids) => Condition::all().add(parks::Column::Id.is_in(ids.iter().copied())),
    }
}

fn park_ids(cond: &Condition) -> SelectStatement {
    Query::select()
        .column(parks::Column::Id)
        .from(parks::Entity)
        .cond_where(cond.clone())
        .to_owned()
}

fn building_ids(cond: &Condition) -> SelectStatement {
    Query::select()
        .column(buildings::Column::Id)
        .from(buildings::Entity)
        .and_where(Expr::col(buildings::Column::ParkId).in_subquery(park_ids(cond)))
        .to_owned()
}

/// Loads the parks in scope and everything their figures derive from: seven queries.
pub async fn load(db: &DatabaseConnection, scope: Scope<'_>) -> Result<Snapshot, DbErr> {
    let cond = park_condition(&scope);
    let regions = regions(db).await?;
    let parks = parks::Entity::find()
        .filter(cond.clone())
        .order_by_asc(parks::Column::Name)
        .order_by_asc(parks::Column::Id)
        .all(db)
        .await?;
    if parks.is_empty() {
        return Ok(Snapshot {
            regions,
            parks,
            buildings: vec![],
            events: vec![],
            tenants: vec![],
            reports: vec![],
            admins: BTreeSet::new(),
        });
    }
    let buildings = buildings::Entity::find()
        .filter(buildings::Column::ParkId.in_subquery(park_ids(&cond)))
        .order_by_asc(buildings::Column::Name)
        .order_by_asc(buildings::Column::Id)
        .all(db)
        .await?;
    let events = lease_events::Entity::find()
        .filter(lease_events::Column::BuildingId.in_subquery(building_ids(&cond)))
        .order_by_asc(lease_events::Column::EffectiveDate)
        .order_by_asc(lease_events::Column::Id)
        .all(db)
        .await?;
    let tenants = tenants::Entity::find()
        .filter(
            tenants::Column::Id.in_subquery(
                Query::select()
                    .column(lease_events::Column::TenantId)
                    .from(lease_events::Entity)
                    .and_where(
                        Expr::col(lease_events::Column::BuildingId)
                            .in_subquery(building_ids(&cond)),
                    )
                    .to_owned(),
            ),
        )
        .all(db)
        .await?;
    let r = job_reports::Entity;
    let l = job_report_lines::Entity;
    let reports_query = Query::select()
        .columns([
            (r, job_reports::Column::TenantId),
            (r, job_reports::Column::ParkId),
            (r, job_reports::Column::Year),
            (r, job_reports::Column::Quarter),
            (r, job_reports::Column::Revision),
            (r, job_reports::Column::Status),
        ])
        .expr_as(
            Expr::col((l, job_report_lines::Column::FullTime))
                .add(Expr::col((l, job_report_lines::Column::PartTime)))
                .sum(),
            "headcount",
        )
        .from(r)
        .left_join(
            l,
            Expr::col((l, job_report_lines::Column::ReportId)).equals((r, job_reports::Column::Id)),
        )
        .and_where(Expr::col((r, job_reports::Column::ParkId)).in_subquery(park_ids(&cond)))
        .group_by_columns([
            (r, job_reports::Column::Id),
            (r, job_reports::Column::TenantId),
            (r, job_reports::Column::ParkId),
            (r, job_reports::Column::Year),
            (r, job_reports::Column::Quarter),
            (r, job_reports::Column::Revision),
            (r, job_reports::Column::Status),
        ])
        .to_owned();
    let reports = ReportRow::find_by_statement(db.get_database_backend().build(&reports_query))
        .all(db)
        .await?;
    let admins = users::Entity::find()
        .select_only()
        .column(users::Column::Email)
        .filter(users::Column::Role.eq(app::model::Role::Admin.as_str()))
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(Snapshot {
        admins,
        regions,
        parks,
        buildings,
        events,
        tenants,
        reports,
    })
}
