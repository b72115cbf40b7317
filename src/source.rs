//! Source text and positions: byte offsets inside the tool, line/column only
//! at the edges (1-based lines, columns in characters; UTF-16 for the LSP).

use std::ops::Range;

/// A line index over one text: byte offset ↔ line and column.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset at which each line starts (the first is 0).
    starts: Vec<usize>,
    len: usize,
}

/// A 1-based line and column (columns count Unicode scalar values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// Number of lines (a trailing newline starts one more, empty line).
    #[must_use]
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line holding byte `offset`.
    #[must_use]
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset.min(self.len)) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of 0-based `line`, without its line ending.
    #[must_use]
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    /// 1-based line and character column of byte `offset`.
    #[must_use]
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_of(offset);
        let column = text[self.starts[line]..offset].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// 0-based line and UTF-16 column of byte `offset` (the LSP convention).
    #[must_use]
    pub fn line_col_utf16(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_of(offset);
        let column = text[self.starts[line]..offset]
            .chars()
            .map(char::len_utf16)
            .sum();
        (line, column)
    }

    /// Byte offset of a 0-based line and UTF-16 column (clamped to the line).
    #[must_use]
    pub fn offset_utf16(&self, text: &str, line: usize, column: usize) -> usize {
        if line >= self.starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let mut units = 0;
        for (at, ch) in text[range.clone()].char_indices() {
            if units >= column {
                return range.start + at;
            }
            units += ch.len_utf16();
        }
        range.end
    }
}

/// The largest char boundary at or below `offset`.
#[must_use]
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_utf16_units() {
        let text = "一、总体\nab𝄞c\r\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let c = text.find('c').unwrap();
        assert_eq!(index.line_col(text, c), LineCol { line: 2, column: 4 });
        assert_eq!(index.line_col_utf16(text, c), (1, 4));
        assert_eq!(index.offset_utf16(text, 1, 4), c);
        let x = text.find('x').unwrap();
        assert_eq!(index.line_col(text, x), LineCol { line: 3, column: 1 });
        assert_eq!(index.line_range(text, 1), 13..20);
        // An offset inside a multi-byte character maps to that character.
        assert_eq!(index.line_col(text, 1), LineCol { line: 1, column: 1 });
    }
}
