//! Reusable views.
pub mod charts;
pub mod figures;
pub mod layout;
pub mod url;
