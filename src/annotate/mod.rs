//! Findings written into the Word document they are about: a copy of a
//! `.docx` with each finding as a comment anchored on its text and, on
//! request, each fix as a tracked change (`w:ins`/`w:del`) to accept or
//! reject (`xxgk-lint annotate`, `check --annotate`).
//!
//! The main document part is rewritten by cutting it at byte positions:
//! a run is closed where a comment range or a change starts or ends and
//! reopened with the same properties after it, so the document's own
//! markup is kept as written. Which `w:t` each character of the linted text
//! comes from is recorded by the reader (`input::docx::read_mapped`) and
//! aligned here with the rendered text. `package` writes the comments part,
//! the relationship and the content type, and copies every other part of
//! the package unchanged.
//!
//! The module takes bytes and returns bytes; it does no IO.

mod package;
mod place;

use std::collections::BTreeMap;
use std::ops::Range;

use thiserror::Error;

use crate::diagnostic::{Diagnostic, Edit, Place};
use crate::engine::Lang;
use crate::input::docx::{self, DocxProblem, ParagraphSource, TextSource};
use crate::input::{Format, Input, InputError, document};

use place::{Index, Point};

/// The name written as the author of comments and changes.
pub const AUTHOR: &str = "xxgk-lint";
/// The initials shown beside comments.
pub const INITIALS: &str = "XL";
/// The WordprocessingML namespace.
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// What to write into the document.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// The findings, on the text the document reads as (`input::load`).
    pub diagnostics: &'a [Diagnostic],
    /// Changes to write as tracked changes, on the same text: sorted, not
    /// overlapping (`fix::Fixed::edits_on`).
    pub edits: &'a [Edit],
    pub lang: Lang,
    /// The date of the comments and changes (ISO 8601, `2025-01-31T09:00:00Z`).
    pub date: &'a str,
}

/// The annotated document.
#[derive(Debug)]
pub struct Annotated {
    /// The new package.
    pub bytes: Vec<u8>,
    /// Comments written (one per finding).
    pub comments: usize,
    /// Edits written as tracked changes.
    pub changes: usize,
    /// Edits that could not be written as tracked changes (one crossing
    /// table cells); their findings' comments still describe them.
    pub not_written: Vec<Edit>,
}

/// Why a document could not be annotated.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum AnnotateError {
    #[error("{0}")]
    Damaged(String),
    #[error("this is {0}, not a Word document")]
    NotWord(crate::messages::Text),
}

impl From<DocxProblem> for AnnotateError {
    fn from(problem: DocxProblem) -> AnnotateError {
        match problem {
            DocxProblem::NotWord { what } => AnnotateError::NotWord(what),
            DocxProblem::Damaged { reason } => AnnotateError::Damaged(reason),
        }
    }
}

/// Refuses a file that is not a Word document: comments are written into
/// `.docx` files only. `path` names the file in the message.
///
/// # Errors
/// [`InputError::NotAnnotatable`] for a text file or a web page.
pub fn require_docx(path: &str, read: &Input) -> Result<(), InputError> {
    match read.format {
        Format::Docx => Ok(()),
        Format::Html => Err(InputError::NotAnnotatable {
            path: path.to_string(),
            format: crate::messages::IS_WEB_PAGE,
        }),
        Format::Text => Err(InputError::NotAnnotatable {
            path: path.to_string(),
            format: crate::messages::IS_TEXT,
        }),
    }
}

