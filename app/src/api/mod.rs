//! The server contract: server functions by topic, the error type, and (with
//! `ssr`) the service traits the server implements and provides as context.

mod account;
mod error;
mod jobs;
mod manage;
mod parks;
#[cfg(feature = "ssr")]
pub mod request;
#[cfg(feature = "ssr")]
mod services;
mod two_factor;

pub use account::{
    ChangePassword, CurrentUser, Login, Logout, change_password, current_user, login, logout,
};
pub use error::AppError;
pub use jobs::{
    DeclarationParks, DeclareJobs, EstimateIncentives, GetBalance, GetCommitments, GetDeclarations,
    ReviewJobs, SaveCommitment, SetJobsConsent, declaration_parks, declare_jobs,
    estimate_incentives, get_balance, get_commitments, get_declarations, review_jobs,
    save_commitment, set_jobs_consent,
};
pub use manage::{
    AuditLog, GetParkEditor, ListUsers, MyParks, RecordLeaseEvent, SaveBuilding, SaveTenant,
    SaveUser, UpdatePark, audit_log, get_park_editor, list_users, my_parks, record_lease_event,
    save_building, save_tenant, save_user, update_park,
};
pub use parks::{
    CompareParks, GetMap, GetNationalSummary, GetPark, ListRegions, SearchParks, compare_parks,
    get_map, get_national_summary, get_park, list_regions, search_parks,
};
#[cfg(feature = "ssr")]
pub use services::{
    AccountService, Accounts, ClientIp, Credentials, Jobs, JobsService, LoginStep, ManageService,
    Management, NewSession, RegistryService, Services,
};
pub use two_factor::{
    ConfirmTwoFactor, LoginCode, ResetTwoFactor, StartTwoFactor, TwoFactorState,
    confirm_two_factor, login_code, reset_two_factor, start_two_factor, two_factor_state,
};
