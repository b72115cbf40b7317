//! Reports checked as an archive: who wrote each report and for which
//! year ([`Identity`]), a small [`Summary`] of each report kept after it
//! was linted (its identity and the few cells cross-year rules read, never
//! the text), and the cross-year rules evaluated over the summaries.
//!
//! The pass over the archive holds only summaries, so an archive of
//! 10,000 reports costs a few megabytes beyond linting them one by one.

pub mod agencies;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::{Diagnostic, Label, Related};
use crate::engine::{Args, Lang, RuleMeta, RuleSet, message::render};
use crate::expr::{Comparison, Sign};
use crate::kinds::cross_year::{CrossComparison, CrossYearCheck, Operand};
use crate::model::{CellValue, Report};
use crate::template::Template;

pub use agencies::Agencies;

/// Who wrote a report, and for which year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// Stable id: from the agencies file, else the normalised name.
    pub id: Option<String>,
    /// The agency's name as the report writes it.
    pub name: Option<String>,
    /// `township`, `county`, `city`, `department` (domain.md §2).
    pub level: Option<String>,
    pub year: Option<i32>,
    /// The parent agency's id, from the agencies file.
    pub parent: Option<String>,
    /// Whether the id comes from the agencies file.
    pub mapped: bool,
}

/// The agency name reduced to what stays the same between years: no
/// whitespace, full-width forms folded, and without the trailing
/// `人民政府` / `政府` some years write and others leave out.
#[must_use]
pub fn normalize_name(name: &str) -> String {
    let folded: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            other => other,
        })
        .collect();
    let mut name = folded.as_str();
    for suffix in ["人民政府", "政府"] {
        if let Some(rest) = name.strip_suffix(suffix)
            && rest.chars().count() >= 2
        {
            name = rest;
            break;
        }
    }
    name.to_string()
}

impl Identity {
    /// The identity of `report` at `path`, with the agencies file when
    /// there is one.
    #[must_use]
    pub fn of(
        report: &Report,
        path: Option<&std::path::Path>,
        agencies: Option<&Agencies>,
    ) -> Identity {
        let name = report
            .meta
            .agency
            .as_ref()
            .map(|agency| agency.name.clone());
        let level = report.agency_level().map(str::to_string);
        let mut identity = Identity {
            id: name
                .as_deref()
                .map(normalize_name)
                .filter(|id| !id.is_empty()),
            name,
            level,
            year: report.year(),
            parent: None,
            mapped: false,
        };
        if let Some(entry) =
            agencies.and_then(|agencies| agencies.find(path, identity.name.as_deref()))
        {
            identity.id = Some(entry.id.clone());
            identity.parent.clone_from(&entry.parent);
            identity.mapped = true;
            if let Some(level) = &entry.level {
                identity.level = Some(level.clone());
            }
        }
        identity
    }
}

/// One cell as the archive keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellFact {
    /// `None` for a blank, placeholder or text cell.
    pub value: Option<Decimal>,
    /// Byte range in the report's text.
    pub start: u32,
    pub end: u32,
    /// 1-based line and column (characters).
    pub line: u32,
    pub column: u32,
}

