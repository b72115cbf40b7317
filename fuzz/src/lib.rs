//! Invariants shared by the fuzz targets. Each check panics (which libFuzzer
//! reports as a crash) when the library breaks one of its documented
//! guarantees on some input.

use std::ops::Range;
use std::sync::LazyLock;

use xxgk_lint::expr::{Comparison, Expression, Sign, Sum, Term};
use xxgk_lint::input::Input;
use xxgk_lint::model::Report;
use xxgk_lint::render::{self, FileResult};
use xxgk_lint::syntax::{self, SyntaxKind};
use xxgk_lint::{Linted, Linter};

/// The built-in national packs, compiled once per process.
pub static LINTER: LazyLock<Linter> =
    LazyLock::new(|| Linter::builtin().expect("the built-in packs compile"));

/// Asserts that `span` is a range of `text` on character boundaries.
pub fn assert_span(text: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside the text (len {})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} splits a character"
    );
}

/// The CST is lossless: the leaves are contiguous, cover the input and
/// concatenate to it; the grammar never fell back to the opaque tree.
pub fn check_cst(text: &str) {
    let cst = syntax::parse(text);
    assert_eq!(cst.root.span, 0..text.len(), "root span");
    let mut at = 0;
    for leaf in cst.root.leaves() {
        assert_eq!(
            leaf.span.start, at,
            "gap or overlap before a {:?} leaf",
            leaf.kind
        );
        assert_span(text, &leaf.span, "leaf");
        at = leaf.span.end;
    }
    assert_eq!(at, text.len(), "leaves end before the text");
    assert_eq!(
        cst.text_of_leaves(text),
        text,
        "leaves do not concatenate to the input"
    );
    // `syntax::parse` degrades to one opaque line when the grammar fails;
    // a real parse splits lines at every line break.
    let lines = cst.lines().count();
    let breaks = cst
        .root
        .children
        .iter()
        .filter(|node| node.kind == SyntaxKind::Eol)
        .count();
    assert_eq!(lines, breaks + 1, "lines and line breaks do not alternate");
}

/// The model's spans lie in the text; its lines are the text's lines.
pub fn check_report(text: &str, report: &Report) {
    assert_eq!(
        report.lines.len(),
        report.line_index.line_count(),
        "the reader's lines and the line index disagree"
    );
    for line in &report.lines {
        assert_span(text, &line.span, "line");
        assert_eq!(
            line.span,
            report.line_index.line_range(text, line.index),
            "line {} span",
            line.index
        );
        for token in &line.tokens {
            assert_span(text, &token.span, "token");
        }
    }
    for section in &report.sections {
        assert_span(text, &section.heading, "section heading");
        assert_span(text, &section.body, "section body");
    }
    for table in &report.tables {
        assert_span(text, &table.region, "table region");
        if let Some(span) = &table.span {
            assert_span(text, span, "table span");
        }
        for cell in &table.cells {
            assert_span(text, &cell.span, "cell");
            assert!(cell.line < report.lines.len(), "cell line out of range");
        }
    }
    for date in &report.dates {
        assert_span(text, &date.span, "date");
    }
    // The dump turns every span into lines and columns.
    let _ = xxgk_lint::dump::dump(text, report);
}

