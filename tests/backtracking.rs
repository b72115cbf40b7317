//! The grammar does not backtrack super-linearly: doubling an input about
//! doubles the work pest does on it, for every shape of line it knows.
//!
//! The work is pest's own count of rule calls, found by bisection on
//! `pest::set_call_limit` (the least limit under which the parse still
//! succeeds), so the test measures work, not the wall clock. The limit is
//! global to the process: this file holds a single test.

use std::num::NonZeroUsize;

/// The number of calls pest needs to parse `text`.
fn calls(text: &str) -> usize {
    pest::set_call_limit(None);
    assert!(
        xxgk_lint::syntax::try_parse(text).is_some(),
        "the grammar accepts every text"
    );
    let (mut fails, mut succeeds) = (0usize, 1usize);
    loop {
        pest::set_call_limit(NonZeroUsize::new(succeeds));
        if xxgk_lint::syntax::try_parse(text).is_some() {
            break;
        }
        fails = succeeds;
        succeeds *= 2;
    }
    while succeeds - fails > 1 {
        let middle = fails + (succeeds - fails) / 2;
        pest::set_call_limit(NonZeroUsize::new(middle));
        if xxgk_lint::syntax::try_parse(text).is_some() {
            succeeds = middle;
        } else {
            fails = middle;
        }
    }
    pest::set_call_limit(None);
    succeeds
}

/// Inputs built from a unit repeated `n` times, as a function of `n`.
type Shape = (&'static str, fn(usize) -> String);

/// Shapes that are one token however long: pest matches them with its
/// built-in loops (`ASCII_DIGIT+`, a run of spaces), which are not rule
/// calls, so their count must not grow at all.
const ONE_TOKEN: &[&str] = &[
    "a long run of digits",
    "a long run of spaces before a digit",
];

const SHAPES: &[Shape] = &[
    ("tab-indented cells", |n| "\t12\n".repeat(n)),
    ("one cell per line", |n| "（一）主动公开\n3\n\n".repeat(n)),
    ("pipe rows", |n| "| 规章 | 0 | 0 | 1 |\n".repeat(n)),
    ("pipe-per-line fillers", |n| "||||\n|\n".repeat(n)),
    ("TAB rows", |n| {
        "1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0\n".repeat(n)
    }),
    ("headings", |n| {
        "一、总体情况\n（二）依申请公开\n1、规章\n".repeat(n)
    }),
    ("dates", |n| {
        "2020年1月20日 2020-01-20 2020.1.20 二〇二〇年一月二十日 202011日\n".repeat(n)
    }),
    ("a long line of prose", |n| {
        let mut line = "本年度共收到政府信息公开申请12件，".repeat(n);
        line.push('\n');
        line
    }),
    ("a long run of digits", |n| "9".repeat(20 * n)),
    ("a long run of spaces before a digit", |n| {
        let mut line = " ".repeat(20 * n);
        line.push('1');
        line
    }),
    ("digits that almost make a date", |n| {
        "2020年1月2020年1月2020-01-2020.1.".repeat(n)
    }),
    ("pipes and tabs mixed", |n| "|\t|\t1\t|".repeat(n)),
    ("junk", |n| "\u{0}\u{fffd}�%%#{}[]".repeat(n)),
];

#[test]
fn doubling_the_input_about_doubles_the_work() {
    let mut failures = Vec::new();
    for (name, make) in SHAPES {
        let small = calls(&make(500));
        let large = calls(&make(1000));
        let ratio = large as f64 / small as f64;
        let expected = if ONE_TOKEN.contains(name) {
            1.0..=1.0
        } else {
            1.8..=2.2
        };
        if !expected.contains(&ratio) {
            failures.push(format!(
                "{name}: {small} calls, then {large} for twice the input ({ratio:.2}×)"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
