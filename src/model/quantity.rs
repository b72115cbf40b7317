//! Cell values: exact decimals with their unit, blanks and placeholders.

use rust_decimal::Decimal;

/// What a table cell holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellValue {
    /// A number, kept exact, with the unit written in the cell (万元, 元, 件 …).
    Number(Quantity),
    /// Nothing but whitespace (Word's empty cell, `&nbsp;`, an empty line).
    Blank,
    /// A sign that stands for "no value": `/`, `-`, `—`, `无`, `？`.
    Placeholder,
    /// Anything else (a word where a number belongs).
    Text,
    /// Digits too long to hold exactly.
    Overflow,
}

/// An exact number with an optional unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    pub value: Decimal,
    pub unit: Option<String>,
    /// The number was written with an explicit `+`.
    pub plus_sign: bool,
}

impl CellValue {
    /// The number, if the cell holds one.
    #[must_use]
    pub fn number(&self) -> Option<&Quantity> {
        match self {
            CellValue::Number(quantity) => Some(quantity),
            _ => None,
        }
    }

    #[must_use]
    pub fn is_number(&self) -> bool {
        matches!(self, CellValue::Number(_))
    }
}

const UNITS: [&str; 10] = ["万元", "元", "件", "条", "个", "项", "次", "篇", "%", "％"];
const PLACEHOLDERS: [&str; 11] = ["/", "／", "-", "—", "——", "－", "无", "？", "?", "\\", "×"];

/// Whether `ch` is whitespace as found in report cells.
#[must_use]
pub fn is_space(ch: char) -> bool {
    ch.is_whitespace() || matches!(ch, '\u{200b}' | '\u{feff}')
}

/// Reads a cell's text (already cut to the cell) as a value.
#[must_use]
pub fn parse_cell(text: &str) -> CellValue {
    let trimmed = text.trim_matches(is_space);
    if trimmed.is_empty() {
        return CellValue::Blank;
    }
    if PLACEHOLDERS.contains(&trimmed) {
        return CellValue::Placeholder;
    }
    parse_number(trimmed)
        .or_else(|| {
            // `? 0`: a character lost in conversion (a mirror site's `?`,
            // a replacement character) before the number.
            let rest = trimmed.trim_start_matches(['?', '？', '\u{fffd}']);
            (rest.len() < trimmed.len())
                .then(|| parse_number(rest))
                .flatten()
        })
        .unwrap_or(CellValue::Text)
}

/// Parses a number with optional sign, thousands separators, decimals and
/// unit. Returns `None` when `text` is not a number at all.
#[must_use]
pub fn parse_number(text: &str) -> Option<CellValue> {
    let mut rest = text.trim_matches(is_space);
    let mut unit = None;
    for candidate in UNITS {
        if let Some(head) = rest.strip_suffix(candidate) {
            unit = Some(if candidate == "％" { "%" } else { candidate });
            rest = head.trim_end_matches(is_space);
            break;
        }
    }
    let mut digits = String::with_capacity(rest.len());
    let mut plus_sign = false;
    let mut negative = false;
    for (index, ch) in rest.chars().enumerate() {
        match ch {
            '+' | '＋' if index == 0 => plus_sign = true,
            '-' | '－' | '−' if index == 0 => negative = true,
            '0'..='9' => digits.push(ch),
            '０'..='９' => digits.push(char::from_u32(ch as u32 - 0xfee0)?),
            '.' | '．' => digits.push('.'),
            ',' => {}
            _ => return None,
        }
    }
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if digits.matches('.').count() > 1 || digits.ends_with('.') {
        return None;
    }
    let Ok(mut value) = digits.parse::<Decimal>() else {
        return Some(CellValue::Overflow);
    };
    if negative {
        value.set_sign_negative(true);
    }
    Some(CellValue::Number(Quantity {
        value,
        unit: unit.map(str::to_string),
        plus_sign,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn number(text: &str) -> (Decimal, Option<String>) {
        match parse_cell(text) {
            CellValue::Number(q) => (q.value, q.unit),
            other => panic!("{text:?} parsed as {other:?}"),
        }
    }

    #[test]
    fn reads_numbers_with_signs_decimals_and_units() {
        assert_eq!(number("\u{3000}\u{3000}163"), (Decimal::from(163), None));
        assert_eq!(number("0\u{a0}"), (Decimal::from(0), None));
        assert_eq!(number("+6"), (Decimal::from(6), None));
        assert_eq!(number("-8"), (Decimal::from(-8), None));
        assert_eq!(
            number("14.8万元"),
            (Decimal::from_str("14.8").unwrap(), Some("万元".into()))
        );
        assert_eq!(
            number("1025.2万元"),
            (Decimal::from_str("1025.2").unwrap(), Some("万元".into()))
        );
        assert_eq!(
            number("251000元"),
            (Decimal::from(251_000), Some("元".into()))
        );
        assert_eq!(number("3,985,758"), (Decimal::from(3_985_758), None));
        assert_eq!(number("１２"), (Decimal::from(12), None));
        assert_eq!(number("3 件"), (Decimal::from(3), Some("件".into())));
    }

    #[test]
    fn blanks_and_placeholders_are_not_zero() {
        assert_eq!(parse_cell("\u{a0}"), CellValue::Blank);
        assert_eq!(parse_cell(""), CellValue::Blank);
        assert_eq!(parse_cell(" / "), CellValue::Placeholder);
        assert_eq!(parse_cell("—"), CellValue::Placeholder);
        assert_eq!(parse_cell("无"), CellValue::Placeholder);
        // A character lost in conversion before a number is not text.
        assert_eq!(
            parse_cell("? 0"),
            CellValue::Number(Quantity {
                value: Decimal::ZERO,
                unit: None,
                plus_sign: false
            })
        );
        assert_eq!(parse_cell("?"), CellValue::Placeholder);
        assert_eq!(parse_cell("1.2.3"), CellValue::Text);
        assert_eq!(parse_cell("约5"), CellValue::Text);
    }

    #[test]
    fn huge_numbers_overflow_without_panicking() {
        let digits = "9".repeat(10_000);
        assert_eq!(parse_cell(&digits), CellValue::Overflow);
    }
}
