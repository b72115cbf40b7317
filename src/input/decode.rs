//! Bytes to text: BOM, declared or forced encoding, and detection between
//! UTF-8 and GB18030 (which also reads GBK and GB2312). Undecodable bytes
//! become U+FFFD and are recorded with their byte offset; decoding never
//! fails.

use std::ops::Range;

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// A run of bytes that could not be decoded, replaced by U+FFFD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The replacement characters in the text (byte range).
    pub text: Range<usize>,
    /// Byte offset of the first undecodable byte in the file.
    pub offset: usize,
    /// Number of undecodable bytes.
    pub len: usize,
    /// The undecodable bytes (at most [`MAX_KEPT_BYTES`]).
    pub bytes: Vec<u8>,
}

/// How many undecodable bytes of one run are kept for the message.
pub const MAX_KEPT_BYTES: usize = 8;

/// Where the encoding came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EncodingSource {
    /// `--encoding`.
    Forced,
    /// A byte order mark.
    Bom,
    /// Declared by the document (`<meta charset>` of a web page, the XML
    /// declaration of a Word part).
    Declared,
    /// Detected from the bytes.
    Detected,
}

/// Decoded text and how it was decoded.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub source: EncodingSource,
    /// Length of the byte order mark at the start of the file (0 if none).
    pub bom_len: usize,
    pub errors: Vec<DecodeError>,
}

/// Decodes `bytes`: a forced encoding wins, then a BOM, then a declared
/// encoding (if the bytes decode cleanly with it), then detection.
#[must_use]
pub fn decode(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
    declared: Option<&'static Encoding>,
) -> Decoded {
    if let Some(encoding) = forced {
        let bom_len = match Encoding::for_bom(bytes) {
            Some((bom_encoding, len)) if bom_encoding == encoding => len,
            _ => 0,
        };
        return decode_with(bytes, bom_len, encoding, EncodingSource::Forced);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(bytes, bom_len, encoding, EncodingSource::Bom);
    }
    let declared = declared.map(|encoding| {
        // A page declaring UTF-16 in an ASCII-compatible meta tag is really
        // UTF-8 (WHATWG "get an encoding" for meta).
        let encoding = if encoding == UTF_16LE || encoding == UTF_16BE {
            UTF_8
        } else {
            encoding
        };
        decode_with(bytes, 0, encoding, EncodingSource::Declared)
    });
    if let Some(declared) = &declared
        && declared.errors.is_empty()
    {
        return declared.clone();
    }
    let detected = detect(bytes);
    match declared {
        Some(declared) if declared.errors.len() <= detected.errors.len() => declared,
        _ => detected,
    }
}

/// Chooses between UTF-8 and GB18030: valid UTF-8 is UTF-8; otherwise the
/// reading with fewer undecodable runs wins (UTF-8 on a tie). Chinese text
/// in one encoding is full of errors when read in the other, so a file
/// with a few damaged bytes is still read in its own encoding.
fn detect(bytes: &[u8]) -> Decoded {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_string(),
            encoding: UTF_8,
            source: EncodingSource::Detected,
            bom_len: 0,
            errors: Vec::new(),
        };
    }
    let utf8 = decode_with(bytes, 0, UTF_8, EncodingSource::Detected);
    let gb18030 = decode_with(bytes, 0, GB18030, EncodingSource::Detected);
    if gb18030.errors.len() < utf8.errors.len() {
        gb18030
    } else {
        utf8
    }
}

