//! The typed report model: metadata, sections and tables bound to template
//! cell keys (domain.md §2–4), built from the CST.
//!
//! The model knows nothing about rules: it records what the report says and
//! where, including what it could not read (unrecognised rows, garbled
//! dates), so that rules can report on it.

pub mod bind;
pub mod cells;
pub mod date;
pub mod ending;
pub mod lines;
pub mod meta;
pub mod normalize;
pub mod numerals;
pub mod quantity;
pub mod sections;

use std::ops::Range;
use std::sync::LazyLock;

pub use bind::{RowBinding, RowStatus, Unrecognised, UnrecognisedReason};
pub use date::{Date, DateForm, DateMention};
pub use ending::{Ending, EndingReason};
pub use lines::{Line, LineKind, Token};
pub use meta::{Agency, AgencyKind, Meta, Period, Signed, Title, Year, YearSource};
pub use quantity::{CellValue, Quantity};
pub use sections::{Section, TitleMatch};

use crate::source::LineIndex;
use crate::syntax::{self, Cst};
use crate::template::index::{LabelIndex, Quality};
use crate::template::{self, ColumnKind, SectionsFile, Template};

/// What the reader needs besides the text.
#[derive(Clone, Copy, Debug)]
pub struct ReadOptions<'a> {
    /// Candidate table templates (national ones, possibly extended by packs).
    pub templates: &'a [Template],
    pub sections: &'a SectionsFile,
    /// Overrides the detected report year.
    pub year: Option<i32>,
    /// Overrides the agency kind derived from the agency name.
    pub agency_kind: Option<AgencyKind>,
    /// The label indexes of `templates`, built once and shared by every
    /// report (built for each read when absent or made from other
    /// templates).
    pub indexes: Option<&'a TableIndexes>,
}

impl Default for ReadOptions<'static> {
    fn default() -> Self {
        static BUILTIN: LazyLock<TableIndexes> =
            LazyLock::new(|| TableIndexes::new(template::builtin()));
        ReadOptions {
            templates: template::builtin(),
            sections: template::builtin_sections(),
            year: None,
            agency_kind: None,
            indexes: Some(&BUILTIN),
        }
    }
}

/// The label index of every table of every template in a list. It depends
/// only on the templates, so it is built once per list, not per report.
#[derive(Clone, Debug, Default)]
pub struct TableIndexes {
    /// `[template][table position]`.
    indexes: Vec<Vec<LabelIndex>>,
    /// Id and table keys of each template the indexes were built from.
    shape: Vec<(String, Vec<String>)>,
}

impl TableIndexes {
    /// Indexes each table of each template, with the other tables of the
    /// same template as foreign labels.
    #[must_use]
    pub fn new(templates: &[Template]) -> TableIndexes {
        let indexes = templates
            .iter()
            .map(|template| {
                template
                    .tables
                    .iter()
                    .map(|table| {
                        let foreign: Vec<_> = template
                            .tables
                            .iter()
                            .filter(|other| other.key != table.key)
                            .collect();
                        LabelIndex::new(table, &foreign)
                    })
                    .collect()
            })
            .collect();
        TableIndexes {
            indexes,
            shape: shape(templates),
        }
    }

    /// Whether these indexes were built from `templates` (same ids and
    /// tables).
    fn fits(&self, templates: &[Template]) -> bool {
        self.shape.len() == templates.len()
            && self.shape.iter().zip(templates).all(|((id, tables), t)| {
                *id == t.id
                    && tables.len() == t.tables.len()
                    && tables
                        .iter()
                        .zip(&t.tables)
                        .all(|(key, table)| *key == table.key)
            })
    }

    fn get(&self, template: usize, position: usize) -> &LabelIndex {
        &self.indexes[template][position]
    }

    /// Whether a normalised text is a label of any table (a row, group,
    /// header or caption) of any template.
    fn is_label(&self, norm: &str) -> bool {
        self.indexes
            .iter()
            .flatten()
            .any(|index| index.lookup(norm).is_some())
    }
}

