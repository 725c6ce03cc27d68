//! Reusable views.
pub mod charts;
pub mod figures;
pub mod form;
pub mod layout;
pub mod location_picker;
pub mod manage;
pub mod url;
