//! Human output: miette's graphical report, one per diagnostic.

use std::fmt;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::FileResult;
use crate::diagnostic::{Diagnostic, Severity};
use crate::messages::{self, Lang};

/// Secondary labels drawn per finding.
const MAX_LABELS: usize = 6;

/// How to draw.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    /// The language of the headline's severity word and of the total line
    /// (the messages come localized).
    pub lang: Lang,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: 80,
            lang: Lang::default(),
        }
    }
}

/// Renders every diagnostic of `file`.
#[must_use]
pub fn render(file: &FileResult<'_>, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_urls(false)
        .with_context_lines(1);
    let mut out = String::new();
    for diagnostic in file.diagnostics {
        let view = View {
            diagnostic,
            lang: style.lang,
            source: Named {
                name: file.path,
                text: file.text,
            },
        };
        if handler.render_report(&mut out, &view).is_err() {
            out.push_str(&format!("{}: {}\n", diagnostic.code, diagnostic.message));
        }
        out.push('\n');
    }
    out
}

/// A borrowed source with a file name.
struct Named<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceCode for Named<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        // Columns in characters, as in every other output (miette counts
        // bytes, three per Han character).
        let offset = contents.span().offset().min(self.text.len());
        let offset = crate::source::floor_char_boundary(self.text, offset);
        let line_start = self.text[..offset].rfind('\n').map_or(0, |at| at + 1);
        let column = self.text[line_start..offset].chars().count();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        )))
    }
}

/// A diagnostic as miette sees it.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    lang: Lang,
    source: Named<'a>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for View<'_> {}

impl MietteDiagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        // The headline: the code and the severity in words; the rule's
        // English name only in English.
        let diagnostic = self.diagnostic;
        let word = diagnostic.severity.word(self.lang);
        Some(Box::new(match self.lang {
            Lang::Zh => format!("{} {word}", diagnostic.code),
            Lang::En => format!("{} {} {word}", diagnostic.code, diagnostic.name),
        }))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let diagnostic = self.diagnostic;
        if diagnostic.related.is_empty() {
            return diagnostic
                .help
                .as_ref()
                .map(|help| Box::new(help) as Box<dyn fmt::Display>);
        }
        // Places in other reports: `path:line:column: message`.
        let mut text = diagnostic.help.clone().unwrap_or_default();
        for other in &diagnostic.related {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&format!(
                "{}:{}:{}: {}",
                other.path, other.line, other.column, other.message
            ));
        }
        Some(Box::new(text))
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .url
            .as_ref()
            .map(|url| Box::new(url) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let diagnostic = self.diagnostic;
        // The place in the Word document or web page goes with the label.
        let label = match (&diagnostic.label, &diagnostic.location) {
            (Some(label), Some(location)) => Some(format!("{label} · {}", location.text)),
            (None, Some(location)) => Some(location.text.clone()),
            (label, None) => label.clone(),
        };
        let primary =
            LabeledSpan::new_primary_with_span(label, SourceSpan::from(diagnostic.span.clone()));
        // A finding over a whole table labels every cell; the terminal shows
        // the first few, the last of them counting the others (all are in
        // the JSON and SARIF output).
        let hidden = diagnostic.labels.len().saturating_sub(MAX_LABELS);
        let secondary =
            diagnostic
                .labels
                .iter()
                .take(MAX_LABELS)
                .enumerate()
                .map(move |(at, label)| {
                    let mut message = label.message.clone();
                    if hidden > 0 && at + 1 == MAX_LABELS {
                        message = format!("{message} …+{hidden}");
                    }
                    LabeledSpan::new_with_span(
                        (!message.is_empty()).then_some(message),
                        SourceSpan::from(label.span.clone()),
                    )
                });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

/// The human format as a sink: one graphical report per finding, a total
/// line at the end.
#[derive(Debug, Default)]
pub struct HumanSink {
    pub style: Style,
}

impl super::Sink for HumanSink {
    fn file(&mut self, out: &mut dyn std::io::Write, file: &FileResult<'_>) -> std::io::Result<()> {
        out.write_all(render(file, self.style).as_bytes())
    }

    fn finish(
        &mut self,
        out: &mut dyn std::io::Write,
        summary: &super::Summary,
        _rules: &std::collections::BTreeMap<String, crate::engine::RuleMeta>,
    ) -> std::io::Result<()> {
        writeln!(out, "{}", total_line(summary, self.style.lang))
    }
}

/// `检查了 5 个文件：22 个错误，…` / `5 files checked: 22 error(s), …`.
#[must_use]
pub fn total_line(summary: &super::Summary, lang: Lang) -> String {
    let mut line = messages::SUMMARY.fill(
        lang,
        &[
            ("files", summary.files.to_string()),
            (
                "files_word",
                if summary.files == 1 { "file" } else { "files" }.to_string(),
            ),
            ("errors", summary.errors.to_string()),
            ("warnings", summary.warnings.to_string()),
            ("infos", summary.infos.to_string()),
        ],
    );
    if summary.failed > 0 {
        line.push_str(
            &messages::SUMMARY_FAILED.fill(lang, &[("failed", summary.failed.to_string())]),
        );
    }
    line
}
