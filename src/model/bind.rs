//! Binding a cell stream to a table template: rows by label, values by
//! position.

use std::ops::Range;

use super::cells::{CellKind, Item, StreamCell};
use super::normalize::{char_len, normalize};
use crate::template::TableTemplate;
use crate::template::index::{LabelIndex, Quality, Target};

/// A row found in the report.
#[derive(Clone, Debug)]
pub struct RowBinding {
    pub key: String,
    /// Block (sub-table) of the row in the template.
    pub block: usize,
    /// The label cell(s) as found (none for the unlabelled row of 表四).
    pub label: Option<Range<usize>>,
    /// The label as matched, normalised: the pieces of a split label joined,
    /// without the fragments of other cells between them (empty for the
    /// unlabelled row).
    pub text: String,
    pub quality: Quality,
    /// Number of value cells found after the label.
    pub found: usize,
    /// Number of columns of the row.
    pub expected: usize,
    pub status: RowStatus,
    /// 0-based line of the label (or of the first value).
    pub line: usize,
}

/// Whether the values after a row label could be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowStatus {
    /// As many values as columns.
    Complete,
    /// Fewer values than columns: the values are bound in order, but the
    /// row is not used for arithmetic.
    Short,
    /// The label is followed by no value.
    Empty,
    /// More values than columns run on after the label (a scrambled
    /// extraction): nothing is bound.
    Ambiguous,
}

/// Text and values inside a table region that match no row.
#[derive(Clone, Debug)]
pub struct Unrecognised {
    /// The label-like text before the values, if any.
    pub label: Option<Range<usize>>,
    pub values: Vec<Range<usize>>,
    pub line: usize,
    pub reason: UnrecognisedReason,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnrecognisedReason {
    /// A label the template does not know.
    UnknownRow,
    /// A known row seen a second time.
    Duplicate,
    /// Values that follow no label.
    Stray,
    /// A known row whose values run on beyond its columns.
    Ambiguous,
}

/// The result of binding one region against one template table.
#[derive(Clone, Debug, Default)]
pub struct Binding {
    pub rows: Vec<RowBinding>,
    /// For each bound row (same order as `rows`), the stream cells of its
    /// values, one per column in order (shorter for a short row).
    pub values: Vec<Vec<StreamCell>>,
    pub unrecognised: Vec<Unrecognised>,
    /// Header, caption and group texts recognised.
    pub headers: usize,
    /// Units the table states in its headers: for an amount column
    /// (`采购总金额(万元)`, `本年收费金额(单位:元)`), or for the whole table
    /// (`（单位：万元）`).
    pub units: Vec<StatedUnit>,
    /// Byte range covered by everything recognised.
    pub span: Option<Range<usize>>,
}

/// A unit the report writes in a table header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatedUnit {
    /// The amount column it heads (block, column), or none for a unit of
    /// the whole table.
    pub column: Option<(usize, usize)>,
    /// The unit as normalised (`万元`, `元`).
    pub unit: String,
    /// The header text that states it.
    pub span: Range<usize>,
}

/// Money units a header can state.
const MONEY_UNITS: [&str; 4] = ["万元", "千元", "亿元", "元"];

/// The unit a header text states, and the header without it:
/// `采购总金额(万元)` → (`采购总金额`, `万元`); `(单位:元)` / `单位:元` →
/// (``, `元`).
fn stated_unit(norm: &str) -> Option<(&str, &str)> {
    let unit_of = |text: &str| {
        let text = text
            .strip_prefix("单位")
            .map_or(text, |rest| rest.trim_start_matches([':', '：']));
        MONEY_UNITS.into_iter().find(|unit| text == *unit)
    };
    if let Some(unit) = unit_of(norm) {
        return norm.starts_with("单位").then_some(("", unit));
    }
    let open = norm.rfind('(')?;
    let inner = norm[open + 1..].strip_suffix(')')?;
    Some((&norm[..open], unit_of(inner)?))
}

