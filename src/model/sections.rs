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
    /// Only the section's ordinal, in the section's place (`一、工作概况`
    /// where 一、总体情况 belongs).
    Ordinal,
}

struct Candidate {
    section: usize,
    line: usize,
    strength: u8,
    title_match: TitleMatch,
    ordinal: Option<String>,
    heading: Range<usize>,
    /// Written with the section's own number (一、 第一部分 1、 （一）).
    numbered: bool,
}

/// Finds the section headings of a report.
///
/// A heading opens a section when its title is the section's title or a
/// listed variant, or when it carries the section's number with one of its
/// keywords. Headings numbered as the section (`三、`, `第三部分`, `3、`)
/// are chosen first; a title written without the number is taken only
/// where it fits the order of the numbered ones (a sub-heading that
/// reuses a section's words is not a section). A sub-heading numbered in
/// brackets or with digits (`（二）依申请公开情况`) never opens a section
/// it does not number, unless it gives the section's full title. Last, a
/// heading with the right number in the right place opens its section
/// whatever its words (reported as a variant).
///
/// `is_table_label` tells the labels of the statistical tables
/// (`四、结转下年度继续办理`), which are never headings.
#[must_use]
pub fn find(
    source: &str,
    lines: &[Line],
    titles: &SectionsFile,
    is_table_label: &dyn Fn(&str) -> bool,
) -> Vec<Section> {
    let canonical = titles.normalized();
    let all_titles: Vec<&str> = canonical
        .iter()
        .flat_map(|(official, variants)| {
            std::iter::once(official.as_str()).chain(variants.iter().map(String::as_str))
        })
        .collect();
    let mut candidates = Vec::new();
    let mut numbered_lines: Vec<(usize, ParsedHeading)> = Vec::new();
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
        // A web page's layout table: `| 一、总体情况 |`.
        let single_pipe_cell = line.kind == LineKind::Pipe
            && line
                .tokens
                .split(|t| t.kind == SyntaxKind::Pipe)
                .filter(|cell| cell.iter().any(|t| t.kind != SyntaxKind::Ws))
                .count()
                == 1;
        if !matches!(line.kind, LineKind::Heading | LineKind::Text)
            && !single_cell
            && !single_pipe_cell
        {
            continue;
        }
        let Some(parsed) = parse_heading(source, line, &all_titles) else {
            continue;
        };
        for (index, section) in titles.sections.iter().enumerate() {
            let number = u8::try_from(index + 1).unwrap_or(u8::MAX);
            let numbered = parsed.number == Some(number);
            let (ref official, ref variants) = canonical[index];
            let title_match = if parsed.title == *official {
                Some(TitleMatch::Canonical)
            } else if variants.contains(&parsed.title) {
                Some(TitleMatch::Variant)
            } else if numbered
                && parsed.style == OrdinalStyle::Bare
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
            // A sub-heading numbered in brackets or digits is a section
            // only when it carries that section's number, or the section's
            // own title in full (then only where it fits the order).
            if matches!(parsed.style, OrdinalStyle::Bracketed | OrdinalStyle::Digits)
                && !numbered
                && title_match != TitleMatch::Canonical
            {
                continue;
            }
            let strength = match title_match {
                TitleMatch::Canonical => 3,
                TitleMatch::Variant => 2,
                TitleMatch::Keyword | TitleMatch::Ordinal => 1,
            } + match (numbered, parsed.style) {
                (true, OrdinalStyle::Bare) => 3,
                (true, _) => 2,
                (false, _) => 0,
            };
            candidates.push(Candidate {
                section: index,
                line: line.index,
                strength,
                title_match,
                ordinal: parsed.ordinal.clone(),
                heading: parsed.span.clone(),
                numbered,
            });
        }
        if parsed.style == OrdinalStyle::Bare
            && parsed.number.is_some()
            && !is_table_label(&normalize(&source[parsed.span.clone()]))
        {
            numbered_lines.push((line.index, parsed));
        }
    }
    drop_table_of_contents(lines, &mut candidates);
    let mut chosen: Vec<Candidate> = Vec::new();
    let pick = |chosen: &mut Vec<Candidate>, best: &Candidate| {
        chosen.push(Candidate {
            section: best.section,
            line: best.line,
            strength: best.strength,
            title_match: best.title_match,
            ordinal: best.ordinal.clone(),
            heading: best.heading.clone(),
            numbered: best.numbered,
        });
    };
    // Numbered headings first: for each section, the strongest (the first
    // on a tie); one line opens one section.
    for index in 0..titles.sections.len() {
        let best = candidates
            .iter()
            .filter(|candidate| candidate.section == index && candidate.numbered)
            .filter(|candidate| !chosen.iter().any(|c| c.line == candidate.line))
            .max_by(|a, b| a.strength.cmp(&b.strength).then(b.line.cmp(&a.line)));
        if let Some(best) = best {
            pick(&mut chosen, best);
        }
    }
    let anchored = !chosen.is_empty();
    // Titles without their number: where they fit the order of the
    // numbered headings (all of them when none is numbered).
    for index in 0..titles.sections.len() {
        if chosen.iter().any(|c| c.section == index) {
            continue;
        }
        let (after, before) = neighbours(&chosen, index);
        let best = candidates
            .iter()
            .filter(|candidate| candidate.section == index && !candidate.numbered)
            .filter(|candidate| !chosen.iter().any(|c| c.line == candidate.line))
            .filter(|candidate| {
                !anchored
                    || (after.is_none_or(|line| candidate.line > line)
                        && before.is_none_or(|line| candidate.line < line))
            })
            .max_by(|a, b| a.strength.cmp(&b.strength).then(b.line.cmp(&a.line)));
        if let Some(best) = best {
            pick(&mut chosen, best);
        }
    }
    // The section's number alone, in the section's place, once the other
    // headings are known: `一、工作概况` before 二、.
    if anchored {
        for index in 0..titles.sections.len() {
            if chosen.iter().any(|c| c.section == index) {
                continue;
            }
            let number = u8::try_from(index + 1).unwrap_or(u8::MAX);
            let (after, before) = neighbours(&chosen, index);
            let found = numbered_lines.iter().find(|(line, parsed)| {
                parsed.number == Some(number)
                    && after.is_none_or(|after| *line > after)
                    && before.is_none_or(|before| *line < before)
                    && (after.is_some() || before.is_some())
                    && !chosen.iter().any(|c| c.line == *line)
            });
            if let Some((line, parsed)) = found {
                chosen.push(Candidate {
                    section: index,
                    line: *line,
                    strength: 3,
                    title_match: TitleMatch::Ordinal,
                    ordinal: parsed.ordinal.clone(),
                    heading: parsed.span.clone(),
                    numbered: true,
                });
            }
        }
    }
    chosen.sort_by_key(|candidate| candidate.line);
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
        // A run-in heading (`一、总体情况。2022年……`): the body starts after
        // the title, on the same line.
        let body_start = if candidate.heading.end < line.trimmed_span().end {
            candidate.heading.end
        } else {
            line.span.end
        };
        sections.push(Section {
            key: template.key.clone(),
            position: candidate.section,
            title: source[candidate.heading.clone()].to_string(),
            heading: candidate.heading.clone(),
            body: body_start.min(body_end)..body_end,
            line: candidate.line,
            ordinal: candidate.ordinal.clone(),
            title_match: candidate.title_match,
            repeated,
        });
    }
    sections
}

