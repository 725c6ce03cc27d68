//! Translations (French by default, English, Arabic) and locale-aware formatting.
//!
//! Every UI string lives in one `Strings` catalogue per language: a missing
//! translation is a compile error, not a blank on screen. Content (region
//! names, park descriptions) comes translated from the database.

mod ar;
pub mod balance;
mod en;
mod fr;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::model::{
    ActivityLine, Freshness, LeaseKind, LocalizedText, MapMetric, ParkStatus, Quarter, Role,
    SortKey,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    Fr,
    En,
    Ar,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::Fr, Locale::En, Locale::Ar];
    pub const DEFAULT: Locale = Locale::Fr;

    pub fn code(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
            Self::Ar => "ar",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Text direction for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        if self == Self::Ar { "rtl" } else { "ltr" }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::Fr => "Français",
            Self::En => "English",
            Self::Ar => "العربية",
        }
    }

    pub fn t(self) -> &'static Strings {
        match self {
            Self::Fr => &fr::STRINGS,
            Self::En => &en::STRINGS,
            Self::Ar => &ar::STRINGS,
        }
    }

    /// Picks the text in this language, falling back to French, then to any.
    pub fn pick(self, text: &LocalizedText) -> Option<&str> {
        let own = match self {
            Self::Fr => &text.fr,
            Self::En => &text.en,
            Self::Ar => &text.ar,
        };
        own.as_deref()
            .or(text.fr.as_deref())
            .or(text.en.as_deref())
            .or(text.ar.as_deref())
    }

    /// An integer with the language's thousands separator.
    pub fn int(self, n: i64) -> String {
        let sep = match self {
            Self::En => ",",
            // narrow no-break space, as French typography and Moroccan usage write it
            Self::Fr | Self::Ar => "\u{202f}",
        };
        let digits = n.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3 + 1);
        if n < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    }

    pub fn m2(self, n: i64) -> String {
        format!("{}\u{a0}m²", self.int(n))
    }

    pub fn pct(self, p: f64) -> String {
        let s = format!("{p:.0}");
        match self {
            Self::En => format!("{s}%"),
            Self::Fr | Self::Ar => format!("{s}\u{a0}%"),
        }
    }

    pub fn date(self, d: NaiveDate) -> String {
        let month = self.t().months[d.month0() as usize];
        match self {
            Self::En => format!("{} {} {}", d.day(), month, d.year()),
            Self::Fr | Self::Ar => format!("{} {} {}", d.day(), month, d.year()),
        }
    }

    pub fn quarter(self, q: Quarter) -> String {
        match self {
            Self::Fr => format!("T{} {}", q.quarter, q.year),
            Self::En => format!("Q{} {}", q.quarter, q.year),
            Self::Ar => format!("الربع {} من {}", q.quarter, q.year),
        }
    }

    /// Rent from integer centimes, e.g. "90 MAD/m²/mois".
    pub fn rent(self, centimes: i64) -> String {
        let whole = centimes / 100;
        let cents = centimes % 100;
        let amount = if cents == 0 {
            self.int(whole)
        } else {
            let dec = if self == Self::En { "." } else { "," };
            format!("{}{dec}{cents:02}", self.int(whole))
        };
        format!("{amount}\u{a0}{}", self.t().unit_rent)
    }

    pub fn status(self, s: ParkStatus) -> &'static str {
        let t = self.t();
        match s {
            ParkStatus::Operating => t.status_operating,
            ParkStatus::UnderConstruction => t.status_under_construction,
            ParkStatus::Planned => t.status_planned,
        }
    }

    pub fn sort(self, k: SortKey) -> &'static str {
        let t = self.t();
        match k {
            SortKey::Name => t.sort_name,
            SortKey::FreeArea => t.sort_free_area,
            SortKey::Rent => t.sort_rent,
            SortKey::Occupancy => t.sort_occupancy,
            SortKey::Distance => t.sort_distance,
        }
    }

    pub fn metric(self, m: MapMetric) -> &'static str {
        let t = self.t();
        match m {
            MapMetric::AvailableArea => t.metric_available_area,
            MapMetric::Occupancy => t.metric_occupancy,
            MapMetric::JobsPer10k => t.metric_jobs_per_10k,
        }
    }

    /// A distance rounded to the kilometre.
    pub fn km(self, km: f64) -> String {
        format!("{}\u{a0}km", self.int(km.round() as i64))
    }

    pub fn role(self, r: Role) -> &'static str {
        let t = self.t();
        match r {
            Role::Admin => t.role_admin,
            Role::ParkManager => t.role_park_manager,
            Role::TenantRep => t.role_tenant_rep,
        }
    }

    pub fn lease_kind(self, k: LeaseKind) -> &'static str {
        let t = self.t();
        match k {
            LeaseKind::MoveIn => t.kind_move_in,
            LeaseKind::Resize => t.kind_resize,
            LeaseKind::MoveOut => t.kind_move_out,
        }
    }

    pub fn freshness(self, f: Freshness) -> &'static str {
        let t = self.t();
        match f {
            Freshness::Fresh => t.fresh_0,
            Freshness::Days30 => t.fresh_30,
            Freshness::Days60 => t.fresh_60,
            Freshness::Days90 => t.fresh_90,
        }
    }

    /// The name of an audited record type (`park`, `building`…), or the raw name.
    pub fn entity(self, entity: &str) -> String {
        let t = self.t();
        match entity {
            "park" => t.entity_park,
            "building" => t.entity_building,
            "tenant" => t.entity_tenant,
            "lease_event" => t.entity_lease_event,
            "user" => t.entity_user,
            other => return other.to_string(),
        }
        .to_string()
    }

    /// A UTC timestamp to the minute, e.g. "29 Nov 2026 14:05".
    pub fn datetime_utc(self, at: DateTime<Utc>) -> String {
        format!("{} {}", self.date(at.date_naive()), at.format("%H:%M"))
    }

    pub fn activity(self, a: ActivityLine) -> &'static str {
        let t = self.t();
        match a {
            ActivityLine::Ito => t.line_ito,
            ActivityLine::Bpo => t.line_bpo,
            ActivityLine::Crm => t.line_crm,
            ActivityLine::Eso => t.line_eso,
            ActivityLine::Kpo => t.line_kpo,
        }
    }
}

