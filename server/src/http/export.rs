//! The quarterly report for the offshoring committee (CTO) as CSV: UTF-8
//! with a byte-order mark (Excel then reads the accents right), semicolon
//! separated like French-locale Excel expects, one section per level.
//!
//! Nothing in it can run as a formula: every text cell that begins with
//! `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`
//! (OWASP's rule), so a park named `=HYPERLINK(…)` reads as text. Numbers
//! are the registry's own figures, written by this module, never typed
//! text, so they stay numbers; decimals carry a comma, as French Excel
//! reads them in a `;` file.
use app::api::{AppError, Credentials, Jobs};
use app::model::{BalanceView, Cell, Quarter};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;

use super::error::ApiError;
use super::query::QueryParams;

/// A text cell that a spreadsheet will show, never evaluate.
pub fn text(raw: &str) -> String {
    if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}")
    } else {
        raw.to_string()
    }
}

fn cell(c: &Cell) -> String {
    match (c.value, c.suppressed) {
        (Some(v), _) => v.to_string(),
        (None, true) => "fewer than 3 tenants".into(),
        (None, false) => String::new(),
    }
}

fn num(x: Option<f64>, decimals: usize) -> String {
    x.map_or_else(String::new, |v| decimal(v, decimals))
}

/// `12.5` as `12,5`: the decimal comma of the `;` variant.
fn decimal(v: f64, decimals: usize) -> String {
    format!("{v:.decimals$}").replace('.', ",")
}

/// The report as CSV text (with the BOM); an error only if the writer fails.
pub fn quarterly_csv(view: &BalanceView) -> Result<String, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(Vec::new());
    let q = view.quarter.code();
    let as_of = view.as_of.to_string();
    w.write_record([
        "Tech Valley Registry: quarterly report",
        &q,
        &format!("as of {as_of}"),
        if view.exact {
            "exact figures (restricted)"
        } else if !view.revealed_parks.is_empty() {
            "restricted: the rows of your parks are exact; every other cell of fewer than 3 tenants is suppressed"
        } else {
            "public figures: cells of fewer than 3 tenants suppressed"
        },
        if view.demo {
            "contains invented demo data"
        } else {
            ""
        },
    ])?;
    w.write_record([
        "level",
        "code",
        "name",
        "population_2024",
        "parks",
        "floor_area_m2",
        "occupied_m2",
        "free_m2",
        "declared_jobs",
        "tenants_reporting",
        "jobs_per_10k",
        "share_of_national_pct",
        "months_of_supply",
        "quarter",
        "as_of",
    ])?;
    let n = &view.national;
    w.write_record([
        "national".to_string(),
        "MA".into(),
        "Maroc".into(),
        String::new(),
        view.parks.len().to_string(),
        n.floor_area_m2.to_string(),
        n.occupied_m2.to_string(),
        n.free_m2.to_string(),
        cell(&Cell {
            value: (!n.jobs_suppressed).then_some(n.jobs),
            suppressed: n.jobs_suppressed,
        }),
        n.tenants_reporting.to_string(),
        String::new(),
        decimal(100.0, 1),
        String::new(),
        q.clone(),
        as_of.clone(),
    ])?;
    for r in &view.regions {
        w.write_record([
            "region".to_string(),
            r.code.as_str().to_string(),
            text(r.name.fr.as_deref().unwrap_or_default()),
            r.population_2024.to_string(),
            r.parks.to_string(),
            r.floor_area_m2.to_string(),
            r.occupied_m2.to_string(),
            r.free_m2.to_string(),
            cell(&r.jobs),
            r.tenants_reporting.to_string(),
            num(r.jobs_per_10k, 1),
            num(r.share_of_national_pct, 1),
            num(r.months_of_supply, 1),
            q.clone(),
            as_of.clone(),
        ])?;
    }
    for p in &view.parks {
        w.write_record([
            "park".to_string(),
            text(&p.slug),
            text(&p.name),
            String::new(),
            "1".into(),
            p.floor_area_m2.to_string(),
            p.occupied_m2.to_string(),
            p.free_m2.to_string(),
            cell(&p.jobs),
            p.tenants_reporting.to_string(),
            String::new(),
            String::new(),
            String::new(),
            q.clone(),
            as_of.clone(),
        ])?;
    }
    w.write_record([""])?;
    w.write_record(["indicator", "value", "note"])?;
    for (name, value, note) in [
        (
            "target_2030_jobs",
            n.target_2030.to_string(),
            "Maroc Digital 2030",
        ),
        (
            "progress_pct",
            decimal(n.progress_pct, 2),
            "registry's declared jobs / target",
        ),
        (
            "yearly_pace_needed",
            num(n.yearly_pace_needed, 0),
            "jobs per year to reach the target by 31 Dec 2030",
        ),
        (
            "share_outside_casablanca_rabat_pct",
            num(n.share_outside_axis_pct, 1),
            "outside regions 06 and 04",
        ),
        (
            "hhi",
            num(n.hhi, 0),
            "Herfindahl-Hirschman index of jobs across regions, 0-10,000",
        ),
    ] {
        w.write_record([name.to_string(), value, note.to_string()])?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    // every cell is a Rust string, so the bytes are UTF-8
    let body = String::from_utf8_lossy(&bytes);
    Ok(format!("\u{feff}{body}"))
}

/// `GET /exports/quarterly.csv?quarter=2026Q3`
pub async fn quarterly(
    State((jobs, policy)): State<(Jobs, super::headers::HeaderPolicy)>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<impl IntoResponse, ApiError> {
    let q = QueryParams::parse(raw.as_deref(), &["quarter"])?;
    let quarter = match q.get("quarter") {
        Some(raw) if !raw.trim().is_empty() => {
            Some(Quarter::parse(raw).map_err(|m| AppError::invalid("quarter", m))?)
        }
        _ => None,
    };
    let credentials = Credentials {
        session: app::api::request::session_from_headers(&headers, policy.secure),
        csrf: None,
    };
    let view = jobs.balance(&credentials, quarter).await?;
    let filename = format!("tech-valley-registry-{}.csv", view.quarter.code());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        quarterly_csv(&view).map_err(|e| {
            tracing::error!(error = %e, "the quarterly CSV could not be written");
            AppError::Internal
        })?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_plain_text_is_kept() {
        for (raw, out) in [
            (
                "=HYPERLINK(\"http://evil.example\",\"x\")",
                "'=HYPERLINK(\"http://evil.example\",\"x\")",
            ),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Casanearshore", "Casanearshore"),
            ("Fès Shore", "Fès Shore"),
            ("", ""),
        ] {
            assert_eq!(text(raw), out, "{raw:?}");
        }
        assert_eq!(decimal(12.345, 1), "12,3");
        assert_eq!(decimal(-0.5, 2), "-0,50");
        assert_eq!(num(None, 1), "");
    }
}
