//! Requests answered from one analysis of a document: code actions (the
//! findings' fixes) and hover (table cells and dates).

use std::collections::HashMap;
use std::fmt::Write as _;

use lsp_types as lsp;

use super::convert;
use super::server::Analysis;
use crate::engine::Lang;
use crate::kinds::util::decimal;
use crate::model::{Cell, CellValue, DateForm, DateMention, Report, Table};
use crate::template::Template;

/// Quick fixes for the findings that overlap `range` and carry a fix. Each
/// action edits only the spans its fix names.
#[must_use]
pub fn code_actions(
    analysis: &Analysis,
    range: lsp::Range,
    only: Option<&[lsp::CodeActionKind]>,
    versioned_edits: bool,
) -> Vec<lsp::CodeActionOrCommand> {
    if only.is_some_and(|kinds| {
        !kinds.iter().any(|kind| {
            lsp::CodeActionKind::QUICKFIX
                .as_str()
                .starts_with(kind.as_str())
        })
    }) {
        return Vec::new();
    }
    let positions = analysis.positions();
    let wanted = positions.span(range);
    let mut actions = Vec::new();
    for (finding, published) in analysis.diagnostics.iter().zip(&analysis.lsp_diagnostics) {
        let Some(fix) = &finding.fix else { continue };
        let touches = finding.span.start <= wanted.end && wanted.start <= finding.span.end;
        if !touches || fix.edits.is_empty() {
            continue;
        }
        let edits = convert::text_edits(&fix.edits, &positions);
        let edit = if versioned_edits {
            lsp::WorkspaceEdit {
                document_changes: Some(lsp::DocumentChanges::Edits(vec![lsp::TextDocumentEdit {
                    text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                        uri: analysis.uri.clone(),
                        version: Some(analysis.version),
                    },
                    edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
                }])),
                ..lsp::WorkspaceEdit::default()
            }
        } else {
            lsp::WorkspaceEdit::new(HashMap::from([(analysis.uri.clone(), edits)]))
        };
        actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
            title: format!("{} ({})", fix.message, finding.code),
            kind: Some(lsp::CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![published.clone()]),
            edit: Some(edit),
            command: None,
            is_preferred: Some(crate::fix::is_sound(
                &analysis.text,
                &analysis.diagnostics,
                finding,
                |text| {
                    let settings = &analysis.settings;
                    settings.apply(
                        settings
                            .linter
                            .lint_in(text, &settings.options, settings.lang)
                            .diagnostics,
                    )
                },
            )),
            disabled: None,
            data: None,
        }));
    }
    actions
}

/// Hover on a table cell (its key, value, and for a total the identity
/// with the computed value) or on a date (the parsed date and the rules
/// that use it).
#[must_use]
pub fn hover(analysis: &Analysis, position: lsp::Position, lang: Lang) -> Option<lsp::Hover> {
    let positions = analysis.positions();
    let offset = positions.offset(position);
    let report = &analysis.linted.report;
    let (markdown, span) = if let Some((table, cell)) = cell_at(report, offset) {
        (cell_hover(analysis, table, cell, lang), cell.span.clone())
    } else if let Some(date) = date_at(report, offset) {
        (date_hover(analysis, date, lang), date.span.clone())
    } else {
        return None;
    };
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(positions.range(&span)),
    })
}

/// The cell under `offset`: one whose span holds it, else an empty (blank)
/// cell right at it.
fn cell_at(report: &Report, offset: usize) -> Option<(&Table, &Cell)> {
    let cells = || {
        report
            .tables
            .iter()
            .filter(|table| table.found)
            .flat_map(|table| table.cells.iter().map(move |cell| (table, cell)))
    };
    cells()
        .find(|(_, cell)| cell.span.start <= offset && offset < cell.span.end)
        .or_else(|| cells().find(|(_, cell)| cell.span.start <= offset && offset <= cell.span.end))
}

fn date_at(report: &Report, offset: usize) -> Option<&DateMention> {
    report
        .dates
        .iter()
        .find(|date| date.span.start <= offset && offset <= date.span.end)
}

