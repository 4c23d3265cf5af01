//! The command line: every subcommand of the contract, parsed with clap.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// procura: a unified procurement API gateway in front of Coupa.
#[derive(Debug, Parser)]
#[command(name = "procura", version, about, propagate_version = true)]
pub struct Cli {
    /// Log output format (logs go to stderr; filter with RUST_LOG).
    #[arg(long, value_enum, global = true, default_value_t = LogFormat::Pretty)]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Json,
    Pretty,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the Coupa and Oracle Fusion sandboxes and the gateway wired to them (tenants
    /// `demo` and `demo-oracle`, key `demo-key`).
    Demo(DemoArgs),
    /// Run the gateway.
    Serve(ServeArgs),
    /// Run a provider sandbox alone (Coupa, or Oracle Fusion with --provider oracle-fusion).
    Sandbox(SandboxArgs),
    /// Check or try out mapping files.
    #[command(subcommand)]
    Mappings(MappingsCommand),
    /// Exit 0 when the gateway at URL answers its liveness probe (for container health checks).
    #[command(hide = true)]
    HealthCheck {
        #[arg(long, default_value = "http://127.0.0.1:8080/healthz")]
        url: String,
    },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Gateway listen address.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Coupa sandbox listen address.
    #[arg(long, default_value = "127.0.0.1:9090")]
    pub sandbox_listen: SocketAddr,
    /// Oracle Fusion sandbox listen address.
    #[arg(long, default_value = "127.0.0.1:9091")]
    pub oracle_listen: SocketAddr,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Config file (else $PROCURA_CONFIG, else ./procura.toml).
    #[arg(long, env = "PROCURA_CONFIG", default_value = "procura.toml")]
    pub config: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SandboxProvider {
    Coupa,
    OracleFusion,
}

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Which system to simulate.
    #[arg(long, value_enum, default_value_t = SandboxProvider::Coupa)]
    pub provider: SandboxProvider,
    /// Listen address (default 127.0.0.1:9090 for Coupa, 127.0.0.1:9091 for Oracle Fusion).
    #[arg(long)]
    pub listen: Option<SocketAddr>,
    /// Seed of the generated data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Number of purchase orders (default 500 for Coupa, 1200 for Oracle Fusion); other
    /// resources scale from it.
    #[arg(long)]
    pub records: Option<usize>,
    /// Added latency of every API response, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Rate budget as N/SECS (Coupa default 25/1, bursts of 20, as Coupa documents;
    /// Oracle Fusion documents none, so none by default).
    #[arg(long)]
    pub rate_limit: Option<String>,
    /// Extra OAuth client as ID:SECRET (repeatable).
    #[arg(long = "client")]
    pub clients: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum MappingsCommand {
    /// Load and compile every mapping and override the config names.
    Check {
        /// Config file (else $PROCURA_CONFIG, else ./procura.toml).
        #[arg(long, env = "PROCURA_CONFIG", default_value = "procura.toml")]
        config: PathBuf,
    },
    /// Run the effective mapping chain of a resource on a raw Coupa record.
    Test {
        /// Unified resource name, e.g. purchase_orders.
        #[arg(long)]
        resource: String,
        /// Apply this tenant's overrides too.
        #[arg(long)]
        tenant: Option<String>,
        /// Raw Coupa record (JSON file).
        #[arg(long)]
        input: PathBuf,
        /// Config file (else $PROCURA_CONFIG, else ./procura.toml).
        #[arg(long, env = "PROCURA_CONFIG", default_value = "procura.toml")]
        config: PathBuf,
    },
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_format);
    match cli.command {
        Command::Serve(args) => serve(args),
        Command::Mappings(MappingsCommand::Check { config }) => mappings_check(&config),
        Command::Mappings(MappingsCommand::Test {
            resource,
            tenant,
            input,
            config,
        }) => mappings_test(&config, &resource, tenant.as_deref(), &input),
        Command::HealthCheck { url } => health_check(&url),
        Command::Demo(args) => runtime().block_on(async {
            match crate::demo::run(
                args.listen,
                args.sandbox_listen,
                args.oracle_listen,
                shutdown_signal(),
            )
            .await
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("procura: {e}");
                    ExitCode::from(1)
                }
            }
        }),
        Command::Sandbox(args) => sandbox(args),
    }
}

