//! Search results as JSON without serializing every row of every search.
//!
//! Each park's `SearchRow` is serialized once, when the index is built, up to
//! its two per-search fields (`distance_km`, `free_at_date_m2`, the last
//! ones). A page is the JSON of the results' other fields followed by the
//! kept rows, each closed with its per-search fields: concatenation into one
//! buffer of the page's size. The result is byte for byte what serde_json
//! makes of the whole `SearchResults` (tests below and in `tests/api`).
use std::sync::Arc;

use app::model::{SearchResults, SearchRow};

/// How serde_json ends a row whose per-search fields are both `None`.
const ROW_TAIL: &[u8] = br#","distance_km":null,"free_at_date_m2":null}"#;
/// How serde_json ends `SearchResults` with no parks (`parks` is the last field).
const EMPTY_PARKS_TAIL: &[u8] = b"[]}";
/// Upper bound of one row's per-search fields: `,"distance_km":` and an f64,
/// `,"free_at_date_m2":` and an i64, `}`.
const ROW_EXTRA_MAX: usize = 15 + 24 + 20 + 20 + 1;

#[derive(Debug, thiserror::Error)]
pub enum RowsJsonError {
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error("unexpected JSON shape: {0}")]
    Shape(&'static str),
}

/// Every park's row as JSON up to its per-search fields, in the index's
/// order. Each row is its own shared buffer, so an index updated for a few
/// parks keeps the other rows' JSON without copying it.
#[derive(Debug, Clone, Default)]
pub struct RowsJson {
    rows: Vec<Arc<[u8]>>,
}

/// One row's JSON up to its per-search fields, which must be `None`.
pub fn row_json(row: &SearchRow) -> Result<Arc<[u8]>, RowsJsonError> {
    let mut text = Vec::with_capacity(512);
    serde_json::to_writer(&mut text, row)?;
    if !text.ends_with(ROW_TAIL) {
        return Err(RowsJsonError::Shape(
            "a row does not end with its per-search fields, both null",
        ));
    }
    text.truncate(text.len() - ROW_TAIL.len());
    Ok(Arc::from(text))
}

impl RowsJson {
    /// Serializes `rows`, whose per-search fields must be `None`.
    pub fn new(rows: &[SearchRow]) -> Result<Self, RowsJsonError> {
        Ok(Self {
            rows: rows.iter().map(row_json).collect::<Result<_, _>>()?,
        })
    }

    /// Rows already serialized by [`row_json`], in order.
    pub fn from_rows(rows: Vec<Arc<[u8]>>) -> Self {
        Self { rows }
    }

    /// Row `i`'s shared buffer, to keep in a later index.
    pub fn shared(&self, i: usize) -> Arc<[u8]> {
        self.rows[i].clone()
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The memory it holds, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.rows.iter().map(|r| r.len() + 16).sum::<usize>()
            + self.rows.capacity() * std::mem::size_of::<Arc<[u8]>>()
    }

    /// Row `i`'s JSON, open after its last field before `distance_km`.
    fn row(&self, i: usize) -> &[u8] {
        &self.rows[i]
    }
}

/// One row of a page: its position in the index and its per-search fields.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageRow {
    pub index: usize,
    pub distance_km: Option<f64>,
    pub free_at_date_m2: Option<i64>,
}

