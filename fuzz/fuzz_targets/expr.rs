//! The identity expression parser on arbitrary text: no panic; an error
//! points inside the text; a parsed expression keeps its text and, written
//! back out, parses to the same tree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xxgk_lint::expr;
use xxgk_lint_fuzz::{assert_span, print_expression, print_sum};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match expr::parse(text) {
        Ok(expression) => {
            assert_eq!(expression.text, text);
            let printed = print_expression(&expression);
            let again = expr::parse(&printed)
                .unwrap_or_else(|error| panic!("{printed:?} does not parse: {error}"));
            assert_eq!(again.lhs, expression.lhs, "{printed:?}");
            assert_eq!(again.comparison, expression.comparison);
            assert_eq!(again.rhs, expression.rhs, "{printed:?}");
            let _ = expression.terms();
            let _ = expression.lhs.flatten();
        }
        Err(error) => {
            assert_span(text, &(error.offset..error.offset + error.len), "error");
            let _ = error.to_string();
        }
    }
    match expr::parse_sum(text) {
        Ok(sum) => {
            let printed = print_sum(&sum);
            let again = expr::parse_sum(&printed)
                .unwrap_or_else(|error| panic!("{printed:?} does not parse: {error}"));
            assert_eq!(again, sum, "{printed:?}");
        }
        Err(error) => {
            assert_span(text, &(error.offset..error.offset + error.len), "error");
        }
    }
    // Patterns: `*` alone matches everything; a pattern without `*` only
    // itself.
    if let Some((pattern, key)) = text.split_once('\n') {
        assert!(expr::matches_pattern("*", key));
        if !pattern.contains('*') {
            assert_eq!(expr::matches_pattern(pattern, key), pattern == key);
        }
    }
});
