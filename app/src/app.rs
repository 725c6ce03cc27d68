//! The HTML shell and the whole route table, in one place.
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

use crate::components::layout::LangLayout;
use crate::components::not_found::NotFoundPage;
use crate::pages::account_password::PasswordPage;
use crate::pages::{
    audit::AuditLogPage, compare::ComparePage, directory::DirectoryPage, home::HomePage,
    login::LoginPage, manage::ManagePage, map::MapPage, park::ParkPage,
    park_editor::ParkEditorPage, two_factor::TwoFactorPage, users::UsersPage,
};
use crate::pages::{
    balance::BalancePage,
    declarations::{DeclarationParksPage, DeclarationsPage},
    incentives::IncentivesPage,
    privacy::PrivacyPage,
    report::ReportPage,
};

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Routes live under a language prefix (`/fr`, `/en`, `/ar`): a link names
/// its language, the server and the browser always agree on it, and the
/// server redirects `/` to `/fr`.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/tech-valley-registry.css" />
        <Router>
            <Routes fallback=|| view! { <NotFoundPage /> }>
                <ParentRoute path=path!("/:lang") view=LangLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("parks") view=DirectoryPage ssr=SsrMode::Async />
                    <Route path=path!("parks/:slug") view=ParkPage ssr=SsrMode::Async />
                    <Route path=path!("map") view=MapPage ssr=SsrMode::Async />
                    <Route path=path!("compare") view=ComparePage ssr=SsrMode::Async />
                    <Route path=path!("balance") view=BalancePage ssr=SsrMode::Async />
                    <Route path=path!("report") view=ReportPage ssr=SsrMode::Async />
                    <Route path=path!("incentives") view=IncentivesPage ssr=SsrMode::Async />
                    <Route path=path!("privacy") view=PrivacyPage ssr=SsrMode::Async />
                    <Route path=path!("manage/jobs") view=DeclarationParksPage ssr=SsrMode::Async />
                    <Route path=path!("manage/jobs/:slug") view=DeclarationsPage ssr=SsrMode::Async />
                    <Route path=path!("login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("account/two-factor") view=TwoFactorPage ssr=SsrMode::Async />
                    <Route path=path!("manage") view=ManagePage ssr=SsrMode::Async />
                    <Route path=path!("manage/parks/:slug") view=ParkEditorPage ssr=SsrMode::Async />
                    <Route path=path!("manage/audit") view=AuditLogPage ssr=SsrMode::Async />
                    <Route path=path!("manage/users") view=UsersPage ssr=SsrMode::Async />
                    <Route path=path!("account/password") view=PasswordPage ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
