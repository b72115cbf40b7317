//! Which byte of the document part each character of the linted text comes
//! from: the reader's units (paragraphs and cells, with the `w:t` elements
//! of their text) aligned with the rendered text.

use std::ops::Range;

use crate::input::docx::{ParagraphSource, TextSource, Unit};

use super::Target;

/// A position inside the content of a `w:t`.
#[derive(Clone, Debug)]
pub(super) struct Point {
    /// Byte offset in the document part.
    pub at: usize,
    pub text: TextSource,
}

impl Point {
    /// The properties (`w:rPr`) of the run the point is in, as written.
    pub fn properties<'x>(&self, xml: &'x str) -> &'x str {
        self.text
            .run
            .as_ref()
            .and_then(|run| run.properties.clone())
            .map_or("", |range| &xml[range])
    }
}

/// A character of the rendered text that comes from a `w:t`.
#[derive(Clone, Copy, Debug)]
struct Char {
    /// Byte offset in the rendered text, and length.
    at: usize,
    len: usize,
    /// The atom of the unit, and the byte offset in its text.
    atom: usize,
    offset: usize,
}

struct IndexedUnit<'a> {
    range: Range<usize>,
    unit: &'a Unit,
    chars: Vec<Char>,
}

/// A deletion as pieces of `w:t` content and deleted paragraph marks.
pub(super) struct Deletion {
    /// Start and end of each piece, in text order.
    pub pieces: Vec<Piece>,
    pub marks: Vec<ParagraphSource>,
}

pub(super) struct Piece {
    pub start: Point,
    pub end: Point,
}

/// The rendered text's characters, by unit.
pub(super) struct Index<'a> {
    xml: &'a str,
    units: Vec<IndexedUnit<'a>>,
}

impl<'a> Index<'a> {
    /// Aligns every unit's atoms with its range of `text`.
    pub fn new(xml: &'a str, text: &str, units: &'a [Unit], ranges: &[Range<usize>]) -> Index<'a> {
        let units = units
            .iter()
            .zip(ranges)
            .map(|(unit, range)| IndexedUnit {
                range: range.clone(),
                unit,
                chars: align(xml, &text[range.clone()], range.start, unit),
            })
            .collect();
        Index { xml, units }
    }

    /// The unit at `offset`: the last one starting at or before it.
    pub fn unit_at(&self, offset: usize) -> Option<usize> {
        let after = self
            .units
            .partition_point(|unit| unit.range.start <= offset);
        after.checked_sub(1)
    }

    pub fn paragraphs(&self, unit: usize) -> &[ParagraphSource] {
        &self.units[unit].unit.paragraphs
    }

    fn point(&self, unit: usize, char: &Char, after: bool) -> Option<Point> {
        let atom = &self.units[unit].unit.atoms[char.atom];
        let source = atom.source.as_ref()?;
        source.run.as_ref()?;
        let content = &self.xml[source.element.inner.clone()];
        if content.contains('<') {
            return None;
        }
        let offset = if after {
            char.offset + char.len_in(&atom.text)
        } else {
            char.offset
        };
        Some(Point {
            at: source.element.inner.start + raw_offset(content, offset),
            text: source.clone(),
        })
    }

    /// The characters of `span` that come from the document, in order.
    fn chars_in(&self, span: &Range<usize>) -> impl Iterator<Item = (usize, &Char)> {
        let first = self.unit_at(span.start).unwrap_or(0);
        self.units[first.min(self.units.len())..]
            .iter()
            .enumerate()
            .take_while(move |(_, unit)| {
                unit.range.start < span.end || unit.range.start == span.start
            })
            .flat_map(move |(at, unit)| {
                unit.chars
                    .iter()
                    .filter(move |c| c.at >= span.start && c.at + c.len <= span.end)
                    .map(move |c| (first + at, c))
            })
    }

    /// Where the first character of `span` that comes from a `w:t` starts.
    pub fn first_point(&self, span: &Range<usize>) -> Option<Point> {
        self.chars_in(span)
            .find_map(|(unit, c)| self.point(unit, c, false))
    }

    /// Where the last character of `span` that comes from a `w:t` ends.
    pub fn last_point(&self, span: &Range<usize>) -> Option<Point> {
        let chars: Vec<(usize, &Char)> = self.chars_in(span).collect();
        chars
            .iter()
            .rev()
            .find_map(|(unit, c)| self.point(*unit, c, true))
    }

    /// The pieces of `w:t` content and paragraph marks that make up `span`
    /// of `text`; `None` when a character of it has no such origin (a TAB
    /// between cells, a tab or break element).
    pub fn deletion(&self, text: &str, span: &Range<usize>) -> Option<Deletion> {
        let mut pieces: Vec<Piece> = Vec::new();
        let mut marks = Vec::new();
        let mut last: Option<(usize, usize)> = None;
        for (offset, ch) in text.get(span.clone())?.char_indices() {
            let at = span.start + offset;
            let unit = self.unit_at(at)?;
            let indexed = &self.units[unit];
            if at >= indexed.range.end {
                // A paragraph's line break: its mark, when a paragraph
                // follows to join.
                let next = self.units.get(unit + 1)?;
                if ch != '\n' || at != indexed.range.end || indexed.unit.cell || next.unit.cell {
                    return None;
                }
                marks.push(indexed.unit.paragraphs.last()?.clone());
                last = None;
                continue;
            }
            let found = indexed.chars.binary_search_by_key(&at, |c| c.at).ok()?;
            let c = &indexed.chars[found];
            let start = self.point(unit, c, false)?;
            let end = self.point(unit, c, true)?;
            match (pieces.last_mut(), last) {
                (Some(piece), Some((u, atom))) if u == unit && atom == c.atom => piece.end = end,
                _ => pieces.push(Piece { start, end }),
            }
            last = Some((unit, c.atom));
        }
        Some(Deletion { pieces, marks })
    }

    /// Where text inserted at `offset` goes: beside a character of the same
    /// paragraph or cell, or into it when it is empty.
    pub fn insertion_point(&self, offset: usize) -> Option<Target> {
        let unit = self.unit_at(offset)?;
        let indexed = &self.units[unit];
        if offset > indexed.range.end {
            return None;
        }
        if let Some(c) = indexed.chars.iter().find(|c| c.at + c.len == offset)
            && let Some(point) = self.point(unit, c, true)
        {
            return Some(Target::Text(point));
        }
        if let Some(c) = indexed.chars.iter().find(|c| c.at == offset)
            && let Some(point) = self.point(unit, c, false)
        {
            return Some(Target::Text(point));
        }
        if indexed.range.is_empty() {
            return indexed
                .unit
                .paragraphs
                .first()
                .cloned()
                .map(Target::Paragraph);
        }
        None
    }
}

