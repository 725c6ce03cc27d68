//! Thin entry point: settings -> telemetry -> build -> serve.
use std::process::ExitCode;

use clap::Parser;
use server::config::{Cli, Command, UserCommand};
use server::services::{clock::Clock, seed, synthetic};
use server::startup::{Application, Config};
use server::{db, telemetry};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init(&cli.log_level);
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // one clear line naming what to fix
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let args = cli.serve;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let clock = args.today.map_or(Clock::System, Clock::Fixed);
            let app = Application::build(Config {
                database_url: cli.database_url,
                addr: args.addr,
                clock,
                demo_on_empty_embedded: !args.no_demo,
                secure_cookies: args.secure_cookies,
            })
            .await
            .map_err(|e| e.to_string())?;
            tracing::info!("listening on http://{}", app.addr);
            app.run().await.map_err(|e| format!("server stopped: {e}"))
        }
        Command::Migrate => {
            db::open(&cli.database_url)
                .await
                .map_err(|e| e.to_string())?;
            tracing::info!(
                "migrations are up to date on {}",
                db::redact(&cli.database_url)
            );
            Ok(())
        }
        Command::Seed { demo, synthetic } => {
            let conn = db::open(&cli.database_url)
                .await
                .map_err(|e| e.to_string())?;
            let added = seed::seed_reference(&conn)
                .await
                .map_err(|e| e.to_string())?;
            println!("reference parks added: {added}");
            let today = args.today.map_or(Clock::System, Clock::Fixed).today();
            if demo {
                let counts = seed::seed_demo(&conn, today)
                    .await
                    .map_err(|e| e.to_string())?;
                println!(
                    "demo data added: {} buildings, {} tenants, {} lease events, {} job reports",
                    counts.buildings, counts.tenants, counts.lease_events, counts.job_reports
                );
                let accounts = server::services::manage::seed_demo_accounts(&conn).await?;
                println!(
                    "demo accounts added: {accounts} ({}, {} and {}, password {})",
                    server::services::manage::DEMO_ADMIN,
                    server::services::manage::DEMO_MANAGER,
                    server::services::manage::DEMO_TENANT_REP,
                    server::services::manage::DEMO_PASSWORD
                );
            }
            if let Some(parks) = synthetic {
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
        Command::User {
            action:
                UserCommand::Add {
                    email,
                    name,
                    role,
                    parks,
                    tenant_id,
                },
        } => {
            let password = match std::env::var("TVR_PASSWORD") {
                Ok(p) if !p.is_empty() => p,
                _ => {
                    let first = rpassword::prompt_password("Password: ")
                        .map_err(|e| format!("cannot read the password: {e}"))?;
                    let again = rpassword::prompt_password("Password again: ")
                        .map_err(|e| format!("cannot read the password: {e}"))?;
                    if first != again {
                        return Err("the two passwords differ; nothing was saved".into());
                    }
                    first
                }
            };
            let conn = db::open(&cli.database_url)
                .await
                .map_err(|e| e.to_string())?;
            let id = server::services::manage::add_user_from_cli(
                &conn, &email, &name, &role, parks, tenant_id, password,
            )
            .await?;
            println!("user {id} added: {email} ({role})");
            Ok(())
        }
    }
}