fn shape(templates: &[Template]) -> Vec<(String, Vec<String>)> {
    templates
        .iter()
        .map(|t| {
            (
                t.id.clone(),
                t.tables.iter().map(|table| table.key.clone()).collect(),
            )
        })
        .collect()
}

/// One report, read.
#[derive(Clone, Debug)]
pub struct Report {
    pub lines: Vec<Line>,
    pub line_index: LineIndex,
    pub meta: Meta,
    pub sections: Vec<Section>,
    /// The tables in template order (`active`, `applications`, `reviews`).
    pub tables: Vec<Table>,
    /// Every date written in the report.
    pub dates: Vec<DateMention>,
    /// The template most of the report's tables follow (the applications
    /// table's, else the first table found, else the one for the year).
    pub template: Option<String>,
    /// Where the text stops before the report does (a copy cut off), if it
    /// does.
    pub ending: Option<Ending>,
    /// Where the text begins inside the report (a page from the middle of
    /// a document), if it does.
    pub beginning: Option<Ending>,
}

/// A statistical table bound to a template.
#[derive(Clone, Debug)]
pub struct Table {
    pub key: String,
    /// The template detected for this table.
    pub template: String,
    /// Whether the table's own labels decided its template. When they
    /// cannot (表四 is the same in both formats, a 表三 cut before （六）),
    /// the template follows the report's other tables, then its year.
    pub template_decided: bool,
    /// Whether any part of the table was found.
    pub found: bool,
    /// The region read (a section body, or the whole report).
    pub region: Range<usize>,
    /// Span of everything recognised.
    pub span: Option<Range<usize>>,
    pub rows: Vec<RowBinding>,
    pub cells: Vec<Cell>,
    pub unrecognised: Vec<Unrecognised>,
    /// How confidently the table was read.
    pub reading: Reading,
    /// The row keys of the table's template, in the format's order.
    pub template_rows: Vec<String>,
}

/// How confidently a table was read. A table is read with confidence when
/// its values fall into its rows; when many values belong to no row, or
/// many rows lack values while numbers stand elsewhere, the reading is
/// uncertain: rules on its cells stay silent and one finding says so.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// Whether the reading is uncertain.
    pub uncertain: bool,
    /// Rows found.
    pub rows: usize,
    /// Rows with fewer values than columns, none, or too many.
    pub incomplete_rows: usize,
    /// Numbers and placeholders bound to cells.
    pub bound_values: usize,
    /// Numbers and placeholders that belong to no row (stray, or running on
    /// past a row).
    pub stray_values: usize,
    /// Where the first value that could not be placed is (or the first
    /// incomplete row).
    pub first_problem: Option<Range<usize>>,
}

impl Reading {
    /// Weighs a table's binding.
    fn of(rows: &[RowBinding], cells: &[Cell], unrecognised: &[Unrecognised]) -> Reading {
        let incomplete: Vec<&RowBinding> = rows
            .iter()
            .filter(|row| row.status != RowStatus::Complete)
            .collect();
        let stray: Vec<&Unrecognised> = unrecognised
            .iter()
            .filter(|unknown| {
                matches!(
                    unknown.reason,
                    UnrecognisedReason::Stray | UnrecognisedReason::Ambiguous
                )
            })
            .collect();
        let stray_values: usize = stray.iter().map(|unknown| unknown.values.len()).sum();
        let bound_values = cells
            .iter()
            .filter(|cell| !matches!(cell.value, CellValue::Blank))
            .count();
        let first_problem = stray
            .iter()
            .filter_map(|unknown| unknown.values.first().cloned())
            .chain(incomplete.iter().filter_map(|row| row.label.clone()))
            .min_by_key(|span| span.start);
        // Values that went nowhere, many for what was placed; or rows
        // left short while numbers stand elsewhere (a grid the reader did
        // not follow), or several rows whose values run on (a scramble).
        let ambiguous = rows
            .iter()
            .filter(|row| row.status == RowStatus::Ambiguous)
            .count();
        let uncertain = (stray_values >= 3 && stray_values * 2 >= bound_values)
            || (stray_values >= 2 && incomplete.len() >= 2)
            || ambiguous >= 2;
        Reading {
            uncertain,
            rows: rows.len(),
            incomplete_rows: incomplete.len(),
            bound_values,
            stray_values,
            first_problem,
        }
    }
}

