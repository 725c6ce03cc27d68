//! What park managers and admins see and send: roles, sessions, edit forms
//! (each carrying the version it was read at), lease events, the audit log.
//!
//! The typed inputs (`ParkEdit`, `LeaseEventInput`…) hold checked values;
//! `model::forms` builds them from the text a form posts.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::values::{AreaM2, Id, RegistryDate, Seats};
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
    /// Whether the viewer may change this record: they manage every park
    /// the tenant leases in (or are an admin). Hiding the form is not the check.
    pub may_change: bool,
    /// The tenant agreed to publish its own headcount.
    pub publish_jobs_consent: bool,
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
    pub delivery_date: Option<RegistryDate>,
    pub rent_centimes_per_m2_month: Option<i64>,
    pub description_fr: Option<String>,
    pub description_en: Option<String>,
    pub description_ar: Option<String>,
}

/// A new building (`id` none) or an edit of one (`id` and `version` set).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildingEdit {
    pub park_slug: String,
    pub id: Option<Id>,
    pub version: Option<i32>,
    pub name: String,
    pub floor_area_m2: AreaM2,
    pub seats: Seats,
    pub delivery_date: Option<RegistryDate>,
}

/// An edit of a tenant's company details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantEdit {
    pub park_slug: String,
    pub id: Id,
    pub version: i32,
    pub company: String,
    pub country: String,
    pub activity_line: ActivityLine,
}

/// Who a lease event is for: a tenant already known, or a company new to the registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TenantChoice {
    Existing(Id),
    New {
        company: String,
        country: String,
        activity_line: ActivityLine,
    },
}

/// What a lease event does: a move-in or resize leases an area and seats, a
/// move-out ends the lease.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeaseChange {
    MoveIn { area: AreaM2, seats: Seats },
    Resize { area: AreaM2, seats: Seats },
    MoveOut,
}

impl LeaseChange {
    pub fn kind(self) -> LeaseKind {
        match self {
            Self::MoveIn { .. } => LeaseKind::MoveIn,
            Self::Resize { .. } => LeaseKind::Resize,
            Self::MoveOut => LeaseKind::MoveOut,
        }
    }

    /// The area and seats the tenant holds after the change (none after a move-out).
    pub fn leased(self) -> (i64, i64) {
        match self {
            Self::MoveIn { area, seats } | Self::Resize { area, seats } => {
                (area.get(), seats.get())
            }
            Self::MoveOut => (0, 0),
        }
    }
}

/// A lease event to record in a building of a park, at its effective date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaseEventInput {
    pub park_slug: String,
    pub building_id: Id,
    pub tenant: TenantChoice,
    pub change: LeaseChange,
    pub effective_date: RegistryDate,
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
    pub id: Option<Id>,
    pub version: Option<i32>,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Park slugs, for park managers.
    pub parks: Vec<String>,
    /// Tenant id, for tenant representatives.
    pub tenant_id: Option<Id>,
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
    /// Signs in with a second factor (an admin may reset it).
    #[serde(default)]
    pub two_factor: bool,
}

/// Filters of the audit log page; every one optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub from: Option<RegistryDate>,
    pub to: Option<RegistryDate>,
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
    fn roles_parse_from_their_names() {
        assert_eq!(Role::parse("park_manager"), Ok(Role::ParkManager));
        assert!(Role::parse("root").is_err());
    }
}
