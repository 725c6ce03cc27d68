//! The answer to an edit of a stale version: what changed since the editor
//! opened it, field by field, and nothing saved.
use app::api::AppError;
use chrono::{DateTime, Utc};

/// "Changed by X at T: field stored / yours" for each field that differs.
pub fn conflict(what: &str, by: Option<(&str, DateTime<Utc>)>, diffs: Vec<String>) -> AppError {
    let who = by.map_or_else(String::new, |(by, at)| {
        format!(" by {by} at {}", at.format("%Y-%m-%d %H:%M UTC"))
    });
    let changes = if diffs.is_empty() {
        "no field you sent differs from what is stored now".to_string()
    } else {
        format!("now stored (yours in brackets): {}", diffs.join("; "))
    };
    AppError::Conflict(format!(
        "{what} was changed{who} since you opened it; nothing was saved. {changes}. Reload to edit the current version."
    ))
}

/// Adds "name: stored (yours)" when the two differ.
pub fn diff<T: PartialEq + std::fmt::Debug>(
    out: &mut Vec<String>,
    name: &str,
    stored: &T,
    yours: &T,
) {
    if stored != yours {
        out.push(format!("{name}: {stored:?} ({yours:?})"));
    }
}