/// The JSON of `head` (whose `parks` must be empty) with `rows` as its parks.
pub fn page(
    head: &SearchResults,
    all: &RowsJson,
    rows: &[PageRow],
) -> Result<Vec<u8>, RowsJsonError> {
    if !head.parks.is_empty() {
        return Err(RowsJsonError::Shape("the head of a page has parks"));
    }
    let head_len = 256 + head.near.as_ref().map_or(0, |n| n.label.len() * 6);
    let rows_len: usize = rows
        .iter()
        .map(|r| all.row(r.index).len() + ROW_EXTRA_MAX + 1)
        .sum();
    let mut out = Vec::with_capacity(head_len + rows_len);
    serde_json::to_writer(&mut out, head)?;
    if !out.ends_with(EMPTY_PARKS_TAIL) {
        return Err(RowsJsonError::Shape("the results do not end with parks"));
    }
    // keep the opening bracket of `parks`
    out.truncate(out.len() - EMPTY_PARKS_TAIL.len() + 1);
    for (n, r) in rows.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(all.row(r.index));
        out.extend_from_slice(br#","distance_km":"#);
        serde_json::to_writer(&mut out, &r.distance_km)?;
        out.extend_from_slice(br#","free_at_date_m2":"#);
        serde_json::to_writer(&mut out, &r.free_at_date_m2)?;
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::{
        ActivityLine, JobsFigure, LatLng, LocalizedText, ParkStatus, Quarter, RegionCode,
        ResolvedNear,
    };
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn row(slug: &str, name: &str, n: i64) -> SearchRow {
        SearchRow {
            slug: slug.into(),
            name: name.into(),
            city: "Tétouan \"centre\"\n\\ville".into(),
            status: if n % 2 == 0 {
                ParkStatus::Operating
            } else {
                ParkStatus::UnderConstruction
            },
            region_code: RegionCode::parse("01").unwrap(),
            region_name: LocalizedText {
                fr: Some("Tanger-Tétouan-Al Hoceïma".into()),
                ar: Some("طنجة تطوان الحسيمة".into()),
                en: None,
            },
            location: LatLng {
                lat: 35.578_452_1 + n as f64 * 1e-7,
                lon: -5.368_1,
            },
            rent_centimes_per_m2_month: (n % 3 != 0).then_some(9_550 * n),
            floor_area_m2: 12_000 * n,
            occupied_m2: 7_000,
            available_m2: 12_000 * n - 7_000,
            seats: 1_200,
            available_seats: 0,
            occupancy_pct: (n > 0).then(|| 7_000.0 * 100.0 / (12_000 * n) as f64),
            future_supply_m2: 0,
            activity_lines: if n % 2 == 0 {
                vec![ActivityLine::Crm, ActivityLine::Ito]
            } else {
                vec![]
            },
            jobs: (n != 2).then(|| JobsFigure {
                headcount: (n != 3).then_some(1_234 * n),
                suppressed: n == 3,
                quarter: Quarter::new(2026, 3).unwrap(),
                as_of: day(2026, 9, 30),
            }),
            occupancy_as_of: day(2026, 11, 29),
            demo: n % 2 == 1,
            distance_km: None,
            free_at_date_m2: None,
        }
    }

    fn results(parks: Vec<SearchRow>, near: Option<ResolvedNear>) -> SearchResults {
        SearchResults {
            as_of: day(2026, 11, 29),
            free_at: day(2027, 6, 30),
            count: 1_234,
            page: 3,
            per_page: 200,
            pages: 7,
            near,
            parks,
        }
    }

    /// The assembled page against serde_json's serialization of the same results.
    fn check(rows: &[SearchRow], page_rows: &[PageRow], near: Option<ResolvedNear>) {
        let all = RowsJson::new(rows).unwrap();
        assert_eq!(all.len(), rows.len());
        let fast = page(&results(vec![], near.clone()), &all, page_rows).unwrap();
        let full: Vec<SearchRow> = page_rows
            .iter()
            .map(|r| SearchRow {
                distance_km: r.distance_km,
                free_at_date_m2: r.free_at_date_m2,
                ..rows[r.index].clone()
            })
            .collect();
        let serde = serde_json::to_vec(&results(full, near)).unwrap();
        assert_eq!(
            String::from_utf8(fast).unwrap(),
            String::from_utf8(serde).unwrap()
        );
    }

    #[test]
    fn an_assembled_page_is_byte_for_byte_what_serde_json_makes() {
        let rows: Vec<SearchRow> = (0..6)
            .map(|n| row(&format!("park-{n}"), &format!("Park «{n}» \u{7f}\t"), n))
            .collect();
        let near = ResolvedNear {
            label: "Fès \"médina\"".into(),
            location: LatLng {
                lat: 34.0331,
                lon: -5.0003,
            },
            within_km: 50.0,
        };
        // an empty page, one row, rows out of order with every kind of per-search field
        check(&rows, &[], None);
        check(&rows, &[], Some(near.clone()));
        check(
            &rows,
            &[PageRow {
                index: 0,
                distance_km: None,
                free_at_date_m2: None,
            }],
            None,
        );
        check(
            &rows,
            &[
                PageRow {
                    index: 5,
                    distance_km: Some(0.0),
                    free_at_date_m2: Some(0),
                },
                PageRow {
                    index: 2,
                    distance_km: Some(85.2),
                    free_at_date_m2: Some(-3),
                },
                PageRow {
                    index: 3,
                    distance_km: Some(1_658.5),
                    free_at_date_m2: Some(i64::MAX),
                },
                PageRow {
                    index: 0,
                    distance_km: Some(1e-7),
                    free_at_date_m2: None,
                },
            ],
            Some(near),
        );
    }

    #[test]
    fn rows_with_per_search_fields_are_refused() {
        let mut r = row("a", "A", 1);
        r.distance_km = Some(1.0);
        assert!(RowsJson::new(&[r]).is_err());
        let mut head = results(vec![row("a", "A", 1)], None);
        assert!(page(&head, &RowsJson::default(), &[]).is_err());
        head.parks.clear();
        assert_eq!(
            page(&head, &RowsJson::default(), &[]).unwrap(),
            serde_json::to_vec(&head).unwrap()
        );
    }
}
