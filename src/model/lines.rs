//! The CST flattened into lines of tokens: the form every later step reads.

use std::ops::Range;

use crate::syntax::{Cst, SyntaxKind};

/// One line of the report.
#[derive(Clone, Debug)]
pub struct Line {
    /// 0-based line number.
    pub index: usize,
    /// Byte range without the line ending.
    pub span: Range<usize>,
    pub kind: LineKind,
    /// Leaf tokens of the line, in order (separators included).
    pub tokens: Vec<Token>,
}

/// The shape of a line, as classified by the grammar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    /// Cells separated by `|`.
    Pipe,
    /// Contains TAB characters (indented cells or TAB-separated rows).
    Tab,
    /// Starts with an ordinal (一、 （一） 1.).
    Heading,
    Text,
}

/// A leaf token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: SyntaxKind,
    pub span: Range<usize>,
}

impl Line {
    /// The line's text.
    #[must_use]
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.span.clone()]
    }

    /// Tokens that are not whitespace or separators.
    pub fn content_tokens(&self) -> impl Iterator<Item = &Token> {
        self.tokens.iter().filter(|token| {
            !matches!(
                token.kind,
                SyntaxKind::Ws | SyntaxKind::Tab | SyntaxKind::Pipe | SyntaxKind::Eol
            )
        })
    }

    /// Span from the first to the last content token (the line trimmed).
    #[must_use]
    pub fn trimmed_span(&self) -> Range<usize> {
        let mut tokens = self.content_tokens();
        match tokens.next() {
            Some(first) => {
                let end = tokens.last().map_or(first.span.end, |last| last.span.end);
                first.span.start..end
            }
            None => self.span.start..self.span.start,
        }
    }

    #[must_use]
    pub fn is_blank(&self) -> bool {
        self.kind == LineKind::Blank
    }
}

/// Flattens the CST into lines.
#[must_use]
pub fn lines(cst: &Cst) -> Vec<Line> {
    let mut lines = Vec::with_capacity(cst.root.children.len() / 2 + 1);
    for node in cst.lines() {
        let kind = match node.kind {
            SyntaxKind::BlankLine => LineKind::Blank,
            SyntaxKind::PipeRow => LineKind::Pipe,
            SyntaxKind::TabRow => LineKind::Tab,
            SyntaxKind::HeadingLine => LineKind::Heading,
            _ => LineKind::Text,
        };
        // At least one token per child (most children are leaves).
        let mut tokens = Vec::with_capacity(node.children.len());
        tokens.extend(
            node.leaves()
                .filter(|leaf| leaf.span.start < leaf.span.end)
                .map(|leaf| Token {
                    kind: leaf.kind,
                    span: leaf.span.clone(),
                }),
        );
        lines.push(Line {
            index: lines.len(),
            span: node.span.clone(),
            kind,
            tokens,
        });
    }
    lines
}