/// Decodes `bytes[bom_len..]` with `encoding`, replacing and recording
/// undecodable runs.
#[must_use]
pub fn decode_with(
    bytes: &[u8],
    bom_len: usize,
    encoding: &'static Encoding,
    source: EncodingSource,
) -> Decoded {
    let input = &bytes[bom_len.min(bytes.len())..];
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(input.len() + input.len() / 2);
    let mut errors: Vec<DecodeError> = Vec::new();
    let mut read_total = 0;
    // Decoding goes through a fixed buffer: asking the decoder to write
    // into the growing string directly makes each call cost the size of
    // the rest of the input, which is quadratic on a file of junk bytes.
    let mut chunk = [0u8; 16 * 1024];
    let chunk = std::str::from_utf8_mut(&mut chunk).expect("zero bytes are UTF-8");
    loop {
        let (result, read, written) =
            decoder.decode_to_str_without_replacement(&input[read_total..], chunk, true);
        read_total += read;
        text.push_str(&chunk[..written]);
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(bad, after) => {
                let end = read_total.saturating_sub(usize::from(after));
                let start = end.saturating_sub(usize::from(bad));
                let at = text.len();
                text.push('\u{fffd}');
                match errors.last_mut() {
                    // Adjacent runs are one error.
                    Some(last)
                        if last.text.end == at && last.offset + last.len == bom_len + start =>
                    {
                        last.text.end = text.len();
                        last.len += end - start;
                        let room = MAX_KEPT_BYTES.saturating_sub(last.bytes.len());
                        last.bytes.extend(input[start..end].iter().take(room));
                    }
                    _ => errors.push(DecodeError {
                        text: at..text.len(),
                        offset: bom_len + start,
                        len: end - start,
                        bytes: input[start..end]
                            .iter()
                            .take(MAX_KEPT_BYTES)
                            .copied()
                            .collect(),
                    }),
                }
            }
        }
    }
    Decoded {
        text,
        encoding,
        source,
        bom_len,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "米林县派镇2020年政府信息公开工作年度报告\n一、总体情况\n行政行政诉讼\n";

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode(REPORT.as_bytes(), None, None);
        assert_eq!(
            (plain.text.as_str(), plain.encoding, plain.bom_len),
            (REPORT, UTF_8, 0)
        );
        let mut with_bom = b"\xef\xbb\xbf".to_vec();
        with_bom.extend_from_slice(REPORT.as_bytes());
        let bom = decode(&with_bom, None, None);
        assert_eq!(
            (bom.text.as_str(), bom.source, bom.bom_len),
            (REPORT, EncodingSource::Bom, 3)
        );
    }

    #[test]
    fn gb18030_and_utf16_are_detected() {
        let (gb, _, _) = GB18030.encode(REPORT);
        let read = decode(&gb, None, None);
        assert_eq!(read.encoding, GB18030);
        assert_eq!(read.text, REPORT);
        assert!(read.errors.is_empty());
        let mut utf16 = vec![0xff, 0xfe];
        for unit in REPORT.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let read = decode(&utf16, None, None);
        assert_eq!((read.encoding, read.text.as_str()), (UTF_16LE, REPORT));
    }

    #[test]
    fn undecodable_bytes_are_replaced_and_located() {
        let mut bytes = "一、总体".as_bytes().to_vec();
        let offset = bytes.len();
        bytes.extend_from_slice(b"\xff\xfe");
        bytes.extend_from_slice("情况\n二、".as_bytes());
        bytes.push(0xe4); // truncated at the end
        let read = decode(&bytes, None, None);
        assert_eq!(read.encoding, UTF_8);
        assert_eq!(read.text, "一、总体\u{fffd}\u{fffd}情况\n二、\u{fffd}");
        assert_eq!(read.errors.len(), 2);
        assert_eq!(read.errors[0].offset, offset);
        assert_eq!(read.errors[0].len, 2);
        assert_eq!(read.errors[0].bytes, [0xff, 0xfe]);
        assert_eq!(&read.text[read.errors[0].text.clone()], "\u{fffd}\u{fffd}");
        assert_eq!(read.errors[1].offset, bytes.len() - 1);
    }

    #[test]
    fn gbk_with_a_damaged_byte_stays_gbk() {
        let (mut gb, _, _) = GB18030.encode(REPORT);
        let gb = gb.to_mut();
        gb.insert(12, 0xff);
        let read = decode(gb, None, None);
        assert_eq!(read.encoding, GB18030);
        assert_eq!(read.errors.len(), 1);
        assert_eq!(read.errors[0].offset, 12);
    }

    #[test]
    fn forced_and_declared_encodings() {
        let (gb, _, _) = GB18030.encode(REPORT);
        let forced = decode(&gb, Some(UTF_8), None);
        assert_eq!(forced.source, EncodingSource::Forced);
        assert!(!forced.errors.is_empty());
        // A page declaring UTF-8 that is really GBK is read as GBK.
        let declared = decode(&gb, None, Some(UTF_8));
        assert_eq!(
            (declared.encoding, declared.text.as_str()),
            (GB18030, REPORT)
        );
        let declared = decode(&gb, None, Some(encoding_rs::GBK));
        assert_eq!(declared.source, EncodingSource::Declared);
        assert_eq!(declared.text, REPORT);
    }
}