/// Drops the headings of a table of contents: three or more numbered
/// headings of successive sections on successive lines (nothing between
/// them), each of whose sections is opened again further on.
fn drop_table_of_contents(lines: &[Line], candidates: &mut Vec<Candidate>) {
    let numbered: Vec<&Candidate> = candidates.iter().filter(|c| c.numbered).collect();
    let mut listed: Vec<usize> = Vec::new();
    let mut run: Vec<&Candidate> = Vec::new();
    let flush = |run: &mut Vec<&Candidate>, listed: &mut Vec<usize>| {
        let opened_again = run.iter().all(|entry| {
            numbered
                .iter()
                .any(|later| later.section == entry.section && later.line > run[run.len() - 1].line)
        });
        if run.len() >= 3 && opened_again {
            listed.extend(run.iter().map(|entry| entry.line));
        }
        run.clear();
    };
    for candidate in &numbered {
        let follows = run.last().is_some_and(|last| {
            candidate.section == last.section + 1
                && lines[last.line + 1..candidate.line]
                    .iter()
                    .all(Line::is_blank)
        });
        if !follows {
            flush(&mut run, &mut listed);
        }
        run.push(candidate);
    }
    flush(&mut run, &mut listed);
    candidates.retain(|candidate| !listed.contains(&candidate.line));
}

