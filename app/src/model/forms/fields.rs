//! Text fields of a form, parsed one by one into values; the error names the
//! field. A plain HTML form sends nothing but text, so every form's `parse`
//! is built from these.
use chrono::NaiveDate;

use crate::model::values::{AreaM2, FieldError, ID_MAX, Id, RegistryDate, SEATS_MAX, Seats};

/// The raw text of an optional field, empty when the form left it out.
pub fn raw(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

/// Refuses control characters other than tabs and line breaks: nothing a
/// person types holds one, and PostgreSQL refuses NUL in a text value with
/// an error (SQLite would store it).
pub fn printable(field: &str, text: &str) -> Result<(), FieldError> {
    match text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        Some(c) => Err(FieldError::new(
            field,
            format!("contains the control character U+{:04X}", u32::from(c)),
        )),
        None => Ok(()),
    }
}

pub fn text(field: &str, raw: &str, max_len: usize) -> Result<String, FieldError> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(FieldError::new(field, "is required"));
    }
    printable(field, t)?;
    if t.chars().count() > max_len {
        return Err(FieldError::new(
            field,
            format!("is longer than {max_len} characters"),
        ));
    }
    Ok(t.to_string())
}

pub fn optional_text(field: &str, raw: &str, max_len: usize) -> Result<Option<String>, FieldError> {
    optional(raw, |raw| text(field, raw, max_len))
}

pub fn int(field: &str, raw: &str, min: i64, max: i64) -> Result<i64, FieldError> {
    let t = raw.trim().replace([' ', '\u{a0}', '\u{202f}'], "");
    let n: i64 = t
        .parse()
        .map_err(|_| FieldError::new(field, format!("'{}' is not a whole number", raw.trim())))?;
    if n < min || n > max {
        return Err(FieldError::new(
            field,
            format!("must be between {min} and {max}"),
        ));
    }
    Ok(n)
}

pub fn optional_int(field: &str, raw: &str, min: i64, max: i64) -> Result<Option<i64>, FieldError> {
    optional(raw, |raw| int(field, raw, min, max))
}

pub fn float(field: &str, raw: &str, min: f64, max: f64) -> Result<f64, FieldError> {
    let t = raw.trim().replace(',', ".");
    let x: f64 = t
        .parse()
        .ok()
        .filter(|x: &f64| x.is_finite())
        .ok_or_else(|| FieldError::new(field, format!("'{}' is not a number", raw.trim())))?;
    if x < min || x > max {
        return Err(FieldError::new(
            field,
            format!("must be between {min} and {max}"),
        ));
    }
    Ok(x)
}

pub fn optional_float(
    field: &str,
    raw: &str,
    min: f64,
    max: f64,
) -> Result<Option<f64>, FieldError> {
    optional(raw, |raw| float(field, raw, min, max))
}

/// A calendar date (YYYY-MM-DD) the registry keeps: 1990 to 2100.
pub fn date(field: &str, raw: &str) -> Result<RegistryDate, FieldError> {
    let day = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| {
        FieldError::new(
            field,
            format!("'{}' is not a date (YYYY-MM-DD)", raw.trim()),
        )
    })?;
    RegistryDate::new(day).ok_or_else(|| RegistryDate::out_of_range(field))
}

pub fn optional_date(field: &str, raw: &str) -> Result<Option<RegistryDate>, FieldError> {
    optional(raw, |raw| date(field, raw))
}

/// A rent typed in MAD per m² per month ("85" or "85.50"), as integer centimes.
pub fn optional_rent_centimes(
    field: &str,
    raw: &str,
    max_mad: f64,
) -> Result<Option<i64>, FieldError> {
    Ok(optional_float(field, raw, 0.0, max_mad)?.map(|mad| (mad * 100.0).round() as i64))
}

/// The id of a stored record.
pub fn id(field: &str, raw: &str) -> Result<Id, FieldError> {
    let n = int(field, raw, 1, ID_MAX)?;
    Ok(Id::new(n).expect("checked above"))
}

pub fn optional_id(field: &str, raw: &str) -> Result<Option<Id>, FieldError> {
    optional(raw, |raw| id(field, raw))
}

/// The version a record was read at (1 or more).
pub fn version(field: &str, raw: &str) -> Result<i32, FieldError> {
    id(field, raw).map(Id::get)
}

pub fn optional_version(field: &str, raw: &str) -> Result<Option<i32>, FieldError> {
    optional(raw, |raw| version(field, raw))
}