/// The amount column of `table` a header without its unit names.
fn amount_column(table: &TableTemplate, header: &str) -> Option<(usize, usize)> {
    table.blocks.iter().enumerate().find_map(|(b, block)| {
        block
            .columns
            .iter()
            .position(|column| {
                if column.kind != crate::template::ColumnKind::Amount {
                    return false;
                }
                let label = normalize(&column.label);
                let core = stated_unit(&label).map_or(label.as_str(), |(core, _)| core);
                core == header
            })
            .map(|c| (b, c))
    })
}

struct LabelMatch {
    target: Target,
    quality: Quality,
    /// Index of the first item after the label.
    end: usize,
    span: Range<usize>,
    line: usize,
    /// The normalised text matched.
    text: String,
}

impl Binding {
    /// How well the template fits the region (higher is better).
    #[must_use]
    pub fn score(&self) -> i64 {
        let mut score = i64::try_from(self.headers).unwrap_or(0);
        for row in &self.rows {
            score += match row.status {
                RowStatus::Complete => 4,
                RowStatus::Short => 1,
                RowStatus::Empty => 1,
                RowStatus::Ambiguous => -2,
            };
            if row.quality != Quality::Exact {
                score -= 1;
            }
        }
        for unknown in &self.unrecognised {
            if unknown.reason != UnrecognisedReason::Duplicate {
                score -= i64::try_from(unknown.values.len()).unwrap_or(0).min(8);
            }
        }
        score
    }

    /// Whether anything of the table was recognised.
    #[must_use]
    pub fn found(&self) -> bool {
        !self.rows.is_empty() || self.headers >= 2
    }

    fn cover(&mut self, span: &Range<usize>) {
        self.span = Some(match self.span.take() {
            Some(current) => current.start.min(span.start)..current.end.max(span.end),
            None => span.clone(),
        });
    }
}

/// Binds `items` to the rows of `table`.
#[must_use]
pub fn bind(items: &[Item], table: &TableTemplate, index: &LabelIndex) -> Binding {
    let mut binding = Binding::default();
    let unlabelled: Option<(usize, usize)> =
        table.blocks.iter().enumerate().find_map(|(b, block)| {
            block
                .rows
                .iter()
                .position(|row| row.labels.is_empty())
                .map(|r| (b, r))
        });
    // Whether the last text seen was a header of this table (the unlabelled
    // row is the run of values after the headers).
    let mut after_header = false;
    let mut i = 0;
    while i < items.len() {
        let Item::Cell(cell) = &items[i] else {
            i += 1;
            continue;
        };
        match cell.kind {
            CellKind::Text => {
                if let Some((header, unit)) = stated_unit(&cell.norm) {
                    let column = amount_column(table, header);
                    if column.is_some() || header.is_empty() {
                        binding.units.push(StatedUnit {
                            column,
                            unit: unit.to_string(),
                            span: cell.span.clone(),
                        });
                    }
                }
                if let Some(found) = match_label(items, i, index) {
                    match found.target {
                        Target::Row { block, row } => {
                            i = bind_row(&mut binding, items, table, block, row, &found);
                            after_header = false;
                            continue;
                        }
                        Target::Foreign => {
                            // Another table's row: skip its values.
                            let (_, next, _) = collect_values(items, found.end, usize::MAX);
                            i = next;
                            after_header = false;
                            continue;
                        }
                        Target::Header | Target::Group | Target::Caption => {
                            binding.headers += 1;
                            binding.cover(&found.span);
                            after_header = true;
                            i = found.end;
                            continue;
                        }
                    }
                }
                if index.is_header_like(&cell.norm) {
                    // Pieces of vertical or split headers.
                    after_header = true;
                    i += 1;
                    continue;
                }
                let (values, next, _) = collect_values(items, i + 1, usize::MAX);
                let label_like = char_len(&cell.norm) <= 80;
                if label_like && values.iter().any(|v| cell_is_value(items, *v)) {
                    binding.unrecognised.push(Unrecognised {
                        label: Some(cell.span.clone()),
                        values: values.iter().map(|v| span_of(items, *v)).collect(),
                        line: cell.line,
                        reason: UnrecognisedReason::UnknownRow,
                    });
                    i = next;
                    continue;
                }
                after_header = false;
                i += 1;
            }
            CellKind::Value | CellKind::Blank => {
                if let (true, Some((block, row))) = (after_header, unlabelled) {
                    let already = binding
                        .rows
                        .iter()
                        .any(|r| r.key == table.blocks[block].rows[row].key);
                    let columns = table.blocks[block].columns.len();
                    let (run, next, overlong) = collect_run(items, i, columns);
                    // A run of empty lines alone is spacing, not a row of blanks.
                    let substantial = run
                        .iter()
                        .any(|v| cell_is_value(items, *v) || !cell_at(items, *v).span.is_empty());
                    if already || run.len() * 2 < columns || overlong || !substantial {
                        // Not the row: skip the whole run (its tails are shorter).
                        if run.iter().all(|v| !cell_is_value(items, *v)) {
                            i = next.max(i + 1);
                            continue;
                        }
                    } else {
                        let cells: Vec<StreamCell> =
                            run.iter().map(|v| cell_at(items, *v).clone()).collect();
                        let status = if cells.len() == columns {
                            RowStatus::Complete
                        } else {
                            RowStatus::Short
                        };
                        for value in &cells {
                            binding.cover(&value.span);
                        }
                        binding.rows.push(RowBinding {
                            key: table.blocks[block].rows[row].key.clone(),
                            block,
                            label: None,
                            text: String::new(),
                            quality: Quality::Exact,
                            found: cells.len(),
                            expected: columns,
                            status,
                            line: cells[0].line,
                        });
                        binding.values.push(cells);
                        after_header = false;
                        i = next;
                        continue;
                    }
                }
                if cell.kind == CellKind::Value {
                    let (values, next, _) = collect_values(items, i, usize::MAX);
                    binding.unrecognised.push(Unrecognised {
                        label: None,
                        values: values.iter().map(|v| span_of(items, *v)).collect(),
                        line: cell.line,
                        reason: UnrecognisedReason::Stray,
                    });
                    i = next.max(i + 1);
                    continue;
                }
                i += 1;
            }
        }
    }
    binding
}

