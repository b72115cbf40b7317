//! The CST is lossless: concatenating its leaves gives the input back, on
//! every real report and on arbitrary strings.

use std::path::Path;

use proptest::prelude::*;
use xxgk_lint::syntax;

fn report_files() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for dir in ["seeds", "corpus"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("fixture folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|ext| ext == "txt") {
                files.push(path);
            }
        }
    }
    // Also the shared folder next to the project, when present.
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    for dir in ["seeds", "corpus"] {
        if let Ok(entries) = std::fs::read_dir(shared.join(dir)) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|ext| ext == "txt") {
                    files.push(path);
                }
            }
        }
    }
    files.sort();
    files
}

fn assert_lossless(text: &str) {
    let cst = syntax::parse(text);
    assert_eq!(cst.root.span, 0..text.len());
    assert_eq!(cst.text_of_leaves(text), text);
    // Leaves are contiguous and non-overlapping.
    let mut at = 0;
    for leaf in cst.root.leaves() {
        assert_eq!(
            leaf.span.start, at,
            "gap or overlap before a {:?} leaf",
            leaf.kind
        );
        at = leaf.span.end;
    }
    assert_eq!(at, text.len());
}

#[test]
fn round_trip_on_every_real_report() {
    let files = report_files();
    assert!(
        files.len() >= 29,
        "expected the seeds and corpus fixtures, found {}",
        files.len()
    );
    for path in files {
        let text = std::fs::read_to_string(&path).expect("utf-8 report");
        assert_lossless(&text);
    }
}

#[test]
fn round_trip_on_edge_cases() {
    for text in [
        "",
        "\n",
        "\r\n\r\n",
        "\t",
        "|",
        "||||\n",
        "一、",
        "2020年1月20日",
        "202011日",
        "二〇二〇年一月二十日",
        "a\rb",
        "\u{feff}标题\n",
        "-",
        "+",
        "1.",
        "１２３",
        "\t\u{a0}0\t\n",
    ] {
        assert_lossless(text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn round_trip_on_arbitrary_strings(text in any::<String>()) {
        assert_lossless(&text);
    }

    #[test]
    fn round_trip_on_report_like_strings(text in "[一二三四五六七八九十〇（）()、.．0-9年月日\t|\n\r 　\u{a0}总计规章/—-]{0,200}") {
        assert_lossless(&text);
    }
}
