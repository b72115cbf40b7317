//! The input layer: a report file's bytes → the text the reader parses.
//!
//! Plain text is decoded (UTF-8 with or without BOM, UTF-16 with BOM,
//! GB18030/GBK, or a forced encoding); a Word `.docx` and a saved web page
//! (`.html`, `.htm`) are read into paragraphs and tables and rendered as
//! text in which every table row is one line of TAB-separated cells. Old
//! binary Word files, PDF and other formats are refused with an
//! [`InputError`] that says what to do.
//!
//! The module takes bytes and does no IO (the CLI and the language server
//! read the files).
//!
//! **Invariant:** loading never panics and never fails on text: bytes that
//! cannot be decoded become U+FFFD and are recorded in
//! [`Input::decode_errors`] (rule GK004 reports them).

pub mod decode;
pub mod document;
pub mod docx;
pub mod html;

use std::path::Path;

use encoding_rs::{Encoding, UTF_8};
use thiserror::Error;

pub use decode::{DecodeError, EncodingSource};
pub use document::LocationMap;

use crate::diagnostic::{Diagnostic, Location, Place};
use crate::engine::Lang;

/// The format a file was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Docx,
    Html,
}

impl Format {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Docx => "docx",
            Format::Html => "html",
        }
    }
}

/// The line endings of a text file (what a fix must write back).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEnding {
    /// No line break at all.
    None,
    Lf,
    CrLf,
    Cr,
    /// More than one kind.
    Mixed,
}

impl LineEnding {
    /// The line endings used in `text`.
    #[must_use]
    pub fn of(text: &str) -> LineEnding {
        let bytes = text.as_bytes();
        let (mut lf, mut crlf, mut cr) = (0usize, 0usize, 0usize);
        let mut at = 0;
        while at < bytes.len() {
            match bytes[at] {
                b'\r' if bytes.get(at + 1) == Some(&b'\n') => {
                    crlf += 1;
                    at += 1;
                }
                b'\r' => cr += 1,
                b'\n' => lf += 1,
                _ => {}
            }
            at += 1;
        }
        match (lf > 0, crlf > 0, cr > 0) {
            (false, false, false) => LineEnding::None,
            (true, false, false) => LineEnding::Lf,
            (false, true, false) => LineEnding::CrLf,
            (false, false, true) => LineEnding::Cr,
            _ => LineEnding::Mixed,
        }
    }
}

/// A report file, read.
#[derive(Clone, Debug)]
pub struct Input {
    /// The text the reader parses and diagnostics point into: the decoded
    /// file for text, the extracted text for `.docx` and `.html`.
    pub text: String,
    pub format: Format,
    /// The encoding of the file (of the page for `.html`; UTF-8 for
    /// `.docx`, whose XML carries its own).
    pub encoding: &'static Encoding,
    pub encoding_source: EncodingSource,
    /// Whether the file starts with a byte order mark.
    pub bom: bool,
    /// The line endings of the text.
    pub line_ending: LineEnding,
    /// Bytes that could not be decoded (U+FFFD in `text`).
    pub decode_errors: Vec<DecodeError>,
    /// For `.docx` and `.html`: which paragraph or table cell each part of
    /// `text` comes from. Empty for text.
    pub locations: LocationMap,
}

impl Input {
    /// A text given as is (an editor buffer, a test): UTF-8, nothing to
    /// locate.
    #[must_use]
    pub fn from_text(text: String) -> Input {
        Input {
            line_ending: LineEnding::of(&text),
            text,
            format: Format::Text,
            encoding: UTF_8,
            encoding_source: EncodingSource::Detected,
            bom: false,
            decode_errors: Vec::new(),
            locations: LocationMap::default(),
        }
    }

    /// The document place of byte `offset` of the text (`.docx`, `.html`).
    #[must_use]
    pub fn place(&self, offset: usize) -> Option<Place> {
        self.locations.locate(offset)
    }

    /// Adds the document location to each diagnostic (`.docx`, `.html`).
    pub fn locate(&self, diagnostics: &mut [Diagnostic], lang: Lang) {
        if self.locations.is_empty() {
            return;
        }
        for diagnostic in diagnostics {
            diagnostic.location = self.place(diagnostic.span.start).map(|place| Location {
                place,
                text: place.describe(lang),
            });
        }
    }

    /// The decode error whose replacement characters are at `span`.
    #[must_use]
    pub fn decode_error_at(&self, span: &std::ops::Range<usize>) -> Option<&DecodeError> {
        self.decode_errors
            .iter()
            .find(|error| error.text.start < span.end && span.start < error.text.end)
    }
}

