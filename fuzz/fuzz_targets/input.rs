//! The input layer on arbitrary bytes under different file names and
//! forced encodings (the text decoder, the web-page reader, the format
//! sniffing): no panic; undecodable bytes are recorded
//! where they are; valid UTF-8 reads as itself; what is read lints.
#![no_main]

use std::path::Path;

use encoding_rs::{BIG5, Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use libfuzzer_sys::fuzz_target;
use xxgk_lint::engine::Lang;
use xxgk_lint::input::{self, Format, decode::MAX_KEPT_BYTES};
use xxgk_lint_fuzz::check_input;

const NAMES: [&str; 8] = [
    "report.txt",
    "report.html",
    "REPORT.HTM",
    "report",
    "report.doc",
    "report.docx",
    "report.pdf",
    "report.md",
];

const ENCODINGS: [Option<&'static Encoding>; 7] = [
    None,
    Some(UTF_8),
    Some(GB18030),
    Some(UTF_16LE),
    Some(UTF_16BE),
    Some(BIG5),
    Some(WINDOWS_1252),
];

fuzz_target!(|data: &[u8]| {
    let [name, encoding, bytes @ ..] = data else {
        return;
    };
    let name = NAMES[usize::from(*name) % NAMES.len()];
    let forced = ENCODINGS[usize::from(*encoding) % ENCODINGS.len()];
    let read = match input::load(Path::new(name), bytes, forced) {
        Ok(read) => read,
        Err(error) => {
            let _ = error.localized(Lang::En);
            let _ = error.localized(Lang::Zh);
            return;
        }
    };
    for error in &read.decode_errors {
        assert!(
            error.offset + error.len <= bytes.len(),
            "decode error past the end"
        );
        let kept = error.len.min(MAX_KEPT_BYTES);
        assert_eq!(
            error.bytes,
            bytes[error.offset..error.offset + kept],
            "decode error bytes"
        );
    }
    if read.format == Format::Text
        && forced.is_none()
        && let Ok(text) = std::str::from_utf8(bytes)
        && Encoding::for_bom(bytes).is_none()
    {
        assert_eq!(read.text, text, "valid UTF-8 is read as itself");
    }
    check_input(name, &read);
});
