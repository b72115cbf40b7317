//! `xxgk-lint export PATH…`: the table cells of every report, one row per
//! report and cell (or, `--wide`, one row per report), as CSV, an Excel
//! workbook or JSON. Values are written exactly as the reports give them:
//! a blank cell stays blank, never 0.

use std::io::Write;
use std::path::Path;

use miette::{IntoDiagnostic as _, Result};
use rust_decimal::Decimal;
use serde_json::Value;

use super::ExitStatus;
use super::archive::{AgencyFiles, each_report};
use super::args::{ExportArgs, ExportFormat};
use crate::archive::{Identity, cell_label};
use crate::model::{CellValue, Report};
use crate::template::Template;

/// The columns of the long format.
pub const COLUMNS: [&str; 16] = [
    "agency_id",
    "agency",
    "level",
    "year",
    "template",
    "file",
    "table",
    "row",
    "column",
    "key",
    "label",
    "value",
    "unit",
    "status",
    "text",
    "line",
];

/// One cell of one report.
struct Row {
    fields: [String; 16],
    /// The exact value, for the workbook.
    value: Option<Decimal>,
}

fn status(value: &CellValue) -> &'static str {
    match value {
        CellValue::Number(_) => "number",
        CellValue::Blank => "blank",
        CellValue::Placeholder => "placeholder",
        CellValue::Text => "text",
        CellValue::Overflow => "overflow",
    }
}

fn rows(display: &str, report: &Report, identity: &Identity, templates: &[Template]) -> Vec<Row> {
    let mut out = Vec::new();
    for table in report.tables.iter().filter(|table| table.found) {
        for cell in &table.cells {
            let key = format!("{}.{}", table.key, cell.key);
            let (value, unit) = match &cell.value {
                CellValue::Number(quantity) => (
                    Some(quantity.value.normalize()),
                    quantity.unit.clone().or_else(|| cell.stated_unit.clone()),
                ),
                _ => (None, None),
            };
            out.push(Row {
                fields: [
                    identity.id.clone().unwrap_or_default(),
                    identity.name.clone().unwrap_or_default(),
                    identity.level.clone().unwrap_or_default(),
                    identity.year.map(|y| y.to_string()).unwrap_or_default(),
                    table.template.clone(),
                    display.to_string(),
                    table.key.clone(),
                    cell.row.clone(),
                    cell.column.clone(),
                    key.clone(),
                    cell_label(templates, &key),
                    value.map(|v| v.to_string()).unwrap_or_default(),
                    unit.unwrap_or_default(),
                    status(&cell.value).to_string(),
                    cell.text.clone(),
                    (cell.line + 1).to_string(),
                ],
                value,
            });
        }
    }
    out
}