impl CellFact {
    /// The cell's byte range in the report's text.
    #[must_use]
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The cells a summary keeps, sorted by key; the keys are shared with the
/// rules (a few bytes per cell, whatever the number of reports).
#[derive(Clone, Debug, Default)]
pub struct Cells(Vec<(Arc<str>, CellFact)>);

impl Cells {
    /// The cell with the full key `key`.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&CellFact> {
        self.0
            .binary_search_by(|(probe, _)| (**probe).cmp(key))
            .ok()
            .map(|at| &self.0[at].1)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &CellFact)> {
        self.0.iter().map(|(key, fact)| (&**key, fact))
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What the archive keeps of one linted report.
#[derive(Clone, Debug)]
pub struct Summary {
    /// The path as shown in the output.
    pub path: String,
    pub identity: Identity,
    /// Found tables and the template each was read with.
    pub tables: Vec<(String, String)>,
    /// The cells the cross-year rules read, by full key.
    pub cells: Cells,
    /// The cross-year rules that apply to the report (by code).
    pub rules: Vec<String>,
}

impl Summary {
    /// The summary of a linted report: the cells that the cross-year rules
    /// of `rules` read.
    #[must_use]
    pub fn of(
        path: &str,
        report: &Report,
        text: &str,
        identity: Identity,
        rules: &RuleSet,
    ) -> Summary {
        let mut wanted: Vec<&Arc<str>> = Vec::new();
        let mut codes = Vec::new();
        for rule in &rules.rules {
            if let Some(check) = rule.check.cross_year()
                && rule.meta.when.applies(report)
            {
                codes.push(rule.meta.code.clone());
                wanted.extend(check.keys());
            }
        }
        wanted.sort_unstable();
        wanted.dedup_by(|a, b| a == b);
        let mut cells = Vec::new();
        let mut key = String::new();
        for table in report
            .tables
            .iter()
            .filter(|table| table.found && !table.reading.uncertain)
        {
            for cell in &table.cells {
                if !cell.row_complete {
                    continue;
                }
                key.clear();
                key.push_str(&table.key);
                key.push('.');
                key.push_str(&cell.key);
                let Ok(at) = wanted.binary_search_by(|probe| (***probe).cmp(key.as_str())) else {
                    continue;
                };
                let position = report.line_index.line_col(text, cell.span.start);
                let value = match &cell.value {
                    CellValue::Number(quantity) => Some(quantity.value),
                    _ => None,
                };
                let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                cells.push((
                    Arc::clone(wanted[at]),
                    CellFact {
                        value,
                        start: narrow(cell.span.start),
                        end: narrow(cell.span.end),
                        line: narrow(position.line),
                        column: narrow(position.column),
                    },
                ));
            }
        }
        cells.sort_by(|a, b| a.0.cmp(&b.0));
        cells.dedup_by(|a, b| a.0 == b.0);
        cells.shrink_to_fit();
        let cells = Cells(cells);
        Summary {
            path: path.to_string(),
            identity,
            tables: report
                .tables
                .iter()
                .filter(|table| table.found)
                .map(|table| (table.key.clone(), table.template.clone()))
                .collect(),
            cells,
            rules: codes,
        }
    }

    fn template_of(&self, table: &str) -> Option<&str> {
        self.tables
            .iter()
            .find(|(key, _)| key == table)
            .map(|(_, template)| template.as_str())
    }
}

/// What the archive pass found, beyond the findings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Statistics {
    /// Reports with an agency and a year.
    pub identified: usize,
    /// Reports compared with last year's report of the same agency.
    pub compared: usize,
    /// Reports with cross-year rules but no report of the year before.
    pub without_previous: usize,
    /// Reports whose agency or year is unknown.
    pub unidentified: usize,
    /// Comparisons not made because a cell was blank or text.
    pub not_evaluated: usize,
    /// Agency and year given by more than one file (the first by path is
    /// used).
    pub duplicates: Vec<(String, i32, Vec<String>)>,
}

/// Merges ids that are a shorter form of exactly one other id of the same
/// level (`派镇` and `米林县派镇`): names vary between years more often
/// by leaving out the county than by anything else.
pub fn unify_ids(summaries: &mut [Summary]) {
    let mut ids: BTreeMap<String, Option<String>> = BTreeMap::new();
    for summary in summaries.iter() {
        if let Some(id) = &summary.identity.id
            && !summary.identity.mapped
        {
            ids.insert(id.clone(), summary.identity.level.clone());
        }
    }
    let mut rename: HashMap<String, String> = HashMap::new();
    for (id, level) in &ids {
        if id.chars().count() < 2 {
            continue;
        }
        let longer: Vec<&String> = ids
            .iter()
            .filter(|(other, other_level)| {
                other.len() > id.len() && other.ends_with(id.as_str()) && *other_level == level
            })
            .map(|(other, _)| other)
            .collect();
        if let [only] = longer.as_slice() {
            rename.insert(id.clone(), (*only).clone());
        }
    }
    for summary in summaries.iter_mut() {
        if let Some(id) = &summary.identity.id
            && !summary.identity.mapped
            && let Some(longer) = rename.get(id)
        {
            summary.identity.id = Some(longer.clone());
        }
    }
}

/// The rules, templates and language a report is checked with.
pub struct RulesFor<'a> {
    pub rules: &'a RuleSet,
    pub templates: &'a [Template],
    pub lang: Lang,
}

