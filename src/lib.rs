//! xxgk-lint: a linter for 政府信息公开工作年度报告, the annual reports on
//! government information disclosure.
//!
//! Reading order: [`syntax`] (text → lossless CST), [`model`] (CST → typed
//! report with table cells bound to template keys), [`template`] (the table
//! formats as data), [`dump`] (the model as JSON).

pub mod cli;
pub mod dump;
pub mod model;
pub mod source;
pub mod syntax;
pub mod template;