/// The annotated copy of a linted document, as `annotate` writes it: each
/// of `diagnostics` (the findings of `read`, as the user sees them) as a
/// comment and, with `fixes`, every safe fix `check --fix` would apply as a
/// tracked change, dated now (or `SOURCE_DATE_EPOCH`). `bytes` are the
/// document `read` was loaded from, `path` names it in errors, and `lint`
/// gives the findings of another text as the user sees them (to verify
/// the fixes).
///
/// # Errors
/// A file that is not a Word document ([`InputError::NotAnnotatable`]), a
/// document that cannot be annotated ([`InputError::Docx`]).
pub fn annotate_linted(
    path: &str,
    bytes: &[u8],
    read: &Input,
    diagnostics: &[Diagnostic],
    lang: Lang,
    fixes: bool,
    lint: impl FnMut(&str) -> Vec<Diagnostic>,
) -> Result<Annotated, InputError> {
    require_docx(path, read)?;
    let edits = if fixes {
        crate::fix::fix_text(&read.text, diagnostics.to_vec(), false, lint).edits_on(&read.text)
    } else {
        Vec::new()
    };
    let date = date_now();
    let request = Request {
        diagnostics,
        edits: &edits,
        lang,
        date: &date,
    };
    annotate(bytes, &read.text, &request).map_err(|error| InputError::Docx {
        path: path.to_string(),
        reason: match error {
            AnnotateError::Damaged(reason) => reason,
            AnnotateError::NotWord(what) => what.to_string(),
        },
    })
}

/// Writes the findings of `text` (the text `bytes` reads as) into a copy
/// of the document `bytes`.
///
/// # Errors
/// When the package or one of the parts it changes cannot be read, or does
/// not read as `text`.
pub fn annotate(
    bytes: &[u8],
    text: &str,
    request: &Request<'_>,
) -> Result<Annotated, AnnotateError> {
    let mapped = docx::read_mapped(bytes)?;
    let (rendered, map) = document::render(&mapped.blocks);
    if rendered != text {
        return Err(AnnotateError::Damaged(
            "the document does not read as the text that was linted".to_string(),
        ));
    }
    let places: Vec<Place> = map.entries().map(|(_, place)| place).collect();
    let ranges: Vec<Range<usize>> = map.entries().map(|(range, _)| range.clone()).collect();
    if ranges.len() != mapped.units.len() {
        return Err(AnnotateError::Damaged(
            "the document's structure could not be followed".to_string(),
        ));
    }
    let index = Index::new(&mapped.xml, text, &mapped.units, &ranges);
    let mut package = package::Package::read(bytes, &mapped.part)?;
    let mut next_id = package.max_id().max(max_id(&mapped.xml)) + 1;
    let mut writer = Writer::new(&mapped.xml, &mapped.prefix, request.date);

    let mut changes = 0;
    let mut not_written = Vec::new();
    for edit in request.edits {
        if writer.change(&index, text, edit, &mut next_id) {
            changes += 1;
        } else {
            not_written.push(edit.clone());
        }
    }
    let mut comments = Vec::new();
    for diagnostic in request.diagnostics {
        let id = next_id;
        next_id += 1;
        let exact = writer.anchor(&index, diagnostic, id);
        let place = if exact {
            None
        } else {
            index
                .unit_at(diagnostic.span.start)
                .map(|unit| (places[unit], where_in(&ranges[unit], &diagnostic.span)))
        };
        comments.push(comment_xml(diagnostic, id, place, request));
    }
    if writer.needs_body_paragraph() {
        let Some(at) = mapped.body_start else {
            return Err(AnnotateError::Damaged(
                "the document has no body".to_string(),
            ));
        };
        writer.body_paragraph(at);
    }
    let document = writer.finish();
    let count = comments.len();
    let bytes = package.write(&document, &comments)?;
    Ok(Annotated {
        bytes,
        comments: count,
        changes,
        not_written,
    })
}

/// Where a finding with no exact text is, relative to the paragraph or
/// cell it is put on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Where {
    Before,
    In,
    After,
}

fn where_in(unit: &Range<usize>, span: &Range<usize>) -> Where {
    if span.start < unit.start || (span.start == unit.start && !unit.is_empty()) {
        Where::Before
    } else if span.start >= unit.end && !unit.is_empty() {
        Where::After
    } else {
        Where::In
    }
}

