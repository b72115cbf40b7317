//! `narrative-sum`: a breakdown in the prose whose parts must add up to its
//! total: "共公开政府信息163条，其中机构职能38条、规划计划23条、其他102条".
//!
//! The total is a number with a unit before a marker word (其中); the parts
//! are the numbers with the same unit after it, up to the end of the
//! sentence. Real breakdowns carry more than one total (本年 295 条，累计
//! 497 条) and trailing remarks, so the check is lenient: the breakdown is
//! consistent when any total of the sentence before the marker (or the sum
//! of two) equals the sum of the first k parts (k ≥ 2), with parts after a
//! 累计/历年 word counted against the cumulative total. Only a breakdown
//! with no consistent reading is reported, and not one that is plainly
//! not a full breakdown: parts in another unit than the total (20条、5项),
//! a list of examples (其中主要包括…, …等). The message names each part
//! it added.
//!
//! Parameters:
//! - `markers`: marker words (default 其中).
//! - `units`: units (default 条 件 个 篇 项 次).
//!
//! Placeholders: `{total}`, `{sum}`, `{parts}`, `{unit}`.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::util::{prose_ranges, sentences};
use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::diagnostic::Label;
use crate::engine::{Ctx, Finding};

pub struct NarrativeSum;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "markers")]
    markers: Vec<String>,
    #[serde(default = "units")]
    units: Vec<String>,
}

fn markers() -> Vec<String> {
    vec!["其中".into()]
}
fn units() -> Vec<String> {
    ["条", "件", "个", "篇", "项", "次"]
        .map(String::from)
        .to_vec()
}

struct Compiled {
    markers: Vec<String>,
    number: Regex,
}

static CUMULATIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("累计|历年|累积").expect("valid regex"));

impl Kind for NarrativeSum {
    fn name(&self) -> &'static str {
        "narrative-sum"
    }

    fn summary(&self) -> &'static str {
        "A breakdown in the prose (共N条，其中a条、b条…) whose parts do not add up to its total."
    }

    fn summary_zh(&self) -> &'static str {
        "正文中的分项说明（共N条，其中a条、b条……）各项之和与总数不符。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["total", "sum", "parts", "unit"]
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
        if params.units.is_empty() || params.markers.is_empty() {
            return Err(ParamError::new("`units` and `markers` must not be empty"));
        }
        let units: Vec<String> = params
            .units
            .iter()
            .map(|unit| regex::escape(unit))
            .collect();
        let number = super::util::regex(&format!(r"(\d+)\s*(?P<unit>{})", units.join("|")), None)
            .map_err(|error| ParamError::at("units", error.to_string()))?;
        Ok(Box::new(Compiled {
            markers: params.markers,
            number,
        }))
    }
}

/// A number with its unit and span.
struct Count {
    value: u64,
    unit: String,
    span: std::ops::Range<usize>,
    cumulative: bool,
}

impl Compiled {
    fn counts(&self, text: &str, range: std::ops::Range<usize>) -> Vec<Count> {
        let slice = &text[range.clone()];
        self.number
            .captures_iter(slice)
            .filter_map(|captures| {
                let whole = captures.get(0)?;
                let value: u64 = captures.get(1)?.as_str().parse().ok()?;
                // 累计18条: the clause (since the last comma) says cumulative.
                let clause_start = slice[..whole.start()]
                    .rfind(['，', ',', '、', '；', ';', '：', ':'])
                    .map_or(0, |at| at);
                let cumulative = CUMULATIVE.is_match(&slice[clause_start..whole.start()]);
                Some(Count {
                    value,
                    unit: captures.name("unit")?.as_str().to_string(),
                    span: range.start + whole.start()..range.start + whole.end(),
                    cumulative,
                })
            })
            .collect()
    }
}