/// Fills the `{name}` placeholders of a catalogue string.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Every string of the interface, in one language.
pub struct Strings {
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub nav_home: &'static str,
    pub nav_parks: &'static str,
    pub nav_api: &'static str,
    pub language: &'static str,
    pub skip_to_content: &'static str,
    pub demo_banner: &'static str,
    pub demo_tag: &'static str,

    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub stat_parks: &'static str,
    pub stat_parks_operating: &'static str,
    pub stat_floor_area: &'static str,
    pub stat_occupied: &'static str,
    pub stat_available: &'static str,
    pub stat_future_supply: &'static str,
    pub stat_jobs: &'static str,
    pub as_of: &'static str,
    pub declared_for: &'static str,
    pub no_jobs_yet: &'static str,
    pub last_update: &'static str,
    pub by: &'static str,
    pub sector_title: &'static str,
    pub sector_jobs_2024: &'static str,
    pub sector_target_2030: &'static str,
    pub sector_source: &'static str,
    pub browse_parks: &'static str,

    pub directory_title: &'static str,
    pub directory_intro: &'static str,
    pub filter_region: &'static str,
    pub filter_status: &'static str,
    pub all_regions: &'static str,
    pub all_statuses: &'static str,
    pub apply_filters: &'static str,
    pub results: &'static str,
    pub no_results: &'static str,
    pub col_park: &'static str,
    pub col_region: &'static str,
    pub col_status: &'static str,
    pub col_floor_area: &'static str,
    pub col_occupancy: &'static str,
    pub col_available: &'static str,
    pub col_jobs: &'static str,

    pub status_operating: &'static str,
    pub status_under_construction: &'static str,
    pub status_planned: &'static str,
    pub line_ito: &'static str,
    pub line_bpo: &'static str,
    pub line_crm: &'static str,
    pub line_eso: &'static str,
    pub line_kpo: &'static str,

    pub back_to_directory: &'static str,
    pub operator: &'static str,
    pub city: &'static str,
    pub region: &'static str,
    pub land: &'static str,
    pub delivery: &'static str,
    pub rent: &'static str,
    pub location: &'static str,
    pub not_known: &'static str,
    pub buildings: &'static str,
    pub building: &'static str,
    pub floor_area: &'static str,
    pub seats: &'static str,
    pub occupied: &'static str,
    pub available: &'static str,
    pub delivered: &'static str,
    pub to_be_delivered: &'static str,
    pub no_buildings: &'static str,
    pub tenants: &'static str,
    pub company: &'static str,
    pub country: &'static str,
    pub activity_line: &'static str,
    pub area: &'static str,
    pub since: &'static str,
    pub latest_jobs: &'static str,
    pub no_tenants: &'static str,
    pub press_title: &'static str,
    pub press_floor: &'static str,
    pub press_jobs: &'static str,
    pub press_year: &'static str,
    pub press_note: &'static str,
    pub description: &'static str,

