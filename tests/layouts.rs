//! The reader does not depend on one extraction layout: the same tables,
//! written in every layout of domain.md §11 (with split labels, traditional
//! characters, full-width digits and blank cells), read back to the same
//! cells.

use std::collections::BTreeMap;

use proptest::prelude::*;
use xxgk_lint::model::{CellValue, Report};
use xxgk_lint::template::{self, Template};

#[derive(Clone, Copy, Debug)]
enum Layout {
    Indented,
    Paragraph,
    /// One cell per line, no separators; a blank cell is an empty line.
    Lines,
    PipeRows,
    PipePerLine,
    TabRows,
    SpaceRows,
}

const LAYOUTS: [Layout; 7] = [
    Layout::Indented,
    Layout::Paragraph,
    Layout::Lines,
    Layout::PipeRows,
    Layout::PipePerLine,
    Layout::TabRows,
    Layout::SpaceRows,
];

/// A cell value to write: a number or a blank.
type Values = BTreeMap<String, Option<u32>>;

fn template(id: &str) -> &'static Template {
    template::builtin().iter().find(|t| t.id == id).unwrap()
}

fn write_row(out: &mut String, layout: Layout, label: &str, values: &[Option<u32>], style: &Style) {
    let label = style.label(label);
    let cell = |value: &Option<u32>| value.map_or(String::new(), |v| style.number(v));
    match layout {
        Layout::Indented => {
            out.push('\t');
            out.push_str(&label);
            out.push('\n');
            for value in values {
                out.push('\t');
                out.push_str(&value.map_or("\u{a0}".to_string(), |v| style.number(v)));
                out.push('\n');
            }
            out.push('\n');
        }
        Layout::Paragraph => {
            out.push_str(&label);
            out.push_str("\n\n");
            for value in values {
                match value {
                    Some(_) => {
                        out.push_str(&cell(value));
                        out.push_str("\n\n");
                    }
                    None => out.push('\n'),
                }
            }
        }
        Layout::Lines => {
            out.push_str(&label);
            out.push('\n');
            for value in values {
                out.push_str(&cell(value));
                out.push('\n');
            }
        }
        Layout::PipeRows => {
            out.push_str(&label);
            for value in values {
                out.push_str(" | ");
                out.push_str(&cell(value));
            }
            out.push_str(" |\n");
        }
        Layout::PipePerLine => {
            out.push_str(&label);
            out.push_str(" |\n");
            for value in values {
                out.push_str(&cell(value));
                out.push_str(" |\n");
            }
            out.push_str("||\n");
        }
        Layout::TabRows => {
            out.push_str(&label.replace('\n', ""));
            for value in values {
                out.push('\t');
                out.push_str(&cell(value));
            }
            out.push('\n');
        }
        Layout::SpaceRows => {
            out.push_str(&label.replace('\n', ""));
            for value in values {
                out.push(' ');
                out.push_str(&value.map_or("/".to_string(), |v| style.number(v)));
            }
            out.push('\n');
        }
    }
}

/// The unlabelled row of 表四: values only.
fn write_values(out: &mut String, layout: Layout, values: &[Option<u32>], style: &Style) {
    let cell = |value: &Option<u32>| value.map_or(String::new(), |v| style.number(v));
    let cells: Vec<String> = values.iter().map(cell).collect();
    match layout {
        Layout::Indented => {
            for value in values {
                out.push('\t');
                out.push_str(&value.map_or("\u{a0}".to_string(), |v| style.number(v)));
                out.push('\n');
            }
        }
        Layout::Paragraph => {
            for value in values {
                match value {
                    Some(_) => {
                        out.push_str(&cell(value));
                        out.push_str("\n\n");
                    }
                    None => out.push('\n'),
                }
            }
        }
        Layout::Lines => {
            for cell in &cells {
                out.push_str(cell);
                out.push('\n');
            }
        }
        Layout::PipeRows => out.push_str(&format!("| {} |\n", cells.join(" | "))),
        Layout::PipePerLine => {
            for cell in &cells {
                out.push_str(cell);
                out.push_str(" |\n");
            }
        }
        Layout::TabRows => out.push_str(&format!("{}\n", cells.join("\t"))),
        Layout::SpaceRows => {
            let cells: Vec<String> = values
                .iter()
                .map(|v| v.map_or("/".to_string(), |v| style.number(v)))
                .collect();
            out.push_str(&format!("{}\n", cells.join(" ")));
        }
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

/// Writes a whole report with the three tables of `template` in `layout`.
fn write_report(
    template: &Template,
    layout: Layout,
    values: &Values,
    style: &Style,
    year: i32,
) -> String {
    let mut out = format!(
        "测试镇{year}年政府信息公开工作年度报告\n\n一、总体情况\n本镇依法公开政府信息。\n\n"
    );
    let headings = [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ];
    for (table, heading) in template.tables.iter().zip(headings) {
        out.push_str(heading);
        out.push_str("\n\n");
        for block in &table.blocks {
            for caption in &block.captions {
                out.push_str(caption);
                out.push_str("\n\n");
            }
            for row in &block.rows {
                let row_values: Vec<Option<u32>> = block
                    .columns
                    .iter()
                    .map(|column| values[&format!("{}.{}.{}", table.key, row.key, column.key)])
                    .collect();
                match row.labels.first() {
                    Some(label) => write_row(&mut out, layout, label, &row_values, style),
                    None => {
                        // 表四: headers, then the values.
                        for header in [
                            "行政复议",
                            "行政诉讼",
                            "结果维持",
                            "结果纠正",
                            "其他结果",
                            "尚未审结",
                            "总计",
                        ] {
                            write_row(&mut out, layout, header, &[], style);
                        }
                        write_values(&mut out, layout, &row_values, style);
                    }
                }
            }
        }
        out.push('\n');
    }
    out.push_str("五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n");
    out
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

fn check(
    template_id: &str,
    layout: Layout,
    values: &Values,
    style: &Style,
) -> Result<(), TestCaseError> {
    let template = template(template_id);
    let year = if template_id == "gov-2019" {
        2020
    } else {
        2022
    };
    let text = write_report(template, layout, values, style, year);
    let read = read_back(&text);
    for (key, expected) in values {
        let expected = expected.map(|v| v.to_string());
        let found = read.get(key);
        prop_assert_eq!(
            found,
            Some(&expected),
            "{} in {:?} {:?} ({}):\n{}",
            key,
            layout,
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
            "table {} of {:?}",
            table.key,
            layout
        );
    }
    Ok(())
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
        let style = Style { split_labels: split_labels && matches!(layout, Layout::Indented | Layout::Paragraph | Layout::Lines), traditional, full_width };
        check("gov-2019", layout, &values, &style)?;
    }

    #[test]
    fn gov_2021_tables_read_back_in_every_layout(
        values in values_strategy(template("gov-2021")),
        layout in prop::sample::select(LAYOUTS.to_vec()),
        split_labels: bool,
        traditional: bool,
        full_width: bool,
    ) {
        let style = Style { split_labels: split_labels && matches!(layout, Layout::Indented | Layout::Paragraph | Layout::Lines), traditional, full_width };
        check("gov-2021", layout, &values, &style)?;
    }
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
