//! The reader does not depend on one extraction layout: the same tables,
//! written in every layout of domain.md §11 (with split labels, traditional
//! characters, full-width digits and blank cells), read back to the same
//! cells. Real tables too: every table of the seed and corpus reports,
//! written again in each layout and in mixes, binds to the same cells.

mod common;

use std::collections::BTreeMap;

use proptest::prelude::*;
use xxgk_lint::model::{CellValue, Report};
use xxgk_lint::template::{self, TableTemplate, Template};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    Indented,
    Paragraph,
    /// One cell per line, no separators; a blank cell is an empty line.
    Lines,
    PipeRows,
    PipePerLine,
    TabRows,
    SpaceRows,
    /// One cell per line with the pipe alone on the line after each cell
    /// (`规章` / `|` / `0` / `|`); a blank cell is an empty line between
    /// two pipes.
    PipeAlone,
    /// As `PipeAlone`, with no line for a blank cell (two pipes in a row)
    /// and `||` after each row.
    PipeAloneBare,
    /// A leading pipe on every cell line (`| 规章`, `| 0`); a blank cell is
    /// a pipe alone.
    LeadingPipe,
    /// Indented pipe rows (`    规章 | 0 | 0 | 0 |`) with a line of spaces
    /// after each; long rows wrap after their label and after five values,
    /// with a line of spaces inside the row.
    IndentedPipeRows,
    /// Rows separated by full-width pipes (`规章｜0｜0｜0｜`).
    FullWidthRows,
    /// One cell per line closed by a full-width pipe, `｜｜｜` after each
    /// row (merged cells).
    FullWidthPerLine,
    /// Markdown-like rows (`| 规章 | 0 |`) with a `|---|---|` rule after
    /// header rows.
    MarkdownRows,
}

const LAYOUTS: [Layout; 14] = [
    Layout::Indented,
    Layout::Paragraph,
    Layout::Lines,
    Layout::PipeRows,
    Layout::PipePerLine,
    Layout::TabRows,
    Layout::SpaceRows,
    Layout::PipeAlone,
    Layout::PipeAloneBare,
    Layout::LeadingPipe,
    Layout::IndentedPipeRows,
    Layout::FullWidthRows,
    Layout::FullWidthPerLine,
    Layout::MarkdownRows,
];

/// Layouts that can be mixed row by row in one table (each row is told
/// apart by its own separators).
const MIXABLE: [Layout; 8] = [
    Layout::PipeRows,
    Layout::PipePerLine,
    Layout::PipeAlone,
    Layout::PipeAloneBare,
    Layout::LeadingPipe,
    Layout::IndentedPipeRows,
    Layout::FullWidthRows,
    Layout::FullWidthPerLine,
];

/// A cell value to write: a number or a blank.
type Values = BTreeMap<String, Option<u32>>;

fn template(id: &str) -> &'static Template {
    template::builtin().iter().find(|t| t.id == id).unwrap()
}

/// One row of a table to write: a label (none for the values-only row of
/// 表四) and its cells (an empty string is a blank cell). A header or
/// caption is a label without cells.
#[derive(Clone, Debug)]
struct Row {
    label: Option<String>,
    cells: Vec<String>,
}

impl Row {
    fn header(text: &str) -> Row {
        Row {
            label: Some(text.to_string()),
            cells: Vec::new(),
        }
    }
}

