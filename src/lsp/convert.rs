//! Conversions between the tool's byte offsets and the protocol's
//! positions (0-based lines, columns in UTF-16 code units), and from
//! findings to protocol diagnostics and edits.
//!
//! Every Han character is three UTF-8 bytes but one UTF-16 unit; a
//! character outside the Basic Multilingual Plane is four bytes and two
//! units. All arithmetic goes through [`LineIndex`].

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr as _;

use lsp_types as lsp;

use crate::diagnostic::{Diagnostic, Edit, Severity};
use crate::source::LineIndex;

/// The `source` of every diagnostic the server publishes.
pub const SOURCE: &str = "xxgk-lint";

/// A text with its line index: everything needed to convert positions.
#[derive(Clone, Debug)]
pub struct Positions<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
}

impl Positions<'_> {
    /// The protocol position of byte `offset`.
    #[must_use]
    pub fn position(&self, offset: usize) -> lsp::Position {
        let (line, character) = self.index.line_col_utf16(self.text, offset);
        lsp::Position::new(to_u32(line), to_u32(character))
    }

    /// The protocol range of a byte range.
    #[must_use]
    pub fn range(&self, span: &Range<usize>) -> lsp::Range {
        lsp::Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of a protocol position (clamped to the text: a
    /// column past the end of its line means the end of the line).
    #[must_use]
    pub fn offset(&self, position: lsp::Position) -> usize {
        self.index.offset_utf16(
            self.text,
            position.line as usize,
            position.character as usize,
        )
    }

    /// The byte range of a protocol range.
    #[must_use]
    pub fn span(&self, range: lsp::Range) -> Range<usize> {
        let start = self.offset(range.start);
        let end = self.offset(range.end).max(start);
        start..end
    }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// Applies one `didChange` content change to `text`: a full replacement
/// without a range, else a replacement of the range.
pub fn apply_change(text: &mut String, change: lsp::TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let index = LineIndex::new(text);
            let span = Positions {
                text: text.as_str(),
                index: &index,
            }
            .span(range);
            text.replace_range(span, &change.text);
        }
    }
}

/// Which optional diagnostic fields the client understands.
#[derive(Clone, Copy, Debug)]
pub struct DiagnosticSupport {
    pub related_information: bool,
    pub code_description: bool,
}

impl Default for DiagnosticSupport {
    fn default() -> Self {
        DiagnosticSupport {
            related_information: true,
            code_description: true,
        }
    }
}

/// A finding as a protocol diagnostic: code, severity, source, the rule's
/// documentation link, and the secondary labels (the addends of a failed
/// sum) as related information.
#[must_use]
pub fn diagnostic(
    finding: &Diagnostic,
    positions: &Positions<'_>,
    uri: &lsp::Uri,
    support: DiagnosticSupport,
) -> lsp::Diagnostic {
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push('\n');
        message.push_str(help);
    }
    let code_description = finding
        .url
        .as_deref()
        .filter(|_| support.code_description)
        .and_then(|url| lsp::Uri::from_str(url).ok())
        .map(|href| lsp::CodeDescription { href });
    let related_information =
        (support.related_information && !finding.labels.is_empty()).then(|| {
            finding
                .labels
                .iter()
                .map(|label| lsp::DiagnosticRelatedInformation {
                    location: lsp::Location::new(uri.clone(), positions.range(&label.span)),
                    message: label.message.clone(),
                })
                .collect()
        });
    lsp::Diagnostic {
        range: positions.range(&finding.span),
        severity: Some(severity(finding.severity)),
        code: Some(lsp::NumberOrString::String(finding.code.clone())),
        code_description,
        source: Some(SOURCE.to_string()),
        message,
        related_information,
        tags: None,
        data: None,
    }
}

#[must_use]
pub fn severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    }
}

/// The edits of a fix, in the document's positions.
#[must_use]
pub fn text_edits(edits: &[Edit], positions: &Positions<'_>) -> Vec<lsp::TextEdit> {
    edits
        .iter()
        .map(|edit| lsp::TextEdit::new(positions.range(&edit.span), edit.replacement.clone()))
        .collect()
}

/// The local path of a `file:` URI (percent-decoded), if it is one.
#[must_use]
pub fn uri_to_path(uri: &lsp::Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///path` or `file://localhost/path`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode(path)?;
    // `/C:/Users/…` on Windows.
    let bytes = decoded.as_bytes();
    if cfg!(windows) && bytes.len() >= 3 && bytes[0] == b'/' && bytes[2] == b':' {
        return Some(PathBuf::from(&decoded[1..]));
    }
    Some(PathBuf::from(decoded))
}

/// The `file:` URI of an absolute path.
#[must_use]
pub fn path_to_uri(path: &Path) -> Option<lsp::Uri> {
    let text = path.to_str()?.replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~:".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    lsp::Uri::from_str(&uri).ok()
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = text.get(at + 1..at + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn positions(text: &str) -> (String, LineIndex) {
        (text.to_string(), LineIndex::new(text))
    }

    #[test]
    fn han_and_astral_characters_count_in_utf16_units() {
        // 一 is 3 bytes / 1 unit; 𠀀 (U+20000) is 4 bytes / 2 units.
        let (text, index) = positions("标题\n总计𠀀ab 12\r\nx");
        let at = Positions {
            text: &text,
            index: &index,
        };
        let twelve = text.find("12").unwrap();
        assert_eq!(twelve, 7 + 6 + 4 + 3);
        assert_eq!(at.position(twelve), lsp::Position::new(1, 2 + 2 + 3));
        assert_eq!(at.offset(lsp::Position::new(1, 7)), twelve);
        assert_eq!(
            at.range(&(twelve..twelve + 2)),
            lsp::Range::new(lsp::Position::new(1, 7), lsp::Position::new(1, 9))
        );
        // Past the end of a line: the end of that line, before `\r\n`.
        assert_eq!(at.offset(lsp::Position::new(1, 99)), twelve + 2);
        assert_eq!(at.offset(lsp::Position::new(9, 0)), text.len());
    }

    #[test]
    fn incremental_changes_replace_utf16_ranges() {
        let mut text = String::from("一、总体𠀀情况\n合计\t3\n");
        apply_change(
            &mut text,
            lsp::TextDocumentContentChangeEvent {
                range: Some(lsp::Range::new(
                    lsp::Position::new(0, 4),
                    lsp::Position::new(0, 6),
                )),
                range_length: None,
                text: String::new(),
            },
        );
        assert_eq!(text, "一、总体情况\n合计\t3\n");
        apply_change(
            &mut text,
            lsp::TextDocumentContentChangeEvent {
                range: Some(lsp::Range::new(
                    lsp::Position::new(1, 3),
                    lsp::Position::new(1, 4),
                )),
                range_length: None,
                text: "4".into(),
            },
        );
        assert_eq!(text, "一、总体情况\n合计\t4\n");
    }

    #[test]
    fn file_uris_round_trip_with_han_and_spaces() {
        let path = Path::new("/tmp/年度 报告/派镇.txt");
        let uri = path_to_uri(path).unwrap();
        assert!(uri.as_str().starts_with("file:///tmp/"));
        assert!(!uri.as_str().contains(' '));
        assert_eq!(uri_to_path(&uri).unwrap(), path);
        let other = lsp::Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(uri_to_path(&other), None);
    }
}
