//! One module per route (a folder where a page has several forms or sections).
pub mod account_password;
pub mod audit;
pub mod balance;
pub mod compare;
pub mod declarations;
pub mod directory;
pub mod home;
pub mod incentives;
pub mod login;
pub mod manage;
pub mod map;
pub mod park;
pub mod park_editor;
pub mod privacy;
pub mod report;
pub mod two_factor;
pub mod users;
