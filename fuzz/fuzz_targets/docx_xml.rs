//! The Word XML reader on arbitrary `word/document.xml` content, stored in
//! a well-formed zip (so mutations reach the XML instead of failing the
//! zip's checksums): the document reads, or is refused as damaged (never
//! as "not a Word document"); a read document's text is consistent and
//! lints.
#![no_main]

use std::io::{Cursor, Write as _};
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use xxgk_lint::input::{self, Format, InputError};
use xxgk_lint_fuzz::check_input;
use zip::write::SimpleFileOptions;

fn docx(document: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("word/document.xml", options)
        .expect("in memory");
    zip.write_all(document).expect("in memory");
    zip.finish().expect("in memory").into_inner()
}

fuzz_target!(|data: &[u8]| {
    let bytes = docx(data);
    match input::load(Path::new("report.docx"), &bytes, None) {
        Ok(read) => {
            assert_eq!(read.format, Format::Docx);
            check_input("report.docx", &read);
        }
        Err(InputError::Docx { .. }) => {}
        Err(other) => panic!("a zip with word/document.xml refused as {other:?}"),
    }
});
