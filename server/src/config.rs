//! Typed settings, read once at start from flags or the environment.
use std::net::SocketAddr;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

/// The embedded default: a SQLite file under ./data, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/registry.db?mode=rwc";

#[derive(Debug, Parser)]
#[command(
    name = "server",
    version,
    about = "Tech Valley Registry: the site and tenancy registry of Morocco's offshoring parks"
)]
pub struct Cli {
    /// Database: sqlite://path?mode=rwc (embedded default) or postgres://user@host/db
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,

    /// Log filter, e.g. info, debug, server=debug,sqlx=warn
    #[arg(long, env = "TVR_LOG", default_value = "info", global = true)]
    pub log_level: String,

    #[command(flatten)]
    pub serve: ServeArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the migrations, then serve the site and the API (the default).
    Serve,
    /// Run the migrations and stop.
    Migrate,
    /// Load the real parks (idempotent); with --demo, also invent demo tenants, leases, job
    /// reports and the demo accounts; with --synthetic N, also invent N synthetic parks for
    /// load tests.
    Seed {
        /// Also invent this many synthetic parks (slugs synthetic-<n>), with buildings,
        /// tenants, lease events and job reports, in one transaction
        #[arg(long, value_name = "PARKS")]
        synthetic: Option<usize>,
    },
    /// Manage accounts (the first admin is created here).
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user. The password is read from TVR_PASSWORD when set (for
    /// scripts), otherwise asked for twice on the terminal, without echo.
    Add {
        #[arg(long)]
        email: String,
        /// Name shown in the audit log and on the pages
        #[arg(long)]
        name: String,
        /// admin, park_manager or tenant_rep
        #[arg(long, default_value = "admin")]
        role: String,
        /// Slug of a park a park manager manages (repeat for several)
        #[arg(long = "park", value_name = "SLUG")]
        parks: Vec<String>,
        /// Tenant id a tenant representative speaks for
        #[arg(long)]
        tenant_id: Option<i32>,
    },
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on [default: LEPTOS_SITE_ADDR, else 127.0.0.1:3000]
    #[arg(long, env = "TVR_ADDR", global = true)]
    pub addr: Option<SocketAddr>,

    /// With demo data: `serve` loads invented tenants, leases, job reports and the demo
    /// accounts (with a published password) into an empty database; `seed` adds them.
    /// Never on by default. TVR_DEMO takes 1/0, true/false, yes/no, on/off.
    #[arg(long, env = "TVR_DEMO", global = true, value_parser = clap::builder::BoolishValueParser::new())]
    pub demo: bool,

    /// Mark the session cookie Secure (set when the registry is served over HTTPS)
    #[arg(long, env = "TVR_SECURE_COOKIES", global = true)]
    pub secure_cookies: bool,

    /// A proxy in front (its IP address; repeat, or comma-separated in the variable) whose
    /// X-Forwarded-For names the client, for login throttling per address. Without it the
    /// header is ignored: any client could write it.
    #[arg(
        long = "trusted-proxy",
        env = "TVR_TRUSTED_PROXIES",
        value_name = "IP",
        value_delimiter = ',',
        global = true
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// Password checks (argon2id, 19 MiB each) run at once [default: one per core, at least 2]
    #[arg(long, env = "TVR_PASSWORD_HASHES", value_name = "N", global = true,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1024))]
    pub password_hashes: Option<usize>,

    /// Sign-ins that may wait for a password check; one more gets 503 with Retry-After
    #[arg(long, env = "TVR_PASSWORD_HASH_QUEUE", value_name = "N", global = true,
          default_value_t = crate::http::limits::PASSWORD_HASH_QUEUE,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=10_000))]
    pub password_hash_queue: usize,

    /// Admins and park managers must sign in with a second factor (TOTP): without one, the
    /// right password opens a session that reaches only enrolment and sign-out. On unless
    /// set off (`--require-two-factor=false`); TVR_REQUIRE_TWO_FACTOR takes 1/0,
    /// true/false, yes/no, on/off. Tenant representatives may opt in, never forced.
    #[arg(
        long,
        env = "TVR_REQUIRE_TWO_FACTOR",
        global = true,
        default_value_t = true,
        num_args = 0..=1,
        default_missing_value = "true",
        action = clap::ArgAction::Set,
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub require_two_factor: bool,

    /// Pretend today is this date (YYYY-MM-DD), for demos and replays
    #[arg(long, env = "TVR_TODAY", global = true)]
    pub today: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_subcommand_means_serve_on_the_embedded_default() {
        let cli = Cli::try_parse_from(["server"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.database_url, DEFAULT_DATABASE_URL);
    }

    #[test]
    fn trusted_proxies_repeat_or_come_comma_separated() {
        let cli = Cli::try_parse_from([
            "server",
            "--trusted-proxy",
            "10.0.0.2,10.0.0.3",
            "--trusted-proxy",
            "::1",
        ])
        .unwrap();
        let shown: Vec<String> = cli
            .serve
            .trusted_proxies
            .iter()
            .map(|ip| ip.to_string())
            .collect();
        assert_eq!(shown, ["10.0.0.2", "10.0.0.3", "::1"]);
        assert!(Cli::try_parse_from(["server", "--trusted-proxy", "proxy.local"]).is_err());
        assert!(
            Cli::try_parse_from(["server"])
                .unwrap()
                .serve
                .trusted_proxies
                .is_empty()
        );
    }

    #[test]
    fn the_password_hash_cap_and_queue_are_settings_with_defaults_and_bounds() {
        let cli = Cli::try_parse_from(["server"]).unwrap();
        assert_eq!(cli.serve.password_hashes, None);
        assert_eq!(
            cli.serve.password_hash_queue,
            crate::http::limits::PASSWORD_HASH_QUEUE
        );
        let cli = Cli::try_parse_from([
            "server",
            "--password-hashes",
            "3",
            "--password-hash-queue",
            "0",
        ])
        .unwrap();
        assert_eq!(cli.serve.password_hashes, Some(3));
        assert_eq!(cli.serve.password_hash_queue, 0);
        assert!(Cli::try_parse_from(["server", "--password-hashes", "0"]).is_err());
        assert!(Cli::try_parse_from(["server", "--password-hash-queue", "-1"]).is_err());
    }

    #[test]
    fn demo_data_is_only_loaded_when_asked() {
        assert!(!Cli::try_parse_from(["server"]).unwrap().serve.demo);
        assert!(!Cli::try_parse_from(["server", "serve"]).unwrap().serve.demo);
        assert!(
            Cli::try_parse_from(["server", "serve", "--demo"])
                .unwrap()
                .serve
                .demo
        );
        assert!(
            Cli::try_parse_from(["server", "--demo"])
                .unwrap()
                .serve
                .demo
        );
        assert!(
            Cli::try_parse_from(["server", "serve", "--no-demo"]).is_err(),
            "the old opt-out is gone: nothing to opt out of"
        );
    }

    #[test]
    fn two_factor_is_required_unless_set_off() {
        let parsed = |args: &[&str]| Cli::try_parse_from(args).map(|c| c.serve.require_two_factor);
        assert!(parsed(&["server"]).unwrap());
        assert!(parsed(&["server", "serve", "--require-two-factor"]).unwrap());
        assert!(!parsed(&["server", "serve", "--require-two-factor=false"]).unwrap());
        assert!(!parsed(&["server", "--require-two-factor", "0"]).unwrap());
        assert!(parsed(&["server", "--require-two-factor", "maybe"]).is_err());
    }

    #[test]
    fn a_bad_date_or_address_is_refused_at_start() {
        assert!(Cli::try_parse_from(["server", "serve", "--today", "tomorrow"]).is_err());
        assert!(Cli::try_parse_from(["server", "serve", "--addr", "localhost"]).is_err());
        let serve = Cli::try_parse_from(["server", "serve", "--addr", "127.0.0.1:0"]).unwrap();
        assert!(serve.serve.addr.is_some());
        let ok = Cli::try_parse_from(["server", "seed", "--demo"]).unwrap();
        assert!(matches!(
            ok.command,
            Some(Command::Seed { synthetic: None })
        ));
        assert!(ok.serve.demo);
    }

    #[test]
    fn seed_synthetic_takes_a_number_of_parks_and_refuses_anything_else() {
        let cli = Cli::try_parse_from(["server", "seed", "--synthetic", "10000"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Seed {
                synthetic: Some(10_000)
            })
        ));
        assert!(!cli.serve.demo);
        let both = Cli::try_parse_from(["server", "seed", "--demo", "--synthetic", "5"]).unwrap();
        assert!(matches!(
            both.command,
            Some(Command::Seed { synthetic: Some(5) })
        ));
        assert!(both.serve.demo);
        assert!(Cli::try_parse_from(["server", "seed", "--synthetic", "many"]).is_err());
        assert!(Cli::try_parse_from(["server", "seed", "--synthetic", "-3"]).is_err());
        assert!(Cli::try_parse_from(["server", "seed", "--synthetic"]).is_err());
    }

    #[test]
    fn user_add_takes_an_email_a_name_a_role_and_parks() {
        let cli = Cli::try_parse_from([
            "server",
            "user",
            "add",
            "--email",
            "m@cdg.ma",
            "--name",
            "M",
            "--role",
            "park_manager",
            "--park",
            "a",
            "--park",
            "b",
        ])
        .unwrap();
        match cli.command {
            Some(Command::User {
                action:
                    UserCommand::Add {
                        email, role, parks, ..
                    },
            }) => {
                assert_eq!(email, "m@cdg.ma");
                assert_eq!(role, "park_manager");
                assert_eq!(parks, ["a", "b"]);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(Cli::try_parse_from(["server", "user", "add", "--name", "M"]).is_err());
    }
}
