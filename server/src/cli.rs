//! The command handlers behind `server`'s subcommands: serve, migrate,
//! seed and user add. Each returns one clear line naming what to fix.
use crate::config::{Cli, Command, ServeArgs, UserCommand};
use crate::db;
use crate::http::limits::Limits;
use crate::seed::{demo, demo_accounts, reference, synthetic};
use crate::services::{clock::Clock, users};
use crate::startup::{Application, Config, EmptyStart};

/// Runs the command the arguments name (serving by default).
pub async fn run(cli: Cli) -> Result<(), String> {
    let args = cli.serve;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&cli.database_url, args).await,
        Command::Migrate => migrate(&cli.database_url).await,
        Command::Seed { synthetic } => seed(&cli.database_url, &args, synthetic).await,
        Command::User {
            action:
                UserCommand::Add {
                    email,
                    name,
                    role,
                    parks,
                    tenant_id,
                },
        } => add_user(&cli.database_url, &email, &name, &role, parks, tenant_id).await,
    }
}

async fn serve(database_url: &str, args: ServeArgs) -> Result<(), String> {
    let clock = args.today.map_or(Clock::System, Clock::Fixed);
    let app = Application::build(Config {
        database_url: database_url.to_string(),
        addr: args.addr,
        clock,
        on_empty: if args.demo {
            EmptyStart::Demo
        } else {
            EmptyStart::RealParks
        },
        secure_cookies: args.secure_cookies,
        trusted_proxies: args.trusted_proxies.clone(),
        require_two_factor: args.require_two_factor,
        limits: Limits {
            password_hashes: args
                .password_hashes
                .unwrap_or_else(crate::http::limits::default_password_hashes),
            password_hash_queue: args.password_hash_queue,
            ..Limits::default()
        },
    })
    .await
    .map_err(|e| e.to_string())?;
    tracing::info!("listening on http://{}", app.addr);
    app.run().await.map_err(|e| format!("server stopped: {e}"))
}

async fn migrate(database_url: &str) -> Result<(), String> {
    db::open(database_url).await.map_err(|e| e.to_string())?;
    tracing::info!("migrations are up to date on {}", db::redact(database_url));
    Ok(())
}

async fn seed(
    database_url: &str,
    args: &ServeArgs,
    synthetic_parks: Option<usize>,
) -> Result<(), String> {
    let conn = db::open(database_url).await.map_err(|e| e.to_string())?;
    let added = reference::seed_reference(&conn)
        .await
        .map_err(|e| e.to_string())?;
    println!("reference parks added: {added}");
    let today = args.today.map_or(Clock::System, Clock::Fixed).today();
    if args.demo {
        let counts = demo::seed_demo(&conn, today)
            .await
            .map_err(|e| e.to_string())?;
        println!(
            "demo data added: {} buildings, {} tenants, {} lease events, {} job reports",
            counts.buildings, counts.tenants, counts.lease_events, counts.job_reports
        );
        let accounts = demo_accounts::seed_demo_accounts(&conn).await?;
        println!(
            "demo accounts added: {accounts} ({}, {} and {}, password {})",
            demo_accounts::DEMO_ADMIN,
            demo_accounts::DEMO_MANAGER,
            demo_accounts::DEMO_TENANT_REP,
            demo_accounts::DEMO_PASSWORD
        );
    }
    if let Some(parks) = synthetic_parks {
        let started = std::time::Instant::now();
        let counts = synthetic::seed_synthetic(&conn, parks, today)
            .await
            .map_err(|e| format!("synthetic parks: {e}"))?;
        println!(
            "synthetic data added in {:.1} s: {} parks, {} buildings, {} tenants, {} lease events, {} job reports",
            started.elapsed().as_secs_f64(),
            counts.parks,
            counts.buildings,
            counts.tenants,
            counts.lease_events,
            counts.job_reports
        );
    }
    Ok(())
}

async fn add_user(
    database_url: &str,
    email: &str,
    name: &str,
    role: &str,
    parks: Vec<String>,
    tenant_id: Option<i32>,
) -> Result<(), String> {
    let password = password()?;
    let conn = db::open(database_url).await.map_err(|e| e.to_string())?;
    let id = users::add_user_from_cli(&conn, email, name, role, parks, tenant_id, password).await?;
    println!("user {id} added: {email} ({role})");
    Ok(())
}

/// `TVR_PASSWORD`, or typed twice at the prompt.
fn password() -> Result<String, String> {
    match std::env::var("TVR_PASSWORD") {
        Ok(p) if !p.is_empty() => Ok(p),
        _ => {
            let first = rpassword::prompt_password("Password: ")
                .map_err(|e| format!("cannot read the password: {e}"))?;
            let again = rpassword::prompt_password("Password again: ")
                .map_err(|e| format!("cannot read the password: {e}"))?;
            if first != again {
                return Err("the two passwords differ; nothing was saved".into());
            }
            Ok(first)
        }
    }
}
