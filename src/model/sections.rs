//! Finding the six top-level sections by their headings.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::lines::{Line, LineKind};
use super::normalize::{char_len, normalize};
use crate::syntax::SyntaxKind;
use crate::template::SectionsFile;

/// A top-level section of the report.
#[derive(Clone, Debug)]
pub struct Section {
    /// Stable key (`overall`, `active`, …).
    pub key: String,
    /// Index of the section in the official order (0 = 一、总体情况).
    pub position: usize,
    /// The heading as written, trimmed.
    pub title: String,
    /// The heading's span (trimmed).
    pub heading: Range<usize>,
    /// From the end of the heading line to the next section's heading.
    pub body: Range<usize>,
    /// 0-based line of the heading.
    pub line: usize,
    /// The ordinal written before the title (`二、`), if any.
    pub ordinal: Option<String>,
    /// How the title matched.
    pub title_match: TitleMatch,
    /// Later headings that open this same section as strongly (with its
    /// ordinal): the section written twice, or pasted again.
    pub repeated: Vec<Range<usize>>,
}

/// How a heading's title matched the section's official title.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TitleMatch {
    /// The official title.
    Canonical,
    /// A listed variant.
    Variant,
    /// Only the section's ordinal and a keyword.
    Keyword,
}

struct Candidate {
    section: usize,
    line: usize,
    strength: u8,
    title_match: TitleMatch,
    ordinal: Option<String>,
    heading: Range<usize>,
}

const CHINESE_ORDINALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// Finds the section headings of a report.
#[must_use]
pub fn find(source: &str, lines: &[Line], titles: &SectionsFile) -> Vec<Section> {
    let canonical: Vec<(String, Vec<String>)> = titles
        .sections
        .iter()
        .map(|section| {
            (
                normalize(&section.title),
                section
                    .variants
                    .iter()
                    .map(|variant| normalize(variant))
                    .collect(),
            )
        })
        .collect();
    let mut candidates = Vec::new();
    for line in lines {
        // Headings are lines of their own; in Word or web tables, a line
        // with a single (indented) cell.
        let single_cell = line.kind == LineKind::Tab
            && line
                .tokens
                .iter()
                .filter(|t| t.kind == SyntaxKind::Tab)
                .count()
                == 1
            && line
                .tokens
                .first()
                .is_some_and(|t| t.kind == SyntaxKind::Tab);
        if !matches!(line.kind, LineKind::Heading | LineKind::Text) && !single_cell {
            continue;
        }
        let Some(parsed) = parse_heading(source, line) else {
            continue;
        };
        for (index, section) in titles.sections.iter().enumerate() {
            let ordinal_matches =
                parsed.chinese_ordinal.as_deref() == Some(section.ordinal.as_str());
            let (ref official, ref variants) = canonical[index];
            let title_match = if parsed.title == *official {
                Some(TitleMatch::Canonical)
            } else if variants.contains(&parsed.title) {
                Some(TitleMatch::Variant)
            } else if ordinal_matches
                && section
                    .keywords
                    .iter()
                    .any(|keyword| parsed.title.contains(keyword.as_str()))
            {
                Some(TitleMatch::Keyword)
            } else {
                None
            };
            let Some(title_match) = title_match else {
                continue;
            };
            // A title found without the section's own ordinal is weaker: it
            // may be a sub-heading (1.主动公开情况) that reuses the words.
            let strength = match title_match {
                TitleMatch::Canonical => 3,
                TitleMatch::Variant => 2,
                TitleMatch::Keyword => 1,
            } + if ordinal_matches { 3 } else { 0 }
                - u8::from(
                    parsed.ordinal.is_some()
                        && !ordinal_matches
                        && parsed.chinese_ordinal.is_none(),
                );
            candidates.push(Candidate {
                section: index,
                line: line.index,
                strength,
                title_match,
                ordinal: parsed.ordinal.clone(),
                heading: parsed.span.clone(),
            });
        }
    }
    // For each section, the strongest candidate (the first on a tie).
    let mut chosen: Vec<Candidate> = Vec::new();
    for index in 0..titles.sections.len() {
        let best = candidates
            .iter()
            .filter(|candidate| candidate.section == index)
            .max_by(|a, b| a.strength.cmp(&b.strength).then(b.line.cmp(&a.line)));
        if let Some(best) = best {
            chosen.push(Candidate {
                section: best.section,
                line: best.line,
                strength: best.strength,
                title_match: best.title_match,
                ordinal: best.ordinal.clone(),
                heading: best.heading.clone(),
            });
        }
    }
    // One heading line cannot open two sections: keep the stronger.
    chosen.sort_by_key(|candidate| (candidate.line, std::cmp::Reverse(candidate.strength)));
    chosen.dedup_by_key(|candidate| candidate.line);
    let mut sections = Vec::with_capacity(chosen.len());
    for (at, candidate) in chosen.iter().enumerate() {
        let line = &lines[candidate.line];
        let body_end = chosen
            .get(at + 1)
            .map_or(source.len(), |next| lines[next.line].span.start);
        let template = &titles.sections[candidate.section];
        let repeated = candidates
            .iter()
            .filter(|other| {
                other.section == candidate.section
                    && other.line != candidate.line
                    && other.strength == candidate.strength
                    && other.strength > 3
                    && !chosen.iter().any(|c| c.line == other.line)
            })
            .map(|other| other.heading.clone())
            .collect();
        sections.push(Section {
            key: template.key.clone(),
            position: candidate.section,
            title: source[candidate.heading.clone()].to_string(),
            heading: candidate.heading.clone(),
            body: line.span.end.min(body_end)..body_end,
            line: candidate.line,
            ordinal: candidate.ordinal.clone(),
            title_match: candidate.title_match,
            repeated,
        });
    }
    sections
}

