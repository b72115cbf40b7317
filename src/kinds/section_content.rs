//! `section-content`: what a section must say.
//!
//! Parameters:
//! - `section`: section key (required).
//! - `check`: `not-empty` (the section has real content, not just 无) or
//!   `topics` (every topic is mentioned).
//! - `min_chars`: for `not-empty`, the fewest characters of content
//!   (default 8); `empty_words`: contents that count as empty
//!   (default 无, 暂无, 无。).
//! - `topics`: for `topics`, a list of topics, each a list of accepted
//!   words (any one suffices).
//!
//! A section the text stops in (a copy cut off) is not checked, nor the
//! topics of a section whose body stops in mid-sentence.
//!
//! Placeholders: `{section}` (heading as written), `{missing}` (the topics
//! not mentioned), `{count}`.

use serde::Deserialize;

use super::util::quote_list;
use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::engine::{Ctx, Finding};
use crate::model::normalize::{char_len, normalize};

pub struct SectionContent;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    section: String,
    check: Mode,
    #[serde(default = "eight")]
    min_chars: usize,
    #[serde(default = "empty_words")]
    empty_words: Vec<String>,
    #[serde(default)]
    topics: Vec<Vec<String>>,
}

#[derive(Clone, Copy, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Mode {
    NotEmpty,
    Topics,
}

fn eight() -> usize {
    8
}

fn empty_words() -> Vec<String> {
    ["无", "暂无", "无。", "暂无。", "无其他需要报告的事项"]
        .map(String::from)
        .to_vec()
}

struct Compiled {
    params: Params,
}

impl Kind for SectionContent {
    fn name(&self) -> &'static str {
        "section-content"
    }

    fn summary(&self) -> &'static str {
        "What a section must contain: real content (not just 无), or every listed topic."
    }

    fn summary_zh(&self) -> &'static str {
        "某一部分须包含的内容：实际内容（不只是“无”），或列出的每一项主题。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["section", "missing", "count"]
    }

    fn params_schema(&self) -> schemars::Schema {
        schemars::schema_for!(Params)
    }

    fn compile(
        &self,
        table: &toml::Table,
        _env: &CompileEnv<'_>,
    ) -> Result<Box<dyn Check>, ParamError> {
        let params: Params = params(table)?;
        if super::util::section_position(&params.section).is_none() {
            return Err(ParamError::at(
                "section",
                format!("unknown section key `{}`", params.section),
            ));
        }
        if params.check == Mode::Topics && params.topics.is_empty() {
            return Err(ParamError::at(
                "topics",
                "`topics` must list at least one topic",
            ));
        }
        Ok(Box::new(Compiled { params }))
    }
}

impl Check for Compiled {
    fn run(&self, cx: &mut Ctx<'_>) {
        let Some(section) = cx.report.section(&self.params.section) else {
            return;
        };
        // A section the text stops in has content that cannot be seen.
        if cx
            .report
            .cut_within(&(section.heading.start..section.body.end))
        {
            return;
        }
        let raw = &cx.text[section.body.clone()];
        // The normalised body, made only when the raw text cannot answer
        // (an overview can be most of a long report).
        let normalized = std::cell::OnceCell::new();
        let body = || normalized.get_or_init(|| normalize(raw)).as_str();
        match self.params.check {
            Mode::NotEmpty => {
                // A body whose normalised length rules out emptiness.
                let long = normalized_length(raw).is_some_and(|length| {
                    length >= self.params.min_chars
                        && self
                            .params
                            .empty_words
                            .iter()
                            .all(|word| char_len(&normalize(word)) != length)
                });
                if long {
                    return;
                }
                let body = body();
                let empty = char_len(body) < self.params.min_chars
                    || self
                        .params
                        .empty_words
                        .iter()
                        .any(|word| normalize(word) == body);
                if empty {
                    cx.emit(Finding {
                        span: section.heading.clone(),
                        args: vec![
                            ("section", section.title.clone()),
                            ("count", char_len(body).to_string()),
                        ],
                        ..Finding::default()
                    });
                }
            }
            Mode::Topics => {
                // A body whose last line stops mid-sentence was cut (a
                // mirror that keeps each section's opening): its topics
                // cannot all be seen.
                let last = cx
                    .report
                    .lines
                    .iter()
                    .rev()
                    .filter(|line| line.span.start >= section.body.start)
                    .filter(|line| line.span.end <= section.body.end)
                    .find(|line| !line.is_blank());
                if last.is_some_and(|line| {
                    line.kind == crate::model::LineKind::Text
                        && char_len(&cx.text[line.trimmed_span()]) >= 20
                        && crate::model::ending::ends_mid_sentence(cx.text, line)
                }) {
                    return;
                }
                let missing: Vec<String> = self
                    .params
                    .topics
                    .iter()
                    .filter(|words| {
                        !words.iter().any(|word| {
                            let word = normalize(word);
                            found_raw(raw, &word) || body().contains(&word)
                        })
                    })
                    .filter_map(|words| words.first().cloned())
                    .collect();
                if !missing.is_empty() {
                    cx.emit(Finding {
                        span: section.heading.clone(),
                        args: vec![
                            ("section", section.title.clone()),
                            ("missing", quote_list(cx.lang, &missing, 8)),
                            ("count", missing.len().to_string()),
                        ],
                        ..Finding::default()
                    });
                }
            }
        }
    }
}

