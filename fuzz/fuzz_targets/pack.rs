//! The rule-pack loader on arbitrary TOML text, as `rules check` runs it:
//! no panic; every problem points inside the text and renders. A pack that
//! `rules check` accepts must load, compile over every national pack, run
//! its own examples and lint a real report.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use miette::{GraphicalReportHandler, GraphicalTheme};
use xxgk_lint::Linter;
use xxgk_lint::packs::{self, PackError, PackSource};
use xxgk_lint_fuzz::{assert_span, check_linted};

const REPORT: &str = include_str!("../../tests/fixtures/seeds/001_b68246f228e475c5.txt");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = Arc::new(PackSource {
        name: "fuzz.toml".to_string(),
        text: text.to_string(),
        // No folder: `extends` names only built-in packs, nothing is read.
        dir: None,
    });
    let errors = packs::check(Arc::clone(&source));
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor());
    for error in &errors {
        if let PackError::Invalid { span, .. } = error {
            let range = span.offset()..span.offset() + span.len();
            assert_span(text, &range, "pack error");
        }
        let mut out = String::new();
        handler
            .render_report(&mut out, error)
            .expect("a pack error renders");
    }
    if !errors.is_empty() {
        return;
    }
    let pack = packs::parse(source).expect("`rules check` accepted the pack, so it parses");
    let id = pack.meta.id.clone();
    let linter = match Linter::with_packs(vec![pack]) {
        Ok(linter) => linter,
        Err(problems) => panic!("`rules check` accepted a pack that does not load: {problems:?}"),
    };
    let _ = xxgk_lint::testing::run_examples(&linter, &id);
    let linted = linter.lint(REPORT, &Default::default());
    check_linted("report.txt", REPORT, &linted);
});