/// One bound cell: `row.column` with its text and value.
#[derive(Clone, Debug)]
pub struct Cell {
    /// `row.column`, e.g. `new.natural`.
    pub key: String,
    pub row: String,
    pub column: String,
    pub text: String,
    pub value: CellValue,
    pub span: Range<usize>,
    /// 0-based line.
    pub line: usize,
    pub kind: ColumnKind,
    /// Unit the header gives: the one the report states, else the one the
    /// format prints (2021 表二 amounts are in 万元).
    pub header_unit: Option<String>,
    /// Unit the report states for the cell's column (in its header or a
    /// unit line of the table), if it states one.
    pub stated_unit: Option<String>,
    /// Unit the format prints in the column header.
    pub format_unit: Option<String>,
    /// Whether the cell's row is complete (only complete rows take part in
    /// arithmetic).
    pub row_complete: bool,
}

impl Report {
    /// The level of the reporting body: `township` (乡, 镇, 街道), `department`,
    /// `county` (县, 区, 旗 governments) or `city` (other governments).
    #[must_use]
    pub fn agency_level(&self) -> Option<&'static str> {
        let agency = self.meta.agency.as_ref()?;
        if agency.township {
            return Some("township");
        }
        if agency.kind == AgencyKind::Department {
            return Some("department");
        }
        let name = agency
            .name
            .trim_end_matches("人民政府")
            .trim_end_matches("政府");
        if name.ends_with('县') || name.ends_with('区') || name.ends_with('旗') {
            Some("county")
        } else {
            Some("city")
        }
    }

    /// Reads `text` with the built-in templates.
    #[must_use]
    pub fn read(text: &str) -> Report {
        Report::read_with(text, &ReadOptions::default())
    }

    /// Reads `text`.
    #[must_use]
    pub fn read_with(text: &str, options: &ReadOptions<'_>) -> Report {
        let cst = syntax::parse(text);
        Report::from_cst(text, &cst, options)
    }

    /// Builds the model from an already parsed CST.
    #[must_use]
    pub fn from_cst(text: &str, cst: &Cst, options: &ReadOptions<'_>) -> Report {
        let lines = lines::lines(cst);
        let dates = collect_dates(text, &lines);
        let built;
        let indexes = match options.indexes {
            Some(indexes) if indexes.fits(options.templates) => indexes,
            _ => {
                built = TableIndexes::new(options.templates);
                &built
            }
        };
        let sections = sections::find(text, &lines, options.sections, &|norm| {
            indexes.is_label(norm)
        });
        let first_section_line = sections.iter().map(|section| section.line).min();
        let mut meta = meta::read(text, &lines, first_section_line, &dates);
        if let Some(year) = options.year {
            meta.year = Some(Year {
                value: year,
                source: YearSource::Override,
                span: None,
            });
        }
        if let (Some(kind), Some(agency)) = (options.agency_kind, meta.agency.as_mut()) {
            agency.kind = kind;
        }
        let year = meta.year.as_ref().map(|year| year.value);
        let tables = read_tables(text, &lines, &sections, options.templates, indexes, year);
        let template = tables
            .iter()
            .find(|table| table.key == "applications" && table.found)
            .or_else(|| tables.iter().find(|table| table.found))
            .map(|table| table.template.clone())
            .or_else(|| {
                year.and_then(|year| options.templates.iter().find(|t| t.covers_year(year)))
                    .map(|t| t.id.clone())
            });
        let ending = ending::detect(text, &lines, &sections, &tables);
        let section_of_table = |key: &str| {
            let section = options
                .templates
                .iter()
                .find_map(|template| template.table(key))
                .map(|table| table.section.clone())?;
            options
                .sections
                .sections
                .iter()
                .position(|template| template.key == section)
        };
        let beginning = ending::detect_beginning(&lines, &sections, &tables, &section_of_table);
        Report {
            line_index: LineIndex::new(text),
            lines,
            meta,
            sections,
            tables,
            dates,
            template,
            ending,
            beginning,
        }
    }

    /// The table with `key`, if found in the report and read with
    /// confidence: sums and narrative comparisons are made only on such
    /// tables.
    #[must_use]
    pub fn table(&self, key: &str) -> Option<&Table> {
        self.found_table(key)
            .filter(|table| !table.reading.uncertain)
    }

    /// The table with `key`, if found in the report, however well it was
    /// read.
    #[must_use]
    pub fn found_table(&self, key: &str) -> Option<&Table> {
        self.tables
            .iter()
            .find(|table| table.key == key && table.found)
    }

    /// The section with `key`.
    #[must_use]
    pub fn section(&self, key: &str) -> Option<&Section> {
        self.sections.iter().find(|section| section.key == key)
    }

    /// Whether the text stops early inside `range` (a section, a table):
    /// what the range should hold after that point is not known.
    #[must_use]
    pub fn cut_within(&self, range: &Range<usize>) -> bool {
        self.ending
            .as_ref()
            .is_some_and(|ending| ending.span.start >= range.start && ending.span.start < range.end)
    }

    /// Whether the text stops early inside `table`: its later rows cannot
    /// be seen.
    #[must_use]
    pub fn cut_in_table(&self, table: &Table) -> bool {
        self.ending
            .iter()
            .chain(&self.beginning)
            .any(|ending| ending.table.as_deref() == Some(table.key.as_str()))
    }

    /// The report year, if known.
    #[must_use]
    pub fn year(&self) -> Option<i32> {
        self.meta.year.as_ref().map(|year| year.value)
    }
}

