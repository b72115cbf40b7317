//! The report reader on arbitrary text: the grammar's lossless CST, and a
//! full lint with the built-in national packs, which reads the model
//! (every span of the model, and every finding's span, order, fixes and
//! rendering checked).
#![no_main]

use libfuzzer_sys::fuzz_target;
use xxgk_lint_fuzz::{check_cst, lint_text};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    check_cst(&text);
    lint_text(&text);
});
