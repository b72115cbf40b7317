//! What a rule sees while it runs: the report, its text, the templates,
//! and a sink for findings.

use std::ops::Range;

use super::RuleMeta;
use super::message::{Args, Lang, render};
use crate::diagnostic::{Diagnostic, Fix, Label};
use crate::input::Input;
use crate::model::{Cell, Report, Table};
use crate::template::{TableTemplate, Template};

/// A finding as a rule reports it; the engine adds the rule's code,
/// category, severity and message template.
#[derive(Clone, Debug, Default)]
pub struct Finding {
    pub span: Range<usize>,
    pub args: Args,
    /// Text under the primary span.
    pub label: Option<String>,
    pub labels: Vec<Label>,
    pub fix: Option<Fix>,
}

/// An identity that could not be evaluated (blank or non-numeric cells).
#[derive(Clone, Debug)]
pub struct Skipped {
    pub code: String,
    /// The cells that stopped the evaluation.
    pub cells: Vec<Range<usize>>,
}

/// The context of one rule run on one report.
pub struct Ctx<'a> {
    pub report: &'a Report,
    pub text: &'a str,
    pub lang: Lang,
    pub templates: &'a [Template],
    /// How the text was obtained from the file (encoding, undecodable
    /// bytes), when it came from a file; `None` for a text given as is.
    pub input: Option<&'a Input>,
    pub(crate) rule: &'a RuleMeta,
    pub(crate) diagnostics: &'a mut Vec<Diagnostic>,
    pub(crate) skipped: &'a mut Vec<Skipped>,
    /// Findings of this rule so far, reported or not.
    pub(crate) found: usize,
}

/// How many findings of one rule one report can get. Beyond it they are
/// counted, and the last one reported says how many more there are: a
/// damaged file of a million repeated words must not produce a million
/// diagnostics.
pub const MAX_FINDINGS_PER_RULE: usize = 200;

impl<'a> Ctx<'a> {
    /// Reports a finding of the running rule.
    pub fn emit(&mut self, finding: Finding) {
        self.found += 1;
        if self.found > MAX_FINDINGS_PER_RULE {
            return;
        }
        let rule = self.rule;
        let message = render(rule.message(self.lang), &finding.args);
        let help = rule.help(self.lang).map(|help| render(help, &finding.args));
        let span = crate::source::floor_char_boundary(self.text, finding.span.start)
            ..crate::source::floor_char_boundary(
                self.text,
                finding.span.end.max(finding.span.start),
            );
        self.diagnostics.push(Diagnostic {
            code: rule.code.clone(),
            name: rule.name.clone(),
            category: rule.category,
            severity: rule.severity,
            message,
            help,
            span,
            label: finding.label,
            labels: finding.labels,
            related: Vec::new(),
            fix: finding.fix,
            url: rule.url.clone(),
            location: None,
        });
    }

    /// Tells, on the last finding reported, how many more were not.
    pub(crate) fn finish(&mut self) {
        let more = self.found.saturating_sub(MAX_FINDINGS_PER_RULE);
        if more == 0 {
            return;
        }
        let note = self
            .tr(
                &format!("（本规则另有 {more} 处同类问题未列出）"),
                &format!(" ({more} more of these are not listed)"),
            )
            .to_string();
        if let Some(last) = self.diagnostics.last_mut() {
            last.message.push_str(&note);
        }
    }

    /// Records identities this rule could not evaluate.
    pub fn skip(&mut self, cells: Vec<Range<usize>>) {
        let code = self.rule.code.clone();
        match self.skipped.iter_mut().find(|skipped| skipped.code == code) {
            Some(existing) => existing.cells.extend(cells),
            None => self.skipped.push(Skipped { code, cells }),
        }
    }

    /// Identities skipped by earlier rules (for `not-evaluated`).
    #[must_use]
    pub fn skipped(&self) -> &[Skipped] {
        self.skipped
    }

    /// The code of the running rule.
    #[must_use]
    pub fn code(&self) -> &str {
        &self.rule.code
    }

    /// Picks the text for the output language.
    #[must_use]
    pub fn tr<'t>(&self, zh: &'t str, en: &'t str) -> &'t str {
        self.lang.pick(zh, en)
    }

    /// The template a found table was read with.
    #[must_use]
    pub fn table_template(&self, table: &Table) -> Option<&'a TableTemplate> {
        self.templates
            .iter()
            .find(|template| template.id == table.template)
            .and_then(|template| template.table(&table.key))
    }

    /// The printed label of a row (`（七）总计`); the table's title for the
    /// unlabelled row of a one-row table; else the key.
    #[must_use]
    pub fn row_label(&self, table: &Table, row: &str) -> String {
        match self
            .table_template(table)
            .and_then(|template| template.row(row))
        {
            Some((_, template_row)) => template_row
                .labels
                .first()
                .cloned()
                .unwrap_or_else(|| self.table_title(table)),
            None => row.to_string(),
        }
    }

    /// The printed label of a cell: `（七）总计·自然人`.
    #[must_use]
    pub fn cell_label(&self, table: &Table, cell: &Cell) -> String {
        let Some(template) = self.table_template(table) else {
            return cell.key.clone();
        };
        let Some((block, row)) = template.row(&cell.row) else {
            return cell.key.clone();
        };
        let column = block
            .columns
            .iter()
            .find(|column| column.key == cell.column)
            .map_or(cell.column.as_str(), |column| column.label.as_str());
        match row.labels.first() {
            Some(label) => format!("{label}·{column}"),
            None => column.to_string(),
        }
    }

    /// The title of a table (`收到和处理政府信息公开申请情况`).
    #[must_use]
    pub fn table_title(&self, table: &Table) -> String {
        self.table_template(table)
            .map_or_else(|| table.key.clone(), |template| template.title.clone())
    }
}