/// The largest annotation id (`w:id`) used in a part.
fn max_id(xml: &str) -> u64 {
    let mut max = 0;
    for (at, _) in xml.match_indices(":id=\"") {
        let digits: String = xml[at + 5..]
            .chars()
            .take_while(char::is_ascii_digit)
            .take(18)
            .collect();
        if let Ok(id) = digits.parse::<u64>() {
            max = max.max(id);
        }
    }
    max
}

/// A place where the document part is cut: the bytes `at..skip_to` are
/// replaced by `markup`. Inside the content of a `w:t` (`text` set), the
/// run is closed before the markup and reopened after it.
#[derive(Clone, Debug)]
struct Cut {
    at: usize,
    skip_to: usize,
    /// Order at one position: comment ends, then starts, then changes.
    rank: u8,
    markup: String,
    text: Option<TextSource>,
}

const END: u8 = 0;
const START: u8 = 1;
const CHANGE: u8 = 2;

/// What goes into a paragraph outside its runs.
#[derive(Clone, Debug, Default)]
struct ParagraphOps {
    start: String,
    insert: String,
    end: String,
    /// The paragraph mark is deleted (a tracked change).
    mark_deleted: Option<String>,
}

/// Collects the cuts of the main document part.
struct Writer<'a> {
    xml: &'a str,
    /// The prefix of the document's own elements, with its colon (`w:`).
    own: String,
    /// A namespace declaration for generated elements, when the document
    /// does not bind `w` to WordprocessingML.
    ns: String,
    date: &'a str,
    cuts: Vec<Cut>,
    paragraphs: BTreeMap<usize, (ParagraphSource, ParagraphOps)>,
    /// Comment markup with no paragraph to go in (an empty document).
    orphans: String,
}

