//! Report metadata: title, year, agency, statistics period, signing date.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::date::{DateForm, DateMention};
use super::lines::{Line, LineKind};
use super::normalize::{char_len, normalize};
use crate::syntax::SyntaxKind;

/// Metadata of one report (domain.md §2).
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub title: Option<Title>,
    pub year: Option<Year>,
    pub agency: Option<Agency>,
    pub period: Option<Period>,
    pub signed: Option<Signed>,
}

/// The report's title, possibly assembled from several lines.
#[derive(Clone, Debug)]
pub struct Title {
    pub text: String,
    pub span: Range<usize>,
    /// 0-based first line.
    pub line: usize,
    /// Span of the 4-digit year inside the title, if any.
    pub year_span: Option<Range<usize>>,
}

/// The reported calendar year and where it came from.
#[derive(Clone, Debug)]
pub struct Year {
    pub value: i32,
    pub source: YearSource,
    pub span: Option<Range<usize>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearSource {
    Title,
    /// The opening words of a report without a title (`编制了2021年政府信息
    /// 公开年度报告`).
    Intro,
    Period,
    /// Given by the user (`--year`, configuration).
    Override,
}

/// The reporting body.
#[derive(Clone, Debug)]
pub struct Agency {
    pub name: String,
    pub kind: AgencyKind,
    /// A township-level body (乡, 镇, 街道): no statutory publication date.
    pub township: bool,
    pub span: Option<Range<usize>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgencyKind {
    /// 人民政府, 乡, 镇, 街道办事处, county/district/city governments.
    Government,
    /// 局, 委, 办, 中心 …: departments of a government.
    Department,
}

impl AgencyKind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            AgencyKind::Government => "government",
            AgencyKind::Department => "department",
        }
    }

    /// Parses `government` / `department`.
    #[must_use]
    pub fn parse(text: &str) -> Option<AgencyKind> {
        match text {
            "government" => Some(AgencyKind::Government),
            "department" => Some(AgencyKind::Department),
            _ => None,
        }
    }
}

/// The statistics period stated in the report.
#[derive(Clone, Debug)]
pub struct Period {
    pub start: Option<DateMention>,
    pub end: Option<DateMention>,
    /// The sentence (line) stating the period.
    pub span: Range<usize>,
}

/// The signing or publication date.
#[derive(Clone, Debug)]
pub struct Signed {
    pub date: DateMention,
    /// From the signature block (落款) rather than a page's 发布日期.
    pub from_signature: bool,
}

/// Classifies an agency by its name.
#[must_use]
pub fn classify_agency(name: &str) -> (AgencyKind, bool) {
    const DEPARTMENT: [&str; 16] = [
        "局",
        "委",
        "办",
        "办公室",
        "中心",
        "委员会",
        "厅",
        "部",
        "署",
        "院",
        "所",
        "站",
        "队",
        "馆",
        "分局",
        "处",
    ];
    const TOWNSHIP: [&str; 5] = ["乡", "镇", "街道", "街道办事处", "苏木"];
    let name = name.trim_end_matches("人民政府").trim_end_matches("政府");
    if TOWNSHIP.iter().any(|suffix| name.ends_with(suffix)) {
        return (AgencyKind::Government, true);
    }
    if DEPARTMENT.iter().any(|suffix| name.ends_with(suffix)) {
        (AgencyKind::Department, false)
    } else {
        (AgencyKind::Government, false)
    }
}

const CHROME_SEPARATORS: [char; 7] = ['-', '|', '>', ':', '》', '】', '—'];

/// A year in a title: `2021年`, `2021 年`, or in Chinese numerals `二〇二一年`.
static TITLE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2}|[一二][〇○零Ｏ一二三四五六七八九]{3})\s*年").expect("valid regex")
});