fn cell_hover(analysis: &Analysis, table: &Table, cell: &Cell, lang: Lang) -> String {
    let templates = analysis.settings.linter.templates();
    let mut out = String::new();
    let _ = writeln!(out, "**`{}.{}`**", table.key, cell.key);
    if let Some(label) = cell_label(templates, table, cell) {
        let _ = writeln!(out, "\n{label}");
    }
    let value = match &cell.value {
        CellValue::Number(quantity) => {
            let mut shown = decimal(quantity.value);
            if let Some(unit) = quantity.unit.as_ref().or(cell.header_unit.as_ref()) {
                shown.push_str(unit);
            }
            shown
        }
        CellValue::Blank => lang.pick("空白（不等于 0）", "blank (not 0)").to_string(),
        CellValue::Placeholder => format!(
            "“{}”{}",
            cell.text,
            lang.pick("（占位符，不是数字）", " (a placeholder, not a number)")
        ),
        CellValue::Text | CellValue::Overflow => {
            format!(
                "“{}”{}",
                cell.text,
                lang.pick("（不是数字）", " (not a number)")
            )
        }
    };
    let _ = writeln!(out, "\n{}{value}", lang.pick("值：", "Value: "));
    let Some(rules) = analysis.settings.linter.rules(analysis.linted.pack) else {
        return out;
    };
    for rule in &rules.rules {
        if !rule.meta.when.applies(&analysis.linted.report) {
            continue;
        }
        for relation in rule
            .check
            .explain_cell(&analysis.linted.report, templates, cell)
        {
            let _ = write!(out, "\n---\n{} `{}`", rule.meta.code, relation.expression);
            if let Some(instance) = &relation.instance {
                let _ = write!(out, " ({instance})");
            }
            out.push('\n');
            let actual = cell.value.number().map(|quantity| quantity.value);
            let line = match (relation.expected, relation.equation) {
                (None, _) => lang
                    .pick(
                        "\n未计算：有空白或非数字的单元格",
                        "\nnot evaluated: blank or non-numeric cells",
                    )
                    .to_string(),
                (Some(expected), true) => {
                    let verdict = if actual == Some(expected) {
                        lang.pick("，与表中一致", ", as in the table").to_string()
                    } else {
                        match actual {
                            Some(actual) => format!(
                                "{}{}",
                                lang.pick("，表中为 ", ", the table says "),
                                decimal(actual)
                            ),
                            None => String::new(),
                        }
                    };
                    format!(
                        "\n{}{}{verdict}",
                        lang.pick("计算值：", "Computed: "),
                        decimal(expected)
                    )
                }
                (Some(bound), false) => {
                    format!(
                        "\n{}{}",
                        lang.pick("比较值：", "Compared with: "),
                        decimal(bound)
                    )
                }
            };
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The printed label of a cell: `一、本年新收政府信息公开申请数量 · 自然人`.
fn cell_label(templates: &[Template], table: &Table, cell: &Cell) -> Option<String> {
    let template = templates
        .iter()
        .find(|template| template.id == table.template)?
        .table(&table.key)?;
    let (block, row) = template.row(&cell.row)?;
    let column = block
        .columns
        .iter()
        .find(|column| column.key == cell.column)
        .map_or(cell.column.as_str(), |column| column.label.as_str());
    Some(match row.labels.first() {
        Some(label) => format!("{} · {label} · {column}", template.title),
        None => format!("{} · {column}", template.title),
    })
}

fn date_hover(analysis: &Analysis, date: &DateMention, lang: Lang) -> String {
    let report = &analysis.linted.report;
    let mut out = String::new();
    let _ = writeln!(out, "**{}** “{}”", lang.pick("日期", "Date"), date.text);
    let parsed = date.resolve(report.year());
    let form = match date.form {
        DateForm::Full => "",
        DateForm::Garbled => lang.pick("（缺字，已推断）", " (characters lost, recovered)"),
        DateForm::MonthDay => lang.pick(
            "（未写年份，按报告年度）",
            " (no year written: the report year)",
        ),
        DateForm::YearMonth => lang.pick("（未写日）", " (no day written)"),
    };
    let shown = match (parsed, date.form) {
        (Some(parsed), _) => format!("{parsed}{form}"),
        (None, DateForm::YearMonth) => match date.year {
            Some(year) => format!("{year}{form}"),
            None => form.to_string(),
        },
        (None, _) => lang
            .pick("无法确定（缺字）", "cannot be determined (characters lost)")
            .to_string(),
    };
    let _ = writeln!(out, "\n{}{shown}", lang.pick("解析为：", "Read as: "));
    let mut checks: Vec<(&str, &str)> = Vec::new();
    if let Some(period) = &report.meta.period {
        if period
            .start
            .as_ref()
            .is_some_and(|start| start.span == date.span)
        {
            checks.push((
                lang.pick("统计期限起始日期", "start of the statistics period"),
                "period-",
            ));
        }
        if period.end.as_ref().is_some_and(|end| end.span == date.span) {
            checks.push((
                lang.pick("统计期限截止日期", "end of the statistics period"),
                "period-",
            ));
        }
    }
    if report
        .meta
        .signed
        .as_ref()
        .is_some_and(|signed| signed.date.span == date.span)
    {
        checks.push((
            lang.pick("落款（发布）日期", "signing (publication) date"),
            "signed-early",
        ));
        checks.push(("", "deadline"));
    }
    if date.form == DateForm::Garbled {
        checks.push((
            lang.pick("缺字的日期", "a date with lost characters"),
            "garbled",
        ));
    }
    let roles: Vec<&str> = checks
        .iter()
        .map(|(role, _)| *role)
        .filter(|role| !role.is_empty())
        .collect();
    if !roles.is_empty() {
        let _ = writeln!(
            out,
            "\n{}{}",
            lang.pick("用作：", "Used as: "),
            roles.join(lang.pick("；", "; "))
        );
    }
    let codes: Vec<String> = analysis
        .settings
        .linter
        .rules(analysis.linted.pack)
        .map(|rules| {
            rules
                .rules
                .iter()
                .filter(|rule| rule.meta.kind == "date")
                .filter(|rule| {
                    let check = rule.meta.params.get("check").and_then(|v| v.as_str());
                    check.is_some_and(|check| {
                        checks.iter().any(|(_, prefix)| check.starts_with(prefix))
                    })
                })
                .map(|rule| format!("{} {}", rule.meta.code, rule.meta.name))
                .collect()
        })
        .unwrap_or_default();
    if !codes.is_empty() {
        let _ = writeln!(
            out,
            "\n{}{}",
            lang.pick("相关规则：", "Checked by: "),
            codes.join(", ")
        );
    }
    out
}
