//! `identity`: an equation (or inequality) between table cells, written in
//! the expression language of `grammar/expr.pest`, evaluated with exact
//! decimals.
//!
//! Parameters:
//! - `table`: table key (required).
//! - `expr`: the expression, or a list of expressions.
//! - `each`: `column` (references name rows; evaluated once per column),
//!   `row` (references name columns; once per row), or absent (references
//!   are `row.column`).
//! - `rows` / `columns`: limit `each` to these keys (default: every row or
//!   column the references allow).
//! - `template`: only for tables read with this template (`gov-2019`).
//!
//! A cell that is blank, a placeholder or text stops the evaluation: the
//! identity is recorded as not evaluated (see `not-evaluated`), never
//! computed as if the cell were 0. Rows that are missing or could not be
//! read completely are skipped (`table-shape` reports them).
//!
//! The finding points at the first cell of the left side; every other
//! cell is labelled with its value. For an equation, the help gives the
//! value that cell would need.
//!
//! Placeholders: `{table}`, `{expr}`, `{lhs}`, `{rhs}`, `{cell}`, `{actual}`,
//! `{expected}`, `{difference}`, `{row}`, `{column}`.
//!
//! ```toml
//! [rule.params]
//! table = "applications"
//! each = "column"
//! expr = "new + carried_in == results_total + carried_out"
//! ```

use rust_decimal::Decimal;
use serde::Deserialize;

use super::util::decimal;
use super::{CellRelation, Check, CompileEnv, Kind, ParamError, params};
use crate::diagnostic::{Applicability, Edit, Fix, Label};
use crate::engine::{Ctx, Finding};
use crate::expr::{self, Comparison, Expression, Sign, Term, matches_pattern};
use crate::model::{Cell, CellValue, Report, Table};
use crate::template::{TableTemplate, Template};

pub struct Identity;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    table: String,
    expr: OneOrMany,
    #[serde(default)]
    each: Option<Each>,
    #[serde(default)]
    rows: Vec<String>,
    #[serde(default)]
    columns: Vec<String>,
    #[serde(default)]
    template: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Each {
    Column,
    Row,
}

struct Compiled {
    table: String,
    each: Option<Each>,
    expressions: Vec<Expression>,
    rows: Vec<String>,
    columns: Vec<String>,
    template: Option<String>,
}

impl Kind for Identity {
    fn name(&self) -> &'static str {
        "identity"
    }

    fn summary(&self) -> &'static str {
        "An equation or inequality between table cells (per column, per row, or between named cells), evaluated exactly; blank cells stop the evaluation instead of counting as 0."
    }

    fn summary_zh(&self) -> &'static str {
        "表格单元格之间的等式或不等式（按列、按行或指定单元格），精确计算；空白单元格使等式不予核对，而不当作 0。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &[
            "table",
            "expr",
            "lhs",
            "rhs",
            "cell",
            "actual",
            "expected",
            "difference",
            "row",
            "column",
        ]
    }

    fn params_schema(&self) -> schemars::Schema {
        schemars::schema_for!(Params)
    }

    fn compile(
        &self,
        table: &toml::Table,
        env: &CompileEnv<'_>,
    ) -> Result<Box<dyn Check>, ParamError> {
        let params: Params = params(table)?;
        let sources = match params.expr {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        };
        if sources.is_empty() {
            return Err(ParamError::at(
                "expr",
                "`expr` must hold at least one expression",
            ));
        }
        let templates: Vec<&TableTemplate> = env
            .templates
            .iter()
            .filter(|t| params.template.as_ref().is_none_or(|id| &t.id == id))
            .filter_map(|t| t.table(&params.table))
            .collect();
        if templates.is_empty() {
            return Err(ParamError::at(
                "table",
                format!("no template has a table `{}`", params.table),
            ));
        }
        let single =
            sources.len() == 1 && matches!(table.get("expr"), Some(toml::Value::String(_)));
        let key_of = |index: usize| {
            if single {
                "expr".to_string()
            } else {
                format!("expr.{index}")
            }
        };
        let mut expressions = Vec::new();
        for (index, source) in sources.iter().enumerate() {
            let expression = expr::parse(source).map_err(|error| ParamError {
                message: format!("invalid expression: {}", error.message),
                key: Some(key_of(index)),
                offset: Some(error.offset),
            })?;
            for term in expression.terms() {
                if let Err(message) =
                    check_term(term, params.each, &templates, env.templates, &params.table)
                {
                    let needle = match term {
                        Term::Reference(parts) => parts.join("."),
                        Term::Sum(pattern) => pattern.clone(),
                        _ => String::new(),
                    };
                    return Err(ParamError {
                        message,
                        key: Some(key_of(index)),
                        offset: Some(source.find(&needle).unwrap_or(0)),
                    });
                }
            }
            expressions.push(expression);
        }
        Ok(Box::new(Compiled {
            table: params.table,
            each: params.each,
            expressions,
            rows: params.rows,
            columns: params.columns,
            template: params.template,
        }))
    }
}