impl<'a> Writer<'a> {
    fn new(xml: &'a str, prefix: &str, date: &'a str) -> Writer<'a> {
        let own = if prefix.is_empty() {
            String::new()
        } else {
            format!("{prefix}:")
        };
        let ns = if prefix == "w" {
            String::new()
        } else {
            format!(" xmlns:w=\"{W_NS}\"")
        };
        Writer {
            xml,
            own,
            ns,
            date,
            cuts: Vec::new(),
            paragraphs: BTreeMap::new(),
            orphans: String::new(),
        }
    }

    fn ops(&mut self, paragraph: &ParagraphSource) -> &mut ParagraphOps {
        &mut self
            .paragraphs
            .entry(paragraph.element.outer.start)
            .or_insert_with(|| (paragraph.clone(), ParagraphOps::default()))
            .1
    }

    fn cut_in_text(&mut self, point: &Point, skip_to: usize, rank: u8, markup: String) {
        self.cuts.push(Cut {
            at: point.at,
            skip_to: skip_to.max(point.at),
            rank,
            markup,
            text: Some(point.text.clone()),
        });
    }

    /// Anchors the comment `id` on the finding's text; on the whole
    /// paragraph or cell when the finding has no text of its own. Returns
    /// whether the anchor is the finding's exact text.
    fn anchor(&mut self, index: &Index<'_>, diagnostic: &Diagnostic, id: u64) -> bool {
        let start_markup = format!("<w:commentRangeStart{} w:id=\"{id}\"/>", self.ns);
        let end_markup = format!(
            "<w:commentRangeEnd{ns} w:id=\"{id}\"/><w:r{ns}><w:commentReference w:id=\"{id}\"/></w:r>",
            ns = self.ns
        );
        let span = &diagnostic.span;
        if let (Some(first), Some(last)) = (index.first_point(span), index.last_point(span))
            && first.at <= last.at
        {
            self.cut_in_text(&first, first.at, START, start_markup);
            self.cut_in_text(&last, last.at, END, end_markup);
            return true;
        }
        match index.unit_at(span.start) {
            Some(unit) => {
                let paragraphs = index.paragraphs(unit);
                if let (Some(first), Some(last)) = (paragraphs.first(), paragraphs.last()) {
                    self.ops(first).start.push_str(&start_markup);
                    self.ops(last).end.push_str(&end_markup);
                } else {
                    self.orphans.push_str(&start_markup);
                    self.orphans.push_str(&end_markup);
                }
            }
            None => {
                self.orphans.push_str(&start_markup);
                self.orphans.push_str(&end_markup);
            }
        }
        false
    }

    /// Writes `edit` as a tracked change; `false` when it cannot be (it
    /// crosses table cells, or text that is not in a run).
    fn change(&mut self, index: &Index<'_>, text: &str, edit: &Edit, next_id: &mut u64) -> bool {
        let Some(plan) = index.deletion(text, &edit.span) else {
            return false;
        };
        let insertion = if edit.replacement.is_empty() {
            None
        } else if let Some(first) = plan.pieces.first() {
            Some(Target::Text(first.end.clone()))
        } else {
            match index.insertion_point(edit.span.start) {
                Some(target) => Some(target),
                None => return false,
            }
        };
        let mut id = || {
            let id = *next_id;
            *next_id += 1;
            id
        };
        let (ns, date) = (self.ns.clone(), self.date);
        let ins = |id: u64, properties: &str| {
            format!(
                "<w:ins{ns} w:id=\"{id}\" w:author=\"{AUTHOR}\" w:date=\"{date}\"><w:r>{properties}<w:t xml:space=\"preserve\">{text}</w:t></w:r></w:ins>",
                text = escape(&edit.replacement),
            )
        };
        for (at, piece) in plan.pieces.iter().enumerate() {
            let properties = piece.start.properties(self.xml).to_string();
            let mut markup = format!(
                "<w:del{ns} w:id=\"{id}\" w:author=\"{AUTHOR}\" w:date=\"{date}\"><w:r>{properties}<w:delText xml:space=\"preserve\">{deleted}</w:delText></w:r></w:del>",
                ns = self.ns,
                id = id(),
                date = self.date,
                deleted = &self.xml[piece.start.at..piece.end.at],
            );
            if at == 0 && insertion.is_some() {
                markup.push_str(&ins(id(), &properties));
            }
            self.cut_in_text(&piece.start, piece.end.at, CHANGE, markup);
        }
        if plan.pieces.is_empty()
            && let Some(target) = insertion
        {
            match target {
                Target::Text(point) => {
                    let properties = point.properties(self.xml).to_string();
                    let markup = ins(id(), &properties);
                    self.cut_in_text(&point, point.at, CHANGE, markup);
                }
                Target::Paragraph(paragraph) => {
                    let markup = ins(id(), "");
                    self.ops(&paragraph).insert.push_str(&markup);
                }
            }
        }
        for paragraph in plan.marks {
            let markup = format!(
                "<w:del{ns} w:id=\"{id}\" w:author=\"{AUTHOR}\" w:date=\"{date}\"/>",
                ns = self.ns,
                id = id(),
                date = self.date,
            );
            self.ops(&paragraph).mark_deleted = Some(markup);
        }
        true
    }

    fn needs_body_paragraph(&self) -> bool {
        !self.orphans.is_empty()
    }

    /// A paragraph at the start of the body for comments with nowhere else
    /// to go.
    fn body_paragraph(&mut self, at: usize) {
        let markup = format!(
            "<w:p{}>{}</w:p>",
            self.ns,
            std::mem::take(&mut self.orphans)
        );
        self.cuts.push(Cut {
            at,
            skip_to: at,
            rank: START,
            markup,
            text: None,
        });
    }

    /// The new document part.
    fn finish(mut self) -> String {
        let paragraphs = std::mem::take(&mut self.paragraphs);
        for (paragraph, ops) in paragraphs.into_values() {
            self.paragraph_cuts(&paragraph, ops);
        }
        let mut cuts = std::mem::take(&mut self.cuts);
        cuts.sort_by_key(|cut| (cut.at, cut.rank));
        let mut out = String::with_capacity(self.xml.len() + cuts.len() * 200);
        let mut at = 0;
        // The `w:t` a run was last reopened in, and where in `out` the
        // reopening starts (to merge cuts that meet).
        let mut reopened: Option<(usize, usize)> = None;
        for cut in cuts {
            let start = cut.at.max(at);
            match &cut.text {
                Some(source) => {
                    match reopened {
                        Some((element, from))
                            if element == source.element.outer.start && start == at =>
                        {
                            out.truncate(from);
                        }
                        _ => {
                            out.push_str(&self.xml[at..start]);
                            out.push_str(&format!("</{}t></{}r>", self.own, self.own));
                        }
                    }
                    out.push_str(&cut.markup);
                    let from = out.len();
                    if let Some(run) = &source.run {
                        out.push_str(&self.xml[run.element.outer.start..run.element.inner.start]);
                        if let Some(properties) = &run.properties {
                            out.push_str(&self.xml[properties.clone()]);
                        }
                    }
                    out.push_str(&format!("<{}t xml:space=\"preserve\">", self.own));
                    reopened = Some((source.element.outer.start, from));
                }
                None => {
                    out.push_str(&self.xml[at..start]);
                    out.push_str(&cut.markup);
                    reopened = None;
                }
            }
            at = cut.skip_to.max(start);
        }
        out.push_str(&self.xml[at..]);
        out
    }

    fn paragraph_cuts(&mut self, paragraph: &ParagraphSource, ops: ParagraphOps) {
        let ns = self.ns.clone();
        let element = &paragraph.element;
        let plain = |at: usize, skip_to: usize, rank: u8, markup: String| Cut {
            at,
            skip_to,
            rank,
            markup,
            text: None,
        };
        let mark = ops
            .mark_deleted
            .as_ref()
            .map(|del| format!("<w:pPr{ns}><w:rPr>{del}</w:rPr></w:pPr>"));
        if element.self_closing() {
            let tag = &self.xml[element.outer.clone()];
            let open = tag.trim_end_matches('>').trim_end_matches('/').trim_end();
            let name = open
                .trim_start_matches('<')
                .split(char::is_whitespace)
                .next()
                .unwrap_or("w:p");
            let markup = format!(
                "{open}>{}{}{}{}</{name}>",
                mark.unwrap_or_default(),
                ops.start,
                ops.insert,
                ops.end
            );
            self.cuts
                .push(plain(element.outer.start, element.outer.end, START, markup));
            return;
        }
        let mut head = String::new();
        if let Some(del) = &ops.mark_deleted {
            match (&paragraph.properties, &paragraph.mark_properties) {
                (None, _) => head = mark.unwrap_or_default(),
                (Some(properties), _) if properties.self_closing() => {
                    let markup = format!("<w:pPr{ns}><w:rPr>{del}</w:rPr></w:pPr>");
                    self.cuts.push(plain(
                        properties.outer.start,
                        properties.outer.end,
                        END,
                        markup,
                    ));
                }
                (Some(properties), None) => {
                    let markup = format!("<w:rPr{ns}>{del}</w:rPr>");
                    self.cuts.push(plain(
                        properties.inner.end,
                        properties.inner.end,
                        END,
                        markup,
                    ));
                }
                (Some(_), Some(run)) if run.self_closing() => {
                    let markup = format!("<w:rPr{ns}>{del}</w:rPr>");
                    self.cuts
                        .push(plain(run.outer.start, run.outer.end, END, markup));
                }
                (Some(_), Some(run)) => {
                    self.cuts
                        .push(plain(run.inner.start, run.inner.start, END, del.clone()));
                }
            }
        }
        head.push_str(&ops.start);
        if !head.is_empty() {
            let at = paragraph.content_start;
            self.cuts.push(plain(at, at, START, head));
        }
        let tail = ops.insert + &ops.end;
        if !tail.is_empty() {
            let at = element.inner.end;
            self.cuts.push(plain(at, at, END, tail));
        }
    }
}

