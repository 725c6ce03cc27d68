//! The `parks` table: lookups by slug and id, the manager's edit, the
//! freshness stamp, the seeders' inserts, and the conversions of a row to
//! the editor's fields and to its audit snapshot.
use app::api::AppError;
use app::model::{ParkEdit, ParkFields, ParkStatus, RegionCode};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::{Value, json};

use super::entities::parks;
pub use super::entities::parks::Model as Park;
use super::failed;
use crate::errors::corrupt;

/// A park to insert (`id` given by the synthetic seeder, else assigned).
#[derive(Debug, Clone)]
pub struct NewPark {
    pub id: Option<i32>,
    pub slug: String,
    pub name: String,
    pub city: String,
    pub operator: String,
    pub status: ParkStatus,
    pub lat: f64,
    pub lon: f64,
    pub region_code: String,
    pub land_ha: Option<f64>,
    pub delivery_date: Option<NaiveDate>,
    pub rent_centimes_per_m2_month: Option<i64>,
    pub description_fr: Option<String>,
    pub description_ar: Option<String>,
    pub description_en: Option<String>,
    pub press_office_floor_m2: Option<i64>,
    pub press_reported_jobs: Option<i64>,
    pub press_figures_year: Option<i32>,
    pub source_note: Option<String>,
    pub is_demo: bool,
    pub at: DateTime<Utc>,
    pub by: String,
}

impl NewPark {
    pub(super) fn active(self) -> parks::ActiveModel {
        parks::ActiveModel {
            id: self.id.map_or(ActiveValue::NotSet, Set),
            slug: Set(self.slug),
            name: Set(self.name),
            city: Set(self.city),
            operator: Set(self.operator),
            status: Set(self.status.as_str().to_string()),
            lat: Set(self.lat),
            lon: Set(self.lon),
            region_code: Set(self.region_code),
            land_ha: Set(self.land_ha),
            delivery_date: Set(self.delivery_date),
            rent_centimes_per_m2_month: Set(self.rent_centimes_per_m2_month),
            description_fr: Set(self.description_fr),
            description_ar: Set(self.description_ar),
            description_en: Set(self.description_en),
            press_office_floor_m2: Set(self.press_office_floor_m2),
            press_reported_jobs: Set(self.press_reported_jobs),
            press_figures_year: Set(self.press_figures_year),
            source_note: Set(self.source_note),
            is_demo: Set(self.is_demo),
            version: Set(1),
            created_at: Set(self.at),
            updated_at: Set(self.at),
            updated_by: Set(self.by),
        }
    }
}

pub async fn insert<C: ConnectionTrait>(conn: &C, new: NewPark) -> Result<Park, AppError> {
    new.active()
        .insert(conn)
        .await
        .map_err(failed("adding a park"))
}

/// Whether `slug` could be a stored slug. None holds a NUL, and PostgreSQL
/// refuses one in a text parameter with an error (SQLite just finds
/// nothing), so such a lookup is answered as not found without a query.
pub fn could_be_stored(slug: &str) -> bool {
    !slug.contains('\0')
}

pub async fn by_slug<C: ConnectionTrait>(conn: &C, slug: &str) -> Result<Park, AppError> {
    if !could_be_stored(slug) {
        return Err(AppError::NotFound("no park has this slug".into()));
    }
    parks::Entity::find()
        .filter(parks::Column::Slug.eq(slug.trim()))
        .one(conn)
        .await
        .map_err(failed("reading a park"))?
        .ok_or_else(|| AppError::NotFound(format!("no park has the slug '{}'", slug.trim())))
}

pub async fn slug_exists<C: ConnectionTrait>(conn: &C, slug: &str) -> Result<bool, AppError> {
    if !could_be_stored(slug) {
        return Ok(false);
    }
    let n = parks::Entity::find()
        .filter(parks::Column::Slug.eq(slug))
        .count(conn)
        .await
        .map_err(failed("checking a slug"))?;
    Ok(n > 0)
}

pub async fn count<C: ConnectionTrait>(conn: &C) -> Result<u64, AppError> {
    parks::Entity::find()
        .count(conn)
        .await
        .map_err(failed("counting parks"))
}

/// Every park, or only those with these ids, in name order.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    only: Option<Vec<i32>>,
) -> Result<Vec<Park>, AppError> {
    let mut query = parks::Entity::find().order_by_asc(parks::Column::Name);
    if let Some(ids) = only {
        query = query.filter(parks::Column::Id.is_in(ids));
    }
    query.all(conn).await.map_err(failed("reading parks"))
}

/// The slugs of these parks, in slug order.
pub async fn slugs<C: ConnectionTrait>(conn: &C, ids: Vec<i32>) -> Result<Vec<String>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    parks::Entity::find()
        .select_only()
        .column(parks::Column::Slug)
        .filter(parks::Column::Id.is_in(ids))
        .order_by_asc(parks::Column::Slug)
        .into_tuple()
        .all(conn)
        .await
        .map_err(failed("reading park slugs"))
}

