//! Label normalisation: the one place that decides when two pieces of text
//! "say the same label". Whitespace and line breaks are removed, full-width
//! forms folded to half width, traditional characters converted to
//! simplified, pinyin glosses of mirror sites dropped, and `1、` / `1．` / `1.`
//! made equal.

use std::sync::LazyLock;

use regex::Regex;

/// The characters `fast2s::convert` may change (its table's traditional
/// characters and those it converts by context), one bit per code point
/// of the Basic Multilingual Plane: text without any of them is converted
/// to itself, so the conversion is skipped.
static CONVERTIBLE: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut bits = vec![0u64; 0x10000 / 64];
    for c in include_str!("t2s_chars.txt").chars() {
        let code = c as usize;
        if c != '\n' && code < 0x10000 {
            bits[code / 64] |= 1 << (code % 64);
        }
    }
    bits
});

/// Whether `fast2s::convert` may change `c` (see [`CONVERTIBLE`]).
#[must_use]
pub fn may_convert(c: char) -> bool {
    let code = c as usize;
    (0x3400..0x10000).contains(&code) && CONVERTIBLE[code / 64] >> (code % 64) & 1 == 1
}

/// Normalises `text` for label comparison.
#[must_use]
pub fn normalize(text: &str) -> String {
    let simplified;
    let text = if text.chars().any(may_convert) {
        simplified = fast2s::convert(text);
        simplified.as_str()
    } else {
        text
    };
    let mut out = String::with_capacity(text.len());
    let mut previous = '\0';
    for ch in text.chars() {
        let folded = match ch {
            c if c.is_whitespace() => continue,
            '\u{200b}' | '\u{feff}' => continue,
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(ch as u32 - 0xfee0).unwrap_or(ch),
            '“' | '”' | '„' | '〝' | '〞' => '"',
            '‘' | '’' => '\'',
            '—' | '−' | '–' => '-',
            '、' if previous.is_ascii_digit() => '.',
            '〇' | '○' => '〇',
            c => c,
        };
        out.push(folded);
        previous = folded;
    }
    if out.contains('(') {
        static PINYIN: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,8}\)").expect("valid regex")
        });
        if PINYIN.is_match(&out) {
            out = PINYIN.replace_all(&out, "").into_owned();
        }
    }
    out
}

/// The normalised label without its leading ordinal (`一、`, `(三)`, `1.`).
#[must_use]
pub fn strip_ordinal(normalized: &str) -> &str {
    static ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\([一二三四五六七八九十0-9]{1,3}\)|第?[一二三四五六七八九十]{1,3}[、.]|[0-9]{1,2}\.)")
            .expect("valid regex")
    });
    match ORDINAL.find(normalized) {
        Some(found) => &normalized[found.end()..],
        None => normalized,
    }
}

/// Splits a trailing parenthesised annotation off a normalised label:
/// `规章(设区的市…应提供相关数据)` → (`规章`, annotation).
#[must_use]
pub fn strip_annotation(normalized: &str) -> Option<&str> {
    if !normalized.ends_with(')') {
        return None;
    }
    // Find the `(` that opens the final group.
    let mut depth = 0usize;
    for (at, ch) in normalized.char_indices().rev() {
        match ch {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    let head = &normalized[..at];
                    return (!head.is_empty()).then_some(head);
                }
            }
            _ => {}
        }
    }
    None
}

/// Number of characters of a string.
#[must_use]
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_whitespace_and_ordinals() {
        assert_eq!(normalize("（一）予以公开"), "(一)予以公开");
        assert_eq!(normalize("4.保护第三方合法权\n益"), "4.保护第三方合法权益");
        assert_eq!(normalize("1、属于国家秘密"), "1.属于国家秘密");
        assert_eq!(normalize("1．属于国家秘密"), "1.属于国家秘密");
        assert_eq!(normalize("本年新\n制作数量"), "本年新制作数量");
        assert_eq!(normalize("商 业 企业"), "商业企业");
        assert_eq!(normalize("\u{3000}规章\u{a0}"), "规章");
    }

    #[test]
    fn converts_traditional_and_drops_pinyin_glosses() {
        assert_eq!(normalize("規章"), "规章");
        assert_eq!(normalize("行政規範性文件"), "行政规范性文件");
        assert_eq!(normalize("區(qū)委"), "区委");
        assert_eq!(
            normalize("上年結轉政府信息公開申請數量"),
            "上年结转政府信息公开申请数量"
        );
        // Simplified text is left alone.
        assert_eq!(
            normalize("其他法律行政法规禁止公开"),
            "其他法律行政法规禁止公开"
        );
    }

    #[test]
    fn characters_outside_the_table_are_not_converted() {
        let mut convertible = 0;
        for code in 0x80..0x10000u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let alone = c.to_string();
            if may_convert(c) {
                convertible += 1;
                continue;
            }
            assert_eq!(fast2s::convert(&alone), alone, "U+{code:04X}");
            // Nor between traditional characters (the conversions by context).
            let between = format!("藉{c}畫");
            assert_eq!(
                fast2s::convert(&between).chars().nth(1),
                Some(c),
                "U+{code:04X}"
            );
        }
        assert!(convertible > 2000);
        assert!(may_convert('規') && may_convert('藉') && !may_convert('规'));
    }

    #[test]
    fn strips_ordinals_and_annotations() {
        assert_eq!(strip_ordinal("(七)总计"), "总计");
        assert_eq!(strip_ordinal("三、本年度办理结果"), "本年度办理结果");
        assert_eq!(strip_ordinal("2.重复申请"), "重复申请");
        assert_eq!(strip_ordinal("规章"), "规章");
        assert_eq!(
            strip_annotation("规章(设区的市、自治州人民政府应提供相关数据)"),
            Some("规章")
        );
        assert_eq!(strip_annotation("(七)总计"), None);
        assert_eq!(strip_annotation("(二)"), None);
    }
}