/// Logs to stderr, filtered by `RUST_LOG` (default `info`).
fn init_logging(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("the tokio runtime starts")
}

fn serve(args: ServeArgs) -> ExitCode {
    let config = match gateway::config::Config::load(&args.config) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("procura: config error: {e}");
            return ExitCode::from(1);
        }
    };
    runtime().block_on(async move {
        let app = match gateway::app::App::build(config).await {
            Ok(app) => app,
            Err(e) => {
                eprintln!("procura: cannot start: {e}");
                return ExitCode::from(1);
            }
        };
        tracing::info!(listen = %app.local_addr(), "procura gateway listening");
        app.reload_on_signals();
        match app.run_until(shutdown_signal()).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("procura: server error: {e}");
                ExitCode::from(1)
            }
        }
    })
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: no new connections, finishing in-flight requests");
}

/// The config for the mapping tools: the file when it exists, else the shipped mappings.
fn mappings_config(path: &std::path::Path) -> Result<gateway::config::Config, ExitCode> {
    if path.exists() {
        gateway::config::Config::load(path).map_err(|e| {
            eprintln!("procura: config error: {e}");
            ExitCode::from(1)
        })
    } else {
        eprintln!(
            "procura: no config at {}; using the shipped mappings only",
            path.display()
        );
        Ok(gateway::config::Config::mappings_only())
    }
}

fn load_registry(
    config: &gateway::config::Config,
) -> Result<gateway::resources::Registry, ExitCode> {
    gateway::resources::Registry::load(config).map_err(|errors| {
        for e in &errors {
            eprintln!("{e}");
        }
        eprintln!("procura: {} mapping error(s)", errors.len());
        ExitCode::from(1)
    })
}

fn mappings_check(path: &std::path::Path) -> ExitCode {
    let config = match mappings_config(path) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let registry = match load_registry(&config) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let mut views: Vec<(String, Vec<std::sync::Arc<gateway::resources::Effective>>)> =
        vec![("(deployment)".into(), registry.all(None).cloned().collect())];
    for t in &config.tenants {
        views.push((t.id.clone(), registry.all(Some(&t.id)).cloned().collect()));
    }
    for (who, resources) in views {
        println!("{who}:");
        for eff in resources {
            let levels = eff.chain.levels().len();
            match &eff.projection {
                gateway::resources::projection::Projection::Fields { param: f, .. } => println!(
                    "  {:<22} ok  {levels} level(s), fields={f}",
                    eff.resource.name,
                ),
                gateway::resources::projection::Projection::Whole { reason } => println!(
                    "  {:<22} ok  {levels} level(s), NO projection: {reason}",
                    eff.resource.name
                ),
            }
        }
    }
    println!("all mappings compiled");
    ExitCode::SUCCESS
}

fn mappings_test(
    path: &std::path::Path,
    resource: &str,
    tenant: Option<&str>,
    input: &std::path::Path,
) -> ExitCode {
    let config = match mappings_config(path) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let registry = match load_registry(&config) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let eff = match tenant {
        Some(t) => registry.get(t, resource),
        None => registry.deployment(gateway::config::Provider::Coupa, resource),
    };
    let Some(eff) = eff else {
        eprintln!(
            "procura: no resource {resource:?}{}",
            tenant
                .map(|t| format!(" for tenant {t:?}"))
                .unwrap_or_default()
        );
        return ExitCode::from(1);
    };
    let raw: serde_json::Value = match std::fs::read(input)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => {
            eprintln!("procura: {}: {e}", input.display());
            return ExitCode::from(1);
        }
    };
    let records = match raw {
        serde_json::Value::Array(items) => items,
        one => vec![one],
    };
    let mut out = Vec::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        match eff.chain.response(record) {
            Ok(v) => out.push(v.into_value()),
            Err(e) => {
                eprintln!("procura: record {i}: {e} ({})", e.code);
                return ExitCode::from(1);
            }
        }
    }
    let shown = if out.len() == 1 {
        out.pop().unwrap_or_default()
    } else {
        serde_json::Value::Array(out)
    };
    println!(
        "{}",
        serde_json::to_string_pretty(&shown).unwrap_or_default()
    );
    ExitCode::SUCCESS
}

