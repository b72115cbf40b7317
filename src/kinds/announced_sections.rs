//! `announced-sections`: the introduction that announces the report's parts
//! ("本报告包括……等五个部分") must announce the official number of parts.
//!
//! Parameters:
//! - `expected`: the number of parts (default 6).
//!
//! Placeholders: `{count}` (announced), `{expected}`, `{text}` (the words).

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::engine::{Ctx, Finding};

pub struct AnnouncedSections;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "six")]
    expected: u32,
}

fn six() -> u32 {
    6
}

struct Compiled {
    expected: u32,
}

static ANNOUNCEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:包括|包含|分为|由|内容为|内容包括)[^。]{0,160}?(?P<count>[一二三四五六七八九十两]|\d{1,2})\s*(?:个)?\s*(?:部分|方面)")
        .expect("valid regex")
});

fn chinese_count(text: &str) -> Option<u32> {
    Some(match text {
        "一" => 1,
        "二" | "两" => 2,
        "三" => 3,
        "四" => 4,
        "五" => 5,
        "六" => 6,
        "七" => 7,
        "八" => 8,
        "九" => 9,
        "十" => 10,
        digits => digits.parse().ok()?,
    })
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
        &["count", "expected", "text"]
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
        let Some(count) = chinese_count(count_match.as_str()) else {
            return;
        };
        if count == self.expected {
            return;
        }
        let whole = found.get(0).map_or(count_match.range(), |m| m.range());
        cx.emit(Finding {
            span: count_match.start()..whole.end,
            args: vec![
                ("count", count.to_string()),
                ("expected", self.expected.to_string()),
                ("text", cx.text[count_match.start()..whole.end].to_string()),
            ],
            ..Finding::default()
        });
    }
}