/// The findings of a lint: spans in the text, sorted, fixes applicable;
/// every output format renders them.
pub fn check_linted(path: &str, text: &str, linted: &Linted) {
    check_report(text, &linted.report);
    let index = &linted.report.line_index;
    let mut previous: Option<(usize, usize, &str)> = None;
    for diagnostic in &linted.diagnostics {
        assert_span(text, &diagnostic.span, &diagnostic.code);
        for label in &diagnostic.labels {
            assert_span(text, &label.span, &diagnostic.code);
        }
        if let Some(fix) = &diagnostic.fix {
            let mut edits: Vec<&Range<usize>> = fix.edits.iter().map(|edit| &edit.span).collect();
            edits.sort_by_key(|span| (span.start, span.end));
            for pair in edits.windows(2) {
                assert!(
                    pair[0].end <= pair[1].start,
                    "{}: overlapping edits {:?}",
                    diagnostic.code,
                    pair
                );
            }
            for span in edits {
                assert_span(text, span, &diagnostic.code);
            }
        }
        let key = diagnostic.sort_key();
        if let Some(previous) = previous {
            assert!(previous <= key, "diagnostics out of order");
        }
        previous = Some(key);
        for offset in [diagnostic.span.start, diagnostic.span.end] {
            let at = index.line_col(text, offset);
            assert!(at.line >= 1 && at.line <= index.line_count());
            let (line, column) = index.line_col_utf16(text, offset);
            assert_eq!(line + 1, at.line);
            assert_eq!(
                index.offset_utf16(text, line, column),
                offset.min(index.line_range(text, line).end),
                "UTF-16 position does not map back"
            );
        }
    }
    let file = FileResult {
        path,
        text,
        report: Some(&linted.report),
        diagnostics: &linted.diagnostics,
    };
    let _ = render::json::render(std::slice::from_ref(&file));
    let _ = render::short::render(&file);
    let _ = render::github::render(&file);
    let _ = render::human::render(&file, render::human::Style::default());
}

/// Lints `text` with the built-in packs and checks the result.
pub fn lint_text(text: &str) {
    let linted = LINTER.lint(text, &Default::default());
    check_linted("report.txt", text, &linted);
}

/// An input read by `input::load`: its ranges lie in its text, undecodable
/// bytes are U+FFFD there, and it lints.
pub fn check_input(path: &str, input: &Input) {
    let text = &input.text;
    for error in &input.decode_errors {
        assert_span(text, &error.text, "decode error");
        assert!(
            text[error.text.clone()].chars().all(|c| c == '\u{fffd}'),
            "a decode error does not point at replacement characters"
        );
    }
    let mut end = 0;
    for (range, _) in input.locations.entries() {
        assert_span(text, range, "location");
        assert!(
            range.start >= end,
            "location ranges overlap or are unsorted"
        );
        end = range.end;
    }
    assert_eq!(input.line_ending, xxgk_lint::input::LineEnding::of(text));
    check_cst(text);
    let linted = LINTER.lint_input(input, &Default::default());
    check_linted(path, text, &linted);
}

/// Writes `expression` in the syntax of `grammar/expr.pest`, fully
/// parenthesised as the tree says.
#[must_use]
pub fn print_expression(expression: &Expression) -> String {
    format!(
        "{} {} {}",
        print_sum(&expression.lhs),
        expression.comparison.symbol(),
        print_sum(&expression.rhs)
    )
}

/// Writes a sum (see [`print_expression`]).
#[must_use]
pub fn print_sum(sum: &Sum) -> String {
    let mut out = String::new();
    for (index, (sign, term)) in sum.terms.iter().enumerate() {
        match (index, sign) {
            (0, Sign::Plus) => {}
            (0, Sign::Minus) => out.push('-'),
            (_, Sign::Plus) => out.push_str(" + "),
            (_, Sign::Minus) => out.push_str(" - "),
        }
        match term {
            Term::Number(value) => out.push_str(&value.to_string()),
            Term::Reference(parts) => out.push_str(&parts.join(".")),
            Term::Sum(pattern) => {
                out.push_str("sum(");
                out.push_str(pattern);
                out.push(')');
            }
            Term::Group(inner) => {
                out.push('(');
                out.push_str(&print_sum(inner));
                out.push(')');
            }
        }
    }
    out
}

/// All comparisons, in the order of [`Comparison::symbol`].
pub const COMPARISONS: [Comparison; 6] = [
    Comparison::Equal,
    Comparison::NotEqual,
    Comparison::LessOrEqual,
    Comparison::GreaterOrEqual,
    Comparison::Less,
    Comparison::Greater,
];
