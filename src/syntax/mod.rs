//! Report text → lossless concrete syntax tree (`grammar/report.pest`).
//!
//! The syntax layer knows nothing about sections, tables or rules: it only
//! classifies lines by shape (blank, pipe row, TAB row, heading-like, text)
//! and splits them into tokens (numbers, dates, years, words, separators).
//! Parsing never fails: the grammar ends every choice in a catch-all.

mod cst;

pub use cst::{Cst, Node, SyntaxKind};

use pest::Parser as _;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/report.pest"]
struct ReportParser;

/// Parses report text into its concrete syntax tree.
///
/// Every byte of `text` lies in exactly one leaf of the result.
#[must_use]
pub fn parse(text: &str) -> Cst {
    // The grammar accepts every string; a grammar bug degrades to one
    // opaque line instead of a panic.
    try_parse(text).unwrap_or_else(|| Cst::opaque(text))
}

/// Parses report text, or `None` when the grammar fails, which only a
/// limit on its work set with [`pest::set_call_limit`] can cause (the
/// backtracking test measures the grammar's work that way).
#[must_use]
pub fn try_parse(text: &str) -> Option<Cst> {
    let mut pairs = ReportParser::parse(Rule::document, text).ok()?;
    let document = pairs.next().expect("the document rule yields one pair");
    Some(Cst::from_pair(document))
}