    pub loading: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub error_title: &'static str,
    pub error_text: &'static str,
    pub footer_attribution: &'static str,
    pub footer_parks_source: &'static str,

    pub nav_map: &'static str,
    pub search_title: &'static str,
    pub search_intro: &'static str,
    pub filter_lines: &'static str,
    pub filter_min_free_m2: &'static str,
    pub filter_min_free_seats: &'static str,
    pub filter_max_rent: &'static str,
    pub filter_available_by: &'static str,
    pub filter_near: &'static str,
    pub filter_within_km: &'static str,
    pub sort_by: &'static str,
    pub sort_name: &'static str,
    pub sort_free_area: &'static str,
    pub sort_rent: &'static str,
    pub sort_occupancy: &'static str,
    pub sort_distance: &'static str,
    pub reset_filters: &'static str,
    pub col_rent: &'static str,
    pub col_distance: &'static str,
    pub free_on: &'static str,
    pub page_prev: &'static str,
    pub page_next: &'static str,
    pub page_label: &'static str,
    pub of: &'static str,
    pub compare_selected: &'static str,
    pub compare_hint: &'static str,
    pub select_park: &'static str,
    pub within: &'static str,
    pub from: &'static str,
    pub map_title: &'static str,
    pub map_intro: &'static str,
    pub metric: &'static str,
    pub metric_available_area: &'static str,
    pub metric_occupancy: &'static str,
    pub metric_jobs_per_10k: &'static str,
    pub no_data: &'static str,
    pub map_parks_list: &'static str,
    pub census_note: &'static str,
    pub show: &'static str,
    pub history_title: &'static str,
    pub access_title: &'static str,
    pub nearest_airport: &'static str,
    pub nearest_station: &'static str,
    pub as_the_crow_flies: &'static str,
    pub jobs_by_quarter: &'static str,
    pub region_inset: &'static str,
    pub compare_title: &'static str,
    pub compare_intro: &'static str,
    pub activity_mix: &'static str,
    pub capacity: &'static str,
    pub free_now: &'static str,

    pub nav_manage: &'static str,
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub sign_in: &'static str,
    pub login_wrong: &'static str,
    /// `{n}` is replaced by the number of seconds.
    pub err_too_many: &'static str,
    pub signed_in_as: &'static str,
    pub sign_out: &'static str,
    pub not_signed_in: &'static str,
    pub manage_title: &'static str,
    pub manage_intro: &'static str,
    pub fresh_0: &'static str,
    pub fresh_30: &'static str,
    pub fresh_60: &'static str,
    pub fresh_90: &'static str,
    /// `{n}` is replaced by the number of days.
    pub days_ago: &'static str,
    pub no_parks_assigned: &'static str,
    pub edit_park: &'static str,
    pub public_page: &'static str,
    pub administration: &'static str,
    pub back_to_my_parks: &'static str,
    pub role_admin: &'static str,
    pub role_park_manager: &'static str,
    pub role_tenant_rep: &'static str,

    pub editor_title: &'static str,
    pub park_details: &'static str,
    pub name: &'static str,
    pub latitude: &'static str,
    pub longitude: &'static str,
    pub land_ha: &'static str,
    pub delivery_date: &'static str,
    pub rent_mad: &'static str,
    pub descriptions: &'static str,
    pub description_fr: &'static str,
    pub description_en: &'static str,
    pub description_ar: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub saved: &'static str,
    pub region_derived: &'static str,
    pub map_pick_hint: &'static str,
    pub map_picker_label: &'static str,
    pub free_seats: &'static str,
    pub edit: &'static str,
    pub add_building: &'static str,
    pub floor_area_m2: &'static str,
    pub leased_today: &'static str,
    pub country_code: &'static str,
    pub record_title: &'static str,
    pub record_intro: &'static str,
    pub tenant: &'static str,
    pub new_company: &'static str,
    pub new_company_legend: &'static str,
    pub kind: &'static str,
    pub kind_move_in: &'static str,
    pub kind_resize: &'static str,
    pub kind_move_out: &'static str,
    pub area_m2: &'static str,
    pub seats_label: &'static str,
    pub move_out_note: &'static str,
    pub effective_date: &'static str,
    pub record: &'static str,
    /// `{m2}`, `{seats}`, `{building}` and `{date}` are replaced.
    pub recorded: &'static str,
    pub events_title: &'static str,
    pub recorded_by: &'static str,
    pub recorded_at: &'static str,
    pub no_events: &'static str,
    pub reload_latest: &'static str,
    /// `{field}` and `{message}` are replaced.
    pub err_invalid: &'static str,
    pub err_unauthorized: &'static str,
    pub err_forbidden: &'static str,
    pub err_not_found: &'static str,
    pub err_conflict: &'static str,

