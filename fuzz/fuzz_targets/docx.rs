//! The input layer on arbitrary bytes named `.docx` (the zip and Word XML
//! reader, seeded with real documents): no panic, a read document's text
//! and locations are consistent and lint; otherwise a refusal that renders.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use xxgk_lint::engine::Lang;
use xxgk_lint::input;
use xxgk_lint_fuzz::check_input;

fuzz_target!(|data: &[u8]| {
    match input::load(Path::new("report.docx"), data, None) {
        Ok(read) => check_input("report.docx", &read),
        Err(error) => {
            let _ = error.localized(Lang::En);
            let _ = error.localized(Lang::Zh);
        }
    }
});
