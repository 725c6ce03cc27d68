//! Fixed lists of the domain, parsed at the edge: a value of these types is valid.
use serde::{Deserialize, Serialize};

/// HCP code of one of the 12 regions, "01" to "12".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

impl RegionCode {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        match raw.parse::<u8>() {
            Ok(n @ 1..=12) if raw.len() == 2 => Ok(Self(format!("{n:02}"))),
            _ => Err(format!(
                "unknown region code '{raw}': expected a two-digit HCP code from 01 to 12"
            )),
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for RegionCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<RegionCode> for String {
    fn from(value: RegionCode) -> Self {
        value.0
    }
}

/// Where a park stands in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParkStatus {
    Operating,
    UnderConstruction,
    Planned,
}

impl ParkStatus {
    pub const ALL: [ParkStatus; 3] = [Self::Operating, Self::UnderConstruction, Self::Planned];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Operating => "operating",
            Self::UnderConstruction => "under_construction",
            Self::Planned => "planned",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw.trim())
            .ok_or_else(|| {
                format!(
                    "unknown status '{}': expected operating, under_construction or planned",
                    raw.trim()
                )
            })
    }
}

/// The activity lines ("filières") of the Offshoring Offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ActivityLine {
    Ito,
    Bpo,
    Crm,
    Eso,
    Kpo,
}

impl ActivityLine {
    pub const ALL: [ActivityLine; 5] = [Self::Ito, Self::Bpo, Self::Crm, Self::Eso, Self::Kpo];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ito => "ITO",
            Self::Bpo => "BPO",
            Self::Crm => "CRM",
            Self::Eso => "ESO",
            Self::Kpo => "KPO",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        let up = raw.trim().to_ascii_uppercase();
        Self::ALL
            .into_iter()
            .find(|l| l.as_str() == up)
            .ok_or_else(|| {
                format!(
                    "unknown activity line '{}': expected ITO, BPO, CRM, ESO or KPO",
                    raw.trim()
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_codes_are_the_twelve_hcp_codes() {
        assert_eq!(RegionCode::parse("06").unwrap().as_str(), "06");
        assert_eq!(RegionCode::parse(" 12 ").unwrap().as_str(), "12");
        for bad in ["6", "00", "13", "ab", "", "006"] {
            assert!(RegionCode::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn activity_lines_parse_in_any_case() {
        assert_eq!(ActivityLine::parse("crm").unwrap(), ActivityLine::Crm);
        assert!(ActivityLine::parse("XYZ").is_err());
    }
}
