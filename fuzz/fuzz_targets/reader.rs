//! The report reader on arbitrary text: the grammar's lossless CST, the
//! model read with the built-in templates, and a full lint with the
//! built-in national packs (every finding's span, order, fixes and
//! rendering checked).
#![no_main]

use libfuzzer_sys::fuzz_target;
use xxgk_lint::model::Report;
use xxgk_lint_fuzz::{check_cst, check_report, lint_text};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    check_cst(&text);
    check_report(&text, &Report::read(&text));
    lint_text(&text);
});