struct ParsedHeading {
    ordinal: Option<String>,
    /// The ordinal's numeral when it is a bare Chinese numeral (一、 一.).
    chinese_ordinal: Option<String>,
    /// Normalised title without ordinal and trailing colon.
    title: String,
    span: Range<usize>,
}

fn parse_heading(source: &str, line: &Line) -> Option<ParsedHeading> {
    let span = line.trimmed_span();
    if span.is_empty() {
        return None;
    }
    let normalized = normalize(&source[span.clone()]);
    // The ordinal, read from the text so that a heading inside an indented
    // or table line (Word, web pages) is found as well.
    let found = HEADING_ORDINAL.captures(&normalized).filter(|found| {
        // `1.5万元` is a number, not the ordinal `1.`.
        found
            .get(2)
            .is_none_or(|m| !normalized[m.end() + 1..].starts_with(|c: char| c.is_ascii_digit()))
    });
    let (ordinal, chinese_ordinal, rest) = match found {
        Some(found) => {
            let whole = found.get(0).map_or("", |m| m.as_str());
            let chinese = found.get(1).map(|m| m.as_str().to_string());
            (Some(whole.to_string()), chinese, &normalized[whole.len()..])
        }
        None => (None, None, normalized.as_str()),
    };
    // A sentence is not a heading (normalising keeps every 。).
    if rest.contains('。') {
        return None;
    }
    let mut title = rest.to_string();
    while title.ends_with(':') || title.ends_with('.') || title.ends_with('：') {
        title.pop();
    }
    let length = char_len(&title);
    if !(2..=40).contains(&length) || title.contains('。') {
        return None;
    }
    let chinese_ordinal =
        chinese_ordinal.filter(|numeral| CHINESE_ORDINALS.contains(&numeral.as_str()));
    Some(ParsedHeading {
        ordinal,
        chinese_ordinal,
        title,
        span,
    })
}

/// A heading's ordinal in normalised text: `一、` `一.` `第一部分` (group 1:
/// the bare Chinese numeral), `(一)` `(1)` `1.`.
static HEADING_ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第?([一二三四五六七八九十]{1,3})(?:、|\.|部分)|\((?:[一二三四五六七八九十]{1,3}|\d{1,2})\)|(\d{1,2})\.)")
        .expect("valid regex")
});