/// Every cell key of the formats, in table order (gov-2021 first, then
/// the keys only gov-2019 has), for the wide format's columns.
fn wide_keys(templates: &[Template]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let mut ordered: Vec<&Template> = templates.iter().collect();
    ordered.sort_by_key(|t| std::cmp::Reverse(t.first_year));
    for template in ordered {
        for table in &template.tables {
            for key in table.cell_keys() {
                let key = format!("{}.{key}", table.key);
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
    }
    keys
}

const WIDE_FIRST: [&str; 6] = ["agency_id", "agency", "level", "year", "template", "file"];

/// Writes rows as they come (CSV, JSON) or into a workbook.
enum Writer {
    Csv(Box<csv::Writer<Box<dyn Write>>>),
    Json {
        out: Box<dyn Write>,
        first: bool,
    },
    Xlsx {
        workbook: Box<rust_xlsxwriter::Workbook>,
        row: u32,
    },
}

impl Writer {
    fn header(&mut self, names: &[String]) -> Result<()> {
        match self {
            Writer::Csv(writer) => writer.write_record(names).into_diagnostic(),
            Writer::Json { .. } => Ok(()),
            Writer::Xlsx { workbook, row } => {
                let sheet = workbook.worksheet_from_index(0).into_diagnostic()?;
                let bold = rust_xlsxwriter::Format::new().set_bold();
                for (column, name) in names.iter().enumerate() {
                    sheet
                        .write_string_with_format(0, col(column), name, &bold)
                        .into_diagnostic()?;
                }
                sheet.set_freeze_panes(1, 0).into_diagnostic()?;
                *row = 1;
                Ok(())
            }
        }
    }

    /// One row: texts, and exact values where a column holds a number.
    fn row(
        &mut self,
        names: &[String],
        fields: &[String],
        values: &[Option<Decimal>],
    ) -> Result<()> {
        match self {
            Writer::Csv(writer) => writer.write_record(fields).into_diagnostic(),
            Writer::Json { out, first } => {
                let mut object = serde_json::Map::new();
                for ((name, field), value) in names.iter().zip(fields).zip(values) {
                    let json_value = match value {
                        // Exact: the decimal as written, as a string.
                        Some(value) => Value::String(value.to_string()),
                        None if field.is_empty() => Value::Null,
                        None => Value::String(field.clone()),
                    };
                    object.insert(name.clone(), json_value);
                }
                out.write_all(if *first { b"[\n  " } else { b",\n  " })
                    .into_diagnostic()?;
                *first = false;
                serde_json::to_writer(&mut *out, &Value::Object(object)).into_diagnostic()
            }
            Writer::Xlsx { workbook, row } => {
                let sheet = workbook.worksheet_from_index(0).into_diagnostic()?;
                for (column, (field, value)) in fields.iter().zip(values).enumerate() {
                    match value.and_then(exact_f64) {
                        Some(number) => {
                            sheet
                                .write_number(*row, col(column), number)
                                .into_diagnostic()?;
                        }
                        // A blank stays an empty cell; a value no binary
                        // number holds exactly is written as text.
                        None if field.is_empty() => {}
                        None => {
                            sheet
                                .write_string(*row, col(column), field)
                                .into_diagnostic()?;
                        }
                    }
                }
                *row += 1;
                Ok(())
            }
        }
    }

    fn finish(self, output: Option<&Path>) -> Result<()> {
        match self {
            Writer::Csv(mut writer) => writer.flush().into_diagnostic(),
            Writer::Json { mut out, first } => {
                out.write_all(if first { b"[]\n" } else { b"\n]\n" })
                    .into_diagnostic()?;
                out.flush().into_diagnostic()
            }
            Writer::Xlsx { mut workbook, .. } => {
                let Some(path) = output else {
                    return Err(miette::miette!("an Excel workbook needs -o FILE.xlsx"));
                };
                workbook
                    .save(path)
                    .map_err(|error| miette::miette!("cannot write {}: {error}", path.display()))
            }
        }
    }
}

fn col(index: usize) -> u16 {
    u16::try_from(index).unwrap_or(u16::MAX)
}

/// The value as a binary number when that number reads back as the same
/// decimal (every count, and amounts such as 14.8).
fn exact_f64(value: Decimal) -> Option<f64> {
    let number: f64 = value.to_string().parse().ok()?;
    let back: Decimal = format!("{number}").parse().ok()?;
    (back.normalize() == value.normalize()).then_some(number)
}

pub(crate) fn run(args: &ExportArgs) -> Result<ExitStatus> {
    if args.format == ExportFormat::Xlsx && args.output.is_none() {
        return Err(miette::miette!(
            help = "e.g. `xxgk-lint export reports/ --format xlsx -o cells.xlsx`",
            "an Excel workbook is written to a file: give -o FILE.xlsx"
        ));
    }
    let out: Box<dyn Write> = match (&args.output, args.format) {
        (_, ExportFormat::Xlsx) => Box::new(std::io::sink()),
        (Some(path), _) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).map_err(|source| super::CliError::Write {
                path: path.display().to_string(),
                source,
            })?,
        )),
        (None, _) => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut writer = match args.format {
        ExportFormat::Csv => Writer::Csv(Box::new(csv::Writer::from_writer(out))),
        ExportFormat::Json => Writer::Json { out, first: true },
        ExportFormat::Xlsx => {
            let mut workbook = rust_xlsxwriter::Workbook::new();
            workbook
                .add_worksheet()
                .set_name("cells")
                .into_diagnostic()?;
            Writer::Xlsx {
                workbook: Box::new(workbook),
                row: 0,
            }
        }
    };
    let templates = crate::template::builtin();
    let wide_keys = wide_keys(templates);
    let names: Vec<String> = if args.wide {
        WIDE_FIRST
            .iter()
            .map(|s| (*s).to_string())
            .chain(wide_keys.iter().cloned())
            .collect()
    } else {
        COLUMNS.iter().map(|s| (*s).to_string()).collect()
    };
    // The header people read: Chinese labels with the key in brackets for
    // the cells of the wide format.
    let header: Vec<String> = if args.wide {
        WIDE_FIRST
            .iter()
            .map(|s| (*s).to_string())
            .chain(
                wide_keys
                    .iter()
                    .map(|key| format!("{} [{key}]", cell_label(templates, key))),
            )
            .collect()
    } else {
        names.clone()
    };
    writer.header(&header)?;
    let mut agencies = AgencyFiles::new(args.agencies.as_deref())?;
    let status = each_report(&args.paths, &args.rules, args.encoding, |read| {
        let found = agencies.for_report(read.path)?;
        let identity = Identity::of(&read.report, Some(read.path), found.as_deref());
        let rows = rows(
            &read.display,
            &read.report,
            &identity,
            read.config.linter.templates(),
        );
        if args.wide {
            let mut fields = vec![String::new(); names.len()];
            let mut values = vec![None; names.len()];
            fields[0] = identity.id.clone().unwrap_or_default();
            fields[1] = identity.name.clone().unwrap_or_default();
            fields[2] = identity.level.clone().unwrap_or_default();
            fields[3] = identity.year.map(|y| y.to_string()).unwrap_or_default();
            fields[4] = read.report.template.clone().unwrap_or_default();
            fields[5].clone_from(&read.display);
            for row in &rows {
                if let Some(at) = wide_keys.iter().position(|key| *key == row.fields[9]) {
                    let at = at + WIDE_FIRST.len();
                    // A number, else what the report wrote (/, 无, text).
                    fields[at] = if row.value.is_some() {
                        row.fields[11].clone()
                    } else {
                        row.fields[14].trim().to_string()
                    };
                    values[at] = row.value;
                }
            }
            writer.row(&names, &fields, &values)
        } else {
            for row in rows {
                let mut values = vec![None; names.len()];
                values[11] = row.value;
                writer.row(&names, &row.fields, &values)?;
            }
            Ok(())
        }
    })?;
    writer.finish(args.output.as_deref())?;
    Ok(status)
}