/// Writes one row in `layout`.
fn write_row(out: &mut String, layout: Layout, row: &Row) {
    let label = row.label.as_deref();
    let cells = &row.cells;
    // Every cell of the row, the label first.
    let all: Vec<&str> = label
        .into_iter()
        .chain(cells.iter().map(String::as_str))
        .collect();
    let one_line = |label: &str| label.replace('\n', "");
    match layout {
        Layout::Indented => {
            for (at, cell) in all.iter().enumerate() {
                out.push('\t');
                let is_label = at == 0 && label.is_some();
                out.push_str(if cell.is_empty() && !is_label {
                    "\u{a0}"
                } else {
                    cell
                });
                out.push('\n');
            }
            out.push('\n');
        }
        Layout::Paragraph => {
            for (at, cell) in all.iter().enumerate() {
                if cell.is_empty() && !(at == 0 && label.is_some()) {
                    out.push('\n');
                } else {
                    out.push_str(cell);
                    out.push_str("\n\n");
                }
            }
        }
        Layout::Lines => {
            for cell in &all {
                out.push_str(cell);
                out.push('\n');
            }
        }
        Layout::PipeRows => {
            let all: Vec<String> = all.iter().map(|c| one_line(c)).collect();
            out.push_str(&format!("{} |\n", all.join(" | ")));
        }
        Layout::PipePerLine => {
            for cell in &all {
                out.push_str(cell);
                out.push_str(" |\n");
            }
            out.push_str("||\n");
        }
        Layout::TabRows => {
            let all: Vec<String> = all.iter().map(|c| one_line(c)).collect();
            out.push_str(&all.join("\t"));
            out.push('\n');
        }
        Layout::SpaceRows => {
            let all: Vec<String> = all
                .iter()
                .enumerate()
                .map(|(at, cell)| {
                    if at == 0 && label.is_some() {
                        one_line(cell)
                    } else if cell.is_empty() {
                        "/".to_string()
                    } else {
                        cell.chars().filter(|c| !c.is_whitespace()).collect()
                    }
                })
                .collect();
            out.push_str(&all.join(" "));
            out.push('\n');
        }
        Layout::PipeAlone => {
            for cell in &all {
                out.push_str(cell);
                out.push_str("\n|\n");
            }
        }
        Layout::PipeAloneBare => {
            for cell in &all {
                if !cell.is_empty() {
                    out.push_str(cell);
                    out.push('\n');
                }
                out.push_str("|\n");
            }
            out.push_str("||\n");
        }
        Layout::LeadingPipe => {
            for cell in &all {
                if cell.is_empty() {
                    out.push_str("|\n");
                } else {
                    out.push_str("| ");
                    out.push_str(&one_line(cell));
                    out.push('\n');
                }
            }
        }
        Layout::IndentedPipeRows => {
            let all: Vec<String> = all.iter().map(|c| one_line(c)).collect();
            let (head, values) = match label {
                Some(_) if all.len() > 4 => (Some(&all[0]), &all[1..]),
                _ => (None, &all[..]),
            };
            if let Some(head) = head {
                out.push_str(&format!("    {head} |\n      \n"));
            }
            for chunk in values.chunks(5) {
                out.push_str(&format!("    {} |\n   \n", chunk.join(" | ")));
            }
        }
        Layout::FullWidthRows => {
            let all: Vec<String> = all.iter().map(|c| one_line(c)).collect();
            out.push_str(&format!("{}｜\n", all.join("｜")));
        }
        Layout::FullWidthPerLine => {
            for cell in &all {
                out.push_str(cell);
                out.push_str(" ｜\n");
            }
            out.push_str("｜｜｜\n");
        }
        Layout::MarkdownRows => {
            let all: Vec<String> = all.iter().map(|c| one_line(c)).collect();
            out.push_str(&format!("| {} |\n", all.join(" | ")));
            if cells.is_empty() {
                out.push_str("|---|---|\n");
            }
        }
    }
}

/// Writes a table's rows, each in the layout `layout_of` gives it.
///
/// A row without a label whose first cell is blank cannot be told from
/// the row before when neither marks where it starts: the pipe-alone
/// layouts write nothing before a row, so after a row of another layout
/// such a row is written with explicit pipes instead (the reader declines
/// to guess there; docs/inputs.md).
fn write_table(out: &mut String, rows: &[Row], layout_of: &dyn Fn(usize) -> Layout) {
    for (at, row) in rows.iter().enumerate() {
        let mut layout = layout_of(at);
        let unmarked = matches!(layout, Layout::PipeAlone | Layout::PipeAloneBare);
        let after_other = at > 0 && layout_of(at - 1) != layout;
        if unmarked && after_other && row.label.is_none() {
            layout = Layout::PipeRows;
        }
        write_row(out, layout, row);
    }
}

#[derive(Clone, Debug)]
struct Style {
    split_labels: bool,
    traditional: bool,
    full_width: bool,
}

impl Style {
    fn label(&self, label: &str) -> String {
        let mut label = label.to_string();
        if self.traditional {
            for (simplified, traditional) in [
                ("结转", "結轉"),
                ("公开", "公開"),
                ("申请", "申請"),
                ("数量", "數量"),
                ("规", "規"),
                ("处", "處"),
            ] {
                label = label.replace(simplified, traditional);
            }
        }
        let chars: Vec<char> = label.chars().collect();
        if self.split_labels && chars.len() > 8 {
            let middle = chars.len() - 2;
            let head: String = chars[..middle].iter().collect();
            let tail: String = chars[middle..].iter().collect();
            label = format!("{head}\n{tail}");
        }
        label
    }

    fn number(&self, value: u32) -> String {
        let text = value.to_string();
        if self.full_width {
            text.chars()
                .map(|c| char::from_u32(c as u32 + 0xfee0).unwrap())
                .collect()
        } else {
            text
        }
    }
}

