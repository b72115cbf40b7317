//! `announced-sections`: the introduction that announces the report's parts
//! ("本报告包括……等五个部分") must announce the official number of parts.
//!
//! Parameters:
//! - `check`: `count` (default): the announced number is not `expected`;
//!   `listed`: the sentence announces `expected` parts but names fewer or
//!   more (its items, told apart by the sections' titles, variants and
//!   keywords): "……六个部分" after naming five.
//! - `expected`: the number of parts (default 6).
//!
//! Placeholders: `{count}` (announced), `{expected}`, `{text}` (the words),
//! `{listed}` (the number of parts named), `{names}` (the parts named).

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::engine::{Ctx, Finding};
use crate::model::normalize::normalize;

pub struct AnnouncedSections;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    check: Mode,
    #[serde(default = "six")]
    expected: u32,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Mode {
    /// The announced number is not the official one.
    #[default]
    Count,
    /// The parts named are not as many as announced.
    Listed,
}

fn six() -> u32 {
    6
}

struct Compiled {
    mode: Mode,
    expected: u32,
}

static ANNOUNCEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:包括|包含|分为|由|内容为|内容包括)[^。]{0,160}?(?P<count>[一二三四五六七八九十两]|\d{1,2})\s*(?:个)?\s*(?:部分|方面)")
        .expect("valid regex")
});

/// The parts a list names (`包括总体情况、主动公开情况……等`): its items
/// between 、，；, an item that names two sections (`存在的问题和其他事项`)
/// counting twice and neighbouring items of one section
/// (`行政复议、行政诉讼情况`) once; an item that names no section is a
/// part all the same (`公开的内容`).
fn named_parts(list: &str) -> Vec<String> {
    let sections = &crate::template::builtin_sections().sections;
    let list = list
        .trim_start_matches(|c: char| "包括含分为由内容：:".contains(c))
        .trim_end_matches(|c: char| "等共这以上计 ".contains(c));
    let mut parts: Vec<(Vec<usize>, String)> = Vec::new();
    for item in list.split(['、', '，', ',', '；', ';']) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let norm = normalize(item);
        let matched: Vec<usize> = sections
            .iter()
            .enumerate()
            .filter(|(_, section)| {
                std::iter::once(&section.title)
                    .chain(&section.variants)
                    .chain(&section.keywords)
                    .any(|words| norm.contains(normalize(words).as_str()))
            })
            .map(|(at, _)| at)
            .collect();
        match parts.last_mut() {
            Some((last, text)) if matched.len() == 1 && *last == matched => {
                text.push('、');
                text.push_str(item);
            }
            _ => parts.push((matched, item.to_string())),
        }
    }
    parts
        .into_iter()
        .flat_map(|(matched, text)| {
            if matched.len() > 1 {
                matched
                    .iter()
                    .map(|at| sections[*at].title.clone())
                    .collect::<Vec<_>>()
            } else {
                vec![text]
            }
        })
        .collect()
}

impl Kind for AnnouncedSections {
    fn name(&self) -> &'static str {
        "announced-sections"
    }

    fn summary(&self) -> &'static str {
        "The introduction that announces the report's parts (本报告包括……几个部分) must announce the official number."
    }

    fn summary_zh(&self) -> &'static str {
        "引言中说明报告组成的句子（本报告包括……几个部分）须说明规定的部分数。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["count", "expected", "text", "listed", "names"]
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
        Ok(Box::new(Compiled {
            mode: params.check,
            expected: params.expected,
        }))
    }
}

impl Check for Compiled {
    fn run(&self, cx: &mut Ctx<'_>) {
        // The announcement is in the introduction or the first section.
        let end = cx
            .report
            .sections
            .iter()
            .find(|section| section.position >= 1)
            .map_or(cx.text.len().min(6000), |section| section.heading.start);
        let end = crate::source::floor_char_boundary(cx.text, end);
        let Some(found) = ANNOUNCEMENT.captures(&cx.text[..end]) else {
            return;
        };
        let Some(count_match) = found.name("count") else {
            return;
        };
        let Some(count) = crate::model::numerals::small(count_match.as_str()) else {
            return;
        };
        let whole = found.get(0).map_or(count_match.range(), |m| m.range());
        let mut args = vec![
            ("count", count.to_string()),
            ("expected", self.expected.to_string()),
            ("text", cx.text[count_match.start()..whole.end].to_string()),
        ];
        match self.mode {
            Mode::Count => {
                if count == self.expected {
                    return;
                }
            }
            Mode::Listed => {
                // Another number than the format's is `count`'s finding.
                if count != self.expected {
                    return;
                }
                let names = named_parts(&cx.text[whole.start..count_match.start()]);
                // A sentence that names no part only counts them.
                if names.is_empty() || names.len() == count as usize {
                    return;
                }
                args.push(("listed", names.len().to_string()));
                args.push(("names", cx.lang.join(&names)));
            }
        }
        cx.emit(Finding {
            span: count_match.start()..whole.end,
            args,
            ..Finding::default()
        });
    }
}
