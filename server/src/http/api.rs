//! The JSON read API under `/api/v1`, and `/health`.
use app::api::{AppError, Services};
use app::model::ParkSearch;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use super::error::ApiError;
use super::query::QueryParams;
use crate::errors::internal;

pub fn router<S>(services: Services) -> Router<S> {
    Router::new()
        .route("/parks", get(list_parks))
        .route("/parks.geojson", get(parks_geojson))
        .route("/parks/{slug}", get(park_detail))
        .route("/regions", get(list_regions))
        .fallback(not_found)
        .with_state(services)
}

async fn not_found() -> ApiError {
    ApiError(AppError::NotFound(
        "no such API endpoint; see /api/v1/parks, /api/v1/regions".into(),
    ))
}

/// Parses a search from the raw query string; the error names the parameter.
pub fn parse_search(raw: Option<&str>) -> Result<ParkSearch, ApiError> {
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    Ok(ParkSearch::from_pairs(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )?)
}

/// `GET /api/v1/parks`: every search filter, sorted and paginated. The body is
/// the JSON of `SearchResults`, assembled by the registry from rows it keeps
/// serialized (the same bytes as `Json(search_parks(..))`, without the cost).
async fn list_parks(
    State(svc): State<Services>,
    RawQuery(raw): RawQuery,
) -> Result<impl IntoResponse, ApiError> {
    let search = parse_search(raw.as_deref())?;
    let body = svc.search_parks_json(&search).await?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    ))
}

async fn park_detail(
    State(svc): State<Services>,
    slug: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    // A slug that is not UTF-8 once percent-decoded (`%c3%28`) names no park:
    // the same JSON 404 as any unknown slug, not axum's plain-text 400.
    let Ok(Path(slug)) = slug else {
        return Err(AppError::NotFound("no park has this slug".into()).into());
    };
    let q = QueryParams::parse(raw.as_deref(), &["as_of"])?;
    let as_of = q.date("as_of", svc.today())?;
    let detail = svc.park_detail(&slug, as_of).await?;
    Ok(Json(serde_json::to_value(detail).map_err(|e| {
        internal("writing a park's detail as JSON", e)
    })?))
}

async fn list_regions(
    State(svc): State<Services>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let q = QueryParams::parse(raw.as_deref(), &["as_of"])?;
    let as_of = q.date("as_of", svc.today())?;
    let regions = svc.list_regions(as_of).await?;
    Ok(Json(json!({ "as_of": as_of, "regions": regions })))
}

/// RFC 7946 FeatureCollection of every match of the search (no pagination):
/// one Point per park ([lon, lat]), with the search results' figures as properties.
async fn parks_geojson(
    State(svc): State<Services>,
    RawQuery(raw): RawQuery,
) -> Result<impl IntoResponse, ApiError> {
    let search = parse_search(raw.as_deref())?;
    let results = svc.search_parks(&search, false).await?;
    let features: Vec<Value> = results
        .parks
        .into_iter()
        .map(|p| {
            let coordinates = [p.location.lon, p.location.lat];
            let mut properties = serde_json::to_value(&p)
                .map_err(|e| internal("writing a park as GeoJSON", e))?;
            if let Some(obj) = properties.as_object_mut() {
                obj.remove("location");
            }
            Ok(json!({ "type": "Feature", "id": p.slug, "geometry": { "type": "Point", "coordinates": coordinates }, "properties": properties }))
        })
        .collect::<Result<_, AppError>>()?;
    let body = json!({ "type": "FeatureCollection", "as_of": results.as_of, "features": features });
    Ok((
        [(header::CONTENT_TYPE, "application/geo+json")],
        body.to_string(),
    ))
}

/// Liveness and database reachability.
pub async fn health(State(svc): State<Services>) -> Result<Json<Value>, ApiError> {
    let summary = svc.national_summary(svc.today()).await?;
    Ok(Json(json!({ "status": "ok", "parks": summary.parks })))
}