/// Whether a reference exists in at least one template.
fn check_term(
    term: &Term,
    each: Option<Each>,
    tables: &[&TableTemplate],
    all: &[crate::template::Template],
    table_key: &str,
) -> Result<(), String> {
    let has_row = |key: &str| tables.iter().any(|t| t.row(key).is_some());
    let has_column = |key: &str| {
        tables.iter().any(|t| {
            t.blocks
                .iter()
                .any(|b| b.columns.iter().any(|c| c.key == key))
        })
    };
    let has_cell = |table: &TableTemplate, row: &str, column: &str| {
        table
            .row(row)
            .is_some_and(|(block, _)| block.columns.iter().any(|c| c.key == column))
    };
    match (term, each) {
        (Term::Number(_) | Term::Group(_), _) => Ok(()),
        (Term::Reference(parts), Some(Each::Column)) => match parts.as_slice() {
            [row] if has_row(row) => Ok(()),
            [row, column] if tables.iter().any(|t| has_cell(t, row, column)) => Ok(()),
            _ => Err(format!(
                "unknown row `{}` in table `{table_key}`",
                parts.join(".")
            )),
        },
        (Term::Reference(parts), Some(Each::Row)) => match parts.as_slice() {
            [column] if has_column(column) => Ok(()),
            [row, column] if tables.iter().any(|t| has_cell(t, row, column)) => Ok(()),
            _ => Err(format!(
                "unknown column `{}` in table `{table_key}`",
                parts.join(".")
            )),
        },
        (Term::Reference(parts), None) => match parts.as_slice() {
            [row, column] if tables.iter().any(|t| has_cell(t, row, column)) => Ok(()),
            [table, row, column]
                if all
                    .iter()
                    .filter_map(|t| t.table(table))
                    .any(|t| has_cell(t, row, column)) =>
            {
                Ok(())
            }
            _ => Err(format!(
                "unknown cell `{}` in table `{table_key}`",
                parts.join(".")
            )),
        },
        (Term::Sum(pattern), Some(Each::Column)) => {
            if tables
                .iter()
                .any(|t| t.row_keys().any(|key| matches_pattern(pattern, key)))
            {
                Ok(())
            } else {
                Err(format!(
                    "`sum({pattern})` matches no row of table `{table_key}`"
                ))
            }
        }
        (Term::Sum(pattern), Some(Each::Row)) => {
            if tables.iter().any(|t| {
                t.blocks
                    .iter()
                    .any(|b| b.columns.iter().any(|c| matches_pattern(pattern, &c.key)))
            }) {
                Ok(())
            } else {
                Err(format!(
                    "`sum({pattern})` matches no column of table `{table_key}`"
                ))
            }
        }
        (Term::Sum(pattern), None) => {
            if tables
                .iter()
                .any(|t| t.cell_keys().any(|key| matches_pattern(pattern, &key)))
            {
                Ok(())
            } else {
                Err(format!(
                    "`sum({pattern})` matches no cell of table `{table_key}`"
                ))
            }
        }
    }
}

