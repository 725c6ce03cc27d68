//! Thin entry point: settings -> telemetry -> build -> serve.
use std::process::ExitCode;

use clap::Parser;
use server::config::{Cli, Command};
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
    }
}