/// The length in characters of `normalize(raw)`, when it is known without
/// normalising: without brackets (no pinyin gloss to drop) normalising
/// removes only whitespace and maps the other characters one to one.
fn normalized_length(raw: &str) -> Option<usize> {
    if raw.contains(['(', '（']) {
        return None;
    }
    Some(
        raw.chars()
            .filter(|c| !(c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}')))
            .count(),
    )
}

/// Whether `needle` (a normalised word of Han characters) occurs in
/// `normalize(raw)`, decided on the raw text: an occurrence that the
/// traditional-to-simplified conversion leaves unchanged (converted with
/// its real neighbours, as in the whole text) stays in the normalised
/// text, since folding, whitespace removal and pinyin glosses do not touch
/// Han characters. `false` means "not decided here".
fn found_raw(raw: &str, needle: &str) -> bool {
    let is_han = |c: char| matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}');
    if needle.is_empty() || !needle.chars().all(is_han) {
        return false;
    }
    let length = needle.chars().count();
    raw.match_indices(needle).any(|(at, _)| {
        let start = raw[..at].char_indices().next_back().map_or(at, |(i, _)| i);
        let after = at + needle.len();
        let end = raw[after..]
            .chars()
            .next()
            .map_or(after, |c| after + c.len_utf8());
        fast2s::convert(&raw[start..end])
            .chars()
            .skip(usize::from(start < at))
            .take(length)
            .eq(needle.chars())
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Pieces of text that normalising changes: traditional forms, words
    /// converted only next to certain neighbours, whitespace, pinyin
    /// glosses, full-width and enumeration punctuation.
    const PIECES: &[&str] = &[
        "主动", "公开", "主動", "公開", "平台", "平臺", "乾", "隆", "坤", "藉", "口", "著", "看",
        "借", " ", "\n", "\u{3000}", "\u{200b}", "(", "（", "zhǔ", "dòng", ")", "）", "、", "1",
        "，", "。", "无",
    ];

    proptest! {
        #[test]
        fn raw_answers_agree_with_normalising(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 0..24),
            word in prop::sample::select(&["主动公开", "平台", "乾隆", "借口", "看着", "公开"][..]),
        ) {
            let raw: String = pieces.concat();
            let normalized = normalize(&raw);
            if found_raw(&raw, word) {
                prop_assert!(normalized.contains(word), "{raw:?} → {normalized:?}");
            }
            if let Some(length) = normalized_length(&raw) {
                prop_assert_eq!(length, char_len(&normalized), "{:?}", raw);
            }
        }
    }

    #[test]
    fn raw_text_decides_the_common_cases() {
        assert!(found_raw("全年主动公开政府信息。", "主动公开"));
        // Traditional text and split words are left to normalising.
        assert!(!found_raw("全年主動公開政府信息。", "主动公开"));
        assert!(!found_raw("全年主动\n公开政府信息。", "主动公开"));
        assert_eq!(normalized_length("无 。\n"), Some(2));
        assert_eq!(normalized_length("區(qū)委"), None);
    }
}