/// One evaluation: which cells stand for the references.
#[derive(Clone, Copy)]
enum Instance<'a> {
    Column(&'a str),
    Row(&'a str),
    Whole,
}

/// A resolved operand.
struct Operand<'a> {
    side_left: bool,
    sign: Sign,
    cell: Option<&'a Cell>,
    number: Decimal,
}

enum Outcome<'a> {
    /// Evaluated: the operands and the two sides.
    Done(Vec<Operand<'a>>, Decimal, Decimal),
    /// Stopped by blank or non-numeric cells.
    Blocked(Vec<&'a Cell>),
    /// A row or cell is absent, or its row incomplete.
    Absent,
}

impl Compiled {
    fn instances<'a>(
        &'a self,
        table: &'a Table,
        template: &'a TableTemplate,
        expression: &Expression,
    ) -> Vec<Instance<'a>> {
        match self.each {
            None => vec![Instance::Whole],
            Some(Each::Column) => {
                if !self.columns.is_empty() {
                    return self.columns.iter().map(|c| Instance::Column(c)).collect();
                }
                // The columns of the block of the first referenced row.
                let first_row = expression.terms().into_iter().find_map(|term| match term {
                    Term::Reference(parts) if parts.len() == 1 => Some(parts[0].clone()),
                    _ => None,
                });
                let block = first_row
                    .and_then(|row| template.row(&row).map(|(block, _)| block))
                    .or_else(|| template.blocks.first());
                block.map_or_else(Vec::new, |block| {
                    block
                        .columns
                        .iter()
                        .map(|c| Instance::Column(c.key.as_str()))
                        .collect()
                })
            }
            Some(Each::Row) => {
                if !self.rows.is_empty() {
                    return self.rows.iter().map(|r| Instance::Row(r)).collect();
                }
                table
                    .rows
                    .iter()
                    .map(|row| Instance::Row(row.key.as_str()))
                    .collect()
            }
        }
    }

    fn resolve<'a>(
        &self,
        table: &'a Table,
        template: &TableTemplate,
        instance: Instance<'_>,
        term: &Term,
    ) -> Vec<Option<&'a Cell>> {
        let cell = |row: &str, column: &str| table.cell_at(row, column);
        match (term, instance) {
            (Term::Reference(parts), Instance::Column(column)) => match parts.as_slice() {
                [row] => vec![cell(row, column)],
                [row, column] => vec![cell(row, column)],
                _ => vec![None],
            },
            (Term::Reference(parts), Instance::Row(row)) => match parts.as_slice() {
                [column] => vec![cell(row, column)],
                [row, column] => vec![cell(row, column)],
                _ => vec![None],
            },
            (Term::Reference(parts), Instance::Whole) => match parts.as_slice() {
                [row, column] => vec![cell(row, column)],
                _ => vec![None],
            },
            (Term::Sum(pattern), Instance::Column(column)) => template
                .row_keys()
                .filter(|key| matches_pattern(pattern, key))
                .map(|row| cell(row, column))
                .collect(),
            (Term::Sum(pattern), Instance::Row(row)) => template
                .row(row)
                .map(|(block, _)| {
                    block
                        .columns
                        .iter()
                        .filter(|c| matches_pattern(pattern, &c.key))
                        .map(|c| cell(row, &c.key))
                        .collect()
                })
                .unwrap_or_default(),
            (Term::Sum(pattern), Instance::Whole) => template
                .cell_keys()
                .filter(|key| matches_pattern(pattern, key))
                .map(|key| table.cell(&key))
                .collect(),
            (Term::Number(_) | Term::Group(_), _) => Vec::new(),
        }
    }

    fn evaluate<'a>(
        &self,
        table: &'a Table,
        template: &TableTemplate,
        instance: Instance<'_>,
        expression: &Expression,
    ) -> Outcome<'a> {
        let mut operands = Vec::new();
        let mut blocked = Vec::new();
        for (side_left, sum) in [(true, &expression.lhs), (false, &expression.rhs)] {
            for (sign, term) in sum.flatten() {
                if let Term::Number(number) = term {
                    operands.push(Operand {
                        side_left,
                        sign,
                        cell: None,
                        number: *number,
                    });
                    continue;
                }
                let cells = self.resolve(table, template, instance, term);
                if cells.is_empty() {
                    return Outcome::Absent;
                }
                for cell in cells {
                    let Some(cell) = cell else {
                        return Outcome::Absent;
                    };
                    if !cell.row_complete {
                        return Outcome::Absent;
                    }
                    match &cell.value {
                        CellValue::Number(quantity) => operands.push(Operand {
                            side_left,
                            sign,
                            cell: Some(cell),
                            number: quantity.value,
                        }),
                        _ => blocked.push(cell),
                    }
                }
            }
        }
        if !blocked.is_empty() {
            return Outcome::Blocked(blocked);
        }
        let total = |left: bool| {
            operands
                .iter()
                .filter(|o| o.side_left == left)
                .fold(Decimal::ZERO, |sum, o| match o.sign {
                    Sign::Plus => sum.saturating_add(o.number),
                    Sign::Minus => sum.saturating_sub(o.number),
                })
        };
        let (lhs, rhs) = (total(true), total(false));
        Outcome::Done(operands, lhs, rhs)
    }
}

