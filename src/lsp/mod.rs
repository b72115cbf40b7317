//! The language server: `xxgk-lint lsp` speaks the Language Server
//! Protocol over stdio.
//!
//! A thin adapter over the library: documents are linted with the same
//! [`Linter`](crate::Linter) as the command line, findings become
//! `publishDiagnostics` (positions in UTF-16 code units), their fixes
//! become quick fixes, and hover shows what the model read: a cell's key
//! and value (and for a total, the identity and the computed value), a
//! date and the rules that use it.
//!
//! - [`server`]: the main loop, document state, the debounced worker.
//! - [`convert`]: byte offsets ↔ protocol positions, findings → protocol.
//! - [`handlers`]: hover and code actions.
//! - [`config`]: where settings come from ([`config::ConfigProvider`]).

pub mod config;
pub mod convert;
pub mod handlers;
pub mod server;

pub use config::{ConfigProvider, ProjectConfig, Settings};
pub use server::{ServerError, run, run_with};

/// Runs the server on stdin and stdout until the client says `exit`.
///
/// # Errors
/// Protocol and I/O failures.
pub fn run_stdio() -> Result<(), ServerError> {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let result = run(connection);
    io_threads.join()?;
    result
}
