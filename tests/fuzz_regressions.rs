//! Inputs found by the fuzz targets (`fuzz/`), minimised, each with the
//! invariant it broke. See fuzz/README.md for how a finding becomes a test.

use xxgk_lint::{expr, packs};

/// `expr_roundtrip`: a number with more digits than `Decimal` holds was
/// read as 0, so `a >= -616…` checked `a >= 0`. It is a syntax error now,
/// at the number.
#[test]
fn expression_numbers_decimal_cannot_hold_are_errors() {
    let text = "a >= -61678232418519569751565756572614.1678";
    let error = expr::parse(text).unwrap_err();
    assert_eq!((error.offset, error.len), (6, text.len() - 6), "{error}");
    assert!(error.message.contains("too large"), "{error}");
    let error = expr::parse_sum("total + 100000000000000000000000000000").unwrap_err();
    assert_eq!(error.offset, 8, "{error}");
    // The largest value `Decimal` holds is still a number.
    let largest = expr::parse("a == 79228162514264337593543950335").unwrap();
    assert_eq!(
        largest.rhs.terms[0].1,
        expr::Term::Number(rust_decimal::Decimal::MAX)
    );
}

/// The same through `rules check`: the problem points at the number in the
/// pack file.
#[test]
fn pack_expressions_with_numbers_decimal_cannot_hold_are_rejected() {
    let text = r#"[pack]
id = "fuzz"
title = "fuzz"

[[rule]]
code = "FZ001"
name = "published-bound"
kind = "identity"
category = "arithmetic"
severity = "warning"
summary = "bound"
message = "{lhs} > {rhs}"
[rule.params]
table = "active"
template = "gov-2019"
each = "row"
expr = "published <= 100000000000000000000000000000"
"#;
    let errors = check_pack(text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let (message, span) = &errors[0];
    assert!(message.contains("too large"), "{message}");
    assert!(text[span.start..].starts_with("100000"), "{span:?}");
}

/// `packs::check` of `text`: each problem's message and span.
fn check_pack(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let source = std::sync::Arc::new(packs::PackSource {
        name: "fuzz.toml".to_string(),
        text: text.to_string(),
        dir: None,
    });
    packs::check(source)
        .into_iter()
        .map(|error| match error {
            packs::PackError::Invalid { message, span, .. } => {
                (message, span.offset()..span.offset() + span.len())
            }
            other => (other.to_string(), 0..0),
        })
        .collect()
}

/// `expr_roundtrip` (minimised to `a(a)==0`): every call was read as
/// `sum(…)` whatever its name, so `max(denied_*)` added the cells up. Only
/// `sum` is a function; another name is an error at the name.
#[test]
fn calls_other_than_sum_are_errors() {
    let error = expr::parse("a(a)==0").unwrap_err();
    assert_eq!((error.offset, error.len), (0, 1), "{error}");
    assert!(error.message.contains("unknown function `a`"), "{error}");
    let error = expr::parse_sum("total - max(denied_*)").unwrap_err();
    assert_eq!((error.offset, error.len), (8, 3), "{error}");
    let parsed = expr::parse("total == sum ( denied_* )").unwrap();
    assert_eq!(parsed.rhs.terms[0].1, expr::Term::Sum("denied_*".into()));
}

/// `pack` (minimised from a mutated pack): a syntax error in front of a
/// Chinese character in an expression got a one-byte span, which split
/// the character: the span was not a range of the pack's text (slicing
/// the text with it panics). The span is now the whole character.
#[test]
fn pack_error_spans_inside_expressions_do_not_split_characters() {
    let text = r#"[pack]
id = "non"
title = "国"
[[rule]]
code = "G303"
name = "s-total"
kind = "identity"
category = "arithmetic"
severity = "error"
summary = "衡 ="
message = "表 resu"
[rule.params]
table = "applications"
each = "column"
expr = "sum(denied_*) 台r_*"
"#;
    let errors = check_pack(text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let (message, span) = &errors[0];
    assert!(message.contains("expected"), "{message}");
    assert_eq!(text.get(span.clone()), Some("台"), "{span:?}");
}
