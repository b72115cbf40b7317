//! `--format short`: one line per diagnostic, `path:line:col: severity[code]: message`,
//! followed by ` [location]` for text extracted from a document.

use super::FileResult;
use crate::source::LineIndex;

/// The lines for one file.
#[must_use]
pub fn render(file: &FileResult<'_>) -> String {
    let index = LineIndex::new(file.text);
    let mut out = String::new();
    for diagnostic in file.diagnostics {
        let at = index.line_col(file.text, diagnostic.span.start);
        out.push_str(&format!(
            "{}:{}:{}: {}[{}]: {}",
            file.path, at.line, at.column, diagnostic.severity, diagnostic.code, diagnostic.message
        ));
        if let Some(location) = &diagnostic.location {
            out.push_str(&format!(" [{}]", location.text));
        }
        out.push('\n');
    }
    out
}
