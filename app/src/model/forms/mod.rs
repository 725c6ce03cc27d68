//! The forms the pages post, one module per resource: each struct holds the
//! text its HTML form sends, under the names the form's fields carry, and
//! `parse` turns it into the typed input its service takes. A wrong field
//! gives a `FieldError` that names it. Pure, for the browser and the server.

mod audit;
mod building;
mod commitment;
mod consent;
mod declaration;
mod fields;
mod incentives;
mod lease_event;
mod park;
mod password;
mod review;
mod tenant;
mod two_factor;
mod user;

pub use audit::AuditForm;
pub use building::BuildingForm;
pub use commitment::CommitmentForm;
pub use consent::ConsentForm;
pub use declaration::DeclarationForm;
pub use incentives::IncentiveForm;
pub use lease_event::LeaseEventForm;
pub use park::ParkForm;
pub use password::{PasswordChange, PasswordForm};
pub use review::ReviewForm;
pub use tenant::TenantForm;
pub use two_factor::{TwoFactorResetForm, code_field};
pub use user::UserForm;
