//! `pattern`: a regular expression that must not (`forbidden`) or must
//! (`required`) match in a part of the report. Regexes use the linear-time
//! `regex` crate (no backreferences, no look-around).
//!
//! Parameters:
//! - `regex` (required).
//! - `mode`: `forbidden` (default) or `required`.
//! - `scope`: `document` (default), `prose` (outside the tables), `title`
//!   (the title as read, whitespace removed), or `section` with `section`
//!   = a section key.
//! - `max`: at most this many findings per report (default 20).
//!
//! Placeholders: `{match}`, `{section}`.
//!
//! ```toml
//! [rule.params]
//! regex = '\[bookmark: [^\]]*\]'
//! ```

use std::ops::Range;

use regex::Regex;
use serde::Deserialize;

use super::util::prose_ranges;
use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::engine::{Ctx, Finding};

pub struct Pattern;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    regex: String,
    #[serde(default)]
    mode: Mode,
    #[serde(default)]
    scope: Scope,
    #[serde(default)]
    section: Option<String>,
    #[serde(default = "twenty")]
    max: usize,
    /// Offer removing the match as a fix (conversion debris).
    #[serde(default)]
    remove: bool,
}

fn twenty() -> usize {
    20
}

#[derive(Clone, Copy, Default, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Mode {
    #[default]
    Forbidden,
    Required,
}

#[derive(Clone, Copy, Default, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Scope {
    #[default]
    Document,
    Prose,
    Title,
    Section,
}

struct Compiled {
    regex: Regex,
    mode: Mode,
    scope: Scope,
    section: Option<String>,
    max: usize,
    remove: bool,
}

impl Kind for Pattern {
    fn name(&self) -> &'static str {
        "pattern"
    }

    fn summary(&self) -> &'static str {
        "A regular expression that must not, or must, match in the document, the prose, the title or one section."
    }

    fn summary_zh(&self) -> &'static str {
        "在全文、正文、标题或某一部分中不得出现（或必须出现）的正则表达式。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["match", "section"]
    }

    fn params_schema(&self) -> schemars::Schema {
        schemars::schema_for!(Params)
    }

    fn compile(
        &self,
        table: &toml::Table,
        _env: &CompileEnv<'_>,
    ) -> Result<Box<dyn Check>, ParamError> {
        let params: Params = params(table)?;
        let regex = super::util::regex(&params.regex, Some(1 << 20))
            .map_err(|error| ParamError::at("regex", format!("invalid regex: {error}")))?;
        if params.scope == Scope::Section {
            match &params.section {
                Some(key) if super::util::section_position(key).is_some() => {}
                Some(key) => {
                    return Err(ParamError::at(
                        "section",
                        format!("unknown section key `{key}`"),
                    ));
                }
                None => {
                    return Err(ParamError::at(
                        "section",
                        "`scope = \"section\"` needs `section`",
                    ));
                }
            }
        }
        Ok(Box::new(Compiled {
            regex,
            mode: params.mode,
            scope: params.scope,
            section: params.section,
            max: params.max,
            remove: params.remove,
        }))
    }
}

impl Check for Compiled {
    fn run(&self, cx: &mut Ctx<'_>) {
        let report = cx.report;
        if self.scope == Scope::Title {
            let Some(title) = &report.meta.title else {
                return;
            };
            let found = self.regex.find(&title.text).map(|m| m.as_str().to_string());
            if found.is_some() == (self.mode == Mode::Forbidden) {
                cx.emit(Finding {
                    span: title.span.clone(),
                    args: vec![
                        ("match", found.unwrap_or_default()),
                        ("section", title.text.clone()),
                    ],
                    ..Finding::default()
                });
            }
            return;
        }
        let (ranges, anchor, section_title) = match self.scope {
            Scope::Section => {
                let Some(section) = self.section.as_deref().and_then(|key| report.section(key))
                else {
                    return;
                };
                (
                    vec![section.body.clone()],
                    section.heading.clone(),
                    section.title.clone(),
                )
            }
            Scope::Prose => (prose_ranges(report, cx.text), 0..0, String::new()),
            _ => (
                std::iter::once(0..cx.text.len()).collect(),
                0..0,
                String::new(),
            ),
        };
        let mut count = 0;
        let mut any = false;
        for range in ranges {
            for found in self.regex.find_iter(&cx.text[range.clone()]) {
                any = true;
                if self.mode == Mode::Required {
                    return;
                }
                count += 1;
                if count > self.max {
                    return;
                }
                let span = range.start + found.start()..range.start + found.end();
                let fix = self.remove.then(|| Fix {
                    message: cx.tr("删除", "remove").to_string(),
                    edits: vec![Edit {
                        span: removal(cx.text, &span),
                        replacement: String::new(),
                    }],
                    applicability: Applicability::Safe,
                });
                cx.emit(Finding {
                    span,
                    args: vec![
                        ("match", found.as_str().to_string()),
                        ("section", section_title.clone()),
                    ],
                    fix,
                    ..Finding::default()
                });
            }
        }
        if self.mode == Mode::Required && !any {
            cx.emit(Finding {
                span: anchor,
                args: vec![("match", String::new()), ("section", section_title)],
                ..Finding::default()
            });
        }
    }
}

/// What removing `span` takes away: the match, and its line break too when
/// the match is a whole line (a page footer), so that no empty line is
/// left inside a paragraph.
fn removal(text: &str, span: &Range<usize>) -> Range<usize> {
    let starts_line = span.start == 0 || matches!(text.as_bytes()[span.start - 1], b'\n' | b'\r');
    let rest = &text[span.end..];
    let line_break = if rest.starts_with("\r\n") {
        2
    } else {
        usize::from(rest.starts_with('\n') || rest.starts_with('\r'))
    };
    if starts_line && line_break > 0 && !span.is_empty() {
        span.start..span.end + line_break
    } else {
        span.clone()
    }
}