impl Check for Compiled {
    fn run(&self, cx: &mut Ctx<'_>) {
        let Some(table) = cx.report.table(&self.table) else {
            return;
        };
        if self
            .template
            .as_ref()
            .is_some_and(|id| id != &table.template)
        {
            return;
        }
        let Some(template) = cx.table_template(table) else {
            return;
        };
        for expression in &self.expressions {
            for instance in self.instances(table, template, expression) {
                match self.evaluate(table, template, instance, expression) {
                    Outcome::Absent => {}
                    Outcome::Blocked(cells) => {
                        cx.skip(cells.iter().map(|cell| cell.span.clone()).collect())
                    }
                    Outcome::Done(operands, lhs, rhs) => {
                        if !expression.comparison.holds(lhs, rhs) {
                            report(
                                cx, table, template, instance, expression, &operands, lhs, rhs,
                            );
                        }
                    }
                }
            }
        }
    }

    fn explain_cell(
        &self,
        report: &Report,
        templates: &[Template],
        cell: &Cell,
    ) -> Vec<CellRelation> {
        let Some(table) = report.table(&self.table) else {
            return Vec::new();
        };
        let same = |other: &Cell| other.key == cell.key && other.span == cell.span;
        if !table.cells.iter().any(same)
            || self
                .template
                .as_ref()
                .is_some_and(|id| id != &table.template)
        {
            return Vec::new();
        }
        let Some(template) = templates
            .iter()
            .find(|template| template.id == table.template)
            .and_then(|template| template.table(&table.key))
        else {
            return Vec::new();
        };
        let mut relations = Vec::new();
        for expression in &self.expressions {
            for instance in self.instances(table, template, expression) {
                // The cell must be the only cell on its side.
                let side_cells = |sum: &expr::Sum| -> Vec<Option<&Cell>> {
                    sum.flatten()
                        .into_iter()
                        .filter(|(_, term)| !matches!(term, Term::Number(_)))
                        .flat_map(|(_, term)| self.resolve(table, template, instance, term))
                        .collect()
                };
                let alone = |cells: &[Option<&Cell>]| matches!(cells, [Some(only)] if same(only));
                let side_left = if alone(&side_cells(&expression.lhs)) {
                    true
                } else if alone(&side_cells(&expression.rhs)) {
                    false
                } else {
                    continue;
                };
                let expected = match self.evaluate(table, template, instance, expression) {
                    Outcome::Absent => continue,
                    Outcome::Blocked(_) => None,
                    Outcome::Done(operands, lhs, rhs) => operands
                        .iter()
                        .find(|o| o.side_left == side_left && o.cell.is_some_and(same))
                        .map(|primary| needed(primary, lhs, rhs)),
                };
                relations.push(CellRelation {
                    expression: expression.text.clone(),
                    instance: match instance {
                        Instance::Column(key) | Instance::Row(key) => Some(key.to_string()),
                        Instance::Whole => None,
                    },
                    expected,
                    equation: expression.comparison == Comparison::Equal,
                });
            }
        }
        relations
    }
}

