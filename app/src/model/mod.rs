//! Serde DTOs and value types shared by the browser and the server.
//!
//! Units are in the names (`area_m2`, `rent_centimes_per_m2_month`); money is
//! integer centimes; geo points are WGS84 with `lon` = x and `lat` = y.

mod codes;
mod forms;
mod jobs;
mod manage;
mod map;
mod park;
mod redirect;
mod search;
mod summary;
mod two_factor;
mod values;

pub use codes::{ActivityLine, ParkStatus, RegionCode};
pub use forms::{
    AuditForm, BuildingForm, CommitmentForm, ConsentForm, DeclarationForm, IncentiveForm,
    LeaseEventForm, ParkForm, ReviewForm, TenantForm, TwoFactorResetForm, UserForm, code_field,
};
pub use forms::{PasswordChange, PasswordForm};
pub use jobs::{
    BalanceView, Cell, CommitmentInput, CommitmentRow, ConsentInput, DeclarationRow,
    DeclarationsView, Declared, HhiPoint, IncentiveEstimate, IncentiveInput, JobDeclaration,
    JobLine, NationalBalance, ParkBalance, RegionBalance, ReportStatus, ReviewDecision,
    ReviewInput,
};
pub use manage::{
    AUDIT_PER_PAGE, AuditEntry, AuditFilter, AuditPage, BuildingEdit, BuildingFields, Freshness,
    LeaseChange, LeaseEventInput, LeaseEventRecorded, LeaseEventRow, LeaseKind, ManagedPark,
    ParkEdit, ParkEditor, ParkFields, Role, SessionUser, TenantChoice, TenantEdit, TenantFields,
    UserEdit, UserRow,
};
pub use map::{MapFrame, MapMetric, MapPark, MapRegion, MapView};
pub use park::{
    BuildingRow, Editor, HubDistance, LatLng, LocalizedText, ParkDetail, ParkSummary, PressFigures,
    QuarterPoint, TenantRow,
};
pub use redirect::{is_local_path, safe_next};
pub use search::{
    NearSpec, PER_PAGE_DEFAULT, PER_PAGE_MAX, ParkSearch, ResolvedNear, SearchResults, SearchRow,
    SortKey, WITHIN_KM_DEFAULT,
};
pub use summary::{JobsFigure, NationalSummary, Quarter, RegionSummary};
pub use two_factor::{Enrolment, LoginOutcome, RecoveryCodes, TwoFactorStatus};
pub use values::{
    AREA_MAX, AreaM2, FieldError, HEADCOUNT_MAX, Id, NAME_MAX, NOTE_MAX, RegistryDate, SEATS_MAX,
    Seats, TEXT_MAX,
};