/// The slugs of the parks with these names.
pub async fn slugs_named<C: ConnectionTrait>(
    conn: &C,
    names: &[&str],
) -> Result<Vec<String>, AppError> {
    parks::Entity::find()
        .select_only()
        .column(parks::Column::Slug)
        .filter(parks::Column::Name.is_in(names.iter().copied()))
        .into_tuple()
        .all(conn)
        .await
        .map_err(failed("reading parks"))
}

pub async fn by_name<C: ConnectionTrait>(conn: &C, name: &str) -> Result<Option<Park>, AppError> {
    parks::Entity::find()
        .filter(parks::Column::Name.eq(name))
        .one(conn)
        .await
        .map_err(failed("reading parks"))
}

/// The slugs that start with `prefix`.
pub async fn slugs_starting<C: ConnectionTrait>(
    conn: &C,
    prefix: &str,
) -> Result<Vec<String>, AppError> {
    parks::Entity::find()
        .select_only()
        .column(parks::Column::Slug)
        .filter(parks::Column::Slug.starts_with(prefix))
        .into_tuple()
        .all(conn)
        .await
        .map_err(failed("reading park slugs"))
}

/// Records that a park's data changed now, and by whom (for freshness).
pub async fn touch<C: ConnectionTrait>(conn: &C, park_id: i32, by: &str) -> Result<(), AppError> {
    parks::Entity::update_many()
        .col_expr(parks::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(parks::Column::UpdatedBy, Expr::value(by.to_string()))
        .filter(parks::Column::Id.eq(park_id))
        .exec(conn)
        .await
        .map_err(failed("touching a park"))?;
    Ok(())
}

/// Writes a manager's edit (the region derived from the location) as the next version.
pub async fn update<C: ConnectionTrait>(
    conn: &C,
    current: Park,
    edit: ParkEdit,
    region_code: &str,
    by: &str,
) -> Result<Park, AppError> {
    let version = current.version + 1;
    let mut am: parks::ActiveModel = current.into();
    am.name = Set(edit.name);
    am.city = Set(edit.city);
    am.operator = Set(edit.operator);
    am.status = Set(edit.status.as_str().to_string());
    am.lat = Set(edit.lat);
    am.lon = Set(edit.lon);
    am.region_code = Set(region_code.to_string());
    am.land_ha = Set(edit.land_ha);
    am.delivery_date = Set(edit.delivery_date.map(app::model::RegistryDate::get));
    am.rent_centimes_per_m2_month = Set(edit.rent_centimes_per_m2_month);
    am.description_fr = Set(edit.description_fr);
    am.description_en = Set(edit.description_en);
    am.description_ar = Set(edit.description_ar);
    am.version = Set(version);
    am.updated_at = Set(Utc::now());
    am.updated_by = Set(by.to_string());
    am.update(conn).await.map_err(failed("changing a park"))
}

/// The demo seeder's terms for a park: a rent and, unless operating, a delivery date.
pub async fn set_demo_terms<C: ConnectionTrait>(
    conn: &C,
    park: &Park,
    rent_centimes_per_m2_month: i64,
    delivery_date: Option<NaiveDate>,
    by: &str,
) -> Result<(), AppError> {
    let mut am: parks::ActiveModel = park.clone().into();
    am.rent_centimes_per_m2_month = Set(Some(rent_centimes_per_m2_month));
    am.updated_at = Set(Utc::now());
    am.updated_by = Set(by.to_string());
    if let Some(d) = delivery_date {
        am.delivery_date = Set(Some(d));
    }
    am.update(conn)
        .await
        .map_err(failed("setting a park's demo terms"))?;
    Ok(())
}

/// The stored status, read loudly.
pub fn status(p: &Park) -> Result<ParkStatus, AppError> {
    ParkStatus::parse(&p.status).map_err(|e| corrupt("parks", &p.slug, e))
}

/// The stored region code, read loudly.
pub fn region_code(p: &Park) -> Result<RegionCode, AppError> {
    RegionCode::parse(&p.region_code).map_err(|e| corrupt("parks", &p.slug, e))
}

/// The park editor's fields.
pub fn fields(p: &Park) -> Result<ParkFields, AppError> {
    Ok(ParkFields {
        slug: p.slug.clone(),
        version: p.version,
        name: p.name.clone(),
        city: p.city.clone(),
        operator: p.operator.clone(),
        status: status(p)?,
        lat: p.lat,
        lon: p.lon,
        region_code: region_code(p)?,
        land_ha: p.land_ha,
        delivery_date: p.delivery_date,
        rent_centimes_per_m2_month: p.rent_centimes_per_m2_month,
        description_fr: p.description_fr.clone(),
        description_en: p.description_en.clone(),
        description_ar: p.description_ar.clone(),
    })
}

/// The park as the audit log keeps it.
pub fn json(p: &Park) -> Value {
    json!({
        "slug": p.slug, "version": p.version, "name": p.name, "city": p.city,
        "operator": p.operator, "status": p.status, "lat": p.lat, "lon": p.lon,
        "region_code": p.region_code, "land_ha": p.land_ha, "delivery_date": p.delivery_date,
        "rent_centimes_per_m2_month": p.rent_centimes_per_m2_month,
        "description_fr": p.description_fr, "description_en": p.description_en,
        "description_ar": p.description_ar,
    })
}
