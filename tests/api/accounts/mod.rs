//! Sign-in throttling that holds under parallel guesses and the cap on
//! password hashes (`throttling`), and the life of a session: pruning, the
//! idle timeout, changing one's own password, the admin's reset and
//! sign-out (`sessions`) (issue 13, items 1 and 3), through the real server
//! functions on both backends.
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, Set};
use server::db::entities::login_attempts;
use tests::TestApp;

mod sessions;
mod throttling;

const MANAGER: &str = "manager@cdg.ma";

/// A failed sign-in written straight into the table, `ago` before now.
async fn past_failure(app: &TestApp, email: &str, ip: &str, ago: Duration) {
    login_attempts::ActiveModel {
        at: Set(Utc::now() - ago),
        email: Set(email.into()),
        ip: Set(ip.into()),
        succeeded: Set(false),
        pending: Set(false),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("attempt recorded");
}