/// The value `primary` would need for the two sides to be equal.
fn needed(primary: &Operand<'_>, lhs: Decimal, rhs: Decimal) -> Decimal {
    match primary.sign {
        Sign::Plus if primary.side_left => rhs - (lhs - primary.number),
        Sign::Minus if primary.side_left => (lhs + primary.number) - rhs,
        Sign::Plus => lhs - (rhs - primary.number),
        Sign::Minus => (rhs + primary.number) - lhs,
    }
}

#[allow(clippy::too_many_arguments)]
fn report(
    cx: &mut Ctx<'_>,
    table: &Table,
    template: &TableTemplate,
    instance: Instance<'_>,
    expression: &Expression,
    operands: &[Operand<'_>],
    lhs: Decimal,
    rhs: Decimal,
) {
    let cells: Vec<&Operand<'_>> = operands.iter().filter(|o| o.cell.is_some()).collect();
    let Some(primary) = cells
        .iter()
        .find(|o| o.side_left)
        .or(cells.first())
        .copied()
    else {
        return;
    };
    let primary_cell = primary.cell.expect("filtered on cells");
    // The value the primary cell would need for the equation to hold.
    let expected = needed(primary, lhs, rhs);
    let labels = cells
        .iter()
        .filter(|o| !std::ptr::eq(**o, primary))
        .map(|o| {
            let cell = o.cell.expect("filtered on cells");
            Label {
                span: cell.span.clone(),
                message: format!("{} = {}", cx.cell_label(table, cell), decimal(o.number)),
            }
        })
        .collect();
    let (row, column) = match instance {
        Instance::Column(column) => (String::new(), column_label(template, column)),
        Instance::Row(row) => (cx.row_label(table, row), String::new()),
        Instance::Whole => (String::new(), String::new()),
    };
    let equation = expression.comparison == Comparison::Equal;
    // Setting a total to the sum of its parts is safe when the total stands
    // alone on its side; otherwise a person has to decide which cell is wrong.
    let alone = cells
        .iter()
        .filter(|o| o.side_left == primary.side_left)
        .count()
        == 1;
    let fix = equation.then(|| Fix {
        message: format!("{} {}", cx.tr("改为", "set to"), decimal(expected)),
        edits: vec![Edit {
            span: primary_cell.span.clone(),
            replacement: decimal(expected),
        }],
        applicability: if alone {
            Applicability::Verified
        } else {
            Applicability::Unsafe
        },
    });
    let cell_label = cx.cell_label(table, primary_cell);
    cx.emit(Finding {
        span: primary_cell.span.clone(),
        label: Some(format!("{cell_label} = {}", decimal(primary.number))),
        labels,
        fix,
        args: vec![
            ("table", cx.table_title(table)),
            ("expr", expression.text.clone()),
            ("lhs", decimal(lhs)),
            ("rhs", decimal(rhs)),
            ("cell", cell_label),
            ("actual", decimal(primary.number)),
            ("expected", decimal(expected)),
            ("difference", decimal((lhs - rhs).abs())),
            ("row", row),
            ("column", column),
        ],
    });
}

fn column_label(template: &TableTemplate, key: &str) -> String {
    template
        .blocks
        .iter()
        .flat_map(|block| block.columns.iter())
        .find(|column| column.key == key)
        .map_or_else(|| key.to_string(), |column| column.label.clone())
}
