//! Helpers shared by several kinds.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{LazyLock, Mutex};

use crate::engine::Lang;
use crate::model::Report;
use crate::template::builtin_sections;
use regex::Regex;
use rust_decimal::Decimal;

/// Compiles `pattern` (with the regex crate's default size limit, or
/// `size_limit`), once per process: the national packs share most rules,
/// and compiling their regexes again for each pack was most of the time a
/// linter takes to start. Errors are not remembered.
///
/// # Errors
/// The regex crate's error for an invalid or too large pattern.
pub fn regex(pattern: &str, size_limit: Option<usize>) -> Result<Regex, regex::Error> {
    type Compiled = HashMap<(String, Option<usize>), Regex>;
    static COMPILED: LazyLock<Mutex<Compiled>> = LazyLock::new(Mutex::default);
    let key = (pattern.to_string(), size_limit);
    if let Some(found) = COMPILED
        .lock()
        .ok()
        .and_then(|cache| cache.get(&key).cloned())
    {
        return Ok(found);
    }
    let mut builder = regex::RegexBuilder::new(pattern);
    // Reports saved on Windows end their lines with \r\n: in multi-line
    // mode `^` and `$` then still mean the start and end of a line.
    builder.crlf(true);
    if let Some(limit) = size_limit {
        builder.size_limit(limit);
    }
    let compiled = builder.build()?;
    if let Ok(mut cache) = COMPILED.lock() {
        // Packs edited in a long editor session must not grow it forever.
        if cache.len() >= 512 {
            cache.clear();
        }
        cache.insert(key, compiled.clone());
    }
    Ok(compiled)
}

/// A decimal as people write it (`3`, `14.8`).
#[must_use]
pub fn decimal(value: Decimal) -> String {
    value.normalize().to_string()
}

/// The canonical title of a section with its ordinal (`六、其他需要报告的事项`).
#[must_use]
pub fn canonical_section_title(key: &str) -> String {
    builtin_sections()
        .sections
        .iter()
        .find(|section| section.key == key)
        .map_or_else(
            || key.to_string(),
            |section| format!("{}、{}", section.ordinal, section.title),
        )
}

/// Official position of a section key (0 = overall).
#[must_use]
pub fn section_position(key: &str) -> Option<usize> {
    builtin_sections()
        .sections
        .iter()
        .position(|section| section.key == key)
}

/// Where a missing section should have been: the last line of the section
/// before it, or the first section after it, or the start of the report.
#[must_use]
pub fn missing_section_span(report: &Report, text: &str, key: &str) -> Range<usize> {
    let position = section_position(key).unwrap_or(usize::MAX);
    let before = report
        .sections
        .iter()
        .filter(|section| section.position < position)
        .max_by_key(|section| section.position);
    if let Some(section) = before {
        let end = section.body.end;
        // The signature block (agency name and date) closes the report, it
        // is not part of the section's content.
        let signature = signature_lines(report, text);
        let line = report.lines.iter().rev().find(|line| {
            line.span.end <= end
                && line.span.start >= section.heading.start
                && !line.is_blank()
                && !signature.contains(&line.index)
        });
        if let Some(line) = line {
            return line.trimmed_span();
        }
        return section.heading.clone();
    }
    if let Some(section) = report
        .sections
        .iter()
        .min_by_key(|section| section.position)
    {
        return section.heading.clone();
    }
    let first = report.lines.iter().find(|line| !line.is_blank());
    first.map_or(0..text.len().min(1), crate::model::Line::trimmed_span)
}

/// Lines of the signature block: the signing date and the agency name on
/// the line before it.
#[must_use]
pub fn signature_lines(report: &Report, text: &str) -> Vec<usize> {
    let Some(signed) = report
        .meta
        .signed
        .as_ref()
        .filter(|signed| signed.from_signature)
    else {
        return Vec::new();
    };
    let date_line = report.line_index.line_of(signed.date.span.start);
    let mut lines = vec![date_line];
    if let Some(previous) = report.lines[..date_line]
        .iter()
        .rev()
        .find(|line| !line.is_blank())
    {
        let name = crate::model::normalize::normalize(&text[previous.trimmed_span()]);
        if crate::model::normalize::char_len(&name) <= 30
            && crate::model::meta::looks_like_agency(&name)
        {
            lines.push(previous.index);
        }
    }
    lines
}

/// The parts of the text outside the tables (prose), in order.
#[must_use]
pub fn prose_ranges(report: &Report, text: &str) -> Vec<Range<usize>> {
    let mut holes: Vec<Range<usize>> = report
        .tables
        .iter()
        .filter(|table| table.found)
        .filter_map(|table| table.span.clone())
        .collect();
    holes.sort_by_key(|hole| hole.start);
    let mut parts = Vec::new();
    let mut at = 0;
    for hole in holes {
        if hole.start > at {
            parts.push(at..hole.start);
        }
        at = at.max(hole.end);
    }
    if at < text.len() {
        parts.push(at..text.len());
    }
    parts
}

/// Sentence boundaries: 。！？ and blank lines.
#[must_use]
pub fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut start = range.start;
    let slice = &text[range.clone()];
    let mut previous_newline = false;
    for (at, ch) in slice.char_indices() {
        let absolute = range.start + at;
        let end_here =
            matches!(ch, '。' | '！' | '？' | '!' | '?') || (ch == '\n' && previous_newline);
        previous_newline = ch == '\n';
        if end_here {
            let end = absolute + ch.len_utf8();
            if end > start {
                sentences.push(start..end);
            }
            start = end;
        }
    }
    if range.end > start {
        sentences.push(start..range.end);
    }
    sentences
}

/// Table keys a rule applies to (all when empty).
#[must_use]
pub fn wants(tables: &[String], key: &str) -> bool {
    tables.is_empty() || tables.iter().any(|table| table == key)
}

/// Joins labels for a message (`“规章”、“行政许可”`), at most `limit`.
#[must_use]
pub fn quote_list(lang: Lang, items: &[String], limit: usize) -> String {
    let shown: Vec<String> = items
        .iter()
        .take(limit)
        .map(|item| format!("“{item}”"))
        .collect();
    let mut text = lang.join(&shown);
    if items.len() > limit {
        text.push_str(&match lang {
            Lang::Zh => format!(" 等 {} 项", items.len()),
            Lang::En => format!(" and {} more", items.len() - limit),
        });
    }
    text
}
