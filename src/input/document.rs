//! The structure extracted from a Word document or a web page (paragraphs
//! and tables of cells) and its rendering as report text.
//!
//! A paragraph is a line. A table row is one line of cells separated by
//! TAB, which the reader takes as an explicit row (`model::cells`). A
//! vertically merged cell (`vMerge` continuation, the rows below a
//! `rowspan`) is an empty cell, as Word itself writes it when saving as
//! text. A horizontally merged cell (`gridSpan`, `colspan`) is one cell:
//! filler cells after a row label would be read as blank values. The grid
//! column of every cell is kept in the location map.

use std::ops::Range;

use crate::diagnostic::Place;

/// A part of the document body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A paragraph; `\n` inside is a line break within the paragraph.
    Paragraph(String),
    Table(Vec<Row>),
}

/// A table row: its cells in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
}

/// A table cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The cell's paragraphs, joined (see [`join_pieces`]).
    pub text: String,
    /// 1-based grid column of the cell's first column.
    pub column: usize,
}

/// Which part of the document a byte range of the text comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocationMap {
    /// Sorted by start, not overlapping.
    entries: Vec<(Range<usize>, Place)>,
}

impl LocationMap {
    /// The place of the text at byte `offset` (the nearest place before it
    /// for an offset between two, e.g. at a line end).
    #[must_use]
    pub fn locate(&self, offset: usize) -> Option<Place> {
        let after = self
            .entries
            .partition_point(|(range, _)| range.start <= offset);
        let (_, place) = self.entries.get(after.checked_sub(1)?)?;
        Some(*place)
    }

    /// Whether the map is empty (a text file).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every entry, in text order.
    pub fn entries(&self) -> impl Iterator<Item = (&Range<usize>, Place)> {
        self.entries.iter().map(|(range, place)| (range, *place))
    }

    fn push(&mut self, range: Range<usize>, place: Place) {
        self.entries.push((range, place));
    }
}

/// Renders blocks as report text, one line per paragraph line and per
/// table row, with the location of every line and cell.
#[must_use]
pub fn render(blocks: &[Block]) -> (String, LocationMap) {
    let mut text = String::new();
    let mut map = LocationMap::default();
    let mut paragraph = 0;
    let mut table = 0;
    for block in blocks {
        match block {
            Block::Paragraph(content) => {
                paragraph += 1;
                let start = text.len();
                for (at, line) in content.split('\n').enumerate() {
                    if at > 0 {
                        text.push('\n');
                    }
                    push_clean(&mut text, line);
                }
                map.push(start..text.len(), Place::Paragraph(paragraph));
                text.push('\n');
            }
            Block::Table(rows) => {
                table += 1;
                for (row_at, row) in rows.iter().enumerate() {
                    if row.cells.is_empty() {
                        continue;
                    }
                    // A row of one cell keeps the TAB indent of a Word cell,
                    // so that it is not read as a paragraph (a heading).
                    if row.cells.len() == 1 {
                        text.push('\t');
                    }
                    for (cell_at, cell) in row.cells.iter().enumerate() {
                        if cell_at > 0 {
                            text.push('\t');
                        }
                        let start = text.len();
                        push_clean(&mut text, &cell.text.replace('\n', " "));
                        map.push(
                            start..text.len(),
                            Place::Cell {
                                table,
                                row: row_at + 1,
                                column: cell.column,
                            },
                        );
                    }
                    text.push('\n');
                }
            }
        }
    }
    (text, map)
}

/// Appends `line` without the characters that would change the line
/// structure (TAB separates cells; CR and other line breaks end lines).
fn push_clean(text: &mut String, line: &str) {
    for ch in line.chars() {
        match ch {
            '\t' => text.push(' '),
            '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {}
            ch if ch.is_control() => {}
            ch => text.push(ch),
        }
    }
}

/// Joins the paragraphs of a cell into one text: nothing between two
/// Chinese characters (a label wrapped over two paragraphs, a vertical
/// header written one character per paragraph), a space otherwise. Empty
/// paragraphs are dropped.
#[must_use]
pub fn join_pieces(pieces: &[String]) -> String {
    let mut out = String::new();
    for piece in pieces.iter().filter(|piece| !piece.is_empty()) {
        let before = out.trim_end().chars().next_back();
        let after = piece.trim_start().chars().next();
        if let (Some(before), Some(after)) = (before, after)
            && !(before.is_ascii() && after.is_ascii())
            && !(before.is_ascii_alphanumeric() || after.is_ascii_alphanumeric())
        {
            out.truncate(out.trim_end().len());
            out.push_str(piece.trim_start());
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_join_without_space_between_chinese_characters() {
        let pieces = |list: &[&str]| list.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(
            join_pieces(&pieces(&["4.保护第三方合法权", "益"])),
            "4.保护第三方合法权益"
        );
        assert_eq!(
            join_pieces(&pieces(&["三", "、", "本", "年", "度"])),
            "三、本年度"
        );
        assert_eq!(join_pieces(&pieces(&["1025.2", "万元"])), "1025.2 万元");
        assert_eq!(join_pieces(&pieces(&["", "0", ""])), "0");
        assert_eq!(join_pieces(&pieces(&["\u{a0}"])), "\u{a0}");
    }

    #[test]
    fn tables_render_as_tab_rows_with_locations() {
        let blocks = vec![
            Block::Paragraph("标题".to_string()),
            Block::Table(vec![
                Row {
                    cells: vec![Cell {
                        text: "第二十条第（一）项".to_string(),
                        column: 1,
                    }],
                },
                Row {
                    cells: vec![
                        Cell {
                            text: "规章".to_string(),
                            column: 1,
                        },
                        Cell {
                            text: "0".to_string(),
                            column: 3,
                        },
                    ],
                },
            ]),
            Block::Paragraph("a\tb\nc".to_string()),
        ];
        let (text, map) = render(&blocks);
        assert_eq!(text, "标题\n\t第二十条第（一）项\n规章\t0\na b\nc\n");
        let zero = text.find('0').unwrap();
        assert_eq!(
            map.locate(zero),
            Some(Place::Cell {
                table: 1,
                row: 2,
                column: 3
            })
        );
        assert_eq!(
            map.locate(text.find('c').unwrap()),
            Some(Place::Paragraph(2))
        );
        assert_eq!(map.locate(0), Some(Place::Paragraph(1)));
    }
}
