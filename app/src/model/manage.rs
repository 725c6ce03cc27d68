//! What park managers and admins see and send: roles, sessions, edit forms
//! (each carrying the version it was read at), lease events, the audit log.
//!
//! Forms arrive as text (a plain HTML form sends nothing else); the `parse`
//! functions here turn them into typed inputs and name the field that is wrong.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{ActivityLine, ParkStatus, RegionCode};

/// What a signed-in user may do. The public (no session) has no role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, including user management.
    Admin,
    /// Only the parks assigned to them.
    ParkManager,
    /// Only their own company (job declarations).
    TenantRep,
}

impl Role {
    pub const ALL: [Role; 3] = [Self::Admin, Self::ParkManager, Self::TenantRep];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::ParkManager => "park_manager",
            Self::TenantRep => "tenant_rep",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == raw.trim())
            .ok_or_else(|| {
                format!("unknown role '{raw}': expected admin, park_manager or tenant_rep")
            })
    }
}

/// The signed-in user as the pages see it. `csrf_token` must come back with
/// every change this session makes (a hidden form field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionUser {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub csrf_token: String,
}

/// How recent a park's data is: days since its last update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Freshness {
    /// Updated within the last 30 days.
    Fresh,
    /// 30 to 59 days.
    Days30,
    /// 60 to 89 days.
    Days60,
    /// 90 days or more.
    Days90,
}

impl Freshness {
    pub fn from_days(days: i64) -> Self {
        match days {
            ..30 => Self::Fresh,
            30..60 => Self::Days30,
            60..90 => Self::Days60,
            _ => Self::Days90,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fresh => "fresh",
            Self::Days30 => "30",
            Self::Days60 => "60",
            Self::Days90 => "90",
        }
    }
}

/// One park on the manager's "my parks" page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManagedPark {
    pub slug: String,
    pub name: String,
    pub city: String,
    pub status: ParkStatus,
    pub last_updated_at: DateTime<Utc>,
    pub last_updated_by: String,
    pub days_since_update: i64,
    pub freshness: Freshness,
    pub buildings: i64,
    pub floor_area_m2: i64,
    pub occupied_m2: i64,
    /// Date of the occupancy figure (today).
    pub as_of: NaiveDate,
}

/// Everything the park editor shows, each record with the version it was read at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParkEditor {
    pub park: ParkFields,
    pub buildings: Vec<BuildingFields>,
    /// Tenants that lease or leased in this park, and what they lease today.
    pub tenants: Vec<TenantFields>,
    /// The park's lease events, newest effective date first.
    pub events: Vec<LeaseEventRow>,
    pub as_of: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParkFields {
    pub slug: String,
    pub version: i32,
    pub name: String,
    pub city: String,
    pub operator: String,
    pub status: ParkStatus,
    pub lat: f64,
    pub lon: f64,
    pub region_code: RegionCode,
    pub land_ha: Option<f64>,
    pub delivery_date: Option<NaiveDate>,
    pub rent_centimes_per_m2_month: Option<i64>,
    pub description_fr: Option<String>,
    pub description_en: Option<String>,
    pub description_ar: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildingFields {
    pub id: i32,
    pub version: i32,
    pub name: String,
    pub floor_area_m2: i64,
    pub seats: i64,
    pub delivery_date: Option<NaiveDate>,
    /// Leased and free today.
    pub occupied_m2: i64,
    pub occupied_seats: i64,
    pub free_m2: i64,
    pub free_seats: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantFields {
    pub id: i32,
    pub version: i32,
    pub company: String,
    pub country: String,
    pub activity_line: ActivityLine,
    /// Area and seats leased in this park today (0 when gone or not yet in).
    pub leased_m2: i64,
    pub leased_seats: i64,
}

/// What a lease event does: starts a lease, changes its area and seats, or ends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeaseKind {
    MoveIn,
    Resize,
    MoveOut,
}

impl LeaseKind {
    pub const ALL: [LeaseKind; 3] = [Self::MoveIn, Self::Resize, Self::MoveOut];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::MoveIn => "move_in",
            Self::Resize => "resize",
            Self::MoveOut => "move_out",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == raw.trim())
            .ok_or_else(|| format!("unknown kind '{raw}': expected move_in, resize or move_out"))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaseEventRow {
    pub id: i32,
    pub building: String,
    pub company: String,
    pub kind: LeaseKind,
    pub area_m2: i64,
    pub seats: i64,
    pub effective_date: NaiveDate,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// A park edit as parsed from its form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParkEdit {
    pub slug: String,
    pub version: i32,
    pub name: String,
    pub city: String,
    pub operator: String,
    pub status: ParkStatus,
    pub lat: f64,
    pub lon: f64,
    pub land_ha: Option<f64>,
    pub delivery_date: Option<NaiveDate>,
    pub rent_centimes_per_m2_month: Option<i64>,
    pub description_fr: Option<String>,
    pub description_en: Option<String>,
    pub description_ar: Option<String>,
}

/// A new building (`id` none) or an edit of one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildingEdit {
    pub park_slug: String,
    pub id: Option<i32>,
    pub version: Option<i32>,
    pub name: String,
    pub floor_area_m2: i64,
    pub seats: i64,
    pub delivery_date: Option<NaiveDate>,
}

/// An edit of a tenant's company details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantEdit {
    pub park_slug: String,
    pub id: i32,
    pub version: i32,
    pub company: String,
    pub country: String,
    pub activity_line: ActivityLine,
}

