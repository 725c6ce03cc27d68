//! Query strings parsed strictly: unknown or repeated parameters are errors
//! that name the parameter, so a typo never silently returns everything.
use std::collections::BTreeMap;

use app::api::AppError;
use app::model::RegistryDate;
use chrono::NaiveDate;

pub struct QueryParams(BTreeMap<String, String>);

impl QueryParams {
    pub fn parse(raw: Option<&str>, allowed: &[&str]) -> Result<Self, AppError> {
        let mut map = BTreeMap::new();
        for (key, value) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            if !allowed.contains(&key.as_ref()) {
                return Err(AppError::invalid(
                    key.as_ref(),
                    format!(
                        "unknown parameter '{key}'; known parameters: {}",
                        allowed.join(", ")
                    ),
                ));
            }
            if map.insert(key.to_string(), value.to_string()).is_some() {
                return Err(AppError::invalid(
                    key.as_ref(),
                    format!("parameter '{key}' is given more than once"),
                ));
            }
        }
        Ok(Self(map))
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// `as_of=YYYY-MM-DD` inside the registry's window, or `default` when absent.
    pub fn date(&self, key: &str, default: NaiveDate) -> Result<NaiveDate, AppError> {
        match self.get(key).map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(default),
            Some(v) => RegistryDate::parse(v)
                .map(RegistryDate::get)
                .map_err(|m| AppError::invalid(key, m)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_repeated_parameters_are_named_in_the_error() {
        let err = QueryParams::parse(Some("regoin=06"), &["region"])
            .err()
            .unwrap();
        assert!(matches!(err, AppError::Invalid { ref field, .. } if field == "regoin"));
        let err = QueryParams::parse(Some("region=06&region=04"), &["region"])
            .err()
            .unwrap();
        assert!(matches!(err, AppError::Invalid { ref field, .. } if field == "region"));
        let ok =
            QueryParams::parse(Some("region=06&as_of=2025-01-31"), &["region", "as_of"]).unwrap();
        assert_eq!(ok.get("region"), Some("06"));
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(
            ok.date("as_of", today).unwrap(),
            NaiveDate::from_ymd_opt(2025, 1, 31).unwrap()
        );
        let bad = QueryParams::parse(Some("as_of=31/01/2025"), &["as_of"]).unwrap();
        assert!(bad.date("as_of", today).is_err());
        let far = QueryParams::parse(Some("as_of=9999-12-31"), &["as_of"]).unwrap();
        assert!(
            matches!(far.date("as_of", today), Err(AppError::Invalid { ref field, .. }) if field == "as_of")
        );
    }
}
