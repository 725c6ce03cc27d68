//! Locale-aware formatting (layer: app UI): numbers, areas, percentages,
//! amounts, dates and quarters as each language writes them.
use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::Locale;
use super::balance::balance_strings;
use crate::model::Quarter;

impl Locale {
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

    /// A distance rounded to the kilometre.
    pub fn km(self, km: f64) -> String {
        format!("{}\u{a0}km", self.int(km.round() as i64))
    }

    /// A UTC timestamp to the minute, e.g. "29 Nov 2026 14:05".
    pub fn datetime_utc(self, at: DateTime<Utc>) -> String {
        format!("{} {}", self.date(at.date_naive()), at.format("%H:%M"))
    }
}

/// A number with `digits` decimals, the language's thousands separator and
/// decimal mark ("1 234,5" in French, "1,234.5" in English).
pub fn decimal(locale: Locale, v: f64, digits: u32) -> String {
    let scale = 10_i64.pow(digits);
    let scaled = (v * scale as f64).round() as i64;
    let whole = locale.int(scaled.abs() / scale);
    let sign = if scaled < 0 { "-" } else { "" };
    if digits == 0 {
        return format!("{sign}{whole}");
    }
    let mark = if locale == Locale::En { "." } else { "," };
    let frac = scaled.abs() % scale;
    format!("{sign}{whole}{mark}{frac:0width$}", width = digits as usize)
}

/// A percentage with one decimal, e.g. "12.5%" or "12,5 %".
pub fn pct1(locale: Locale, p: f64) -> String {
    let n = decimal(locale, p, 1);
    match locale {
        Locale::En => format!("{n}%"),
        Locale::Fr | Locale::Ar => format!("{n}\u{a0}%"),
    }
}

/// A quarter in two short parts for a chart's axis: ("T3", "2026").
pub fn quarter_axis(locale: Locale, q: Quarter) -> (String, String) {
    let head = match locale {
        Locale::Fr => format!("T{}", q.quarter),
        Locale::En => format!("Q{}", q.quarter),
        Locale::Ar => format!("الربع {}", q.quarter),
    };
    (head, q.year.to_string())
}

/// The colon between a label and its value: French puts a space before it.
pub fn colon(locale: Locale) -> &'static str {
    if locale == Locale::Fr {
        "\u{a0}: "
    } else {
        ": "
    }
}

/// An amount in dirhams, e.g. "12 600 MAD".
pub fn mad(locale: Locale, amount: i64) -> String {
    format!(
        "{}\u{a0}{}",
        locale.int(amount),
        balance_strings(locale).unit_mad
    )
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
    fn dates_and_quarters_read_naturally() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(Locale::En.date(d), "29 Nov 2026");
        assert_eq!(Locale::Fr.date(d), "29 nov. 2026");
        let q = Quarter::new(2026, 3).unwrap();
        assert_eq!(Locale::Fr.quarter(q), "T3 2026");
        assert_eq!(Locale::En.quarter(q), "Q3 2026");
    }

    #[test]
    fn decimals_use_each_languages_marks() {
        assert_eq!(decimal(Locale::En, 1234.56, 1), "1,234.6");
        assert_eq!(decimal(Locale::Fr, 1234.56, 1), "1\u{202f}234,6");
        assert_eq!(decimal(Locale::En, 0.04, 1), "0.0");
        assert_eq!(decimal(Locale::En, -2.25, 2), "-2.25");
        assert_eq!(decimal(Locale::Fr, 4_600.4, 0), "4\u{202f}600");
        assert_eq!(mad(Locale::En, 126_000), "126,000\u{a0}MAD");
        assert_eq!(pct1(Locale::Fr, 12.46), "12,5\u{a0}%");
        let q = Quarter::new(2026, 3).unwrap();
        assert_eq!(
            quarter_axis(Locale::Fr, q),
            ("T3".to_string(), "2026".to_string())
        );
    }
}