/// The value of a year written in digits or Chinese numerals.
fn year_value(text: &str) -> Option<i32> {
    super::numerals::positional(text)
}
/// Words that introduce the statistics period, in simplified and
/// traditional characters: 统计期限为, 统计时限为, 数据统计期限自…, 所列数据…,
/// 内容涵盖…期间, 時間範圍, 統計時限為.
static PERIOD_KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"[统統]\s*[计計]\s*(?:期\s*限|[时時]\s*限|[时時]\s*[间間]|[区區]\s*[间間]|[周週]\s*期|[范範]\s*[围圍]|截\s*止|[时時]\s*段)",
        r"|[数數]\s*[据據]\s*[统統]\s*[计計]|[统統]\s*[计計]\s*[数數]\s*[据據]|[数數]\s*[据據]\s*[时時]\s*限",
        r"|所\s*列\s*[数數]\s*[据據]|[时時]\s*[间間]\s*[范範]\s*[围圍]|[时時]\s*[间間]\s*跨\s*度",
        r"|[报報]\s*告\s*期|涵\s*盖|涵\s*蓋",
    ))
    .expect("valid regex")
});

/// The report's own year in its opening words, when it has no title:
/// `编制了2021年政府信息公开年度报告`, `现公布2021年度政府信息公开工作年度报告`.
static INTRO_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"((?:19|20)\d{2})\s*年\s*度?\s*(?:的\s*)?(?:政\s*府\s*|政\s*务\s*)?信\s*息\s*公\s*开",
    )
    .expect("valid regex")
});
static PUBLISHED_KEYWORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:发布|发文|成文|印发)(?:日期|时间)").expect("valid regex"));

/// Reads the metadata from the lines before the first section (title) and
/// the whole text (period, signature).
#[must_use]
pub fn read(
    source: &str,
    lines: &[Line],
    first_section_line: Option<usize>,
    dates: &[DateMention],
) -> Meta {
    let title = find_title(source, lines, first_section_line);
    let title_year = title.as_ref().and_then(|title| {
        let captures = TITLE_YEAR.captures(&source[title.span.clone()])?;
        let found = captures.get(1)?;
        let value = year_value(found.as_str())?;
        let start = title.span.start + found.start();
        Some(Year {
            value,
            source: YearSource::Title,
            span: Some(start..title.span.start + found.end()),
        })
    });
    let title = title.map(|mut title| {
        title.year_span = title_year.as_ref().and_then(|year| year.span.clone());
        title
    });
    let period = find_period(source, lines, dates);
    let intro_year = if title.is_none() {
        intro_year(source, lines, first_section_line)
    } else {
        None
    };
    let year = title_year.or(intro_year).or_else(|| {
        let period = period.as_ref()?;
        let mention = period.start.as_ref().or(period.end.as_ref())?;
        Some(Year {
            value: mention.year?,
            source: YearSource::Period,
            span: Some(mention.span.clone()),
        })
    });
    let signed = find_signed(source, lines, dates);
    let agency = title
        .as_ref()
        .and_then(|title| agency_from_title(source, title))
        .or_else(|| agency_from_signature(source, lines, signed.as_ref()));
    Meta {
        title,
        year,
        agency,
        period,
        signed,
    }
}

/// The year a report without a title gives itself in its opening lines
/// (before its first section): the year before 政府信息公开 in a sentence
/// that names the report.
fn intro_year(source: &str, lines: &[Line], first_section_line: Option<usize>) -> Option<Year> {
    let limit = first_section_line.unwrap_or(20).min(20);
    for line in lines.iter().take(limit).filter(|line| !line.is_blank()) {
        let text = line.text(source);
        for found in INTRO_YEAR.captures_iter(text) {
            let whole = found.get(0)?;
            let rest = &text[whole.end()..];
            let sentence_end = rest.find(['。', '；']).unwrap_or(rest.len());
            if !rest[..sentence_end].contains("报告") && !rest[..sentence_end].contains("報告")
            {
                continue;
            }
            let year = found.get(1)?;
            return Some(Year {
                value: year.as_str().parse().ok()?,
                source: YearSource::Intro,
                span: Some(line.span.start + year.start()..line.span.start + year.end()),
            });
        }
    }
    None
}

