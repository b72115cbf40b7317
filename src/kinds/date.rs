//! `date`: the dates of the report against its year and the deadlines.
//!
//! Parameters:
//! - `check`:
//!   - `period-year`: the statistics period lies in another year than the
//!     report (a title of 2020 with a period of 2019: copied from last
//!     year's report);
//!   - `period-range`: the period is not 1 January – 31 December;
//!   - `signed-early`: signed or published on or before 31 December of the
//!     report year;
//!   - `deadline`: published after the statutory deadline of the agency
//!     kind, given as `MM-DD` of the following year by `department`
//!     (default `01-31`), `government` (default `03-31`) and `township`
//!     (default: none — 乡镇 have no statutory date of their own; the
//!     national pack sets `03-31`, later than every statutory deadline);
//!   - `plan-year`: in section `section` (default `problems`), a plan for
//!     "this" year: the report year followed by words of intent;
//!   - `garbled`: a date that lost or gained characters in copying
//!     (`202011日`, `202220年12月31日`); a year that gained digits is
//!     not guessed;
//!   - `impossible`: a date written with 月 and 日 that is not on the
//!     calendar (`2021年2月29日`, `13月1日`, `4月31日`). Dates written with
//!     `-`, `/` or `.` are left alone: out of range, they are more often
//!     not dates at all (a phone or document number).
//! - `plan_words`: for `plan-year`, words of intent (defaults provided).
//!
//! Placeholders: `{year}`, `{next}`, `{date}`, `{text}`, `{found}`,
//! `{deadline}`, `{suggestion}`, `{start}`, `{end}`, `{reason}`; for
//! `garbled` also `{problem}` (缺字, or extra digits in the year) and
//! `{reading}` ("可能是2020年1月1日", or that the year or day cannot be told).

use serde::Deserialize;

use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::engine::{Ctx, Finding};
use crate::model::date::days_in_month;
use crate::model::{AgencyKind, Date, DateForm, DateMention, YearSource};

pub struct DateKind;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    check: Mode,
    #[serde(default = "department_deadline")]
    department: Option<String>,
    #[serde(default = "government_deadline")]
    government: Option<String>,
    #[serde(default)]
    township: Option<String>,
    #[serde(default = "problems")]
    section: String,
    #[serde(default = "plan_words")]
    plan_words: Vec<String>,
}

fn department_deadline() -> Option<String> {
    Some("01-31".into())
}
fn government_deadline() -> Option<String> {
    Some("03-31".into())
}
fn problems() -> String {
    "problems".into()
}
fn plan_words() -> Vec<String> {
    [
        "将",
        "计划",
        "拟",
        "下一步",
        "进一步",
        "改进",
        "加强",
        "努力",
        "着力",
        "持续",
        "以下方面",
    ]
    .map(String::from)
    .to_vec()
}

#[derive(Clone, Copy, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Mode {
    PeriodYear,
    PeriodRange,
    SignedEarly,
    Deadline,
    PlanYear,
    Garbled,
    Impossible,
}

struct Compiled {
    mode: Mode,
    department: Option<(u32, u32)>,
    government: Option<(u32, u32)>,
    township: Option<(u32, u32)>,
    section: String,
    plan_words: Vec<String>,
}

fn month_day(key: &str, text: Option<&String>) -> Result<Option<(u32, u32)>, ParamError> {
    let Some(text) = text else { return Ok(None) };
    let parsed = text
        .split_once('-')
        .and_then(|(m, d)| Some((m.parse().ok()?, d.parse().ok()?)));
    match parsed {
        Some((month, day)) if Date::new(2021, month, day).is_some() => Ok(Some((month, day))),
        _ => Err(ParamError::at(
            key,
            format!("`{text}` is not a month-day like `03-31`"),
        )),
    }
}

