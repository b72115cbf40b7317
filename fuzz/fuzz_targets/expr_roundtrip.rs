//! The identity expression parser on generated expressions: an expression
//! written from a random tree (random spacing, signs, groups, numbers of
//! any length, references, calls) parses to exactly that tree, or is
//! rejected when it holds a number the checks cannot represent or a call
//! other than `sum(…)`.
#![no_main]

use std::str::FromStr;

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use xxgk_lint::expr::{self, Sign, Sum, Term};
use xxgk_lint_fuzz::COMPARISONS;

/// The deepest group nesting generated.
const MAX_DEPTH: usize = 6;

/// Text being written and whether it must be rejected.
struct Writer<'a, 'b> {
    u: &'a mut Unstructured<'b>,
    text: String,
    invalid: bool,
}

impl Writer<'_, '_> {
    fn space(&mut self) -> Result<()> {
        for _ in 0..self.u.int_in_range(0..=2)? {
            let c = *self.u.choose(&[' ', ' ', '\t', '\n', '\r'])?;
            self.text.push(c);
        }
        Ok(())
    }

    fn ident(&mut self) -> Result<String> {
        const FIRST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_";
        const REST: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789_";
        let mut ident = String::new();
        ident.push(char::from(*self.u.choose(FIRST)?));
        for _ in 0..self.u.int_in_range(0..=6)? {
            ident.push(char::from(*self.u.choose(REST)?));
        }
        Ok(ident)
    }

    fn digits(&mut self, max: usize) -> Result<String> {
        let mut digits = String::new();
        for _ in 0..self.u.int_in_range(1..=max)? {
            digits.push(char::from(b'0' + self.u.int_in_range(0..=9)?));
        }
        Ok(digits)
    }

    fn term(&mut self, depth: usize) -> Result<Term> {
        let choice = if depth >= MAX_DEPTH {
            self.u.int_in_range(0..=2)?
        } else {
            self.u.int_in_range(0..=3)?
        };
        Ok(match choice {
            0 => {
                let mut number = self.digits(32)?;
                if self.u.arbitrary()? {
                    number.push('.');
                    number.push_str(&self.digits(32)?);
                }
                self.text.push_str(&number);
                match Decimal::from_str(&number) {
                    Ok(value) => Term::Number(value),
                    Err(_) => {
                        self.invalid = true;
                        Term::Number(Decimal::ZERO)
                    }
                }
            }
            1 => {
                let mut parts = vec![self.ident()?];
                for _ in 0..self.u.int_in_range(0..=2)? {
                    parts.push(self.ident()?);
                }
                self.text.push_str(&parts.join("."));
                Term::Reference(parts)
            }
            2 => {
                let name = if self.u.ratio(3, 4)? {
                    "sum".to_string()
                } else {
                    self.ident()?
                };
                if name != "sum" {
                    self.invalid = true;
                }
                const PATTERN: &[u8] = b"abz09_*.";
                let mut pattern = String::new();
                for _ in 0..self.u.int_in_range(1..=8)? {
                    pattern.push(char::from(*self.u.choose(PATTERN)?));
                }
                self.text.push_str(&name);
                self.space()?;
                self.text.push('(');
                self.space()?;
                self.text.push_str(&pattern);
                self.space()?;
                self.text.push(')');
                Term::Sum(pattern)
            }
            _ => {
                self.text.push('(');
                self.space()?;
                let inner = self.sum(depth + 1)?;
                self.space()?;
                self.text.push(')');
                Term::Group(inner)
            }
        })
    }

    fn sum(&mut self, depth: usize) -> Result<Sum> {
        let mut terms = Vec::new();
        let first = match self.u.int_in_range(0..=2)? {
            0 => None,
            1 => Some(Sign::Plus),
            _ => Some(Sign::Minus),
        };
        if let Some(sign) = first {
            self.text.push(if sign == Sign::Minus { '-' } else { '+' });
            self.space()?;
        }
        terms.push((first.unwrap_or(Sign::Plus), self.term(depth)?));
        for _ in 0..self.u.int_in_range(0..=4)? {
            self.space()?;
            let sign = if self.u.arbitrary()? {
                Sign::Plus
            } else {
                Sign::Minus
            };
            self.text.push(if sign == Sign::Minus { '-' } else { '+' });
            self.space()?;
            terms.push((sign, self.term(depth)?));
        }
        Ok(Sum { terms })
    }
}

fn run(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    let mut w = Writer {
        u: &mut u,
        text: String::new(),
        invalid: false,
    };
    w.space()?;
    let lhs = w.sum(0)?;
    w.space()?;
    let comparison = *w.u.choose(&COMPARISONS)?;
    w.text.push_str(comparison.symbol());
    w.space()?;
    let rhs = w.sum(0)?;
    w.space()?;
    let (text, invalid) = (w.text, w.invalid);
    match expr::parse(&text) {
        Ok(parsed) => {
            assert!(
                !invalid,
                "{text:?} should be rejected, parsed as {parsed:?}"
            );
            assert_eq!(parsed.lhs, lhs, "{text:?}");
            assert_eq!(parsed.comparison, comparison, "{text:?}");
            assert_eq!(parsed.rhs, rhs, "{text:?}");
        }
        Err(error) => assert!(invalid, "{text:?} does not parse: {error}"),
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
