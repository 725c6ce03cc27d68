//! One module per browser journey, each a test of its own.

mod admin_audit;
mod bad_database_url;
mod csp;
mod declarations_balance;
mod error_capture;
mod investor_compare;
mod investor_search;
mod manager_lease;
mod phone_layout;
mod two_factor;
