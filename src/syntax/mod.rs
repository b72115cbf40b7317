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
    match ReportParser::parse(Rule::document, text) {
        Ok(mut pairs) => {
            let document = pairs.next().expect("the document rule yields one pair");
            Cst::from_pair(document)
        }
        // The grammar accepts every string; this arm exists so that a grammar
        // bug degrades to one opaque line instead of a panic.
        Err(_) => Cst::opaque(text),
    }
}