impl Char {
    fn len_in(&self, text: &str) -> usize {
        text[self.offset..].chars().next().map_or(0, char::len_utf8)
    }
}

/// Pairs the characters of a unit's rendered text with those of its atoms.
/// The rendering drops control characters, turns tabs into spaces, trims
/// the paragraphs of a cell and joins them with a space or nothing; a
/// character the atoms do not have is left without origin.
fn align(xml: &str, rendered: &str, base: usize, unit: &Unit) -> Vec<Char> {
    let _ = xml;
    let mut source = unit
        .atoms
        .iter()
        .enumerate()
        .flat_map(|(atom, piece)| {
            piece
                .text
                .char_indices()
                .map(move |(offset, ch)| (atom, offset, ch))
        })
        .peekable();
    let mut chars = Vec::new();
    for (at, ch) in rendered.char_indices() {
        while let Some(&(atom, offset, from)) = source.peek() {
            if from == ch || (from == '\t' && ch == ' ') {
                source.next();
                chars.push(Char {
                    at: base + at,
                    len: ch.len_utf8(),
                    atom,
                    offset,
                });
                break;
            }
            if from.is_whitespace() || from.is_control() {
                source.next();
                continue;
            }
            break;
        }
    }
    chars
}

/// The byte offset in `raw` (the content of a `w:t` as written) of the
/// character at byte `decoded` of its text (entities resolved, line ends
/// normalised).
fn raw_offset(raw: &str, decoded: usize) -> usize {
    let mut at = 0;
    let mut count = 0;
    let bytes = raw.as_bytes();
    while count < decoded && at < raw.len() {
        if bytes[at] == b'&'
            && let Some(end) = raw[at..].find(';')
        {
            let entity = &raw[at + 1..at + end];
            count += resolve(entity).len_utf8();
            at += end + 1;
        } else if raw[at..].starts_with("\r\n") {
            count += 1;
            at += 2;
        } else {
            let ch = raw[at..].chars().next().unwrap_or('\0');
            count += if ch == '\r' { 1 } else { ch.len_utf8() };
            at += ch.len_utf8().max(1);
        }
    }
    at
}

fn resolve(entity: &str) -> char {
    let number = if let Some(hex) = entity
        .strip_prefix("#x")
        .or_else(|| entity.strip_prefix("#X"))
    {
        u32::from_str_radix(hex, 16).ok()
    } else if let Some(decimal) = entity.strip_prefix('#') {
        decimal.parse().ok()
    } else {
        None
    };
    match (number, entity) {
        (Some(code), _) => char::from_u32(code).unwrap_or('\u{fffd}'),
        (None, "lt") => '<',
        (None, "gt") => '>',
        (None, "amp") => '&',
        (None, "quot") => '"',
        (None, "apos") => '\'',
        _ => '\u{fffd}',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_offsets_count_entities_as_their_character() {
        let raw = "a&amp;b&#x4E00;c";
        assert_eq!(raw_offset(raw, 0), 0);
        assert_eq!(raw_offset(raw, 1), 1);
        assert_eq!(raw_offset(raw, 2), 6);
        assert_eq!(raw_offset(raw, 3), 7);
        assert_eq!(raw_offset(raw, 6), 15);
        assert_eq!(raw_offset("一二", 3), 3);
    }
}
