//! `unspun serve`: opens the index and runs the HTTP API until interrupted.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use unspun_index::Index;
use unspun_server::{ServerConfig, WriteAccess};

use crate::args::ServeArgs;

/// Environment variable holding the bearer token writes need.
const TOKEN_VARIABLE: &str = "UNSPUN_TOKEN";

/// Runs the server until SIGINT or SIGTERM.
pub fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let mut config = ServerConfig::new(args.addr, write_access(args)?);
    config.max_body_bytes = args.max_body_bytes;
    config.timeout = Duration::from_millis(args.timeout_ms);
    config.max_concurrent = args.max_concurrent;
    config.validate().map_err(anyhow::Error::msg)?;
    let index = Index::open(&args.index)
        .with_context(|| format!("opening the index in {}", args.index.display()))?;
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime
        .block_on(unspun_server::serve(Arc::new(index), config, shutdown_signal()))
        .context("serving")?;
    Ok(ExitCode::SUCCESS)
}

/// Read-only when asked; otherwise a token from `--token-file` or the environment; otherwise
/// open writes (which the server refuses on a non-loopback address).
fn write_access(args: &ServeArgs) -> anyhow::Result<WriteAccess> {
    if args.read_only {
        return Ok(WriteAccess::ReadOnly);
    }
    let token = match &args.token_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("reading the token from {}", path.display()))?,
        ),
        None => std::env::var(TOKEN_VARIABLE).ok(),
    };
    match token.map(|t| t.trim().to_string()) {
        Some(token) if token.is_empty() => anyhow::bail!("the write token is empty"),
        Some(token) => Ok(WriteAccess::Token(token)),
        None => {
            eprintln!("unspun serve: no write token set; writes are open to local clients");
            Ok(WriteAccess::Open)
        }
    }
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