/// The headers printed above the values-only row of 表四.
const REVIEW_HEADERS: [&str; 7] = [
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
];

/// The rows of a template table as a report prints them: each block's
/// captions, then its rows with the cells `cell(row, column)` gives.
fn template_rows(
    table: &TableTemplate,
    style: &Style,
    cell: &dyn Fn(&str, &str) -> Option<String>,
) -> Vec<Row> {
    let mut rows = Vec::new();
    for block in &table.blocks {
        rows.extend(block.captions.iter().map(|caption| Row::header(caption)));
        for row in &block.rows {
            let cells: Vec<String> = block
                .columns
                .iter()
                .map_while(|column| cell(&row.key, &column.key))
                .collect();
            match row.labels.first() {
                Some(label) => rows.push(Row {
                    label: Some(style.label(label)),
                    cells,
                }),
                None => {
                    rows.extend(REVIEW_HEADERS.iter().map(|header| Row::header(header)));
                    rows.push(Row { label: None, cells });
                }
            }
        }
    }
    rows
}

/// The section heading above each table.
const HEADINGS: [(&str, &str); 3] = [
    ("active", "二、主动公开政府信息情况"),
    ("applications", "三、收到和处理政府信息公开申请情况"),
    ("reviews", "四、政府信息公开行政复议、行政诉讼情况"),
];

/// Writes a whole report around `tables` (key and rows), each row in the
/// layout `layout_of(table, row)` gives it.
fn write_document(
    year: i32,
    tables: &[Table],
    layout_of: &dyn Fn(usize, usize) -> Layout,
) -> String {
    let mut out = format!(
        "测试镇{year}年政府信息公开工作年度报告\n\n一、总体情况\n本镇依法公开政府信息。\n\n"
    );
    for (key, heading) in HEADINGS {
        out.push_str(heading);
        out.push_str("\n\n");
        if let Some(at) = tables.iter().position(|(table, _)| table == key) {
            write_table(&mut out, &tables[at].1, &|row| layout_of(at, row));
        }
    }
    out.push_str("五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n");
    out
}

/// Writes a whole report with the three tables of `template` in `layout`.
fn write_report(
    template: &Template,
    layout: Layout,
    values: &Values,
    style: &Style,
    year: i32,
) -> String {
    let tables: Vec<Table> = template
        .tables
        .iter()
        .map(|table| {
            let rows = template_rows(table, style, &|row, column| {
                let value = values[&format!("{}.{row}.{column}", table.key)];
                Some(value.map_or(String::new(), |v| style.number(v)))
            });
            (table.key.clone(), rows)
        })
        .collect();
    write_document(year, &tables, &|_, _| layout)
}

fn read_back(text: &str) -> BTreeMap<String, Option<String>> {
    let report = Report::read(text);
    let mut cells = BTreeMap::new();
    for table in &report.tables {
        for cell in &table.cells {
            let value = match &cell.value {
                CellValue::Number(quantity) => Some(quantity.value.to_string()),
                CellValue::Blank | CellValue::Placeholder => None,
                other => Some(format!("{other:?}")),
            };
            cells.insert(format!("{}.{}", table.key, cell.key), value);
        }
    }
    cells
}

fn values_strategy(template: &'static Template) -> impl Strategy<Value = Values> {
    let keys: Vec<String> = template
        .tables
        .iter()
        .flat_map(|table| {
            table
                .cell_keys()
                .map(move |key| format!("{}.{}", table.key, key))
        })
        .collect();
    let count = keys.len();
    prop::collection::vec(
        prop_oneof![9 => (0u32..5000).prop_map(Some), 1 => Just(None)],
        count,
    )
    .prop_map(move |values| keys.iter().cloned().zip(values).collect())
}

/// Writes the tables of `template` with `values`, each row in the layout
/// `layout_of` gives it, and checks that every cell reads back.
fn check(
    template_id: &str,
    layout_of: &dyn Fn(usize, usize) -> Layout,
    values: &Values,
    style: &Style,
) -> Result<(), TestCaseError> {
    let template = template(template_id);
    let year = if template_id == "gov-2019" {
        2020
    } else {
        2022
    };
    let tables: Vec<Table> = template
        .tables
        .iter()
        .map(|table| {
            let rows = template_rows(table, style, &|row, column| {
                let value = values[&format!("{}.{row}.{column}", table.key)];
                Some(value.map_or(String::new(), |v| style.number(v)))
            });
            (table.key.clone(), rows)
        })
        .collect();
    let text = write_document(year, &tables, layout_of);
    let read = read_back(&text);
    for (key, expected) in values {
        let expected = expected.map(|v| v.to_string());
        let found = read.get(key);
        prop_assert_eq!(
            found,
            Some(&expected),
            "{} with {:?} ({}):\n{}",
            key,
            style,
            template_id,
            text
        );
    }
    let report = Report::read(&text);
    for table in &report.tables {
        prop_assert_eq!(
            &table.template,
            template_id,
            "table {}:\n{}",
            table.key,
            text
        );
    }
    Ok(())
}

