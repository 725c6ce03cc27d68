//! Translations (French by default, English, Arabic) and locale-aware formatting.
//!
//! Every UI string of a language lives in that language's folder (`fr/`,
//! `en/`, `ar/`): its `Strings` in `mod.rs`, its `BalanceStrings` in
//! `balance.rs`, and every other area's strings in a file of its own named
//! after it (`account.rs`, `tenant_scope.rs`, `two_factor.rs`, ...). Each is a struct whose
//! every field must be given, so a missing translation is a compile error,
//! not a blank on screen. Content (region names, park descriptions) comes
//! translated from the database.
//! Numbers and dates are formatted in `format.rs`.

pub mod account;
mod ar;
pub mod balance;
mod en;
pub mod format;
mod fr;
pub mod privacy;
mod strings;
pub mod tenant_scope;
pub mod two_factor;

pub use strings::Strings;

use crate::model::{
    ActivityLine, Freshness, LeaseKind, LocalizedText, MapMetric, ParkStatus, Role, SortKey,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