/// Evaluates the cross-year rules over `summaries`: for each report, the
/// report of the same agency for the year before. Returns the findings by
/// summary index (sorted by position), and the statistics.
pub fn cross_year<'a>(
    summaries: &[Summary],
    rules_for: impl Fn(usize) -> Option<RulesFor<'a>>,
) -> (Vec<(usize, Vec<Diagnostic>)>, Statistics) {
    let mut statistics = Statistics::default();
    let mut by_key: BTreeMap<(&str, i32), Vec<usize>> = BTreeMap::new();
    for (index, summary) in summaries.iter().enumerate() {
        match (&summary.identity.id, summary.identity.year) {
            (Some(id), Some(year)) => {
                statistics.identified += 1;
                by_key.entry((id.as_str(), year)).or_default().push(index);
            }
            _ => statistics.unidentified += 1,
        }
    }
    for ((id, year), files) in &by_key {
        if files.len() > 1 {
            statistics.duplicates.push((
                (*id).to_string(),
                *year,
                files.iter().map(|&i| summaries[i].path.clone()).collect(),
            ));
        }
    }
    let mut out = Vec::new();
    for ((id, year), files) in &by_key {
        let current = files[0];
        let summary = &summaries[current];
        if summary.rules.is_empty() {
            continue;
        }
        let Some(previous) = by_key
            .get(&(*id, year - 1))
            .map(|files| &summaries[files[0]])
        else {
            statistics.without_previous += 1;
            continue;
        };
        statistics.compared += 1;
        let Some(rules) = rules_for(current) else {
            continue;
        };
        let mut diagnostics = Vec::new();
        for rule in &rules.rules.rules {
            let Some(check) = rule.check.cross_year() else {
                continue;
            };
            if !summary.rules.contains(&rule.meta.code) {
                continue;
            }
            evaluate(
                check,
                &rule.meta,
                summary,
                previous,
                rules.templates,
                rules.lang,
                &mut diagnostics,
                &mut statistics.not_evaluated,
            );
        }
        if !diagnostics.is_empty() {
            diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            out.push((current, diagnostics));
        }
    }
    out.sort_by_key(|(index, _)| *index);
    (out, statistics)
}

/// The printed labels of a cell key (`二、上年结转政府信息公开申请数量·自然人`).
#[must_use]
pub fn cell_label(templates: &[Template], key: &str) -> String {
    let mut parts = key.splitn(3, '.');
    let (Some(table), Some(row), Some(column)) = (parts.next(), parts.next(), parts.next()) else {
        return key.to_string();
    };
    for template in templates {
        if let Some((block, row_template)) = template.table(table).and_then(|t| t.row(row))
            && let Some(column_template) = block.columns.iter().find(|c| c.key == column)
        {
            let row_label = row_template.labels.first().map_or(row, String::as_str);
            if block.columns.len() == 1 {
                return row_label.to_string();
            }
            return format!("{row_label}·{}", column_template.label);
        }
    }
    key.to_string()
}

