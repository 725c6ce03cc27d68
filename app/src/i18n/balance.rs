//! The catalogue of the regional balance, the quarterly report, job
//! declarations, commitments and the incentive estimate (layer: app UI,
//! catalogue): its fields, one value per language in `fr/`, `en/`, `ar/`
//! (a missing translation is a compile error), and the lookups that name a
//! server value (concentration level, plausibility flag, form field) in words.
use super::{Locale, ar, en, fr};

/// Every string of the balance, report, declaration and incentive pages, in one language.
pub struct BalanceStrings {
    pub nav_balance: &'static str,
    pub balance_title: &'static str,
    pub balance_intro: &'static str,
    pub quarter: &'static str,
    pub show_quarter: &'static str,
    /// `{quarter}` and `{date}` are replaced.
    pub quarter_as_of: &'static str,
    pub exact_note: &'static str,
    pub download_csv: &'static str,
    pub printable_report: &'static str,
    pub declare_link: &'static str,
    pub incentives_link: &'static str,

    pub national_title: &'static str,
    pub jobs_declared: &'static str,
    /// `{n}` is replaced.
    pub tenants_reporting: &'static str,
    pub target_2030: &'static str,
    /// `{jobs}`, `{target}` and `{pct}` are replaced.
    pub progress_label: &'static str,
    pub pace_needed: &'static str,
    pub pace_unit: &'static str,
    pub pace_none: &'static str,
    pub share_outside: &'static str,
    pub share_outside_note: &'static str,
    pub hhi: &'static str,
    pub hhi_explain: &'static str,
    pub hhi_low: &'static str,
    pub hhi_moderate: &'static str,
    pub hhi_high: &'static str,
    pub hhi_trend_title: &'static str,
    pub hhi_gap: &'static str,
    pub chart_data: &'static str,
    pub col_quarter: &'static str,
    pub col_hhi: &'static str,
    pub col_share_outside: &'static str,

    pub regions_title: &'static str,
    pub col_region: &'static str,
    pub col_parks: &'static str,
    pub col_floor: &'static str,
    pub col_occupied: &'static str,
    pub col_free: &'static str,
    pub col_jobs: &'static str,
    pub col_per_10k: &'static str,
    pub col_share: &'static str,
    pub col_months_supply: &'static str,
    pub months_supply_note: &'static str,
    pub census_note: &'static str,
    pub suppressed: &'static str,
    pub suppressed_secondary: &'static str,
    pub suppression_note: &'static str,
    pub per_10k_chart_title: &'static str,

    pub report_title: &'static str,
    pub report_intro: &'static str,
    pub print_hint: &'static str,
    pub parks_title: &'static str,
    pub col_park: &'static str,
    pub col_tenants_reporting: &'static str,
    pub back_to_balance: &'static str,

    pub jobs_title: &'static str,
    pub jobs_intro: &'static str,
    pub jobs_parks_intro: &'static str,
    pub no_declaration_parks: &'static str,
    pub back_to_declaration_parks: &'static str,
    pub declare_title: &'static str,
    pub tenant: &'static str,
    /// `{company}` and `{m2}` are replaced.
    pub tenant_option: &'static str,
    pub no_tenants: &'static str,
    pub col_line: &'static str,
    pub full_time: &'static str,
    pub part_time: &'static str,
    pub new_recruits: &'static str,
    pub new_recruits_help: &'static str,
    pub comment: &'static str,
    pub comment_help: &'static str,
    pub submit_declaration: &'static str,
    /// `{revision}` is replaced.
    pub resubmit_note: &'static str,
    /// `{revision}` is replaced.
    pub correct_note: &'static str,
    /// `{revision}` is replaced.
    pub declared_ok: &'static str,
    pub flags_label: &'static str,
    pub flag_density: &'static str,
    pub flag_change: &'static str,
    pub no_flags: &'static str,
    pub declarations_title: &'static str,
    pub no_declarations: &'static str,
    pub col_company: &'static str,
    pub col_revision: &'static str,
    pub col_status: &'static str,
    pub col_headcount: &'static str,
    pub col_lines: &'static str,
    pub col_flags: &'static str,
    pub col_comments: &'static str,
    pub col_who: &'static str,
    pub col_actions: &'static str,
    pub status_submitted: &'static str,
    pub status_validated: &'static str,
    pub status_returned: &'static str,
    /// `{n}` is replaced by the correcting revision.
    pub superseded: &'static str,
    /// `{n}` is replaced.
    pub recruits_short: &'static str,
    pub tenant_said: &'static str,
    pub manager_said: &'static str,
    /// `{who}` and `{when}` are replaced.
    pub declared_by: &'static str,
    /// `{who}` and `{when}` are replaced.
    pub validated_by: &'static str,
    pub review_comment: &'static str,
    pub validate: &'static str,
    pub return_declaration: &'static str,
    pub reviewed_ok: &'static str,
    pub edit_declaration: &'static str,
    pub correct_declaration: &'static str,