fn bind_row(
    binding: &mut Binding,
    items: &[Item],
    table: &TableTemplate,
    block: usize,
    row: usize,
    found: &LabelMatch,
) -> usize {
    let columns = table.blocks[block].columns.len();
    let key = &table.blocks[block].rows[row].key;
    let (values, next, overlong) = collect_values(items, found.end, columns);
    let cells: Vec<StreamCell> = values.iter().map(|v| cell_at(items, *v).clone()).collect();
    let existing = binding.rows.iter().position(|r| &r.key == key);
    if let Some(existing) = existing {
        // A row seen twice: keep the first reading unless it had no values.
        if binding.rows[existing].status != RowStatus::Empty || cells.is_empty() {
            if !cells.is_empty() {
                binding.unrecognised.push(Unrecognised {
                    label: Some(found.span.clone()),
                    values: cells.iter().map(|c| c.span.clone()).collect(),
                    line: found.line,
                    reason: UnrecognisedReason::Duplicate,
                });
            }
            return next.max(found.end);
        }
        binding.rows.remove(existing);
        binding.values.remove(existing);
    }
    binding.cover(&found.span);
    let status = if overlong {
        RowStatus::Ambiguous
    } else if cells.len() == columns {
        RowStatus::Complete
    } else if cells.iter().any(|c| c.kind == CellKind::Value) {
        RowStatus::Short
    } else if !cells.is_empty() {
        // Some blank cells, then the next label: blank cells that are there.
        RowStatus::Short
    } else {
        RowStatus::Empty
    };
    if status == RowStatus::Ambiguous {
        // Values run on past the row: a column-major scramble. Bind nothing.
        let (run, run_end, _) = collect_values(items, found.end, usize::MAX);
        binding.unrecognised.push(Unrecognised {
            label: Some(found.span.clone()),
            values: run.iter().map(|v| span_of(items, *v)).collect(),
            line: found.line,
            reason: UnrecognisedReason::Ambiguous,
        });
        binding.rows.push(RowBinding {
            key: key.clone(),
            block,
            label: Some(found.span.clone()),
            text: found.text.clone(),
            quality: found.quality,
            found: 0,
            expected: columns,
            status,
            line: found.line,
        });
        binding.values.push(Vec::new());
        return run_end.max(found.end);
    }
    for cell in &cells {
        binding.cover(&cell.span);
    }
    binding.rows.push(RowBinding {
        key: key.clone(),
        block,
        label: Some(found.span.clone()),
        text: found.text.clone(),
        quality: found.quality,
        found: cells.len(),
        expected: columns,
        status,
        line: found.line,
    });
    binding.values.push(cells);
    next.max(found.end)
}

