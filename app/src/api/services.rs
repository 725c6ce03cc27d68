//! Service traits the UI needs; the `server` crate implements them and
//! provides them to Leptos as context. Only compiled with `ssr`.
use std::sync::Arc;

use chrono::NaiveDate;

use super::AppError;
use crate::model::{
    AuditFilter, AuditPage, BalanceView, BuildingEdit, BuildingFields, CommitmentInput,
    CommitmentRow, ConsentInput, DeclarationsView, Declared, IncentiveEstimate, IncentiveInput,
    JobDeclaration, LeaseEventInput, LeaseEventRecorded, ManagedPark, MapMetric, MapView,
    NationalSummary, ParkDetail, ParkEdit, ParkEditor, ParkFields, ParkSearch, Quarter,
    RegionSummary, ReviewInput, SearchResults, SessionUser, TenantEdit, UserEdit, UserRow,
};
use crate::model::{Enrolment, Id, RecoveryCodes, TwoFactorStatus};

/// Read side of the registry: every figure derived from stored events as of a date.
#[async_trait::async_trait]
pub trait RegistryService: Send + Sync + 'static {
    /// The date "today" means for the registry (a business date in Morocco).
    fn today(&self) -> NaiveDate;
    async fn national_summary(&self, as_of: NaiveDate) -> Result<NationalSummary, AppError>;
    /// One page of matches, or every match when `paginate` is false (GeoJSON).
    async fn search_parks(
        &self,
        search: &ParkSearch,
        paginate: bool,
    ) -> Result<SearchResults, AppError>;
    /// The page `search_parks(search, true)` returns, as JSON: byte for byte
    /// what serde_json makes of that `SearchResults`, for the JSON API. The
    /// server assembles it from rows serialized once per index.
    async fn search_parks_json(&self, search: &ParkSearch) -> Result<Vec<u8>, AppError>;
    async fn park_detail(&self, slug: &str, as_of: NaiveDate) -> Result<ParkDetail, AppError>;
    async fn list_regions(&self, as_of: NaiveDate) -> Result<Vec<RegionSummary>, AppError>;
    async fn map_view(&self, metric: MapMetric, as_of: NaiveDate) -> Result<MapView, AppError>;
}

/// What the server hands to every server function through Leptos context.
pub type Services = Arc<dyn RegistryService>;

/// What a request presents: its session cookie and, for a change, the CSRF
/// token its form carried. The services check both; a page never decides.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    pub session: Option<String>,
    pub csrf: Option<String>,
}

/// A session opened by a successful login: the cookie value and who it is.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub user: SessionUser,
    pub max_age_s: i64,
}

/// What the password step did.
#[derive(Debug, Clone)]
pub enum LoginStep {
    /// No second factor: a session was opened.
    SignedIn(NewSession),
    /// The user has a second factor: no session yet, this pending login
    /// (5 minutes, single use) goes back with the code.
    CodeNeeded { pending_login: String },
}

/// The address a request came from (set by the server for every request),
/// for login throttling.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub std::net::IpAddr);

/// Accounts and sessions.
#[async_trait::async_trait]
pub trait AccountService: Send + Sync + 'static {
    /// Checks the password (throttled per account and per address) and opens
    /// a new session; `previous` (the session cookie sent, if any) is closed.
    /// A user with a second factor gets a pending login instead.
    async fn login(
        &self,
        email: &str,
        password: &str,
        client_ip: Option<std::net::IpAddr>,
        previous: Option<&str>,
    ) -> Result<LoginStep, AppError>;
    /// The second step: an app code or a recovery code for the pending
    /// login the password step opened (throttled like a password), then a
    /// new session as `login` opens one.
    async fn login_code(
        &self,
        pending_login: &str,
        code: &str,
        client_ip: Option<std::net::IpAddr>,
        previous: Option<&str>,
    ) -> Result<NewSession, AppError>;
    /// The signed-in user's second factor (an enrolment-only session may ask).
    async fn two_factor_status(
        &self,
        credentials: &Credentials,
    ) -> Result<TwoFactorStatus, AppError>;
    /// A new pending secret for the signed-in user (audited).
    async fn start_two_factor(&self, credentials: &Credentials) -> Result<Enrolment, AppError>;
    /// Confirms the pending secret with one of its codes: it becomes the
    /// user's factor, with ten new recovery codes, shown once (audited).
    async fn confirm_two_factor(
        &self,
        credentials: &Credentials,
        code: &str,
    ) -> Result<RecoveryCodes, AppError>;
    /// Closes the session when the CSRF token is its own (the caller clears
    /// the cookie whatever this answers).
    async fn logout(&self, credentials: &Credentials) -> Result<(), AppError>;
    /// Changes the signed-in user's own password: the current one is checked
    /// (throttled like a sign-in), and every other session of theirs ends.
    async fn change_password(
        &self,
        credentials: &Credentials,
        change: crate::model::PasswordChange,
        client_ip: Option<std::net::IpAddr>,
    ) -> Result<(), AppError>;
    /// The session's user, or none when signed out or expired.
    async fn session_user(&self, session: Option<&str>) -> Result<Option<SessionUser>, AppError>;
    /// Whether cookies must be marked `Secure` (the registry is served over HTTPS).
    fn secure_cookies(&self) -> bool;
}