/// Where inserted text goes.
#[derive(Clone, Debug)]
enum Target {
    Text(Point),
    /// An empty paragraph or cell: into this paragraph.
    Paragraph(ParagraphSource),
}

/// The comment for one finding: its message, help and rule code, and for a
/// finding with no text of its own where the missing part belongs.
fn comment_xml(
    diagnostic: &Diagnostic,
    id: u64,
    place: Option<(Place, Where)>,
    request: &Request<'_>,
) -> String {
    let lang = request.lang;
    let severity = match (diagnostic.severity, lang) {
        (crate::diagnostic::Severity::Error, Lang::Zh) => "错误",
        (crate::diagnostic::Severity::Warning, Lang::Zh) => "警告",
        (crate::diagnostic::Severity::Info, Lang::Zh) => "提示",
        (severity, Lang::En) => severity.as_str(),
    };
    let mut lines = vec![match lang {
        Lang::Zh => format!("{severity}[{}]：{}", diagnostic.code, diagnostic.message),
        Lang::En => format!("{severity}[{}]: {}", diagnostic.code, diagnostic.message),
    }];
    if let Some(help) = &diagnostic.help {
        lines.push(match lang {
            Lang::Zh => format!("建议：{help}"),
            Lang::En => format!("help: {help}"),
        });
    }
    if let Some(fix) = &diagnostic.fix {
        lines.push(match lang {
            Lang::Zh => format!("修复：{}", fix.message),
            Lang::En => format!("fix: {}", fix.message),
        });
    }
    if let Some((place, relation)) = place {
        let described = place.describe(lang);
        lines.push(match (lang, relation) {
            (Lang::Zh, Where::Before) => format!("位置：原文无对应文字，应在{described}之前"),
            (Lang::Zh, Where::After) => format!("位置：原文无对应文字，应在{described}之后"),
            (Lang::Zh, Where::In) => format!("位置：{described}"),
            (Lang::En, Where::Before) => {
                format!("where: no text of its own; belongs before {described}")
            }
            (Lang::En, Where::After) => {
                format!("where: no text of its own; belongs after {described}")
            }
            (Lang::En, Where::In) => format!("where: {described}"),
        });
    }
    lines.push(match lang {
        Lang::Zh => format!("规则：{} {}", diagnostic.code, diagnostic.name),
        Lang::En => format!("rule: {} {}", diagnostic.code, diagnostic.name),
    });
    let mut out = format!(
        "<w:comment w:id=\"{id}\" w:author=\"{AUTHOR}\" w:date=\"{}\" w:initials=\"{INITIALS}\">",
        request.date
    );
    for (at, line) in lines.iter().enumerate() {
        out.push_str("<w:p>");
        if at == 0 {
            out.push_str("<w:r><w:annotationRef/></w:r>");
        }
        out.push_str(&format!(
            "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            escape(line)
        ));
    }
    out.push_str("</w:comment>");
    out
}