impl Table {
    /// The cell with key `row.column`.
    #[must_use]
    pub fn cell(&self, key: &str) -> Option<&Cell> {
        self.cells.iter().find(|cell| cell.key == key)
    }

    /// The cell with key `row.column`, without building the key.
    #[must_use]
    pub fn cell_at(&self, row: &str, column: &str) -> Option<&Cell> {
        self.cells.iter().find(|cell| {
            let key = cell.key.as_bytes();
            key.len() == row.len() + 1 + column.len()
                && key.starts_with(row.as_bytes())
                && key[row.len()] == b'.'
                && key.ends_with(column.as_bytes())
        })
    }

    /// The binding of row `key`.
    #[must_use]
    pub fn row(&self, key: &str) -> Option<&RowBinding> {
        self.rows.iter().find(|row| row.key == key)
    }

    /// Whether rows that the format puts after row `key` are missing.
    #[must_use]
    pub fn rows_missing_after(&self, key: &str) -> bool {
        self.template_rows
            .iter()
            .skip_while(|row| *row != key)
            .skip(1)
            .any(|row| self.row(row).is_none())
    }
}

fn collect_dates(text: &str, lines: &[Line]) -> Vec<DateMention> {
    lines
        .iter()
        .flat_map(|line| line.tokens.iter())
        .filter(|token| token.kind.is_date())
        .filter_map(|token| {
            DateMention::from_token(token.kind, &text[token.span.clone()], token.span.clone())
        })
        .collect()
}

/// Lines whose span lies inside `range`.
fn lines_in(lines: &[Line], range: &Range<usize>) -> std::ops::Range<usize> {
    let first = lines.partition_point(|line| line.span.end < range.start);
    let last = lines.partition_point(|line| line.span.start < range.end);
    first..last.max(first)
}

