//! Archives: several agencies, each with reports of consecutive years that
//! follow on from each other (table 三 carry-over, the gov-2021 documents in
//! force, the gov-2019 item counts), with breaks injected on purpose and a
//! manifest of the cross-year findings each break must give.
//!
//! Each report is a generated report (`generate`, no injected error) with
//! the agency's name, whose cells are then rewritten where the reader finds
//! them, so every layout takes part.

use xxgk_lint::model::{CellValue, Report};

use super::generate::{Body, LAYOUTS, Rng, Spec, generate};

/// A break written into an archive on purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Break {
    /// 表三: this year's 上年结转·自然人 is not last year's 结转下年度.
    CarryOver,
    /// gov-2021 表二: 行政规范性文件 现行有效件数 does not follow on.
    InForce,
    /// gov-2019 表二: 行政许可 上一年项目数量 does not follow on.
    Items,
}

impl Break {
    pub fn code(self) -> &'static str {
        match self {
            Break::CarryOver => "GK608",
            Break::InForce => "GK609",
            Break::Items => "GK610",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Break::CarryOver => "carry-over",
            Break::InForce => "in-force-chain",
            Break::Items => "items-chain",
        }
    }
}

/// One report of an archive.
pub struct ArchiveReport {
    /// `a03/2021.txt`
    pub name: String,
    pub agency: String,
    pub year: i32,
    pub text: String,
    /// The break written into it, and the 1-based line the finding must
    /// be on.
    pub expected: Option<(Break, usize)>,
}

const FIRST_YEAR: i32 = 2019;

/// `agencies` agencies × `years` consecutive years from 2019 (so the
/// 2020 → 2021 format change is crossed); about one report in four after
/// the first year carries a break.
pub fn generate_archive(seed: u64, agencies: usize, years: usize) -> Vec<ArchiveReport> {
    let mut out = Vec::new();
    for agency in 0..agencies {
        let mut rng = Rng::for_report(seed ^ 0xA5C1_1E00, agency);
        let body = [Body::Township, Body::County, Body::Department][agency % 3];
        let layout = LAYOUTS[agency % LAYOUTS.len()];
        let mut name = None;
        let mut previous: Option<Report> = None;
        for offset in 0..years {
            let year = FIRST_YEAR + offset as i32;
            let spec = Spec {
                seed,
                index: agency * 100 + offset,
                year,
                body,
                layout,
                target_bytes: 5_000,
                wrap: None,
                injection: None,
                crlf: false,
            };
            let generated = generate(&spec);
            // One name for the agency in every year; fixed width, so no id
            // is the end of another.
            let agency_name = name
                .get_or_insert_with(|| format!("甲{agency:03}乙{}", generated.agency))
                .clone();
            let text = generated.text.replace(&generated.agency, &agency_name);
            let wanted = previous.as_ref().map(|_| {
                if rng.chance(25) {
                    let candidates: &[Break] = if year >= 2021 {
                        &[Break::CarryOver, Break::InForce]
                    } else {
                        &[Break::CarryOver, Break::Items]
                    };
                    Some(*rng.pick(candidates))
                } else {
                    None
                }
            });
            let (text, expected) = match &previous {
                Some(prev) => follow_on(&text, prev, wanted.flatten()),
                None => (text, None),
            };
            previous = Some(Report::read(&text));
            out.push(ArchiveReport {
                name: format!("a{agency:02}/{year}.txt"),
                agency: agency_name,
                year,
                text,
                expected,
            });
        }
    }
    out
}

fn value(report: &Report, table: &str, key: &str) -> Option<i64> {
    let cell = report.table(table)?.cells.iter().find(|c| c.key == key)?;
    match &cell.value {
        CellValue::Number(quantity) => i64::try_from(quantity.value.trunc()).ok(),
        _ => None,
    }
}

/// Rewrites `text` so that it follows on from `prev`, then writes `broken`
/// into it. Returns the text and the expected finding.
fn follow_on(text: &str, prev: &Report, broken: Option<Break>) -> (String, Option<(Break, usize)>) {
    let report = Report::read(text);
    // (span, new text, break it carries)
    let mut edits: Vec<(std::ops::Range<usize>, String, Option<Break>)> = Vec::new();
    let mut set = |table: &str, key: &str, new: i64, kind: Option<Break>| {
        if let Some(cell) = report
            .table(table)
            .and_then(|t| t.cells.iter().find(|c| c.key == key))
        {
            edits.push((cell.span.clone(), new.to_string(), kind));
        }
    };
    for column in [
        "natural",
        "business",
        "research",
        "nonprofit",
        "legal",
        "other",
        "total",
    ] {
        if let Some(carried) = value(prev, "applications", &format!("carried_out.{column}")) {
            let off = broken == Some(Break::CarryOver) && column == "natural";
            set(
                "applications",
                &format!("carried_in.{column}"),
                carried + i64::from(off),
                off.then_some(Break::CarryOver),
            );
        }
    }
    if report
        .table("active")
        .is_some_and(|t| t.template == "gov-2021")
    {
        for row in ["regulations", "normative"] {
            let (Some(before), Some(issued), Some(repealed)) = (
                value(prev, "active", &format!("{row}.in_force")),
                value(&report, "active", &format!("{row}.issued")),
                value(&report, "active", &format!("{row}.repealed")),
            ) else {
                continue;
            };
            let repealed = repealed.min(before + issued);
            set("active", &format!("{row}.repealed"), repealed, None);
            let off = broken == Some(Break::InForce) && row == "normative";
            set(
                "active",
                &format!("{row}.in_force"),
                before + issued - repealed + i64::from(off),
                off.then_some(Break::InForce),
            );
        }
    } else {
        for row in ["licensing", "other_services", "penalty", "coercion", "fees"] {
            let (Some(items), Some(change)) = (
                value(prev, "active", &format!("{row}.prev_items")),
                value(prev, "active", &format!("{row}.change")),
            ) else {
                continue;
            };
            let off = broken == Some(Break::Items) && row == "licensing";
            set(
                "active",
                &format!("{row}.prev_items"),
                items + change + i64::from(off),
                off.then_some(Break::Items),
            );
        }
    }
    edits.sort_by_key(|(span, _, _)| std::cmp::Reverse(span.start));
    let mut out = text.to_string();
    let mut marker = None;
    for (span, new, kind) in &edits {
        out.replace_range(span.clone(), new);
        if kind.is_some() {
            marker = Some((span.start, *kind));
        }
    }
    // The line of the broken cell: edits replace numbers, never line
    // breaks, so it is its line in the text before the edits.
    let expected = marker.and_then(|(start, kind)| {
        let line = text[..start].matches('\n').count() + 1;
        kind.map(|kind| (kind, line))
    });
    (out, expected)
}
