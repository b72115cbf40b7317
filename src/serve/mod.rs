//! `xxgk-lint serve`: the check service and its web page (cargo feature
//! `serve`, on by default).
//!
//! An HTTP adapter over the same [`Linter`](crate::Linter) and
//! configuration as `check`: `POST /api/v1/check` answers with exactly the
//! JSON (or SARIF) that `check` prints for the file, `GET /` is a page
//! embedded in the binary for people who write reports. See
//! `docs/service.md` and `docs/openapi.json`.
//!
//! **Invariants:** the service computes no finding of its own (it calls
//! the code `check` calls); a report is held in memory only while it is
//! checked: nothing is written, and nothing about a request is logged or
//! counted but its route, status, time and outcome; every request is
//! bounded (body size, file size, time, workers and queue), and linting
//! runs on the blocking pool, never on the async workers.

mod api;
mod error;
mod metrics;
mod page;

use std::net::{SocketAddr, ToSocketAddrs as _};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use miette::{IntoDiagnostic as _, Result};
use tokio::sync::Semaphore;

use crate::cli::ExitStatus;
use crate::cli::args::ServeArgs;
use crate::cli::check::{FileArgs, config_mode, unknown_selector};
use crate::cli::inputs::Configs;
use crate::config::Config;

pub use api::{ROUTES, Route};
use metrics::Metrics;

/// What the service was started with.
#[derive(Debug)]
struct Service {
    config: Arc<Config>,
    /// `--select`, `--ignore` for every file.
    file_args: FileArgs,
    /// Largest request body, in bytes.
    max_body_size: u64,
    /// Largest report file, in bytes (`--max-file-size`, as `check`).
    max_file_size: u64,
    /// Longest time a request may take.
    timeout: Duration,
    /// Files checked at once.
    workers: usize,
    /// Requests that may wait for a worker.
    queue: usize,
    /// The bearer token the API requires, if any.
    token: Option<String>,
    metrics: Metrics,
    permits: Arc<Semaphore>,
}

/// Runs the service until SIGTERM or Ctrl-C, then finishes the requests in
/// flight.
///
/// # Errors
/// A broken configuration or pack, an unreadable token file, an address
/// that cannot be bound.
pub fn run(args: &ServeArgs) -> Result<ExitStatus> {
    let service = Arc::new(service(args)?);
    // A panic's message may quote the report; say only where it happened.
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|location| format!(" at {}:{}", location.file(), location.line()))
            .unwrap_or_default();
        eprintln!("xxgk-lint serve: internal error{place}; the request was answered with 500");
    }));
    let addr = resolve(&args.addr)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // The blocking pool runs the linter; the semaphore keeps it to
        // `workers` at a time.
        .max_blocking_threads(service.workers.max(1) + 1)
        .build()
        .into_diagnostic()?;
    runtime.block_on(serve(service, addr))?;
    Ok(ExitStatus::Success)
}

/// The service's settings and compiled packs, from the command line.
fn service(args: &ServeArgs) -> Result<Service> {
    let mode = config_mode(&args.rules, crate::engine::Lang::default())?;
    let mut configs = Configs::new(mode, args.rules.packs.clone());
    // Reports come without a folder: the configuration is the one a file
    // in the current folder would have, resolved once.
    let config = configs.for_file(Path::new("report.txt"));
    if let Some(error) = configs.errors.pop() {
        return Err(error.into());
    }
    let config = config.ok_or_else(|| miette::miette!("no configuration could be loaded"))?;
    if let Some(unknown) = unknown_selector(&args.rules.select, &args.rules.ignore, [&config]) {
        return Err(miette::miette!(
            help = "`xxgk-lint rules` lists the codes; a prefix (GK3) must begin at least one",
            "`{unknown}` (--select / --ignore) is no rule code nor the start of one"
        ));
    }
    let token = match &args.token_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .into_diagnostic()
                .map_err(|error| error.wrap_err(format!("cannot read {}", path.display())))?;
            let token = text.trim().to_string();
            if token.is_empty() || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(miette::miette!(
                    help = "write one token of visible characters, without spaces",
                    "{} holds no usable token",
                    path.display()
                ));
            }
            Some(token)
        }
        None => None,
    };
    let workers = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from))
        .max(1);
    Ok(Service {
        config,
        file_args: FileArgs {
            select: args.rules.select.clone(),
            ignore: args.rules.ignore.clone(),
            ..FileArgs::default()
        },
        max_body_size: args.max_body_size,
        max_file_size: args.max_file_size,
        timeout: Duration::from_secs(args.timeout.max(1)),
        workers,
        queue: args.queue,
        token,
        metrics: Metrics::default(),
        permits: Arc::new(Semaphore::new(workers)),
    })
}

fn resolve(addr: &str) -> Result<SocketAddr> {
    addr.to_socket_addrs()
        .into_diagnostic()
        .map_err(|error| error.wrap_err(format!("cannot use the address {addr}")))?
        .next()
        .ok_or_else(|| miette::miette!("the address {addr} names no host"))
}

async fn serve(service: Arc<Service>, addr: SocketAddr) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .into_diagnostic()
        .map_err(|error| error.wrap_err(format!("cannot listen on {addr}")))?;
    let bound = listener.local_addr().into_diagnostic()?;
    // The first line of output: the address, for people and for programs
    // that started the service on port 0.
    println!("xxgk-lint serve: listening on http://{bound}/");
    if !bound.ip().is_loopback() {
        eprintln!(
            "warning: {bound} is reachable from other machines; reports before publication are confidential (see docs/security.md)"
        );
    }
    if service.token.is_none() && !bound.ip().is_loopback() {
        eprintln!("warning: no --token-file: anyone who reaches {bound} can use the service");
    }
    let app = api::router(service);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .into_diagnostic()?;
    eprintln!("xxgk-lint serve: stopped");
    Ok(())
}

/// Resolves on SIGTERM or Ctrl-C (SIGINT).
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
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    eprintln!("xxgk-lint serve: finishing the requests in flight");
}