/// A file that is not read.
#[derive(Debug, Error, miette::Diagnostic)]
pub enum InputError {
    #[error("{path}: old binary Word documents (.doc, .wps) are not read")]
    #[diagnostic(
        code(xxgk::input::doc),
        help(
            "open it in Word or WPS and save it as a Word document (.docx), then lint the .docx (a password-protected .docx must be saved without a password)"
        )
    )]
    Doc { path: String },
    #[error("{path}: PDF files are not read")]
    #[diagnostic(
        code(xxgk::input::pdf),
        help(
            "a PDF keeps no table structure; lint the .docx or web page it was made from, or its text"
        )
    )]
    Pdf { path: String },
    #[error("{path}: {format} files are not read")]
    #[diagnostic(
        code(xxgk::input::unsupported),
        help("save the report as a Word document (.docx), a web page (.html) or UTF-8 text")
    )]
    Unsupported { path: String, format: &'static str },
    #[error("{path} is {what}, not a Word document")]
    #[diagnostic(
        code(xxgk::input::not_docx),
        help("a .docx is a zip holding word/document.xml; save the report from Word as .docx")
    )]
    NotDocx {
        path: String,
        what: crate::messages::Text,
    },
    #[error("{path} has {size} bytes or more, over the limit of {limit} bytes; it was not linted")]
    #[diagnostic(
        code(xxgk::input::too_large),
        help(
            "a report is rarely over a few megabytes: check that this is the right file, or raise the limit with --max-file-size"
        )
    )]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("{path}: comments are written into Word documents (.docx) only; this is {format}")]
    #[diagnostic(
        code(xxgk::input::annotate),
        help(
            "lint it with `xxgk-lint check`, or save the report as a Word document (.docx) in Word or WPS and annotate that"
        )
    )]
    NotAnnotatable {
        path: String,
        format: crate::messages::Text,
    },
    #[error("{path}: cannot read the Word document: {reason}")]
    #[diagnostic(
        code(xxgk::input::docx),
        help("open the file in Word and save it again as .docx")
    )]
    Docx { path: String, reason: String },
}

impl InputError {
    /// The file the error is about.
    #[must_use]
    pub fn path(&self) -> &str {
        match self {
            InputError::Doc { path }
            | InputError::Pdf { path }
            | InputError::Unsupported { path, .. }
            | InputError::NotDocx { path, .. }
            | InputError::Docx { path, .. }
            | InputError::NotAnnotatable { path, .. }
            | InputError::TooLarge { path, .. } => path,
        }
    }

    /// The message and help in the user's language (the CLI's rendering).
    #[must_use]
    pub fn localized(&self, lang: Lang) -> miette::MietteDiagnostic {
        use miette::Diagnostic as _;
        let (message, help) = match lang {
            Lang::En => (
                self.to_string(),
                self.help().map(|help| help.to_string()).unwrap_or_default(),
            ),
            Lang::Zh => self.chinese(),
        };
        let code = self.code().map(|code| code.to_string()).unwrap_or_default();
        miette::MietteDiagnostic::new(message)
            .with_code(code)
            .with_help(help)
    }

    fn chinese(&self) -> (String, String) {
        match self {
            InputError::Doc { path } => (
                format!("{path}：不读取旧版 Word 文档（.doc、.wps 二进制格式）"),
                "请用 Word 或 WPS 打开，另存为“Word 文档（*.docx）”后再检查（设有密码的 .docx 须先取消密码）"
                    .to_string(),
            ),
            InputError::Pdf { path } => (
                format!("{path}：不读取 PDF 文件"),
                "PDF 不保留表格结构；请检查生成该 PDF 的 .docx 或网页，或其文本".to_string(),
            ),
            InputError::Unsupported { path, format } => (
                format!("{path}：不读取 {format} 文件"),
                "请将报告另存为 Word 文档（.docx）、网页（.html）或 UTF-8 文本".to_string(),
            ),
            InputError::NotDocx { path, what } => (
                format!("{path} 不是 Word 文档（是 {}）", what.zh),
                ".docx 是包含 word/document.xml 的 zip 文件；请在 Word 中另存为 .docx".to_string(),
            ),
            InputError::Docx { path, reason } => (
                format!("{path}：无法读取 Word 文档（文件不完整或已损坏）：{reason}"),
                "请在 Word 中打开该文件并重新另存为 .docx".to_string(),
            ),
            InputError::NotAnnotatable { path, format } => (
                format!(
                    "{path}：批注只能写入 Word 文档（.docx），此文件是{}",
                    format.zh
                ),
                "请用 xxgk-lint check 检查它，或在 Word 或 WPS 中另存为 Word 文档（.docx）后再批注"
                    .to_string(),
            ),
            InputError::TooLarge { path, size, limit } => (
                format!("{path} 至少有 {size} 字节，超过 {limit} 字节的上限，未检查"),
                "年度报告很少超过几兆字节：请确认文件是否正确，或用 --max-file-size 提高上限"
                    .to_string(),
            ),
        }
    }
}