impl Check for Compiled {
    fn run(&self, cx: &mut Ctx<'_>) {
        let text = cx.text;
        for range in prose_ranges(cx.report, text) {
            let list = sentences(text, range);
            for (at, sentence) in list.iter().enumerate() {
                let slice = &text[sentence.clone()];
                let Some((marker_at, marker)) = self
                    .markers
                    .iter()
                    .filter_map(|marker| slice.find(marker.as_str()).map(|at| (at, marker)))
                    .min_by_key(|(at, _)| *at)
                else {
                    continue;
                };
                let marker_abs = sentence.start + marker_at;
                // Totals: before the marker in this sentence, or in the
                // previous one when the marker opens the sentence.
                let mut totals = self.counts(text, sentence.start..marker_abs);
                if totals.is_empty() && at > 0 {
                    totals = self.counts(text, list[at - 1].clone());
                }
                let after_marker = marker_abs + marker.len();
                let parts = self.counts(text, after_marker..sentence.end);
                let Some(total) = totals.last() else { continue };
                let unit = total.unit.clone();
                // Parts in another unit (项 among 条): not one breakdown.
                if parts.iter().any(|part| part.unit != unit) {
                    continue;
                }
                // 其中主要包括…: examples, not every part.
                let opening = text[after_marker..sentence.end]
                    .trim_start_matches(['：', ':', '，', ',', ' ']);
                if ["主要", "包括", "如", "例如", "比如", "重点"]
                    .iter()
                    .any(|word| opening.starts_with(word))
                {
                    continue;
                }
                let parts: Vec<&Count> = parts.iter().collect();
                if parts.len() < 2 {
                    continue;
                }
                let totals: Vec<&Count> = totals.iter().filter(|t| t.unit == unit).collect();
                if consistent(&totals, &parts) {
                    continue;
                }
                // 其中……11条等: the list gives examples, not every part.
                let last_part = parts.last().map_or(sentence.end, |part| part.span.end);
                let tail = &text[last_part..sentence.end];
                if tail.starts_with('等')
                    || tail.contains("等。")
                    || tail.contains("等，")
                    || tail.contains("等方面")
                {
                    continue;
                }
                let main: Vec<&Count> = parts.iter().copied().filter(|p| !p.cumulative).collect();
                let sum: u64 = main.iter().map(|p| p.value).sum();
                let total = totals
                    .iter()
                    .rev()
                    .find(|t| !t.cumulative)
                    .copied()
                    .unwrap_or(total);
                cx.emit(Finding {
                    span: total.span.clone(),
                    label: Some(format!("{} {}{unit}", cx.tr("总数", "total"), total.value)),
                    labels: main
                        .iter()
                        .map(|part| Label {
                            span: part.span.clone(),
                            message: String::new(),
                        })
                        .collect(),
                    args: vec![
                        ("total", total.value.to_string()),
                        ("sum", sum.to_string()),
                        (
                            "parts",
                            main.iter()
                                .map(|p| format!("{}{}", part_name(text, after_marker, p), p.value))
                                .collect::<Vec<_>>()
                                .join(" + "),
                        ),
                        ("unit", unit.clone()),
                    ],
                    ..Finding::default()
                });
            }
        }
    }
}

/// The name a part is given: the words between the separator before it
/// and its number (`规划计划` of `、规划计划23条`), at most 16 characters.
fn part_name(text: &str, from: usize, part: &Count) -> String {
    let before = &text[from..part.span.start];
    let start = before
        .rfind(['、', '，', ',', '；', ';', '：', ':'])
        .map_or(0, |at| {
            at + before[at..].chars().next().map_or(1, char::len_utf8)
        });
    let name = before[start..].trim();
    let chars: Vec<char> = name.chars().collect();
    chars[chars.len().saturating_sub(16)..].iter().collect()
}

/// Whether some total equals some prefix sum of the parts (per kind:
/// cumulative parts against cumulative totals).
fn consistent(totals: &[&Count], parts: &[&Count]) -> bool {
    let mut candidates: Vec<(bool, u64)> = totals.iter().map(|t| (t.cumulative, t.value)).collect();
    for (i, a) in totals.iter().enumerate() {
        for b in &totals[i + 1..] {
            candidates.push((a.cumulative && b.cumulative, a.value + b.value));
        }
    }
    for cumulative in [false, true] {
        let chosen: Vec<u64> = parts
            .iter()
            .filter(|p| p.cumulative == cumulative)
            .map(|p| p.value)
            .collect();
        if chosen.is_empty() {
            continue;
        }
        let mut sum = 0;
        for (k, value) in chosen.iter().enumerate() {
            sum += value;
            if (k >= 1 || chosen.len() == 1) && candidates.iter().any(|(_, total)| *total == sum) {
                return true;
            }
        }
    }
    // All parts of the main reading are cumulative and nothing matched, or
    // the main reading has a single part: nothing to compare confidently.
    parts.iter().filter(|p| !p.cumulative).count() < 2
}