fn cell_at(items: &[Item], index: usize) -> &StreamCell {
    match &items[index] {
        Item::Cell(cell) => cell,
        _ => unreachable!("value indices point at cells"),
    }
}

fn span_of(items: &[Item], index: usize) -> Range<usize> {
    cell_at(items, index).span.clone()
}

fn cell_is_value(items: &[Item], index: usize) -> bool {
    cell_at(items, index).kind == CellKind::Value
}

/// The value cells after a label: up to `limit` values and blanks, stopping
/// at text, prose, or a row boundary once values have started. A boundary
/// may be crossed before the first value (values on the next line of a PDF
/// row), but a blank cell right after a boundary is a filler, not a value.
/// Also reports whether more values run on after `limit` (overlong row).
fn collect_values(items: &[Item], start: usize, limit: usize) -> (Vec<usize>, usize, bool) {
    let mut values = Vec::new();
    let mut crossed = false;
    let mut j = start;
    while j < items.len() && values.len() < limit {
        match &items[j] {
            Item::Boundary => {
                // Once values have started, a boundary ends the row unless
                // the next line only carries it on (a wrapped row).
                let wrapped =
                    limit != usize::MAX && continues_row(items, j + 1, limit - values.len());
                if !values.is_empty() && !wrapped {
                    break;
                }
                crossed = true;
            }
            Item::Prose => break,
            Item::Cell(cell) => match cell.kind {
                CellKind::Value => values.push(j),
                CellKind::Blank => {
                    if values.is_empty() && crossed {
                        break;
                    }
                    values.push(j);
                }
                // Inside an explicit row (pipes, TABs), a short text between
                // values is a cell holding text where a number belongs.
                CellKind::Text
                    if limit != usize::MAX
                        && cell.in_row
                        && in_same_row(items, j)
                        && char_len(&cell.norm) <= 12 =>
                {
                    values.push(j);
                }
                CellKind::Text => break,
            },
        }
        j += 1;
    }
    let overlong = values.len() == limit && run_on(items, j, limit);
    (values, j, overlong)
}

/// Whether the line at `from` carries on a row that still lacks `room`
/// values: it holds values only (at least one number or placeholder, or
/// blank cells its separators spell out; no label), no more than the row
/// still needs. A row wrapped onto the next line, or split by a spacing
/// line, reads as one row.
fn continues_row(items: &[Item], from: usize, room: usize) -> bool {
    let mut count = 0;
    let mut explicit = false;
    for item in &items[from.min(items.len())..] {
        match item {
            Item::Cell(cell) if cell.kind == CellKind::Value => {
                explicit = true;
                count += 1;
            }
            Item::Cell(cell) if cell.kind == CellKind::Blank => {
                explicit |= cell.in_row;
                count += 1;
            }
            Item::Boundary | Item::Prose | Item::Cell(_) => break,
        }
    }
    explicit && count <= room
}

/// Whether item `at` continues the row of the cell before it (same line,
/// no boundary between).
fn in_same_row(items: &[Item], at: usize) -> bool {
    match (
        at.checked_sub(1).and_then(|before| items.get(before)),
        items.get(at),
    ) {
        (Some(Item::Cell(before)), Some(Item::Cell(cell))) => before.line == cell.line,
        _ => false,
    }
}