/// Whether labels may be split over lines in `layout` (a line holds one
/// cell there).
fn splits_labels(layout: Layout) -> bool {
    matches!(layout, Layout::Indented | Layout::Paragraph | Layout::Lines)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn gov_2019_tables_read_back_in_every_layout(
        values in values_strategy(template("gov-2019")),
        layout in prop::sample::select(LAYOUTS.to_vec()),
        split_labels: bool,
        traditional: bool,
        full_width: bool,
    ) {
        let style = Style { split_labels: split_labels && splits_labels(layout), traditional, full_width };
        check("gov-2019", &|_, _| layout, &values, &style)?;
    }

    #[test]
    fn gov_2021_tables_read_back_in_every_layout(
        values in values_strategy(template("gov-2021")),
        layout in prop::sample::select(LAYOUTS.to_vec()),
        split_labels: bool,
        traditional: bool,
        full_width: bool,
    ) {
        let style = Style { split_labels: split_labels && splits_labels(layout), traditional, full_width };
        check("gov-2021", &|_, _| layout, &values, &style)?;
    }

    /// Separators of several kinds mixed row by row in one table: leading
    /// and trailing pipes, pipes alone, fillers, full-width pipes,
    /// indented rows with spacing lines.
    #[test]
    fn tables_read_back_with_layouts_mixed_row_by_row(
        values_2019 in values_strategy(template("gov-2019")),
        values_2021 in values_strategy(template("gov-2021")),
        mix in prop::collection::vec(prop::sample::select(MIXABLE.to_vec()), 64),
        traditional: bool,
        full_width: bool,
    ) {
        let style = Style { split_labels: false, traditional, full_width };
        let layout_of = |table: usize, row: usize| mix[(table * 29 + row * 7) % mix.len()];
        check("gov-2019", &layout_of, &values_2019, &style)?;
        check("gov-2021", &layout_of, &values_2021, &style)?;
    }
}

/// A table's key and the rows to write.
type Table = (String, Vec<Row>);

/// Cells read: `table.row.column` → reading.
type Readings = BTreeMap<String, Option<String>>;

/// The layout of each row: `(table, row) → layout`.
type LayoutOf = Box<dyn Fn(usize, usize) -> Layout>;

/// The value a cell reads as, for comparing readings: blanks and
/// placeholders alike are "no value".
fn reading(value: &CellValue) -> Option<String> {
    match value {
        CellValue::Number(quantity) => Some(format!(
            "{}{}",
            quantity.value,
            quantity.unit.as_deref().unwrap_or("")
        )),
        CellValue::Blank | CellValue::Placeholder => None,
        other => Some(format!("{other:?}")),
    }
}

/// The tables a real report's reading bound, as rows to write again: the
/// labels as matched, the bound cells as written.
/// Rows whose values could not be bound (a scrambled table) are left out.
fn bound_tables(text: &str) -> (Vec<Table>, Readings) {
    let report = Report::read(text);
    let mut tables = Vec::new();
    let mut expected = BTreeMap::new();
    for table in report.tables.iter().filter(|table| table.found) {
        let template = template(&table.template);
        let table_template = template.table(&table.key).unwrap();
        let cells_of = |row: &str| -> Vec<&xxgk_lint::model::Cell> {
            table.cells.iter().filter(|cell| cell.row == row).collect()
        };
        let mut rows = Vec::new();
        for block in &table_template.blocks {
            rows.extend(block.captions.iter().map(|caption| Row::header(caption)));
            for row in &block.rows {
                let Some(binding) = table.row(&row.key) else {
                    continue;
                };
                let cells = cells_of(&row.key);
                if binding.found == 0 && binding.status == xxgk_lint::model::RowStatus::Ambiguous {
                    continue;
                }
                for cell in &cells {
                    expected.insert(format!("{}.{}", table.key, cell.key), reading(&cell.value));
                }
                let written: Vec<String> = cells.iter().map(|cell| cell.text.clone()).collect();
                match &binding.label {
                    // The label as matched: a label split around pieces of
                    // other cells is written whole.
                    Some(_) => rows.push(Row {
                        label: Some(binding.text.clone()),
                        cells: written,
                    }),
                    None => {
                        rows.extend(REVIEW_HEADERS.iter().map(|header| Row::header(header)));
                        rows.push(Row {
                            label: None,
                            cells: written,
                        });
                    }
                }
            }
        }
        tables.push((table.key.clone(), rows));
    }
    (tables, expected)
}

