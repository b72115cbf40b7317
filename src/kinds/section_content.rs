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
        let body = normalize(&cx.text[section.body.clone()]);
        match self.params.check {
            Mode::NotEmpty => {
                let empty = char_len(&body) < self.params.min_chars
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
                            ("count", char_len(&body).to_string()),
                        ],
                        ..Finding::default()
                    });
                }
            }
            Mode::Topics => {
                let missing: Vec<String> = self
                    .params
                    .topics
                    .iter()
                    .filter(|words| !words.iter().any(|word| body.contains(&normalize(word))))
                    .filter_map(|words| words.first().cloned())
                    .collect();
                if !missing.is_empty() {
                    cx.emit(Finding {
                        span: section.heading.clone(),
                        args: vec![
                            ("section", section.title.clone()),
                            ("missing", quote_list(&missing, 8)),
                            ("count", missing.len().to_string()),
                        ],
                        ..Finding::default()
                    });
                }
            }
        }
    }
}