/// Park managers' and admins' reads and writes. Every method authenticates
/// and authorizes inside its own transaction.
#[async_trait::async_trait]
pub trait ManageService: Send + Sync + 'static {
    async fn my_parks(&self, credentials: &Credentials) -> Result<Vec<ManagedPark>, AppError>;
    async fn park_editor(
        &self,
        credentials: &Credentials,
        slug: &str,
    ) -> Result<ParkEditor, AppError>;
    async fn update_park(
        &self,
        credentials: &Credentials,
        edit: ParkEdit,
    ) -> Result<ParkFields, AppError>;
    async fn save_building(
        &self,
        credentials: &Credentials,
        edit: BuildingEdit,
    ) -> Result<BuildingFields, AppError>;
    async fn save_tenant(
        &self,
        credentials: &Credentials,
        edit: TenantEdit,
    ) -> Result<(), AppError>;
    async fn record_lease_event(
        &self,
        credentials: &Credentials,
        input: LeaseEventInput,
    ) -> Result<LeaseEventRecorded, AppError>;
    async fn list_users(&self, credentials: &Credentials) -> Result<Vec<UserRow>, AppError>;
    async fn save_user(
        &self,
        credentials: &Credentials,
        edit: UserEdit,
    ) -> Result<UserRow, AppError>;
    async fn audit_log(
        &self,
        credentials: &Credentials,
        filter: AuditFilter,
    ) -> Result<AuditPage, AppError>;
    /// Removes a user's second factor and recovery codes (admins only, audited).
    async fn reset_two_factor(&self, credentials: &Credentials, user: Id) -> Result<(), AppError>;
}

pub type Accounts = Arc<dyn AccountService>;
pub type Management = Arc<dyn ManageService>;

/// Job declarations, commitments, the regional balance, the incentive estimate.
#[async_trait::async_trait]
pub trait JobsService: Send + Sync + 'static {
    /// Parks the signed-in user declares jobs for: a tenant representative's
    /// parks (where their company leases), a manager's parks, every park for an admin.
    async fn declaration_parks(
        &self,
        credentials: &Credentials,
    ) -> Result<Vec<(String, String)>, AppError>;
    async fn declarations(
        &self,
        credentials: &Credentials,
        park_slug: &str,
        quarter: Quarter,
    ) -> Result<DeclarationsView, AppError>;
    async fn declare(
        &self,
        credentials: &Credentials,
        declaration: JobDeclaration,
    ) -> Result<Declared, AppError>;
    async fn review(&self, credentials: &Credentials, input: ReviewInput) -> Result<(), AppError>;
    /// The regional balance of a quarter (the last complete one by default);
    /// exact for admins, a manager's own parks exact, small cells suppressed otherwise.
    async fn balance(
        &self,
        credentials: &Credentials,
        quarter: Option<Quarter>,
    ) -> Result<BalanceView, AppError>;
    async fn commitments(
        &self,
        credentials: &Credentials,
        park_slug: &str,
    ) -> Result<Vec<CommitmentRow>, AppError>;
    async fn save_commitment(
        &self,
        credentials: &Credentials,
        input: CommitmentInput,
    ) -> Result<CommitmentRow, AppError>;
    fn incentive_estimate(&self, input: &IncentiveInput) -> Result<IncentiveEstimate, AppError>;
    /// Sets a tenant's consent to publish its own headcount (audited).
    async fn set_jobs_consent(
        &self,
        credentials: &Credentials,
        input: ConsentInput,
    ) -> Result<(), AppError>;
}

pub type Jobs = Arc<dyn JobsService>;
