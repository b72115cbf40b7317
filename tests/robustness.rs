//! Properties of the whole lint on text no one planned for: arbitrary
//! strings, and real reports damaged the way copying, converting and
//! editing damage them (cells swapped, lines deleted or doubled, numbers
//! replaced by huge or odd values, junk inserted). The lint never panics,
//! every finding points inside the text on character boundaries, and
//! fixing (safe and unsafe) never panics and keeps its invariants.

mod common;

use std::sync::LazyLock;

use proptest::prelude::*;
use xxgk_lint::engine::Lang;
use xxgk_lint::{FileOptions, Linter};

static LINTER: LazyLock<Linter> = LazyLock::new(|| Linter::builtin().unwrap());

static REPORTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    common::all_reports()
        .iter()
        .map(|name| common::read_fixture(name))
        .collect()
});

/// Lints `text` in both languages, checks the spans, and fixes it.
fn lint_holds(text: &str) {
    for lang in [Lang::Zh, Lang::En] {
        let linted = LINTER.lint_in(text, &FileOptions::default(), lang);
        for diagnostic in &linted.diagnostics {
            let span = &diagnostic.span;
            assert!(
                span.start <= span.end
                    && span.end <= text.len()
                    && text.is_char_boundary(span.start)
                    && text.is_char_boundary(span.end),
                "{} has span {span:?} in a text of {} bytes",
                diagnostic.code,
                text.len()
            );
            for label in &diagnostic.labels {
                assert!(
                    label.span.end <= text.len()
                        && text.is_char_boundary(label.span.start)
                        && text.is_char_boundary(label.span.end),
                    "{}: label span {:?}",
                    diagnostic.code,
                    label.span
                );
            }
        }
        if lang == Lang::Zh {
            let fixed = xxgk_lint::fix::fix_text(text, linted.diagnostics, true, |text| {
                LINTER.lint(text, &FileOptions::default()).diagnostics
            });
            if !fixed.changed() {
                assert_eq!(fixed.text, text);
            }
        }
    }
}

/// One way a report gets damaged.
#[derive(Clone, Debug)]
enum Mutation {
    /// Swap two lines (two cells of a one-cell-per-line table, a row and a
    /// heading, …).
    SwapLines(usize, usize),
    DeleteLine(usize),
    DuplicateLine(usize),
    /// Replace the n-th run of ASCII digits by a value.
    ReplaceNumber(usize, String),
    /// Insert text at a character position.
    Insert(usize, String),
}

fn odd_number() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("9".repeat(400)),
        Just("79228162514264337593543950336".to_string()),
        Just("-0".to_string()),
        Just("1e308".to_string()),
        Just("0.000000000000000000000000000001".to_string()),
        Just("１２".to_string()),
        Just(String::new()),
        any::<u64>().prop_map(|n| n.to_string()),
        "[0-9]{1,30}\\.[0-9]{1,30}",
    ]
}

fn junk() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("|".to_string()),
        Just("||||\n".to_string()),
        Just("一、".to_string()),
        Just("\u{0}".to_string()),
        Just("\u{fffd}".to_string()),
        Just("2020年13月32日".to_string()),
        Just("合计".to_string()),
        any::<String>(),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), odd_number()).prop_map(|(n, v)| Mutation::ReplaceNumber(n, v)),
        (any::<usize>(), junk()).prop_map(|(at, s)| Mutation::Insert(at, s)),
    ]
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.is_empty() {
        return text.to_string();
    }
    let count = lines.len();
    match mutation {
        Mutation::SwapLines(a, b) => {
            lines.swap(a % count, b % count);
            lines.concat()
        }
        Mutation::DeleteLine(a) => {
            lines.remove(a % count);
            lines.concat()
        }
        Mutation::DuplicateLine(a) => {
            lines.insert(a % count, lines[a % count]);
            lines.concat()
        }
        Mutation::ReplaceNumber(n, value) => {
            let numbers: Vec<(usize, usize)> = regex::Regex::new("[0-9]+")
                .unwrap()
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            match numbers.get(n % numbers.len().max(1)) {
                Some(&(start, end)) => format!("{}{value}{}", &text[..start], &text[end..]),
                None => text.to_string(),
            }
        }
        Mutation::Insert(at, inserted) => {
            let boundaries: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let at = boundaries[at % boundaries.len()];
            format!("{}{inserted}{}", &text[..at], &text[at..])
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn lint_never_panics_on_arbitrary_strings(text in any::<String>()) {
        lint_holds(&text);
    }

    #[test]
    fn lint_never_panics_on_report_like_strings(
        text in "([一二三四五六七八九十〇（）()、.．0-9年月日\t|\n\r 　总计合计规章申请件万元本年新收到]|政府信息公开工作年度报告|一、总体情况|\t0\n){0,120}"
    ) {
        lint_holds(&text);
    }

    #[test]
    fn lint_never_panics_on_damaged_reports(
        report in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let mut text = REPORTS[report.index(REPORTS.len())].clone();
        for mutation in &mutations {
            text = apply(&text, mutation);
        }
        lint_holds(&text);
    }
}