impl Kind for DateKind {
    fn name(&self) -> &'static str {
        "date"
    }

    fn summary(&self) -> &'static str {
        "Dates against the report year: statistics period, signing date, publication deadline by agency kind, plans for the wrong year, garbled dates."
    }

    fn summary_zh(&self) -> &'static str {
        "各日期与报告年度相符：统计期限、落款日期、按机关类别的公开期限、年份写错的改进计划、缺字的日期。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &[
            "year",
            "next",
            "date",
            "text",
            "found",
            "deadline",
            "suggestion",
            "start",
            "end",
            "reason",
            "reading",
            "problem",
        ]
    }

    fn placeholders_for(&self, params: &toml::Table) -> &'static [&'static str] {
        match params.get("check").and_then(toml::Value::as_str) {
            Some("period-year") => &["year", "found", "text"],
            Some("period-range") => &["start", "end", "year"],
            Some("signed-early") => &["year", "next", "date", "text"],
            Some("deadline") => &["year", "date", "deadline", "text"],
            Some("plan-year") => &["year", "next"],
            Some("garbled") => &["text", "suggestion", "reading", "problem"],
            Some("impossible") => &["text", "reason"],
            _ => self.placeholders(),
        }
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
            department: month_day("department", params.department.as_ref())?,
            government: month_day("government", params.government.as_ref())?,
            township: month_day("township", params.township.as_ref())?,
            section: params.section,
            plan_words: params.plan_words,
        }))
    }
}

fn chinese(date: Date) -> String {
    format!("{}年{}月{}日", date.year, date.month, date.day)
}

impl Check for Compiled {
    #[allow(clippy::too_many_lines)]
    fn run(&self, cx: &mut Ctx<'_>) {
        let report = cx.report;
        let year = report.meta.year.as_ref();
        match self.mode {
            Mode::PeriodYear => {
                let (Some(year), Some(period)) = (year, &report.meta.period) else {
                    return;
                };
                if year.source == YearSource::Period {
                    return;
                }
                for mention in [&period.start, &period.end].into_iter().flatten() {
                    let Some(found) = mention.year else { continue };
                    if found != year.value {
                        cx.emit(Finding {
                            span: mention.span.clone(),
                            args: vec![
                                ("year", year.value.to_string()),
                                ("found", found.to_string()),
                                ("text", mention.text.clone()),
                            ],
                            ..Finding::default()
                        });
                    }
                }
            }
            Mode::PeriodRange => {
                let Some(period) = &report.meta.period else {
                    return;
                };
                let (Some(start), Some(end)) = (&period.start, &period.end) else {
                    return;
                };
                let Some(start_date) = start.resolve(None) else {
                    return;
                };
                let Some(end_date) = end.resolve(Some(start_date.year)) else {
                    return;
                };
                let first = Date::new(start_date.year, 1, 1);
                let last = Date::new(start_date.year, 12, 31);
                if Some(start_date) != first || Some(end_date) != last {
                    cx.emit(Finding {
                        span: start.span.start..end.span.end,
                        args: vec![
                            ("start", chinese(start_date)),
                            ("end", chinese(end_date)),
                            ("year", start_date.year.to_string()),
                        ],
                        ..Finding::default()
                    });
                }
            }
            Mode::SignedEarly => {
                let (Some(year), Some(signed)) = (year, &report.meta.signed) else {
                    return;
                };
                let Some(date) = signed.date.date else { return };
                let Some(year_end) = Date::new(year.value, 12, 31) else {
                    return;
                };
                if date <= year_end {
                    cx.emit(Finding {
                        span: signed.date.span.clone(),
                        args: vec![
                            ("year", year.value.to_string()),
                            ("next", (year.value + 1).to_string()),
                            ("date", chinese(date)),
                            ("text", signed.date.text.clone()),
                        ],
                        ..Finding::default()
                    });
                }
            }
            Mode::Deadline => {
                let (Some(year), Some(signed), Some(agency)) =
                    (year, &report.meta.signed, &report.meta.agency)
                else {
                    return;
                };
                let Some(date) = signed.date.date else { return };
                let limit = if agency.township {
                    self.township
                } else if agency.kind == AgencyKind::Department {
                    self.department
                } else {
                    self.government
                };
                let Some((month, day)) = limit else { return };
                let Some(deadline) = Date::new(year.value + 1, month, day) else {
                    return;
                };
                if date > deadline {
                    cx.emit(Finding {
                        span: signed.date.span.clone(),
                        args: vec![
                            ("year", year.value.to_string()),
                            ("date", chinese(date)),
                            ("deadline", chinese(deadline)),
                            ("text", signed.date.text.clone()),
                        ],
                        ..Finding::default()
                    });
                }
            }
            Mode::PlanYear => {
                let Some(year) = year else { return };
                let Some(section) = report.section(&self.section) else {
                    return;
                };
                let body = section.body.clone();
                let year_text = year.value.to_string();
                for sentence in super::util::sentences(cx.text, body) {
                    let text = &cx.text[sentence.clone()];
                    let Some(at) = text.find(&format!("{year_text}年")) else {
                        continue;
                    };
                    let after = &text[at..];
                    // 2020年我镇主要从以下方面作进一步改进: a plan for the report year.
                    let intends = self
                        .plan_words
                        .iter()
                        .any(|word| after.contains(word.as_str()));
                    let reviews = ["取得", "完成了", "已经", "开展了"]
                        .iter()
                        .any(|w| after.contains(w));
                    if intends && !reviews {
                        let start = sentence.start + at;
                        cx.emit(Finding {
                            span: start..start + year_text.len() + '年'.len_utf8(),
                            args: vec![
                                ("year", year.value.to_string()),
                                ("next", (year.value + 1).to_string()),
                            ],
                            ..Finding::default()
                        });
                    }
                }
            }
            Mode::Garbled => {
                for mention in report.dates.iter().filter(|d| d.form == DateForm::Garbled) {
                    let suggestion = mention.date.map(chinese);
                    let fix = suggestion.as_ref().map(|text| Fix {
                        message: format!("{} {text}", cx.tr("改为", "replace with")),
                        edits: vec![Edit {
                            span: mention.span.clone(),
                            replacement: text.clone(),
                        }],
                        applicability: Applicability::Unsafe,
                    });
                    let problem = if mention.year.is_none() {
                        cx.tr("年份多出数字", "has extra digits in its year")
                    } else {
                        cx.tr("缺字", "lost characters")
                    }
                    .to_string();
                    let reading = match (&suggestion, mention.year) {
                        (Some(date), _) => format!("{}{date}", cx.tr("可能是", "it may be ")),
                        (None, None) => cx
                            .tr("年份无法确定", "the year cannot be determined")
                            .to_string(),
                        (None, Some(_)) => cx
                            .tr("无法确定是哪一天", "the day cannot be determined")
                            .to_string(),
                    };
                    let shown = suggestion
                        .unwrap_or_else(|| cx.tr("无法确定", "cannot be determined").to_string());
                    cx.emit(Finding {
                        span: mention.span.clone(),
                        args: vec![
                            ("text", mention.text.clone()),
                            ("suggestion", shown),
                            ("reading", reading),
                            ("problem", problem),
                        ],
                        fix,
                        ..Finding::default()
                    });
                }
            }
            Mode::Impossible => {
                for mention in &report.dates {
                    let Some(reason) = impossible(mention, cx) else {
                        continue;
                    };
                    cx.emit(Finding {
                        span: mention.span.clone(),
                        args: vec![("text", mention.text.clone()), ("reason", reason)],
                        ..Finding::default()
                    });
                }
            }
        }
    }
}