    pub commitments_title: &'static str,
    pub commitments_intro: &'static str,
    pub no_commitments: &'static str,
    pub col_committed: &'static str,
    pub col_start: &'static str,
    pub col_deadline: &'static str,
    pub col_actual: &'static str,
    pub col_expected: &'static str,
    pub col_note: &'static str,
    pub behind: &'static str,
    pub on_track: &'static str,
    pub no_actual: &'static str,
    pub add_commitment: &'static str,
    pub committed_jobs: &'static str,
    pub start_date: &'static str,
    pub deadline: &'static str,
    pub note: &'static str,
    pub save_commitment: &'static str,
    pub commitment_saved: &'static str,

    pub incentives_title: &'static str,
    pub incentives_intro: &'static str,
    pub indicative: &'static str,
    pub region: &'static str,
    pub recruits: &'static str,
    pub gross_pay: &'static str,
    pub equipment: &'static str,
    pub estimate: &'static str,
    pub result_title: &'static str,
    pub paf_year: &'static str,
    pub paf_year_note: &'static str,
    pub paf_total: &'static str,
    pub regional_per_job: &'static str,
    pub equipment_subsidy: &'static str,
    pub total: &'static str,
    pub regional_note: &'static str,
    pub no_top_up: &'static str,
    pub pae_note: &'static str,
    pub unit_mad: &'static str,
    pub estimate_for_region: &'static str,

    /// `{field}` and `{message}` are replaced.
    pub err_check: &'static str,
}

/// The balance catalogue in the page's language.
pub fn balance_strings(locale: Locale) -> &'static BalanceStrings {
    match locale {
        Locale::Fr => &fr::BALANCE,
        Locale::En => &en::BALANCE,
        Locale::Ar => &ar::BALANCE,
    }
}

/// A plain-language reading of the concentration index, on the usual
/// thresholds (below 1,500: unconcentrated; above 2,500: highly concentrated).
pub fn hhi_level(s: &BalanceStrings, hhi: f64) -> &'static str {
    if hhi < 1_500.0 {
        s.hhi_low
    } else if hhi <= 2_500.0 {
        s.hhi_moderate
    } else {
        s.hhi_high
    }
}

/// A plausibility flag as the server names it ("density", "change"), in words.
pub fn flag_text(s: &BalanceStrings, flag: &str) -> String {
    match flag {
        "density" => s.flag_density.to_string(),
        "change" => s.flag_change.to_string(),
        other => other.to_string(),
    }
}

/// The label of a form field the server named in an `Invalid` error.
pub fn field_label(s: &BalanceStrings, field: &str) -> Option<&'static str> {
    Some(match field {
        "quarter" => s.quarter,
        "tenant" | "tenant_id" => s.tenant,
        "new_moroccan_recruits" => s.new_recruits,
        "comment" => s.comment,
        "lines" | "full_time" | "part_time" => s.col_lines,
        "ito_full" | "bpo_full" | "crm_full" | "eso_full" | "kpo_full" => s.full_time,
        "ito_part" | "bpo_part" | "crm_part" | "eso_part" | "kpo_part" => s.part_time,
        "jobs" => s.committed_jobs,
        "start_date" => s.start_date,
        "deadline" => s.deadline,
        "note" => s.note,
        "region" => s.region,
        "recruits" => s.recruits,
        "gross_annual_pay_mad" => s.gross_pay,
        "equipment_investment_mad" => s.equipment,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::fill;

    #[test]
    fn every_template_is_filled_in_every_language() {
        for l in Locale::ALL {
            let s = balance_strings(l);
            let filled = [
                fill(s.quarter_as_of, &[("quarter", "Q"), ("date", "D")]),
                fill(s.tenants_reporting, &[("n", "3")]),
                fill(
                    s.progress_label,
                    &[("jobs", "1"), ("target", "2"), ("pct", "3")],
                ),
                fill(s.tenant_option, &[("company", "C"), ("m2", "M")]),
                fill(s.resubmit_note, &[("revision", "2")]),
                fill(s.correct_note, &[("revision", "2")]),
                fill(s.declared_ok, &[("revision", "2")]),
                fill(s.superseded, &[("n", "2")]),
                fill(s.recruits_short, &[("n", "2")]),
                fill(s.declared_by, &[("who", "W"), ("when", "T")]),
                fill(s.validated_by, &[("who", "W"), ("when", "T")]),
                fill(s.err_check, &[("field", "F"), ("message", "M")]),
            ];
            for text in filled {
                assert!(!text.contains('{') && !text.contains('}'), "{text}");
            }
        }
    }

    #[test]
    fn the_concentration_index_reads_in_words() {
        let s = balance_strings(Locale::En);
        assert_eq!(hhi_level(s, 833.0), s.hhi_low);
        assert_eq!(hhi_level(s, 2_000.0), s.hhi_moderate);
        assert_eq!(hhi_level(s, 4_600.0), s.hhi_high);
        assert_eq!(flag_text(s, "density"), s.flag_density);
        assert_eq!(field_label(s, "ito_full"), Some(s.full_time));
        assert_eq!(field_label(s, "password"), None);
    }
}
