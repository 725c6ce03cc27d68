//! The consent form: a tenant's agreement to publish its own headcount, as
//! posted by a checkbox (absent when unticked), and the `ConsentInput` it makes.
use serde::{Deserialize, Serialize};

use super::fields;
use crate::model::ConsentInput;
use crate::model::values::FieldError;

/// `publish` is the checkbox: absent or empty when unticked, `on` or `true` when ticked.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ConsentForm {
    pub tenant_id: String,
    pub publish: Option<String>,
}

impl ConsentForm {
    pub fn parse(&self) -> Result<ConsentInput, FieldError> {
        let publish = match self.publish.as_deref().map(str::trim) {
            None | Some("") | Some("false") => false,
            Some("on") | Some("true") => true,
            Some(other) => {
                return Err(FieldError::new(
                    "publish",
                    format!("'{other}' is not a checkbox value: expected on, true or false"),
                ));
            }
        };
        Ok(ConsentInput {
            tenant_id: fields::id("tenant_id", &self.tenant_id)?,
            publish,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(publish: Option<&str>) -> ConsentForm {
        ConsentForm {
            tenant_id: " 7 ".into(),
            publish: publish.map(str::to_string),
        }
    }

    #[test]
    fn a_ticked_box_publishes_and_an_absent_one_withdraws() {
        let on = form(Some("on")).parse().unwrap();
        assert_eq!((on.tenant_id.get(), on.publish), (7, true));
        assert!(!form(None).parse().unwrap().publish);
        assert!(!form(Some("false")).parse().unwrap().publish);
        assert_eq!(
            form(Some("yes please")).parse().unwrap_err().field,
            "publish"
        );
        let mut bad = form(Some("on"));
        bad.tenant_id = "x".into();
        assert_eq!(bad.parse().unwrap_err().field, "tenant_id");
    }
}