pub fn area(field: &str, raw: &str) -> Result<AreaM2, FieldError> {
    let n = int(field, raw, AreaM2::MIN, crate::model::values::AREA_MAX)?;
    Ok(AreaM2::new(n).expect("checked above"))
}

pub fn seats(field: &str, raw: &str) -> Result<Seats, FieldError> {
    let n = int(field, raw, Seats::MIN, SEATS_MAX)?;
    Ok(Seats::new(n).expect("checked above"))
}

/// An ISO 3166-1 alpha-2 country code, upper case.
pub fn country(field: &str, raw: &str) -> Result<String, FieldError> {
    let c = raw.trim().to_ascii_uppercase();
    if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err(FieldError::new(
            field,
            format!(
                "'{}' is not a two-letter country code (MA, FR, US…)",
                raw.trim()
            ),
        ))
    }
}

/// A code parsed by its type (status, role, kind…), its error naming the field.
pub fn code<T>(
    field: &str,
    raw: &str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, FieldError> {
    parse(raw).map_err(|m| FieldError::new(field, m))
}

/// Nothing when the field is blank, else what `parse` makes of it.
fn optional<T>(
    raw: &str,
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(raw).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::values::AREA_MAX;

    #[test]
    fn form_fields_name_themselves_when_wrong() {
        assert_eq!(int("area_m2", " 1 200 ", 1, 10_000), Ok(1200));
        let e = int("area_m2", "lots", 1, 10).unwrap_err();
        assert_eq!(e.field, "area_m2");
        assert!(e.message.contains("lots"), "{}", e.message);
        assert!(int("seats", "-1", 0, 10).is_err());
        assert_eq!(optional_int("seats", "  ", 0, 10), Ok(None));
        assert_eq!(
            optional_rent_centimes("rent", "85,5", 100.0),
            Ok(Some(8550))
        );
        assert!(date("effective_date", "2026-02-30").is_err());
        assert!(text("name", "   ", 10).is_err());
        assert!(float("lat", "NaN", -90.0, 90.0).is_err());
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(text("name", "  Atlas  ", 10), Ok("Atlas".into()));
        assert_eq!(
            text("name", "abcdefghijk", 10).unwrap_err().message,
            "is longer than 10 characters"
        );
        assert_eq!(optional_text("note", " ", 10), Ok(None));
        assert_eq!(raw(&None), "");
    }

    #[test]
    fn text_with_a_control_character_is_refused_but_tabs_and_line_breaks_are_text() {
        for bad in ["Atlas\0", "a\u{1}b", "a\u{7f}", "a\u{85}b", "\u{1b}[31m"] {
            let e = text("name", bad, 100).unwrap_err();
            assert_eq!(e.field, "name", "{bad:?}");
            assert!(e.message.contains("control character U+"), "{}", e.message);
        }
        assert_eq!(
            text("comment", "line one\r\nline\ttwo", 100),
            Ok("line one\r\nline\ttwo".into())
        );
        assert_eq!(printable("actor", "سلا ‏06"), Ok(()));
    }

    #[test]
    fn dates_outside_the_registry_are_refused_by_field() {
        assert_eq!(
            date("from", " 2026-06-01 ").map(RegistryDate::get),
            Ok(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap())
        );
        let e = date("from", "1989-12-31").unwrap_err();
        assert_eq!(e.field, "from");
        assert!(e.message.contains("1990-01-01"), "{}", e.message);
        assert_eq!(optional_date("to", ""), Ok(None));
    }

    #[test]
    fn ids_areas_and_seats_keep_their_bounds() {
        assert_eq!(id("id", "7").map(Id::get), Ok(7));
        assert_eq!(id("id", "0").unwrap_err().field, "id");
        assert_eq!(optional_id("tenant_id", " "), Ok(None));
        assert_eq!(version("version", "3"), Ok(3));
        assert!(version("version", "0").is_err());
        assert_eq!(area("area_m2", "1").map(AreaM2::get), Ok(1));
        assert!(area("area_m2", "0").is_err());
        assert!(area("area_m2", &(AREA_MAX + 1).to_string()).is_err());
        assert_eq!(seats("seats", "0").map(Seats::get), Ok(0));
        assert!(seats("seats", "-1").is_err());
    }

    #[test]
    fn countries_are_two_upper_case_letters() {
        assert_eq!(country("country", " ma "), Ok("MA".into()));
        let e = country("country", "Morocco").unwrap_err();
        assert_eq!(e.field, "country");
        assert!(e.message.contains("Morocco"), "{}", e.message);
    }
}