/// Where the words naming the report's subject start in a title:
/// 政府信息公开, or 信息公开 in a title without 政府.
fn subject_at(text: &str) -> Option<usize> {
    text.find("政府信息公开").or_else(|| text.find("信息公开"))
}

/// Whether a normalised line reads like the report's title: 政府信息公开 …
/// 报告 (or 年报), or 信息公开 … 年报 with the year written
/// (`2021年北岙街道办事处信息公开年报`; a breadcrumb's `政务信息公开年报` has no
/// year).
fn is_title_text(norm: &str) -> bool {
    let report = norm.contains("报告") || norm.contains("年报");
    report
        && (norm.contains("政府信息公开")
            || (norm.contains("信息公开") && TITLE_YEAR.is_match(norm)))
}

/// The report's title: the first title-like line (or pair of lines) of the
/// opening. A title that names no body (`2022年政府信息公开工作年度报告`, a
/// page's breadcrumb) gives way to one a few lines further on that does
/// (`桃江县松木塘镇人民政府` / `2022年政府信息公开工作年度报告`).
fn find_title(source: &str, lines: &[Line], first_section_line: Option<usize>) -> Option<Title> {
    let first = title_from(source, lines, first_section_line, 0)?;
    if agency_from_title(source, &first).is_none() {
        let next_start = lines
            .iter()
            .skip(first.line + 1)
            .find(|line| !line.is_blank())
            .map(|line| line.index);
        if let Some(next) = next_start
            .and_then(|start| title_from(source, lines, first_section_line, start))
            .filter(|next| next.line <= first.line + 6)
            .filter(|next| agency_from_title(source, next).is_some())
        {
            return Some(next);
        }
    }
    Some(first)
}

/// The first title-like line (or pair of lines) at or after line `from`.
fn title_from(
    source: &str,
    lines: &[Line],
    first_section_line: Option<usize>,
    from: usize,
) -> Option<Title> {
    let limit = first_section_line.unwrap_or(40).min(60);
    let candidates: Vec<&Line> = lines
        .iter()
        .take(limit.max(1))
        .skip(from)
        .filter(|line| !line.is_blank() && matches!(line.kind, LineKind::Text | LineKind::Heading))
        .collect();
    for (at, line) in candidates.iter().enumerate() {
        let text = &source[line.trimmed_span()];
        let norm = normalize(text);
        if char_len(&norm) > 70
            || norm.contains('。')
            || norm.starts_with("根据")
            || norm.starts_with("依据")
        {
            continue;
        }
        let mut first = *line;
        let mut last = *line;
        if !is_title_text(&norm) {
            // 2019年白毛坪镇政府信息公开工作 / 年 度 报 告
            let Some(next) = candidates.get(at + 1) else {
                continue;
            };
            let next_norm = normalize(&source[next.trimmed_span()]);
            let joined = format!("{norm}{next_norm}");
            if !(norm.contains("政府信息公开")
                && next.index
                    == line.index + 1 + blank_lines_between(lines, line.index, next.index)
                && !next_norm.contains("政府信息公开")
                && char_len(&next_norm) <= 12
                && is_title_text(&joined))
            {
                continue;
            }
            last = next;
        }
        // 淮安市人民政府 / 2024 年政府信息公开工作年度报告: the agency is on the
        // line before a title that starts with its year (or without one,
        // with 政府信息公开).
        if (norm.starts_with(|c: char| c.is_ascii_digit()) || norm.starts_with("政府信息公开"))
            && at > 0
        {
            let previous = candidates[at - 1];
            let previous_norm = normalize(&source[previous.trimmed_span()]);
            if (2..=30).contains(&char_len(&previous_norm))
                && !previous_norm.contains("政府信息公开")
                && looks_like_agency(&previous_norm)
                && line.index - previous.index <= 3
            {
                first = previous;
            }
        }
        let mut span = first.trimmed_span().start..last.trimmed_span().end;
        let mut text = lines[first.index..=last.index]
            .iter()
            .filter(|l| !l.is_blank())
            .map(|l| normalize(&source[l.trimmed_span()]))
            .collect::<String>();
        // Page chrome before the title: "Page 8 - 威海市…", "首页 > …".
        if let Some(cut) = text[..subject_at(&text).unwrap_or(0)].rfind(CHROME_SEPARATORS) {
            let separator_len = text[cut..].chars().next().map_or(1, char::len_utf8);
            let kept = text[cut + separator_len..].to_string();
            if let Some(at) = source[span.clone()].find(kept.chars().next().unwrap_or(' ')) {
                span = span.start + at..span.end;
            }
            text = kept;
        }
        return Some(Title {
            text,
            span,
            line: first.index,
            year_span: None,
        });
    }
    None
}