fn health_check(url: &str) -> ExitCode {
    runtime().block_on(async {
        let client = reqwest::Client::new();
        match client
            .get(url)
            .timeout(std::time::Duration::from_secs(3))
            .send()
            .await
        {
            Ok(r) if r.status().is_success() => ExitCode::SUCCESS,
            Ok(r) => {
                eprintln!("procura: {url} answered {}", r.status());
                ExitCode::from(1)
            }
            Err(e) => {
                eprintln!("procura: {url}: {}", gateway::outbound::without_url(&e));
                ExitCode::from(1)
            }
        }
    })
}

/// `--client ID:SECRET` values as OAuth clients.
fn sandbox_clients(args: &SandboxArgs) -> Result<Vec<simulators::coupa::Client>, ExitCode> {
    args.clients
        .iter()
        .map(|c| {
            let Some((id, secret)) = c.split_once(':') else {
                eprintln!("procura: --client {c:?} is not ID:SECRET");
                return Err(ExitCode::from(2));
            };
            Ok(simulators::coupa::Client {
                id: id.into(),
                secret: secret.into(),
                scopes: None,
            })
        })
        .collect()
}

fn sandbox(args: SandboxArgs) -> ExitCode {
    if args.provider == SandboxProvider::OracleFusion {
        return oracle_fusion_sandbox(args);
    }
    use simulators::coupa::{Sandbox, SandboxConfig, parse_rate_limit};
    let listen = args
        .listen
        .unwrap_or_else(|| SandboxConfig::default().listen);
    let mut config = SandboxConfig {
        listen,
        seed: args.seed,
        records: args.records.unwrap_or(SandboxConfig::default().records),
        latency: std::time::Duration::from_millis(args.latency_ms),
        ..SandboxConfig::default()
    };
    if let Some(rl) = &args.rate_limit {
        match parse_rate_limit(rl) {
            Ok(limit) => config.rate_limit = Some(limit),
            Err(e) => {
                eprintln!("procura: --rate-limit: {e}");
                return ExitCode::from(2);
            }
        }
    }
    match sandbox_clients(&args) {
        Ok(clients) => config.clients.extend(clients),
        Err(code) => return code,
    }
    runtime().block_on(async move {
        let sandbox = match Sandbox::start(config).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("procura: cannot start the sandbox on {listen}: {e}");
                return ExitCode::from(1);
            }
        };
        println!("Coupa sandbox on {}", sandbox.base_url());
        println!("  OAuth client sandbox-client / sandbox-secret; control API under /__sandbox/");
        shutdown_signal().await;
        sandbox.shutdown().await;
        ExitCode::SUCCESS
    })
}

fn oracle_fusion_sandbox(args: SandboxArgs) -> ExitCode {
    use simulators::oracle_fusion::{
        DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD, DEFAULT_USER,
        OracleFusionConfig, OracleFusionSandbox, RateLimit,
    };
    let defaults = OracleFusionConfig::default();
    let listen = args.listen.unwrap_or(defaults.listen);
    let mut config = OracleFusionConfig {
        listen,
        seed: args.seed,
        purchase_orders: args.records.unwrap_or(defaults.purchase_orders),
        latency: std::time::Duration::from_millis(args.latency_ms),
        ..defaults
    };
    if let Some(rl) = &args.rate_limit {
        match RateLimit::parse(rl, u32::MAX) {
            Ok(limit) => config.rate_limit = Some(limit),
            Err(e) => {
                eprintln!("procura: --rate-limit: {e}");
                return ExitCode::from(2);
            }
        }
    }
    match sandbox_clients(&args) {
        Ok(clients) => config.clients.extend(clients),
        Err(code) => return code,
    }
    let scope = config.scope();
    runtime().block_on(async move {
        let sandbox = match OracleFusionSandbox::start(config).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("procura: cannot start the sandbox on {listen}: {e}");
                return ExitCode::from(1);
            }
        };
        println!("Oracle Fusion sandbox on {}", sandbox.base_url());
        println!(
            "  REST: {}  (HCM: {})",
            sandbox.fscm_url(),
            sandbox.hcm_url()
        );
        println!("  Basic auth {DEFAULT_USER} / {DEFAULT_PASSWORD}");
        println!(
            "  OAuth client {DEFAULT_CLIENT_ID} / {DEFAULT_CLIENT_SECRET} at {}",
            sandbox.token_url()
        );
        println!("    scope {scope}");
        println!("  control API under /__sandbox/");
        shutdown_signal().await;
        sandbox.shutdown().await;
        ExitCode::SUCCESS
    })
}
