//! Reusable views.
pub mod figures;
pub mod layout;