fn blank_lines_between(lines: &[Line], from: usize, to: usize) -> usize {
    lines[from + 1..to]
        .iter()
        .filter(|line| line.is_blank())
        .count()
}

/// Whether a normalised line reads like the name of a government body.
#[must_use]
pub fn looks_like_agency(norm: &str) -> bool {
    const SUFFIXES: [&str; 14] = [
        "人民政府",
        "政府",
        "办公室",
        "局",
        "委员会",
        "委",
        "办",
        "中心",
        "镇",
        "乡",
        "街道",
        "办事处",
        "分局",
        "厅",
    ];
    SUFFIXES.iter().any(|suffix| norm.ends_with(suffix))
}

fn agency_from_title(source: &str, title: &Title) -> Option<Agency> {
    let text = &title.text;
    let year = TITLE_YEAR.find(text);
    let name = match year {
        Some(found) if found.start() > 0 => text[..found.start()].to_string(),
        Some(found) => {
            // 2019年白毛坪镇政府信息公开工作年度报告
            let rest = text[found.end()..].trim_start_matches('度');
            let end = subject_at(rest)?;
            let name = &rest[..end];
            // 2019年度政府信息公开… leaves nothing.
            name.to_string()
        }
        None => text[..subject_at(text)?].to_string(),
    };
    let name = name
        .trim_start_matches("关于")
        .trim_end_matches("关于")
        .trim_end_matches(['(', '（'])
        .to_string();
    if char_len(&name) < 2 {
        return None;
    }
    let (kind, township) = classify_agency(&name);
    let span = source[title.span.clone()]
        .find(name.chars().next()?)
        .map(|at| title.span.start + at..title.span.end);
    Some(Agency {
        name,
        kind,
        township,
        span,
    })
}

fn agency_from_signature(source: &str, lines: &[Line], signed: Option<&Signed>) -> Option<Agency> {
    let signed = signed.filter(|signed| signed.from_signature)?;
    let date_line = lines
        .iter()
        .find(|line| line.span.contains(&signed.date.span.start))?;
    let previous = lines[..date_line.index]
        .iter()
        .rev()
        .find(|line| !line.is_blank())?;
    let norm = normalize(&source[previous.trimmed_span()]);
    if !(2..=30).contains(&char_len(&norm)) || !looks_like_agency(&norm) {
        return None;
    }
    let (kind, township) = classify_agency(&norm);
    Some(Agency {
        name: norm,
        kind,
        township,
        span: Some(previous.trimmed_span()),
    })
}

