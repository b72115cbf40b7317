//! Whether the text stops before the report does: a copy cut off inside a
//! table, in the middle of a sentence, or right after a heading. What would
//! come after such a point cannot be known, so it is never reported missing
//! (domain.md: an uncertain reading is never an error).

use std::ops::Range;

use super::lines::{Line, LineKind};
use super::sections::Section;
use super::{RowStatus, Table};
use crate::syntax::SyntaxKind;

/// Where and how the text stops early.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ending {
    /// The last line of the text (0-based) and its span.
    pub line: usize,
    pub span: Range<usize>,
    pub reason: EndingReason,
    /// The table the text stops in (`InTable`).
    pub table: Option<String>,
}

/// How the text stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndingReason {
    /// Inside a table whose last row is incomplete or whose later rows are
    /// not there.
    InTable,
    /// In the middle of a sentence.
    MidSentence,
    /// Right after a section heading.
    AtHeading,
    /// The text begins inside a table of a section whose heading is not
    /// there (a page from the middle of a document).
    BeginsInTable,
}

impl EndingReason {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            EndingReason::InTable => "in-table",
            EndingReason::MidSentence => "mid-sentence",
            EndingReason::AtHeading => "at-heading",
            EndingReason::BeginsInTable => "begins-in-table",
        }
    }
}

/// Characters that may close a complete last line.
const CLOSING: &[char] = &[
    '。', '！', '？', '!', '?', '；', ';', '…', '”', '’', '"', '）', ')', '】', '》', '.', '：',
    ':',
];

/// How the text ends, if it stops early.
#[must_use]
pub fn detect(
    source: &str,
    lines: &[Line],
    sections: &[Section],
    tables: &[Table],
) -> Option<Ending> {
    let last = lines.iter().rev().find(|line| !line.is_blank())?;
    let ending = |reason, table: Option<&Table>| {
        Some(Ending {
            line: last.index,
            span: last.trimmed_span(),
            reason,
            table: table.map(|table| table.key.clone()),
        })
    };
    // The last section's heading, with nothing after it.
    if sections.iter().any(|section| section.line == last.index) {
        return ending(EndingReason::AtHeading, None);
    }
    // Inside a table: its last row (in the text) is incomplete, or rows of
    // the format after it are not there.
    let start = last.span.start;
    for table in tables.iter().filter(|table| table.found) {
        let Some(span) = &table.span else { continue };
        // In the table, or after it in its own section (values left over
        // after its last row).
        let own_section = table.region.start > 0 || table.region.end < source.len();
        let within = if own_section {
            start >= span.start && start < table.region.end
        } else {
            start >= span.start && start <= span.end
        };
        if !within {
            continue;
        }
        let last_row = table.rows.iter().max_by_key(|row| row.line);
        let cut_row = last_row.is_some_and(|row| row.status != RowStatus::Complete);
        let rows_after = last_row.is_some_and(|row| table.rows_missing_after(&row.key));
        // Headers, then the text ends before the first row.
        let no_rows = last_row.is_none();
        if cut_row || rows_after || no_rows {
            return ending(EndingReason::InTable, Some(table));
        }
        // A whole table, then something after it: a line like any other.
        if start <= span.end {
            return None;
        }
        break;
    }
    if !matches!(last.kind, LineKind::Text | LineKind::Heading) {
        return None;
    }
    ends_mid_sentence(source, last).then(|| ending(EndingReason::MidSentence, None))?
}

/// Whether a line of prose stops in the middle of a sentence: it does not
/// close with punctuation and is not a date, the body's name or 无.
#[must_use]
pub fn ends_mid_sentence(source: &str, last: &Line) -> bool {
    let text = source[last.trimmed_span()].trim_end();
    let Some(final_char) = text.chars().last() else {
        return false;
    };
    // A closed sentence, a signing date, the body's name, 无: complete.
    let only_date = {
        let mut content = last.content_tokens();
        content
            .next()
            .is_some_and(|token| token.kind.is_date() && token.kind != SyntaxKind::MonthDay)
            && content.next().is_none()
    };
    let norm = super::normalize::normalize(text);
    let closing_words = ["无", "暂无", "没有", "以上", "特此报告"];
    !(CLOSING.contains(&final_char)
        || only_date
        || super::meta::looks_like_agency(&norm)
        || closing_words.contains(&norm.as_str()))
}

/// Whether the text begins inside a table: a table of a section that comes
/// before the first heading found stands before that heading (a page from
/// the middle of a document starts with the end of 表三).
#[must_use]
pub fn detect_beginning(
    lines: &[Line],
    sections: &[Section],
    tables: &[Table],
    section_of_table: &dyn Fn(&str) -> Option<usize>,
) -> Option<Ending> {
    let first = sections.iter().min_by_key(|section| section.line)?;
    let table = tables.iter().filter(|table| table.found).find(|table| {
        table
            .span
            .as_ref()
            .is_some_and(|span| span.start < first.heading.start)
            && section_of_table(&table.key).is_some_and(|position| position < first.position)
    })?;
    let start = table.span.as_ref()?.start;
    let line = lines
        .iter()
        .find(|line| line.span.contains(&start) || line.span.start >= start)?;
    Some(Ending {
        line: line.index,
        span: line.trimmed_span(),
        reason: EndingReason::BeginsInTable,
        table: Some(table.key.clone()),
    })
}
