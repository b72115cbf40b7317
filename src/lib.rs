//! xxgk-lint: a linter for 政府信息公开工作年度报告, the annual reports on
//! government information disclosure.
//!
//! Reading order: [`input`] (file bytes → text), [`syntax`] (text → lossless CST), [`model`] (CST → typed
//! report with table cells bound to template keys), [`template`] (the table
//! formats as data), [`dump`] (the model as JSON).

pub mod annotate;
pub mod archive;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod docs;
pub mod dump;
pub mod engine;
pub mod expr;
pub mod fix;
pub mod input;
pub mod kinds;
pub mod linter;
#[cfg(feature = "lsp")]
pub mod lsp;
pub mod messages;
pub mod model;
pub mod packs;
pub mod paths;
pub mod render;
#[cfg(feature = "serve")]
pub mod serve;
pub mod source;
pub mod syntax;
pub mod template;
pub mod testing;

pub use linter::{FileOptions, Linted, Linter};