/// Whether the file at `path` is a web page whatever its name says (Word
/// and WPS save web pages as `.doc`): its first kilobyte is looked at.
#[must_use]
pub fn is_web_page_file(path: &Path) -> bool {
    use std::io::Read as _;
    let mut head = Vec::with_capacity(1024);
    let read = std::fs::File::open(path).and_then(|file| file.take(1024).read_to_end(&mut head));
    read.is_ok() && matches!(sniff(&head, ""), Sniffed::Html)
}

/// Reads a report file given its path (for its extension) and bytes.
/// `forced` overrides the encoding of text and web pages.
///
/// # Errors
/// Formats that are not read (.doc, .pdf, a zip that is not a Word
/// document, a damaged Word document). Text never fails.
pub fn load(
    path: &Path,
    bytes: &[u8],
    forced: Option<&'static Encoding>,
) -> Result<Input, InputError> {
    let display = path.display().to_string();
    let extension = path
        .extension()
        .and_then(|ext| ext.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match sniff(bytes, &extension) {
        Sniffed::Pdf => Err(InputError::Pdf { path: display }),
        Sniffed::Ole => Err(InputError::Doc { path: display }),
        Sniffed::Unsupported(format) => Err(InputError::Unsupported {
            path: display,
            format,
        }),
        Sniffed::Zip => {
            let blocks = docx::read(bytes).map_err(|problem| match problem {
                docx::DocxProblem::NotWord { what } => InputError::NotDocx {
                    path: display.clone(),
                    what,
                },
                docx::DocxProblem::Damaged { reason } => InputError::Docx {
                    path: display.clone(),
                    reason,
                },
            })?;
            let (text, locations) = document::render(&blocks);
            Ok(Input {
                line_ending: LineEnding::of(&text),
                text,
                format: Format::Docx,
                encoding: UTF_8,
                encoding_source: EncodingSource::Declared,
                bom: false,
                decode_errors: Vec::new(),
                locations,
            })
        }
        Sniffed::NotZipDocx => Err(InputError::Docx {
            path: display,
            reason: "the file is not a zip archive".to_string(),
        }),
        Sniffed::Html => {
            let decoded = decode::decode(bytes, forced, html::declared_encoding(bytes));
            let blocks = html::read(&decoded.text);
            let (text, locations) = document::render(&blocks);
            let decode_errors = pair_errors(decoded.errors, &text);
            Ok(Input {
                line_ending: LineEnding::of(&text),
                text,
                format: Format::Html,
                encoding: decoded.encoding,
                encoding_source: decoded.source,
                bom: decoded.bom_len > 0,
                decode_errors,
                locations,
            })
        }
        Sniffed::Text => {
            let decoded = decode::decode(bytes, forced, None);
            Ok(Input {
                line_ending: LineEnding::of(&decoded.text),
                text: decoded.text,
                format: Format::Text,
                encoding: decoded.encoding,
                encoding_source: decoded.source,
                bom: decoded.bom_len > 0,
                decode_errors: decoded.errors,
                locations: LocationMap::default(),
            })
        }
    }
}

/// Why a fixed text cannot be written back over its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum EncodeProblem {
    #[error("only text files are fixed; a {0} document is changed in the program that made it")]
    NotText(&'static str),
    #[error("the file has undecodable bytes, which a rewrite would lose")]
    Undecodable,
    #[error("re-encoding the file in {0} would not reproduce its bytes")]
    NotReproducible(&'static str),
    #[error("the fixed text holds characters that {0} cannot encode")]
    Unmappable(&'static str),
}

/// The bytes of a text file whose text is now `text`: in the file's
/// encoding, with its byte order mark. The file's own text must encode
/// back to exactly its bytes, so that only the changed characters change.
///
/// # Errors
/// When the file cannot be rewritten without changing other bytes: it is
/// not plain text, it has undecodable bytes, its encoding does not give
/// its bytes back, or `text` has characters the encoding lacks.
pub fn encode_like(input: &Input, original: &[u8], text: &str) -> Result<Vec<u8>, EncodeProblem> {
    let name = input.encoding.name();
    if input.format != Format::Text {
        return Err(EncodeProblem::NotText(input.format.as_str()));
    }
    if !input.decode_errors.is_empty() {
        return Err(EncodeProblem::Undecodable);
    }
    let bom_len = if input.bom {
        Encoding::for_bom(original).map_or(0, |(_, len)| len)
    } else {
        0
    };
    let (bom, body) = original.split_at(bom_len);
    if encode_text(input.encoding, &input.text).as_deref() != Some(body) {
        return Err(EncodeProblem::NotReproducible(name));
    }
    let mut bytes = bom.to_vec();
    bytes.extend(encode_text(input.encoding, text).ok_or(EncodeProblem::Unmappable(name))?);
    Ok(bytes)
}

/// `text` in `encoding`; `None` if a character cannot be encoded.
fn encode_text(encoding: &'static Encoding, text: &str) -> Option<Vec<u8>> {
    if encoding == encoding_rs::UTF_16LE {
        return Some(text.encode_utf16().flat_map(u16::to_le_bytes).collect());
    }
    if encoding == encoding_rs::UTF_16BE {
        return Some(text.encode_utf16().flat_map(u16::to_be_bytes).collect());
    }
    let (bytes, used, unmappable) = encoding.encode(text);
    (used == encoding && !unmappable).then(|| bytes.into_owned())
}

/// What the bytes are: magic numbers first, then the extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sniffed {
    Text,
    Html,
    Zip,
    /// Named `.docx` but not a zip.
    NotZipDocx,
    Pdf,
    /// An OLE compound file: `.doc`, `.wps`, or an encrypted `.docx`.
    Ole,
    Unsupported(&'static str),
}

fn sniff(bytes: &[u8], extension: &str) -> Sniffed {
    let head = &bytes[..bytes.len().min(1024)];
    let trimmed = head.trim_ascii_start();
    if trimmed.starts_with(b"%PDF-") {
        return Sniffed::Pdf;
    }
    if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) {
        return Sniffed::Ole;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Sniffed::Zip;
    }
    if trimmed.starts_with(b"{\\rtf") {
        return Sniffed::Unsupported("RTF");
    }
    if bytes.starts_with(b"\x89PNG") || bytes.starts_with(b"\xff\xd8\xff") {
        return Sniffed::Unsupported("image");
    }
    match extension {
        "pdf" => Sniffed::Pdf,
        "docx" | "docm" | "dotx" if !html::looks_like_html(bytes) => Sniffed::NotZipDocx,
        "html" | "htm" | "xhtml" | "shtml" => Sniffed::Html,
        "mht" | "mhtml" => Sniffed::Unsupported("MHTML (.mht)"),
        "ofd" => Sniffed::Unsupported("OFD"),
        // Word and WPS also save web pages under .doc.
        _ if html::looks_like_html(bytes) => Sniffed::Html,
        "doc" | "wps" => Sniffed::Ole,
        _ => Sniffed::Text,
    }
}

/// Gives the decode errors of a web page the places of their replacement
/// characters in the extracted text, pairing them in order when every
/// error made it into the text (errors in dropped markup leave the
/// characters unpaired).
fn pair_errors(errors: Vec<DecodeError>, text: &str) -> Vec<DecodeError> {
    let runs = replacement_runs(text);
    if runs.len() != errors.len() {
        return Vec::new();
    }
    errors
        .into_iter()
        .zip(runs)
        .map(|(error, run)| DecodeError { text: run, ..error })
        .collect()
}

/// The runs of U+FFFD in `text`.
#[must_use]
pub fn replacement_runs(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for (at, _) in text.match_indices('\u{fffd}') {
        match runs.last_mut() {
            Some(run) if run.end == at => run.end = at + '\u{fffd}'.len_utf8(),
            _ => runs.push(at..at + '\u{fffd}'.len_utf8()),
        }
    }
    runs
}

/// The encoding for a user's label (`gb18030`, `gbk`, `utf-8`, `utf-16le`,
/// …), as `--encoding` accepts it.
///
/// # Errors
/// An unknown label.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, String> {
    Encoding::for_label_no_replacement(label.trim().as_bytes()).ok_or_else(|| {
        format!("unknown encoding `{label}` (e.g. utf-8, gb18030, gbk, utf-16le, utf-16be, big5)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_by_content_before_name() {
        assert_eq!(sniff(b"%PDF-1.7\n", "txt"), Sniffed::Pdf);
        assert_eq!(sniff(b"PK\x03\x04rest", "txt"), Sniffed::Zip);
        assert_eq!(
            sniff(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0], "docx"),
            Sniffed::Ole
        );
        assert_eq!(sniff(b"<html><body>", "doc"), Sniffed::Html);
        assert_eq!(sniff(b"binary", "doc"), Sniffed::Ole);
        assert_eq!(
            sniff("一、总体情况".as_bytes(), "docx"),
            Sniffed::NotZipDocx
        );
        assert_eq!(sniff("一、总体情况".as_bytes(), "htm"), Sniffed::Html);
        assert_eq!(sniff("一、总体情况".as_bytes(), ""), Sniffed::Text);
    }

    #[test]
    fn line_endings() {
        assert_eq!(LineEnding::of("a\r\nb\r\n"), LineEnding::CrLf);
        assert_eq!(LineEnding::of("a\nb"), LineEnding::Lf);
        assert_eq!(LineEnding::of("a\rb\nc"), LineEnding::Mixed);
        assert_eq!(LineEnding::of("ab"), LineEnding::None);
    }
}