    pub audit_title: &'static str,
    pub audit_intro: &'static str,
    pub actor: &'static str,
    pub entity: &'static str,
    pub entity_all: &'static str,
    pub entity_park: &'static str,
    pub entity_building: &'static str,
    pub entity_tenant: &'static str,
    pub entity_lease_event: &'static str,
    pub entity_user: &'static str,
    pub entity_id: &'static str,
    pub date_from: &'static str,
    pub date_to: &'static str,
    pub when_utc: &'static str,
    pub who: &'static str,
    pub action: &'static str,
    pub before_after: &'static str,
    pub before: &'static str,
    pub after: &'static str,
    pub audit_empty: &'static str,
    pub entries: &'static str,

    pub users_title: &'static str,
    pub users_intro: &'static str,
    pub add_user: &'static str,
    pub display_name: &'static str,
    pub role: &'static str,
    pub parks_slugs: &'static str,
    pub tenant_id: &'static str,
    pub account_disabled: &'static str,
    pub account_active: &'static str,
    pub new_password: &'static str,
    pub created_at: &'static str,

    pub map_hint: &'static str,
    pub unit_ha: &'static str,
    pub unit_rent: &'static str,
    pub months: [&'static str; 12],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_use_each_languages_separator() {
        assert_eq!(Locale::En.int(270_000), "270,000");
        assert_eq!(Locale::Fr.int(270_000), "270\u{202f}000");
        assert_eq!(Locale::En.int(-1_234_567), "-1,234,567");
        assert_eq!(Locale::En.int(999), "999");
        assert_eq!(Locale::En.rent(9_050), "90.50\u{a0}MAD/m²/month");
        assert_eq!(Locale::Fr.rent(9_000), "90\u{a0}MAD/m²/mois");
    }

    #[test]
    fn arabic_is_right_to_left_and_the_others_are_not() {
        assert_eq!(Locale::Ar.dir(), "rtl");
        assert_eq!(Locale::Fr.dir(), "ltr");
        assert_eq!(Locale::from_code("ar"), Some(Locale::Ar));
        assert_eq!(Locale::from_code("de"), None);
    }

    #[test]
    fn content_falls_back_to_french_when_a_translation_is_missing() {
        let text = LocalizedText {
            fr: Some("Parc".into()),
            ar: None,
            en: Some("Park".into()),
        };
        assert_eq!(Locale::Ar.pick(&text), Some("Parc"));
        assert_eq!(Locale::En.pick(&text), Some("Park"));
        assert_eq!(Locale::Fr.pick(&LocalizedText::default()), None);
    }

    #[test]
    fn templates_are_filled_in_every_language() {
        for l in Locale::ALL {
            let s = fill(l.t().err_too_many, &[("n", "42")]);
            assert!(s.contains("42") && !s.contains('{'), "{s}");
            let s = fill(
                l.t().recorded,
                &[
                    ("m2", "1"),
                    ("seats", "2"),
                    ("building", "B"),
                    ("date", "D"),
                ],
            );
            assert!(!s.contains('{'), "{s}");
            let s = fill(l.t().err_invalid, &[("field", "f"), ("message", "m")]);
            assert!(!s.contains('{'), "{s}");
            assert!(!fill(l.t().days_ago, &[("n", "3")]).contains('{'));
        }
    }

    #[test]
    fn dates_and_quarters_read_naturally() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(Locale::En.date(d), "29 Nov 2026");
        assert_eq!(Locale::Fr.date(d), "29 nov. 2026");
        let q = Quarter::new(2026, 3).unwrap();
        assert_eq!(Locale::Fr.quarter(q), "T3 2026");
        assert_eq!(Locale::En.quarter(q), "Q3 2026");
    }
}