fn read_tables(
    text: &str,
    lines: &[Line],
    sections: &[Section],
    templates: &[Template],
    indexes: &TableIndexes,
    year: Option<i32>,
) -> Vec<Table> {
    let Some(first) = templates.first() else {
        return Vec::new();
    };
    let mut per_table: Vec<(String, Vec<Candidate>)> = Vec::new();
    let table_sections: Vec<&str> = first
        .tables
        .iter()
        .map(|table| table.section.as_str())
        .collect();
    let mut tables = Vec::new();
    let conventions = cells::Conventions::of(lines);
    for table_key in first.tables.iter().map(|table| table.key.as_str()) {
        // Labels of this table in any template: a long label is not prose.
        let known: Vec<&Template> = templates
            .iter()
            .filter(|t| t.table(table_key).is_some())
            .collect();
        let is_label = |norm: &str| {
            templates.iter().enumerate().any(|(t, template)| {
                template
                    .tables
                    .iter()
                    .position(|table| table.key == table_key)
                    .is_some_and(|position| indexes.get(t, position).lookup(norm).is_some())
            })
        };
        let section_key = known
            .first()
            .and_then(|template| template.table(table_key))
            .map(|table| table.section.clone())
            .unwrap_or_default();
        let section_region = sections
            .iter()
            .find(|section| section.key == section_key)
            .map(|section| section.body.clone());
        // The section's body; failing that, the report without the sections
        // of the other tables (a report that lost a heading, a fragment).
        let other_sections: Vec<Range<usize>> = sections
            .iter()
            .filter(|section| {
                section.key != section_key && table_sections.contains(&section.key.as_str())
            })
            .map(|section| lines[section.line].span.start..section.body.end)
            .collect();
        let mut regions: Vec<(Range<usize>, Vec<Range<usize>>)> = Vec::new();
        if let Some(region) = section_region {
            regions.push((region.clone(), vec![region]));
        }
        regions.push((0..text.len(), complement(0..text.len(), &other_sections)));
        // Bind the region against every template; the section's own region
        // is preferred when the table is there.
        let mut candidates: Vec<Candidate> = Vec::new();
        for (region, parts) in regions {
            let mut items = Vec::new();
            for part in &parts {
                let range = lines_in(lines, part);
                if !items.is_empty() {
                    items.push(cells::Item::Prose);
                }
                items.extend(cells::stream(text, &lines[range], conventions, &is_label));
            }
            candidates.clear();
            for (t, template) in templates.iter().enumerate() {
                let Some(position) = template
                    .tables
                    .iter()
                    .position(|table| table.key == table_key)
                else {
                    continue;
                };
                let binding =
                    bind::bind(&items, &template.tables[position], indexes.get(t, position));
                candidates.push(Candidate {
                    template: t,
                    score: binding.score(),
                    binding,
                    region: region.clone(),
                });
            }
            if candidates.iter().any(|candidate| candidate.binding.found()) {
                break;
            }
        }
        if !candidates.is_empty() {
            per_table.push((table_key.to_string(), candidates));
        }
    }
    // A table whose evidence does not tell the formats apart (a 表三 cut
    // before （六）) follows the other tables of the report, then the year.
    let decided: Vec<usize> = per_table
        .iter()
        .filter_map(|(_, candidates)| unique_best(candidates))
        .collect();
    for (table_key, candidates) in per_table {
        let decided_here = unique_best(&candidates);
        let choice = decided_here.unwrap_or_else(|| {
            let best_score = candidates.iter().map(|c| c.score).max().unwrap_or(0);
            let tied: Vec<&Candidate> = candidates
                .iter()
                .filter(|c| c.score == best_score)
                .collect();
            let by_votes = tied
                .iter()
                .max_by_key(|c| decided.iter().filter(|d| **d == c.template).count())
                .filter(|c| decided.contains(&c.template))
                .map(|c| c.template);
            let by_year = year.and_then(|year| {
                tied.iter()
                    .find(|c| templates[c.template].covers_year(year))
                    .map(|c| c.template)
            });
            by_votes.or(by_year).unwrap_or(tied[0].template)
        });
        let candidate = candidates
            .into_iter()
            .find(|candidate| candidate.template == choice)
            .expect("the choice is one of the candidates");
        let template = &templates[candidate.template];
        let table_template = template.table(&table_key).expect("template has the table");
        let mut table = make_table(
            text,
            &table_key,
            template,
            table_template,
            candidate.binding,
            candidate.region,
        );
        table.template_decided = decided_here.is_some();
        tables.push(table);
    }
    tables
}