/// Reads `text` and returns its cells as `table.row.column` → reading.
fn readings(text: &str) -> Readings {
    let report = Report::read(text);
    let mut cells = BTreeMap::new();
    for table in report.tables.iter().filter(|table| table.found) {
        for cell in &table.cells {
            cells.insert(format!("{}.{}", table.key, cell.key), reading(&cell.value));
        }
    }
    cells
}

/// The metamorphic test on real tables: every table the reader binds in a
/// seed or corpus report, written again in every layout (and in mixes of
/// layouts), binds to the same cell keys and values.
#[test]
fn real_tables_bind_alike_in_every_layout() {
    let mut checked = 0;
    for file in common::all_reports() {
        let text = common::read_fixture(&file);
        let (tables, expected) = bound_tables(&text);
        if expected.is_empty() {
            continue;
        }
        let year = Report::read(&text).year().unwrap_or(2022);
        let mut runs: Vec<(String, LayoutOf)> = LAYOUTS
            .iter()
            .map(|&layout| {
                let run: LayoutOf = Box::new(move |_, _| layout);
                (format!("{layout:?}"), run)
            })
            .collect();
        for seed in 0..3usize {
            let run: LayoutOf = Box::new(move |table, row| {
                MIXABLE[(seed * 5 + table * 3 + row * (seed + 2)) % MIXABLE.len()]
            });
            runs.push((format!("mix {seed}"), run));
        }
        for (name, layout_of) in &runs {
            let written = write_document(year, &tables, layout_of.as_ref());
            let read = readings(&written);
            for (key, value) in &expected {
                assert_eq!(
                    read.get(key),
                    Some(value),
                    "{file}: {key} written {name}:\n{written}"
                );
            }
            let extra: Vec<&String> = read.keys().filter(|k| !expected.contains_key(*k)).collect();
            assert!(
                extra.is_empty(),
                "{file} written {name}: cells not in the original: {extra:?}\n{written}"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 20 * LAYOUTS.len(),
        "only {checked} readings compared"
    );
}

/// `--fix` fills blank cells of tables 三 and 四 with 0 in every layout (an
/// empty line in a one-cell-per-line table stays a line of its own) and
/// with either line ending, so the table reads back whole.
#[test]
fn blank_cells_are_filled_back_in_every_layout_and_line_ending() {
    let linter = xxgk_lint::Linter::builtin().unwrap();
    let options = xxgk_lint::FileOptions::default();
    let lint = |text: &str| linter.lint(text, &options).diagnostics;
    for template_id in ["gov-2019", "gov-2021"] {
        let template = template(template_id);
        let mut values = Values::new();
        for table in &template.tables {
            for (index, key) in table.cell_keys().enumerate() {
                let value = match table.key.as_str() {
                    "active" => Some(u32::try_from(index).unwrap() + 1),
                    // Every third cell blank, the others 0: the sums hold
                    // once the blanks read 0.
                    _ => (index % 3 != 0).then_some(0),
                };
                values.insert(format!("{}.{key}", table.key), value);
            }
        }
        for layout in LAYOUTS {
            for crlf in [false, true] {
                let style = Style {
                    split_labels: false,
                    traditional: false,
                    full_width: false,
                };
                let mut text = write_report(template, layout, &values, &style, 2022);
                if crlf {
                    text = text.replace('\n', "\r\n");
                }
                let fixed = xxgk_lint::fix::fix_text(&text, lint(&text), false, lint);
                let case = format!("{template_id} {layout:?} crlf={crlf}");
                assert!(fixed.converged, "{case}");
                let read = read_back(&fixed.text);
                for (key, value) in &values {
                    let expected = match value {
                        Some(v) => v.to_string(),
                        None => "0".to_string(),
                    };
                    assert_eq!(
                        read.get(key),
                        Some(&Some(expected)),
                        "{key} in {case}:\n{}",
                        fixed.text
                    );
                }
                if crlf {
                    assert_eq!(
                        fixed.text.matches('\n').count(),
                        fixed.text.matches("\r\n").count(),
                        "{case}: a bare line feed was written"
                    );
                }
            }
        }
    }
}