#[allow(clippy::too_many_arguments)]
fn evaluate(
    check: &CrossYearCheck,
    meta: &RuleMeta,
    current: &Summary,
    previous: &Summary,
    templates: &[Template],
    lang: Lang,
    out: &mut Vec<Diagnostic>,
    not_evaluated: &mut usize,
) {
    for comparison in &check.comparisons {
        if let Some(wanted) = &check.template
            && current.template_of(&comparison.table) != Some(wanted.as_str())
        {
            continue;
        }
        match compare(comparison, current, previous) {
            Compared::Holds | Compared::Absent => {}
            Compared::Blocked => *not_evaluated += 1,
            Compared::Fails { lhs, rhs } => {
                if let Some(diagnostic) = finding(
                    comparison, meta, current, previous, templates, lang, lhs, rhs,
                ) {
                    out.push(diagnostic);
                }
            }
        }
    }
}

enum Compared {
    Holds,
    Fails {
        lhs: Decimal,
        rhs: Decimal,
    },
    /// A blank or text cell.
    Blocked,
    /// A cell that is not in one of the reports.
    Absent,
}

fn fact<'s>(
    operand: &Operand,
    current: &'s Summary,
    previous: &'s Summary,
) -> Option<&'s CellFact> {
    match operand {
        Operand::Cell { prev, key } => {
            if *prev {
                previous.cells.get(key)
            } else {
                current.cells.get(key)
            }
        }
        Operand::Number(_) => None,
    }
}

