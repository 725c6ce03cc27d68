//! The audit log's filter form: the text it sends, and the `AuditFilter` it makes.
use serde::{Deserialize, Serialize};

use super::fields::{self, raw};
use crate::model::AuditFilter;
use crate::model::values::{AUDIT_PAGE_MAX, FieldError};

/// The audit filters as sent; every one optional, blank meaning none.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AuditForm {
    pub actor: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<String>,
}

impl AuditForm {
    pub fn parse(&self) -> Result<AuditFilter, FieldError> {
        let clean = |field: &str, v: &Option<String>| {
            let t = raw(v).trim();
            fields::printable(field, t)?;
            Ok::<_, FieldError>(Some(t.to_string()).filter(|s| !s.is_empty()))
        };
        let page = fields::optional_int("page", raw(&self.page), 1, AUDIT_PAGE_MAX)?;
        Ok(AuditFilter {
            actor: clean("actor", &self.actor)?,
            entity: clean("entity", &self.entity)?,
            entity_id: clean("entity_id", &self.entity_id)?,
            from: fields::optional_date("from", raw(&self.from))?,
            to: fields::optional_date("to", raw(&self.to))?,
            page: page.map_or(1, |p| p as u32),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field the error names once `change` spoils a good form.
    fn wrong(change: impl FnOnce(&mut AuditForm)) -> String {
        let mut f = AuditForm::default();
        change(&mut f);
        f.parse().unwrap_err().field
    }

    #[test]
    fn blank_filters_are_none_and_the_page_defaults_to_one() {
        let f = AuditForm {
            actor: Some("  ".into()),
            entity: Some(" park ".into()),
            ..AuditForm::default()
        }
        .parse()
        .unwrap();
        assert_eq!(f.actor, None);
        assert_eq!(f.entity.as_deref(), Some("park"));
        assert_eq!((f.entity_id, f.from, f.to), (None, None, None));
        assert_eq!(f.page, 1);
    }

    #[test]
    fn dates_and_pages_are_checked_by_field() {
        let f = AuditForm {
            from: Some("2026-01-01".into()),
            to: Some("2026-12-31".into()),
            page: Some("3".into()),
            ..AuditForm::default()
        }
        .parse()
        .unwrap();
        assert_eq!(f.from.unwrap().get().to_string(), "2026-01-01");
        assert_eq!(f.page, 3);
        assert_eq!(wrong(|f| f.from = Some("x".into())), "from");
        assert_eq!(wrong(|f| f.to = Some("1900-01-01".into())), "to");
        assert_eq!(wrong(|f| f.page = Some("0".into())), "page");
    }

    #[test]
    fn a_filter_with_a_control_character_names_its_field() {
        // PostgreSQL refuses NUL in a text parameter: it must never reach the query
        assert_eq!(wrong(|f| f.actor = Some("admin\0".into())), "actor");
        assert_eq!(wrong(|f| f.entity = Some("park\u{1}".into())), "entity");
        assert_eq!(wrong(|f| f.entity_id = Some("\u{0}7".into())), "entity_id");
    }
}
