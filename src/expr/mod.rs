//! The small expression language of `identity` rules (`grammar/expr.pest`):
//! a comparison between two sums of cell references and numbers.
//! Expressions cannot loop or call out: evaluation is one pass over a tree
//! whose size is bounded by the text of the rule.

use std::fmt;
use std::str::FromStr;

use pest::Parser as _;
use pest::iterators::Pair;
use rust_decimal::Decimal;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/expr.pest"]
struct ExprParser;

/// A parsed expression: `lhs op rhs`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expression {
    pub lhs: Sum,
    pub comparison: Comparison,
    pub rhs: Sum,
    pub text: String,
}

/// `±term ±term …`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sum {
    pub terms: Vec<(Sign, Term)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sign {
    Plus,
    Minus,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    Number(Decimal),
    /// `row`, `column`, `row.column` or `table.row.column`.
    Reference(Vec<String>),
    /// `sum(pattern)`: every key matching the pattern.
    Sum(String),
    Group(Sum),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    Equal,
    NotEqual,
    LessOrEqual,
    GreaterOrEqual,
    Less,
    Greater,
}

impl Comparison {
    #[must_use]
    pub fn holds(self, lhs: Decimal, rhs: Decimal) -> bool {
        match self {
            Comparison::Equal => lhs == rhs,
            Comparison::NotEqual => lhs != rhs,
            Comparison::LessOrEqual => lhs <= rhs,
            Comparison::GreaterOrEqual => lhs >= rhs,
            Comparison::Less => lhs < rhs,
            Comparison::Greater => lhs > rhs,
        }
    }

    #[must_use]
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Equal => "==",
            Comparison::NotEqual => "!=",
            Comparison::LessOrEqual => "<=",
            Comparison::GreaterOrEqual => ">=",
            Comparison::Less => "<",
            Comparison::Greater => ">",
        }
    }
}

/// A syntax error with its byte position inside the expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    pub message: String,
    pub offset: usize,
    pub len: usize,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset + 1)
    }
}

impl std::error::Error for ExprError {}

impl FromStr for Expression {
    type Err = ExprError;

    fn from_str(text: &str) -> Result<Expression, ExprError> {
        parse(text)
    }
}

/// Parses an expression.
///
/// # Errors
/// A syntax error, with the position where the parser stopped.
pub fn parse(text: &str) -> Result<Expression, ExprError> {
    check_nesting(text)?;
    let mut pairs = ExprParser::parse(Rule::expression, text).map_err(|error| to_error(&error))?;
    let expression = pairs.next().expect("the expression rule yields one pair");
    let mut inner = expression.into_inner();
    let lhs = sum(inner.next().expect("lhs"))?;
    let comparison = match inner.next().expect("comparison").as_str() {
        "==" => Comparison::Equal,
        "!=" => Comparison::NotEqual,
        "<=" => Comparison::LessOrEqual,
        ">=" => Comparison::GreaterOrEqual,
        "<" => Comparison::Less,
        _ => Comparison::Greater,
    };
    let rhs = sum(inner.next().expect("rhs"))?;
    Ok(Expression {
        lhs,
        comparison,
        rhs,
        text: text.to_string(),
    })
}

/// Parses a sum without comparison (`applications.new.total + applications.carried_in.total`).
///
/// # Errors
/// A syntax error, with its position.
pub fn parse_sum(text: &str) -> Result<Sum, ExprError> {
    check_nesting(text)?;
    let mut pairs =
        ExprParser::parse(Rule::value_expression, text).map_err(|error| to_error(&error))?;
    let expression = pairs.next().expect("the value rule yields one pair");
    let inner = expression.into_inner().next().expect("a sum");
    sum(inner)
}

/// How deep parentheses may nest. Real identities need two or three
/// levels; the limit keeps the recursive parser and evaluator far from the
/// end of the stack whatever a pack says.
pub const MAX_NESTING: usize = 32;

/// Refuses parentheses nested deeper than [`MAX_NESTING`], at the first
/// one too deep.
fn check_nesting(text: &str) -> Result<(), ExprError> {
    let mut depth = 0usize;
    for (at, byte) in text.bytes().enumerate() {
        match byte {
            b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(ExprError {
                        message: format!("parentheses nested more than {MAX_NESTING} deep"),
                        offset: at,
                        len: 1,
                    });
                }
            }
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

impl Sum {
    /// Every term below this sum (groups flattened), with its sign.
    #[must_use]
    pub fn flatten(&self) -> Vec<(Sign, &Term)> {
        fn walk<'a>(sum: &'a Sum, negate: bool, out: &mut Vec<(Sign, &'a Term)>) {
            for (sign, term) in &sum.terms {
                let sign = match (sign, negate) {
                    (Sign::Plus, false) | (Sign::Minus, true) => Sign::Plus,
                    _ => Sign::Minus,
                };
                match term {
                    Term::Group(inner) => walk(inner, sign == Sign::Minus, out),
                    other => out.push((sign, other)),
                }
            }
        }
        let mut out = Vec::new();
        walk(self, false, &mut out);
        out
    }
}

fn to_error(error: &pest::error::Error<Rule>) -> ExprError {
    let (offset, len) = match error.location {
        pest::error::InputLocation::Pos(at) => (at, 0),
        pest::error::InputLocation::Span((start, end)) => (start, end - start),
    };
    let message = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } if !positives.is_empty() => {
            let expected: Vec<&str> = positives.iter().map(|rule| describe(*rule)).collect();
            format!("expected {}", expected.join(" or "))
        }
        other => other.message().into_owned(),
    };
    ExprError {
        message,
        offset,
        len,
    }
}

fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::comparison => "a comparison (==, <=, …)",
        Rule::operator => "+ or -",
        Rule::number => "a number",
        Rule::reference => "a cell reference",
        Rule::call => "sum(…)",
        Rule::pattern => "a key pattern",
        Rule::EOI => "the end of the expression",
        _ => "a term",
    }
}

fn sum(pair: Pair<'_, Rule>) -> Result<Sum, ExprError> {
    let mut terms = Vec::new();
    let mut sign = Sign::Plus;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::signed => {
                for inner in part.into_inner() {
                    match inner.as_rule() {
                        Rule::operator => {
                            if inner.as_str() == "-" {
                                sign = Sign::Minus;
                            }
                        }
                        _ => terms.push((sign, term(inner)?)),
                    }
                }
            }
            Rule::operator => {
                sign = if part.as_str() == "-" {
                    Sign::Minus
                } else {
                    Sign::Plus
                }
            }
            _ => terms.push((sign, term(part)?)),
        }
    }
    Ok(Sum { terms })
}

fn term(pair: Pair<'_, Rule>) -> Result<Term, ExprError> {
    Ok(match pair.as_rule() {
        // A number `Decimal` cannot hold (more than 28 significant digits)
        // is an error: read as anything else, the check would compare with
        // a number the rule does not say.
        Rule::number => Term::Number(pair.as_str().parse().map_err(|_| {
            let span = pair.as_span();
            ExprError {
                message: "number too large or too precise (at most 28 significant digits)"
                    .to_string(),
                offset: span.start(),
                len: span.end() - span.start(),
            }
        })?),
        Rule::reference => Term::Reference(pair.as_str().split('.').map(str::to_string).collect()),
        Rule::call => {
            let mut inner = pair.into_inner();
            let name = inner.next().expect("a call has a name");
            // `sum` is the only function; another name would otherwise be
            // read as `sum` and check something the rule does not say.
            if name.as_str() != "sum" {
                let span = name.as_span();
                return Err(ExprError {
                    message: format!("unknown function `{}` (only sum(…) exists)", name.as_str()),
                    offset: span.start(),
                    len: span.end() - span.start(),
                });
            }
            let pattern = inner
                .next()
                .map_or(String::new(), |p| p.as_str().to_string());
            Term::Sum(pattern)
        }
        Rule::sum => Term::Group(sum(pair)?),
        _ => Term::Number(Decimal::ZERO),
    })
}

impl Expression {
    /// Every reference and `sum(…)` pattern of the expression, in order.
    #[must_use]
    pub fn terms(&self) -> Vec<&Term> {
        fn walk<'a>(sum: &'a Sum, out: &mut Vec<&'a Term>) {
            for (_, term) in &sum.terms {
                match term {
                    Term::Group(inner) => walk(inner, out),
                    other => out.push(other),
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.lhs, &mut out);
        walk(&self.rhs, &mut out);
        out
    }
}

/// Whether `key` matches `pattern`, where `*` stands for any characters.
#[must_use]
pub fn matches_pattern(pattern: &str, key: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else {
        return key.is_empty();
    };
    let Some(mut rest) = key.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (index, part) in parts.iter().enumerate() {
        if index == parts.len() - 1 {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_identities() {
        let e = parse("new + carried_in == results_total + carried_out").unwrap();
        assert_eq!(e.comparison, Comparison::Equal);
        assert_eq!(e.lhs.terms.len(), 2);
        assert_eq!(
            e.rhs.terms[1].1,
            Term::Reference(vec!["carried_out".into()])
        );
        let e = parse("cases.review_total == sum(cases.review_*) - cases.review_total").unwrap();
        assert_eq!(e.rhs.terms[0].1, Term::Sum("cases.review_*".into()));
        assert_eq!(e.rhs.terms[1].0, Sign::Minus);
        let e = parse("published <= total").unwrap();
        assert_eq!(e.comparison, Comparison::LessOrEqual);
        let e = parse("-a + (b - 2.5) > 0").unwrap();
        assert_eq!(e.lhs.terms[0].0, Sign::Minus);
        assert!(matches!(e.lhs.terms[1].1, Term::Group(_)));
    }

    #[test]
    fn reports_the_position_of_syntax_errors() {
        let error = parse("new + == total").unwrap_err();
        assert_eq!(error.offset, 6);
        assert!(error.message.contains("expected"), "{error}");
        let error = parse("new + carried_in").unwrap_err();
        assert_eq!(error.offset, 16);
        let error = parse("a == b c").unwrap_err();
        assert_eq!(error.offset, 7);
    }

    #[test]
    fn patterns_match_keys() {
        assert!(matches_pattern("denied_*", "denied_secret"));
        assert!(!matches_pattern("denied_*", "granted"));
        assert!(matches_pattern("*_total", "review_total"));
        assert!(matches_pattern("review_*", "review_total"));
        assert!(matches_pattern("a*b*c", "axxbyyc"));
        assert!(!matches_pattern("a*b*c", "axxbyy"));
        assert!(matches_pattern("exact", "exact"));
    }
}