fn compare(comparison: &CrossComparison, current: &Summary, previous: &Summary) -> Compared {
    let mut blocked = false;
    let mut sides = [Decimal::ZERO, Decimal::ZERO];
    for (side, operands) in [&comparison.lhs, &comparison.rhs].into_iter().enumerate() {
        for (sign, operand) in operands {
            let value = match operand {
                Operand::Number(number) => *number,
                Operand::Cell { .. } => match fact(operand, current, previous) {
                    None => return Compared::Absent,
                    Some(CellFact { value: None, .. }) => {
                        blocked = true;
                        continue;
                    }
                    Some(CellFact {
                        value: Some(value), ..
                    }) => *value,
                },
            };
            match sign {
                Sign::Plus => sides[side] += value,
                Sign::Minus => sides[side] -= value,
            }
        }
    }
    if blocked {
        return Compared::Blocked;
    }
    if comparison.comparison.holds(sides[0], sides[1]) {
        Compared::Holds
    } else {
        Compared::Fails {
            lhs: sides[0],
            rhs: sides[1],
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn finding(
    comparison: &CrossComparison,
    meta: &RuleMeta,
    current: &Summary,
    previous: &Summary,
    templates: &[Template],
    lang: Lang,
    lhs: Decimal,
    rhs: Decimal,
) -> Option<Diagnostic> {
    let operands: Vec<(bool, Sign, &Operand)> = comparison
        .lhs
        .iter()
        .map(|(sign, operand)| (true, *sign, operand))
        .chain(
            comparison
                .rhs
                .iter()
                .map(|(sign, operand)| (false, *sign, operand)),
        )
        .collect();
    // The primary cell: this year's first cell, preferably on the left.
    let (primary_left, primary_sign, primary) = operands
        .iter()
        .find(|(left, _, operand)| *left && matches!(operand, Operand::Cell { prev: false, .. }))
        .or_else(|| {
            operands
                .iter()
                .find(|(_, _, operand)| matches!(operand, Operand::Cell { prev: false, .. }))
        })
        .copied()?;
    let Operand::Cell {
        key: primary_key, ..
    } = primary
    else {
        return None;
    };
    let primary_fact = current.cells.get(primary_key)?;
    let value_text =
        |value: Option<Decimal>| value.map_or_else(String::new, |v| v.normalize().to_string());
    let prev_year = previous
        .identity
        .year
        .map_or_else(String::new, |year| year.to_string());
    let mut labels = Vec::new();
    let mut related = Vec::new();
    let mut prev_values = Vec::new();
    for (_, _, operand) in &operands {
        let Operand::Cell { prev, key } = operand else {
            continue;
        };
        let Some(fact) = fact(operand, current, previous) else {
            continue;
        };
        let label = cell_label(templates, key);
        let value = value_text(fact.value);
        if *prev {
            let message = match lang {
                Lang::Zh => format!("{prev_year}年报告：{label} 为 {value}"),
                Lang::En => format!("{prev_year} report: {label} is {value}"),
            };
            prev_values.push(match lang {
                Lang::Zh => format!("{label} {value}"),
                Lang::En => format!("{label} {value}"),
            });
            related.push(Related {
                path: previous.path.clone(),
                line: fact.line as usize,
                column: fact.column as usize,
                message,
            });
        } else if key != primary_key {
            labels.push(Label {
                span: fact.span(),
                message: format!("{label} = {value}"),
            });
        }
    }
    let first_prev_line = related.first().map_or(0, |r| r.line);
    let difference = rhs - lhs;
    let expected = (comparison.comparison == Comparison::Equal)
        .then(|| {
            let own = primary_fact.value?;
            // Moving the primary cell by the difference balances the sides.
            Some(match (primary_left, primary_sign) {
                (true, Sign::Plus) | (false, Sign::Minus) => own + difference,
                _ => own - difference,
            })
        })
        .flatten();
    let mut key_parts = primary_key.splitn(3, '.');
    let table = key_parts.next().unwrap_or_default().to_string();
    let row = key_parts.next().unwrap_or_default().to_string();
    let column = key_parts.next().unwrap_or_default().to_string();
    let args: Args = vec![
        ("table", table),
        ("expr", comparison.expr.clone()),
        ("lhs", value_text(Some(lhs))),
        ("rhs", value_text(Some(rhs))),
        ("cell", cell_label(templates, primary_key)),
        ("expected", value_text(expected)),
        ("difference", value_text(Some(difference))),
        ("row", row),
        ("column", column),
        ("prev_year", prev_year),
        ("prev_path", previous.path.clone()),
        ("prev_line", first_prev_line.to_string()),
        (
            "prev_values",
            prev_values.join(match lang {
                Lang::Zh => "、",
                Lang::En => ", ",
            }),
        ),
    ];
    Some(Diagnostic {
        code: meta.code.clone(),
        name: meta.name.clone(),
        category: meta.category,
        severity: meta.severity,
        message: render(meta.message(lang), &args),
        help: meta.help(lang).map(|help| render(help, &args)),
        span: primary_fact.span(),
        label: Some(value_text(primary_fact.value)),
        labels,
        related,
        fix: None,
        url: meta.url.clone(),
        location: None,
    })
}

/// Lints two report texts as last year's and this year's report of one
/// agency with the cross-year rules of `rules` (rule examples, tests).
#[must_use]
pub fn check_pair(
    rules: &RuleSet,
    templates: &[Template],
    previous: (&str, &str),
    current: (&str, &str),
    lang: Lang,
) -> Vec<Diagnostic> {
    let read = |text: &str| Report::read(text);
    let (prev_report, report) = (read(previous.1), read(current.1));
    let mut identity = Identity::of(&report, None, None);
    let mut prev_identity = Identity::of(&prev_report, None, None);
    // Two texts given as a pair are one agency's, whatever they call it.
    identity.id = Some("pair".to_string());
    prev_identity.id = Some("pair".to_string());
    if let (Some(year), None) = (identity.year, prev_identity.year) {
        prev_identity.year = Some(year - 1);
    }
    if let (None, Some(year)) = (identity.year, prev_identity.year) {
        identity.year = Some(year + 1);
    }
    let summaries = vec![
        Summary::of(previous.0, &prev_report, previous.1, prev_identity, rules),
        Summary::of(current.0, &report, current.1, identity, rules),
    ];
    let (found, _) = cross_year(&summaries, |_| {
        Some(RulesFor {
            rules,
            templates,
            lang,
        })
    });
    found
        .into_iter()
        .filter(|(index, _)| *index == 1)
        .flat_map(|(_, diagnostics)| diagnostics)
        .collect()
}