/// Why a date written with 月 and 日 is not on the calendar, if it is not.
/// A month-day without a year is impossible only when no year has it.
fn impossible(mention: &DateMention, cx: &Ctx<'_>) -> Option<String> {
    let full = mention.form == DateForm::Full && mention.date.is_none();
    if !(full || mention.form == DateForm::MonthDay) || !mention.text.contains('月') {
        return None;
    }
    let (month, day) = mention.month_day?;
    let say = |zh: String, en: String| Some(cx.tr(&zh, &en).to_string());
    if !(1..=12).contains(&month) {
        return say(
            format!("没有{month}月"),
            format!("there is no month {month}"),
        );
    }
    // 2000 is a leap year: a month-day is checked against its longest month.
    let year = if full { mention.year? } else { 2000 };
    let days = days_in_month(year, month);
    if day == 0 {
        return say("没有0日".to_string(), "there is no day 0".to_string());
    }
    if day > days {
        return if month == 2 && day == 29 {
            say(
                format!("{year}年不是闰年，2月只有28天"),
                format!("{year} is not a leap year: February has 28 days"),
            )
        } else if month == 2 && !full {
            say(
                "2月最多29天".to_string(),
                "February has at most 29 days".to_string(),
            )
        } else {
            say(
                format!("{month}月只有{days}天"),
                format!("month {month} has {days} days"),
            )
        };
    }
    None
}
