//! `doubled-word`: a word written twice in a row (`行政行政诉讼`), a common
//! slip of editing. Looks for a run of 2–4 Han characters immediately
//! repeated, in the prose (tables are skipped). A word repeated more than
//! twice is one finding over the whole run, and the word is its shortest
//! period (`行政行政行政` is `行政` three times).
//!
//! Parameters:
//! - `allow`: words whose doubling is legitimate (`研究研究`); defaults
//!   cover common reduplications.
//! - `min` / `max`: word length in characters (default 2 and 4).
//!
//! Placeholders: `{word}`, `{text}`.

use serde::Deserialize;

use super::util::prose_ranges;
use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::engine::{Ctx, Finding};

pub struct DoubledWord;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "allowed")]
    allow: Vec<String>,
    #[serde(default = "two")]
    min: usize,
    #[serde(default = "four")]
    max: usize,
}

fn allowed() -> Vec<String> {
    [
        "研究研究",
        "讨论讨论",
        "看一看看",
        "学习学习",
        "商量商量",
        "了解了解",
    ]
    .map(String::from)
    .to_vec()
}
fn two() -> usize {
    2
}
fn four() -> usize {
    4
}

struct Compiled {
    allow: Vec<String>,
    min: usize,
    max: usize,
}

impl Kind for DoubledWord {
    fn name(&self) -> &'static str {
        "doubled-word"
    }

    fn summary(&self) -> &'static str {
        "A word of 2–4 Han characters written twice in a row (行政行政诉讼)."
    }

    fn summary_zh(&self) -> &'static str {
        "两到四个汉字的词连写两遍（行政行政诉讼）。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["word", "text"]
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
        if params.min < 1 || params.max < params.min || params.max > 16 {
            return Err(ParamError::at("max", "need 1 <= min <= max <= 16"));
        }
        Ok(Box::new(Compiled {
            allow: params.allow,
            min: params.min,
            max: params.max,
        }))
    }
}

fn is_han(ch: char) -> bool {
    matches!(ch, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

impl Check for Compiled {
    fn run(&self, cx: &mut Ctx<'_>) {
        for range in prose_ranges(cx.report, cx.text) {
            let chars: Vec<(usize, char)> = cx.text[range.clone()].char_indices().collect();
            let mut i = 0;
            while i < chars.len() {
                // A word starts with a Han character (tested below for every
                // length; testing it once first only saves time).
                if !is_han(chars[i].1) {
                    i += 1;
                    continue;
                }
                let mut found = None;
                for len in (self.min..=self.max).rev() {
                    if i + 2 * len > chars.len() {
                        continue;
                    }
                    // The cheapest necessary condition first.
                    if chars[i].1 != chars[i + len].1 {
                        continue;
                    }
                    let first = &chars[i..i + len];
                    let second = &chars[i + len..i + 2 * len];
                    if !first.iter().all(|(_, c)| is_han(*c)) {
                        continue;
                    }
                    if first.iter().zip(second).any(|((_, a), (_, b))| a != b) {
                        continue;
                    }
                    // 一一, 常常: one character repeated is reduplication.
                    if first.iter().all(|(_, c)| *c == first[0].1) {
                        continue;
                    }
                    found = Some(len);
                    break;
                }
                let Some(found) = found else {
                    i += 1;
                    continue;
                };
                // The word is its shortest period (行政行政行政行政 is 行政
                // four times), and a run of repeats is one finding.
                let len = (1..=found)
                    .find(|&period| {
                        found % period == 0
                            && chars[i..i + found]
                                .iter()
                                .zip(&chars[i + period..i + found])
                                .all(|((_, a), (_, b))| a == b)
                    })
                    .filter(|&period| period >= self.min)
                    .unwrap_or(found);
                let mut copies = 2;
                while i + (copies + 1) * len <= chars.len()
                    && chars[i..i + len]
                        .iter()
                        .zip(&chars[i + copies * len..i + (copies + 1) * len])
                        .all(|((_, a), (_, b))| a == b)
                {
                    copies += 1;
                }
                let start = range.start + chars[i].0;
                let middle = range.start + chars[i + len].0;
                let end = chars
                    .get(i + copies * len)
                    .map_or(range.end, |(at, _)| range.start + at);
                let word = cx.text[start..middle].to_string();
                let doubled = if copies > 2 {
                    format!("{}…", word.repeat(3))
                } else {
                    cx.text[start..end].to_string()
                };
                if !self.allow.contains(&doubled) {
                    cx.emit(Finding {
                        span: start..end,
                        args: vec![("word", word.clone()), ("text", doubled)],
                        fix: Some(Fix {
                            message: format!("{}“{word}”", cx.tr("只保留一个", "keep one ")),
                            edits: vec![Edit {
                                span: middle..end,
                                replacement: String::new(),
                            }],
                            applicability: Applicability::Unsafe,
                        }),
                        ..Finding::default()
                    });
                }
                i += copies * len;
            }
        }
    }
}