fn find_period(source: &str, lines: &[Line], dates: &[DateMention]) -> Option<Period> {
    for line in lines {
        if line.is_blank() {
            continue;
        }
        let text = line.text(source);
        let (keyword_start, from) = match PERIOD_KEYWORD.find(text) {
            Some(keyword) => (
                line.span.start + keyword.start(),
                line.span.start + keyword.end(),
            ),
            // Traditional characters, pinyin glosses: the normalised line.
            None if PERIOD_KEYWORD.is_match(&normalize(text)) => (line.span.start, line.span.start),
            None => continue,
        };
        // The first date after the keyword (within ~80 characters; a
        // sentence may wrap onto the next line in PDFs), and a second one in
        // the same sentence.
        let window = crate::source::floor_char_boundary(source, (from + 240).min(source.len()));
        let Some(first) = dates.iter().find(|date| {
            date.span.start >= from && date.span.start < window && date.form != DateForm::YearMonth
        }) else {
            continue;
        };
        let limit = sentence_end(source, first.span.end, 120);
        let mut mentions = vec![first];
        mentions.extend(
            dates
                .iter()
                .filter(|date| date.span.start >= first.span.end && date.span.start < limit)
                .filter(|date| date.form != DateForm::YearMonth)
                .take(1),
        );
        let (start, end) = match mentions.as_slice() {
            [only] => (None, Some((*only).clone())),
            [start, end, ..] => (Some((*start).clone()), Some((*end).clone())),
            [] => unreachable!("checked above"),
        };
        let span_end = mentions.last().map_or(line.span.end, |last| last.span.end);
        return Some(Period {
            start,
            end,
            span: keyword_start..span_end,
        });
    }
    None
}

/// End of the sentence starting at `from`: the next 。 or the limit.
fn sentence_end(source: &str, from: usize, max_bytes: usize) -> usize {
    let mut end = (from + max_bytes).min(source.len());
    end = crate::source::floor_char_boundary(source, end);
    match source[from..end].find('。') {
        Some(at) => from + at,
        None => end,
    }
}

fn find_signed(source: &str, lines: &[Line], dates: &[DateMention]) -> Option<Signed> {
    // A date alone on one of the last non-blank lines.
    let tail: Vec<&Line> = lines
        .iter()
        .rev()
        .filter(|line| !line.is_blank())
        .take(12)
        .collect();
    for line in tail {
        let mut content = line.content_tokens();
        let Some(token) = content.next() else {
            continue;
        };
        if content.next().is_some() || !token.kind.is_date() || token.kind == SyntaxKind::MonthDay {
            continue;
        }
        if let Some(date) = dates.iter().find(|date| date.span == token.span) {
            return Some(Signed {
                date: date.clone(),
                from_signature: true,
            });
        }
    }
    // A page's publication date: 发布日期:2021-01-29.
    for line in lines.iter().take(20) {
        let text = line.text(source);
        let Some(keyword) = PUBLISHED_KEYWORD.find(text) else {
            continue;
        };
        let from = line.span.start + keyword.end();
        if let Some(date) = dates.iter().find(|date| {
            date.span.start >= from && date.span.start < from + 12 && date.date.is_some()
        }) {
            return Some(Signed {
                date: date.clone(),
                from_signature: false,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_years_in_digits_and_chinese_numerals() {
        assert_eq!(year_value("2021"), Some(2021));
        assert_eq!(year_value("二〇二一"), Some(2021));
        assert_eq!(year_value("二零一九"), Some(2019));
        let text = "测试镇二〇二一年政府信息公开工作年度报告\n一、总体情况\n";
        let report = crate::model::Report::read(text);
        assert_eq!(report.year(), Some(2021));
        assert_eq!(
            report.meta.agency.as_ref().map(|a| a.name.as_str()),
            Some("测试镇")
        );
    }

    #[test]
    fn classifies_agencies() {
        assert_eq!(
            classify_agency("米林县派镇人民政府"),
            (AgencyKind::Government, true)
        );
        assert_eq!(classify_agency("白毛坪镇"), (AgencyKind::Government, true));
        assert_eq!(
            classify_agency("官洲街道办事处"),
            (AgencyKind::Government, true)
        );
        assert_eq!(
            classify_agency("淮安市人民政府"),
            (AgencyKind::Government, false)
        );
        assert_eq!(
            classify_agency("温州市自然资源和规划局鹿城分局"),
            (AgencyKind::Department, false)
        );
        assert_eq!(
            classify_agency("秦皇岛市抚宁区人民政府办公室"),
            (AgencyKind::Department, false)
        );
        assert_eq!(
            classify_agency("北京市城市管理委员会"),
            (AgencyKind::Department, false)
        );
    }
}