/// Whether values run on at `from` after a full row of `columns` values:
/// two or more (one for a one-column row). A single extra value is more
/// likely debris than a scrambled table.
fn run_on(items: &[Item], from: usize, columns: usize) -> bool {
    let extra = items[from.min(items.len())..]
        .iter()
        .take_while(|item| matches!(item, Item::Cell(cell) if cell.kind == CellKind::Value))
        .count();
    extra >= 2 || (columns == 1 && extra >= 1)
}

/// A run of values and blanks for the unlabelled row: boundaries inside the
/// run are allowed (one group per line), text ends it.
fn collect_run(items: &[Item], start: usize, limit: usize) -> (Vec<usize>, usize, bool) {
    let mut values = Vec::new();
    let mut j = start;
    while j < items.len() && values.len() < limit {
        match &items[j] {
            Item::Boundary => {}
            Item::Prose => break,
            Item::Cell(cell) => match cell.kind {
                CellKind::Value | CellKind::Blank => values.push(j),
                CellKind::Text => break,
            },
        }
        j += 1;
    }
    let overlong = values.len() == limit && run_on(items, j, limit);
    (values, j, overlong)
}

/// Matches a row, group, header or caption label starting at item `start`.
fn match_label(items: &[Item], start: usize, index: &LabelIndex) -> Option<LabelMatch> {
    let Item::Cell(cell) = &items[start] else {
        return None;
    };
    let norm = &cell.norm;
    let whole = |target, quality| LabelMatch {
        target,
        quality,
        end: start + 1,
        span: cell.span.clone(),
        line: cell.line,
        text: norm.clone(),
    };
    if let Some((target, quality)) = index.lookup(norm) {
        return Some(whole(target, quality));
    }
    if let Some((target, quality)) = index.suffix(norm) {
        return Some(whole(target, quality));
    }
    if let Some(found) = match_split_label(items, start, index) {
        return Some(found);
    }
    index.fuzzy(norm).map(|target| whole(target, Quality::Typo))
}

/// A label split over several cells (`4.保护第三方合法权` / `益`), possibly
/// with its values in the middle (`（二）部分公开（区分处理的，只计这一情` /
/// values / `形，不计其他情形）`), and fragments of vertical group headers
/// between the pieces.
fn match_split_label(items: &[Item], start: usize, index: &LabelIndex) -> Option<LabelMatch> {
    let Item::Cell(first) = &items[start] else {
        return None;
    };
    if char_len(&first.norm) < 2 {
        return None;
    }
    let (target, full_length) = index.prefix_target(&first.norm)?;
    let mut joined = first.norm.clone();
    let mut span = first.span.clone();
    let mut end = start + 1;
    let mut j = start + 1;
    let mut skipped = 0;
    while j < items.len() && skipped <= 3 {
        match &items[j] {
            Item::Boundary => {
                skipped += 1;
                j += 1;
            }
            Item::Cell(cell) if cell.kind == CellKind::Text => {
                let candidate = format!("{joined}{}", cell.norm);
                if let Some((found, quality)) = index.lookup(&candidate)
                    && found == target
                {
                    return Some(LabelMatch {
                        target,
                        quality,
                        end: j + 1,
                        span: span.start..cell.span.end,
                        line: first.line,
                        text: candidate,
                    });
                }
                if index
                    .prefix_target(&candidate)
                    .is_some_and(|(found, _)| found == target)
                {
                    joined = candidate;
                    span = span.start..cell.span.end;
                    end = j + 1;
                    j += 1;
                    continue;
                }
                if index.is_fragment(&cell.norm) {
                    skipped += 1;
                    j += 1;
                    continue;
                }
                break;
            }
            _ => break,
        }
    }
    // The label stops short; accept it when values follow and enough of it
    // was read to tell it apart.
    let next_is_value = items[end..]
        .iter()
        .find(|item| !matches!(item, Item::Boundary))
        .is_some_and(|item| matches!(item, Item::Cell(cell) if cell.kind == CellKind::Value));
    let length = char_len(&joined);
    (next_is_value && length >= 4 && length * 2 >= full_length).then_some(LabelMatch {
        target,
        quality: Quality::Partial,
        end,
        span,
        line: first.line,
        text: joined,
    })
}