/// Text for XML content and attributes; characters XML 1.0 cannot hold
/// are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(ch),
            ch if ch < ' ' || ch == '\u{fffe}' || ch == '\u{ffff}' => {}
            ch => out.push(ch),
        }
    }
    out
}

/// The current time as an annotation date, or `SOURCE_DATE_EPOCH` when set
/// (reproducible output).
#[must_use]
pub fn date_now() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|value| value.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_secs())
        });
    iso_date(seconds)
}

/// Seconds since 1970 as `YYYY-MM-DDThh:mm:ssZ`.
fn iso_date(seconds: u64) -> String {
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let rest = seconds % 86_400;
    // Days to a civil date (proleptic Gregorian calendar).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso_8601() {
        assert_eq!(iso_date(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_date(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_date(1_735_689_599), "2024-12-31T23:59:59Z");
    }

    #[test]
    fn ids_above_every_one_in_use() {
        assert_eq!(
            max_id(r#"<w:ins w:id="7"/><w:bookmarkStart w:id="12"/>"#),
            12
        );
        assert_eq!(max_id("<w:p/>"), 0);
    }

    #[test]
    fn escaped_text_is_valid_xml() {
        assert_eq!(escape("a<b&\u{1}\"c"), "a&lt;b&amp;&quot;c");
    }
}