/// Who a lease event is for: a tenant already known, or a company new to the registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TenantChoice {
    Existing(i32),
    New {
        company: String,
        country: String,
        activity_line: ActivityLine,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaseEventInput {
    pub park_slug: String,
    pub building_id: i32,
    pub tenant: TenantChoice,
    pub kind: LeaseKind,
    pub area_m2: i64,
    pub seats: i64,
    pub effective_date: NaiveDate,
}

/// What a recorded lease event changed in its building, at its date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaseEventRecorded {
    pub event_id: i32,
    pub building: String,
    pub effective_date: NaiveDate,
    pub free_m2: i64,
    pub free_seats: i64,
}

/// A new user, or an edit of one (`id` and `version` set).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserEdit {
    pub id: Option<i32>,
    pub version: Option<i32>,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Park slugs, for park managers.
    pub parks: Vec<String>,
    /// Tenant id, for tenant representatives.
    pub tenant_id: Option<i32>,
    pub disabled: bool,
    /// A new password; required for a new user, optional for an edit.
    pub password: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i32,
    pub version: i32,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub parks: Vec<String>,
    pub tenant_id: Option<i32>,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

/// Filters of the audit log page; every one optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub page: u32,
}

pub const AUDIT_PER_PAGE: u32 = 50;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
}

/// Text fields of a form, parsed one by one; the error names the field.
pub mod form {
    use chrono::NaiveDate;

    pub fn text(field: &str, raw: &str, max_len: usize) -> Result<String, (String, String)> {
        let t = raw.trim();
        if t.is_empty() {
            return Err((field.into(), "is required".into()));
        }
        if t.chars().count() > max_len {
            return Err((field.into(), format!("is longer than {max_len} characters")));
        }
        Ok(t.to_string())
    }

    pub fn optional_text(
        field: &str,
        raw: &str,
        max_len: usize,
    ) -> Result<Option<String>, (String, String)> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            text(field, raw, max_len).map(Some)
        }
    }

    pub fn int(field: &str, raw: &str, min: i64, max: i64) -> Result<i64, (String, String)> {
        let t = raw.trim().replace([' ', '\u{a0}', '\u{202f}'], "");
        let n: i64 = t.parse().map_err(|_| {
            (
                field.to_string(),
                format!("'{}' is not a whole number", raw.trim()),
            )
        })?;
        if n < min || n > max {
            return Err((field.into(), format!("must be between {min} and {max}")));
        }
        Ok(n)
    }

    pub fn optional_int(
        field: &str,
        raw: &str,
        min: i64,
        max: i64,
    ) -> Result<Option<i64>, (String, String)> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            int(field, raw, min, max).map(Some)
        }
    }

    pub fn float(field: &str, raw: &str, min: f64, max: f64) -> Result<f64, (String, String)> {
        let t = raw.trim().replace(',', ".");
        let x: f64 = t
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite())
            .ok_or_else(|| {
                (
                    field.to_string(),
                    format!("'{}' is not a number", raw.trim()),
                )
            })?;
        if x < min || x > max {
            return Err((field.into(), format!("must be between {min} and {max}")));
        }
        Ok(x)
    }

    pub fn optional_float(
        field: &str,
        raw: &str,
        min: f64,
        max: f64,
    ) -> Result<Option<f64>, (String, String)> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            float(field, raw, min, max).map(Some)
        }
    }

    pub fn date(field: &str, raw: &str) -> Result<NaiveDate, (String, String)> {
        NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| {
            (
                field.to_string(),
                format!("'{}' is not a date (YYYY-MM-DD)", raw.trim()),
            )
        })
    }

    pub fn optional_date(field: &str, raw: &str) -> Result<Option<NaiveDate>, (String, String)> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            date(field, raw).map(Some)
        }
    }

    /// A rent typed in MAD per m² per month ("85" or "85.50"), as integer centimes.
    pub fn optional_rent_centimes(field: &str, raw: &str) -> Result<Option<i64>, (String, String)> {
        match optional_float(field, raw, 0.0, 10_000.0)? {
            None => Ok(None),
            Some(mad) => Ok(Some((mad * 100.0).round() as i64)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freshness_follows_the_30_60_90_day_steps() {
        assert_eq!(Freshness::from_days(0), Freshness::Fresh);
        assert_eq!(Freshness::from_days(29), Freshness::Fresh);
        assert_eq!(Freshness::from_days(30), Freshness::Days30);
        assert_eq!(Freshness::from_days(59), Freshness::Days30);
        assert_eq!(Freshness::from_days(60), Freshness::Days60);
        assert_eq!(Freshness::from_days(90), Freshness::Days90);
        assert_eq!(Freshness::from_days(400), Freshness::Days90);
    }

    #[test]
    fn form_fields_name_themselves_when_wrong() {
        assert_eq!(form::int("area_m2", " 1 200 ", 1, 10_000), Ok(1200));
        let (field, message) = form::int("area_m2", "lots", 1, 10).unwrap_err();
        assert_eq!(field, "area_m2");
        assert!(message.contains("lots"), "{message}");
        assert!(form::int("seats", "-1", 0, 10).is_err());
        assert_eq!(form::optional_int("seats", "  ", 0, 10), Ok(None));
        assert_eq!(form::optional_rent_centimes("rent", "85,5"), Ok(Some(8550)));
        assert!(form::date("effective_date", "2026-02-30").is_err());
        assert!(form::text("name", "   ", 10).is_err());
        assert!(form::float("lat", "NaN", -90.0, 90.0).is_err());
        assert_eq!(Role::parse("park_manager"), Ok(Role::ParkManager));
        assert!(Role::parse("root").is_err());
    }
}
