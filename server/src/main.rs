//! Thin entry point: parse the arguments, start the logs, dispatch to `cli`.
use std::process::ExitCode;

use clap::Parser;
use server::config::Cli;
use server::{cli, telemetry};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init(&cli.log_level);
    match cli::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // one clear line naming what to fix
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
