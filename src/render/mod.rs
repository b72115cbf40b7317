//! Output formats. Renderers see only diagnostics and source texts.

pub mod human;
pub mod json;
pub mod short;

use crate::diagnostic::Diagnostic;
use crate::model::Report;

/// One linted file, as renderers see it.
#[derive(Debug)]
pub struct FileResult<'a> {
    /// The path as given (or as found when walking a folder).
    pub path: &'a str,
    pub text: &'a str,
    pub report: Option<&'a Report>,
    pub diagnostics: &'a [Diagnostic],
}