/// `whole` without the `holes` (sorted or not, possibly overlapping).
fn complement(whole: Range<usize>, holes: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut holes = holes.to_vec();
    holes.sort_by_key(|hole| hole.start);
    let mut parts = Vec::new();
    let mut at = whole.start;
    for hole in holes {
        if hole.start > at {
            parts.push(at..hole.start.min(whole.end));
        }
        at = at.max(hole.end);
    }
    if at < whole.end {
        parts.push(at..whole.end);
    }
    parts
}

/// One template's reading of a table.
struct Candidate {
    template: usize,
    score: i64,
    binding: bind::Binding,
    region: Range<usize>,
}

/// The template that reads the table strictly best, if one does.
fn unique_best(candidates: &[Candidate]) -> Option<usize> {
    let best = candidates.iter().map(|c| c.score).max()?;
    let mut winners = candidates.iter().filter(|c| c.score == best);
    let first = winners.next()?;
    (winners.next().is_none() && first.binding.found()).then_some(first.template)
}

fn make_table(
    text: &str,
    key: &str,
    template: &Template,
    table: &template::TableTemplate,
    binding: bind::Binding,
    region: Range<usize>,
) -> Table {
    let found = binding.found();
    let mut cells = Vec::new();
    // The unit the report states for an amount column: in the column's
    // header, else in a unit line of the table.
    let stated_unit = |block: usize, column: usize| {
        binding
            .units
            .iter()
            .find(|unit| unit.column == Some((block, column)))
            .or_else(|| binding.units.iter().find(|unit| unit.column.is_none()))
            .map(|unit| unit.unit.clone())
    };
    for (row, values) in binding.rows.iter().zip(&binding.values) {
        let block = &table.blocks[row.block];
        for ((at, column), value) in block.columns.iter().enumerate().zip(values) {
            let cell_text = text[value.span.clone()]
                .trim_matches(quantity::is_space)
                .to_string();
            let stated = (column.kind == ColumnKind::Amount)
                .then(|| stated_unit(row.block, at))
                .flatten();
            cells.push(Cell {
                key: format!("{}.{}", row.key, column.key),
                row: row.key.clone(),
                column: column.key.clone(),
                value: quantity::parse_cell(&cell_text),
                text: cell_text,
                span: value.span.clone(),
                line: value.line,
                kind: column.kind,
                header_unit: stated.clone().or_else(|| column.unit.clone()),
                stated_unit: stated,
                format_unit: column.unit.clone(),
                row_complete: row.status == RowStatus::Complete,
            });
        }
    }
    // Cells in template order.
    cells.sort_by_key(|cell| table.cell_position(&cell.key).unwrap_or(usize::MAX));
    let mut rows = binding.rows;
    rows.sort_by_key(|row| table.row_position(&row.key).unwrap_or(usize::MAX));
    let reading = Reading::of(&rows, &cells, &binding.unrecognised);
    Table {
        key: key.to_string(),
        template: template.id.clone(),
        template_decided: true,
        found,
        region,
        span: binding.span,
        rows,
        cells,
        unrecognised: binding.unrecognised,
        reading,
        template_rows: table.row_keys().map(str::to_string).collect(),
    }
}

/// Whether a label was read exactly as printed on the official form.
#[must_use]
pub fn is_exact(quality: Quality) -> bool {
    quality == Quality::Exact
}