/// The lines of the chosen headings around section `index`: the last one
/// of an earlier section and the first one of a later section.
fn neighbours(chosen: &[Candidate], index: usize) -> (Option<usize>, Option<usize>) {
    let after = chosen
        .iter()
        .filter(|c| c.section < index)
        .map(|c| c.line)
        .max();
    let before = chosen
        .iter()
        .filter(|c| c.section > index)
        .map(|c| c.line)
        .min();
    (after, before)
}

/// How a heading is numbered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OrdinalStyle {
    /// No number.
    None,
    /// A bare Chinese numeral: `一、` `一.` `第一部分`.
    Bare,
    /// In brackets: `（一）` `(1)`.
    Bracketed,
    /// Arabic digits: `1、` `1.`.
    Digits,
}

struct ParsedHeading {
    ordinal: Option<String>,
    style: OrdinalStyle,
    /// The number the ordinal stands for (1 for 一、, （一）, 1.).
    number: Option<u8>,
    /// Normalised title without ordinal and trailing punctuation.
    title: String,
    /// The heading: the whole line, or the ordinal and title of a run-in
    /// heading followed by its text.
    span: Range<usize>,
}

/// Punctuation that may close a heading: `一、总体情况。` `一、总体情况：`.
const CLOSING: [char; 8] = ['。', '.', '：', ':', '；', ';', '，', ','];

fn parse_heading(source: &str, line: &Line, titles: &[&str]) -> Option<ParsedHeading> {
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
            .get(3)
            .is_none_or(|m| !normalized[m.end() + 1..].starts_with(|c: char| c.is_ascii_digit()))
    });
    let (ordinal, style, number, rest) = match &found {
        Some(found) => {
            let whole = found.get(0).map_or("", |m| m.as_str());
            let (style, numeral) = if let Some(bare) = found.get(1) {
                (OrdinalStyle::Bare, bare.as_str())
            } else if let Some(bracketed) = found.get(2) {
                (OrdinalStyle::Bracketed, bracketed.as_str())
            } else {
                (
                    OrdinalStyle::Digits,
                    found.get(3).map_or("", |m| m.as_str()),
                )
            };
            (
                Some(whole.to_string()),
                style,
                ordinal_number(numeral),
                &normalized[whole.len()..],
            )
        }
        None => (None, OrdinalStyle::None, None, normalized.as_str()),
    };
    let title = rest.trim_end_matches(CLOSING);
    // A run-in heading: a known title closed by 。 or ：, then its text.
    if let Some(at) = title.find(['。', '：', ':']) {
        let head = &title[..at];
        if ordinal.is_none() || !titles.contains(&head) {
            return None;
        }
        let heading_end = run_in_end(source, &span, head)?;
        return Some(ParsedHeading {
            ordinal,
            style,
            number,
            title: head.to_string(),
            span: span.start..heading_end,
        });
    }
    let length = char_len(title);
    if !(2..=40).contains(&length) || title.contains('。') {
        return None;
    }
    Some(ParsedHeading {
        ordinal,
        style,
        number,
        title: title.to_string(),
        span,
    })
}

/// The end (in the source) of a run-in heading whose normalised title is
/// `head`: just after the title's last character.
fn run_in_end(source: &str, span: &Range<usize>, head: &str) -> Option<usize> {
    let last = head.chars().last()?;
    let text = &source[span.clone()];
    // The title ends at the first closing mark after its last character.
    let mut end = None;
    for (at, ch) in text.char_indices() {
        if normalize(&ch.to_string()).starts_with(last) {
            end = Some(at + ch.len_utf8());
        }
        if matches!(ch, '。' | '：' | ':') && end.is_some() {
            break;
        }
    }
    end.map(|end| span.start + end)
}

/// The value of a heading numeral: `三` → 3, `12` → 12.
fn ordinal_number(numeral: &str) -> Option<u8> {
    super::numerals::small(numeral).and_then(|value| u8::try_from(value).ok())
}

/// A heading's ordinal in normalised text: `一、` `一.` `第一部分` (group 1:
/// the bare Chinese numeral), `(一)` `(1)` (group 2), `1.` (group 3).
static HEADING_ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第?([一二三四五六七八九十]{1,3})(?:、|\.|部分)|\(([一二三四五六七八九十]{1,3}|\d{1,2})\)|(\d{1,2})\.)")
        .expect("valid regex")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_heading_numbers() {
        assert_eq!(ordinal_number("三"), Some(3));
        assert_eq!(ordinal_number("十"), Some(10));
        assert_eq!(ordinal_number("十二"), Some(12));
        assert_eq!(ordinal_number("二十"), Some(20));
        assert_eq!(ordinal_number("6"), Some(6));
    }
}
