//! Word `.docx`: the main document part of the zip, read with `quick-xml`
//! into paragraphs and tables.
//!
//! What is read is the document as Word shows it with all tracked changes
//! accepted: inserted text (`w:ins`, `w:moveTo`) is kept, deleted text
//! (`w:del`, `w:moveFrom`, deleted rows and cells) is dropped, a deleted
//! paragraph mark joins two paragraphs. Fields show their result, never
//! their code. Bookmarks, comments, footnote marks, drawings and text boxes
//! produce no text. Headers, footers and footnotes are not read.

use std::io::{Cursor, Read as _};

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::decode::{EncodingSource, decode_with};
use super::document::{Block, Cell, Row, join_pieces};

/// The largest main document part read (uncompressed).
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
/// The deepest element nesting accepted.
const MAX_DEPTH: usize = 256;

/// Why a zip could not be read as a Word document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocxProblem {
    /// A zip, but of something else (`what` says what it looks like).
    NotWord { what: crate::messages::Text },
    /// A Word document that is damaged.
    Damaged { reason: String },
}

/// Reads the blocks of a `.docx` given as bytes.
///
/// # Errors
/// When the bytes are not a zip holding a Word document, or the document
/// part is damaged.
pub fn read(bytes: &[u8]) -> Result<Vec<Block>, DocxProblem> {
    let mut archive = open(bytes)?;
    let target = main_part(&mut archive)?;
    let xml = read_part(&mut archive, &target)?;
    let root = parse(&xml)?;
    let mut walker = Walker::default();
    if let Some(body) = root.child("body") {
        walker.body(body);
    }
    Ok(walker.blocks)
}

/// A `.docx` read with the origin of its text: the blocks [`read`] gives,
/// and for every paragraph and table cell of the rendered text the runs
/// and `w:t` elements of the main document part it comes from (see
/// [`Unit`]). What `annotate` needs to write comments and tracked changes
/// at the exact places of findings.
#[derive(Debug)]
pub struct Mapped {
    /// The name of the main document part (`word/document.xml`).
    pub part: String,
    /// The main document part as it is in the file (UTF-8).
    pub xml: String,
    pub blocks: Vec<Block>,
    /// One unit per entry of the location map of [`super::document::render`]
    /// (`blocks`), in the same order: a body paragraph or a table cell.
    pub units: Vec<Unit>,
    /// Where the body's content starts (after `<w:body>`).
    pub body_start: Option<usize>,
    /// The namespace prefix of the document's elements (`w`; empty for a
    /// default namespace).
    pub prefix: String,
}

/// A paragraph or table cell of the rendered text, and where its text is.
#[derive(Clone, Debug, Default)]
pub struct Unit {
    /// The pieces of text in reading order, as the reader took them.
    pub atoms: Vec<Atom>,
    /// The `w:p` elements the unit's text comes from, in order (several
    /// for a paragraph whose mark was deleted, or a cell).
    pub paragraphs: Vec<ParagraphSource>,
    /// Whether the unit is a table cell.
    pub cell: bool,
}

/// One piece of a unit's text.
#[derive(Clone, Debug)]
pub struct Atom {
    /// The text as read (entities resolved).
    pub text: String,
    /// For the content of a `w:t`: where it is; `None` for characters that
    /// elements stand for (a tab, a break).
    pub source: Option<TextSource>,
}

/// Where an element is in the document part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlRange {
    /// The element, start tag to end tag (byte range of the part).
    pub outer: std::ops::Range<usize>,
    /// Its content (empty, at its end, for a self-closing `<x/>`).
    pub inner: std::ops::Range<usize>,
}

impl XmlRange {
    fn of(element: &Element) -> XmlRange {
        XmlRange {
            outer: element.span.clone(),
            inner: element.inner.clone(),
        }
    }

    /// Whether the element is written `<x/>`.
    #[must_use]
    pub fn self_closing(&self) -> bool {
        self.inner.start == self.outer.end
    }
}

/// A `w:t` element in the document part.
#[derive(Clone, Debug)]
pub struct TextSource {
    pub element: XmlRange,
    /// The run (`w:r`) holding it.
    pub run: Option<RunSource>,
}

/// A `w:r` element in the document part.
#[derive(Clone, Debug)]
pub struct RunSource {
    pub element: XmlRange,
    /// Its run properties (`w:rPr`), if any.
    pub properties: Option<std::ops::Range<usize>>,
}

/// A `w:p` element in the document part.
#[derive(Clone, Debug)]
pub struct ParagraphSource {
    pub element: XmlRange,
    /// Where its runs start: after the start tag and the paragraph
    /// properties.
    pub content_start: usize,
    /// The paragraph properties (`w:pPr`) and the properties of the
    /// paragraph mark (`w:pPr/w:rPr`), if any.
    pub properties: Option<XmlRange>,
    pub mark_properties: Option<XmlRange>,
}

/// Reads a `.docx` with the origin of its text (see [`Mapped`]).
///
/// # Errors
/// As [`read`]; also when the main document part is not UTF-8 (it could
/// not be written back byte for byte).
pub fn read_mapped(bytes: &[u8]) -> Result<Mapped, DocxProblem> {
    let mut archive = open(bytes)?;
    let part = main_part(&mut archive)?;
    let raw = read_raw_part(&mut archive, &part)?;
    let xml = String::from_utf8(raw).map_err(|_| DocxProblem::Damaged {
        reason: format!("{part}: not UTF-8 XML"),
    })?;
    if xml.starts_with('\u{feff}') {
        return Err(DocxProblem::Damaged {
            reason: format!("{part}: starts with a byte order mark"),
        });
    }
    let root = parse(&xml)?;
    let mut walker = Walker {
        record: true,
        ..Walker::default()
    };
    let body = root.child("body");
    if let Some(body) = body {
        walker.body(body);
    }
    let prefix = part_root(&xml)?.prefix;
    let mut units = Vec::new();
    for (block, source) in walker.blocks.iter().zip(walker.sources) {
        match (block, source) {
            (Block::Paragraph(_), Source::Paragraph(unit)) => units.push(unit),
            (Block::Table(rows), Source::Table(cells)) => {
                for (row, sources) in rows.iter().zip(cells) {
                    if !row.cells.is_empty() {
                        units.extend(sources);
                    }
                }
            }
            _ => {
                return Err(DocxProblem::Damaged {
                    reason: "the document's structure could not be followed".to_string(),
                });
            }
        }
    }
    Ok(Mapped {
        part,
        blocks: walker.blocks,
        units,
        body_start: body.map(|body| body.inner.start),
        prefix,
        xml,
    })
}

/// The document element of a small XML part of the package (content
/// types, relationships, comments): where it is, the prefix of its name,
/// and its children's local names and attributes.
#[derive(Debug)]
pub(crate) struct PartRoot {
    pub element: XmlRange,
    /// `w` for `<w:comments>`, empty for `<Types>`.
    pub prefix: String,
    pub children: Vec<(String, Vec<(String, String)>)>,
}

/// Reads the document element of an XML part.
///
/// # Errors
/// When the part is not well-formed XML.
pub(crate) fn part_root(xml: &str) -> Result<PartRoot, DocxProblem> {
    let root = parse(xml)?;
    let tag = &xml[root.span.start..root.inner.start];
    let qualified = tag
        .trim_start_matches('<')
        .split(|c: char| c == '>' || c == '/' || c.is_whitespace())
        .next()
        .unwrap_or_default();
    let prefix = qualified
        .split_once(':')
        .map(|(prefix, _)| prefix.to_string())
        .unwrap_or_default();
    let children = root
        .elements()
        .map(|child| (child.name.clone(), child.attrs.clone()))
        .collect();
    Ok(PartRoot {
        element: XmlRange::of(&root),
        prefix,
        children,
    })
}

/// Opens a package for reading parts.
pub(crate) fn open(bytes: &[u8]) -> Result<zip::ZipArchive<Cursor<&[u8]>>, DocxProblem> {
    zip::ZipArchive::new(Cursor::new(bytes)).map_err(|error| DocxProblem::Damaged {
        reason: format!("not a readable zip archive ({error})"),
    })
}

/// The name of the main document part: from the package relationships,
/// else the usual name.
pub(crate) fn main_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
) -> Result<String, DocxProblem> {
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(std::borrow::Cow::into_owned)
        .collect();
    let mut target = None;
    if names.iter().any(|name| name == "_rels/.rels")
        && let Ok(rels) = read_part(archive, "_rels/.rels")
        && let Ok(root) = parse(&rels)
    {
        target = root
            .children_named("Relationship")
            .find(|rel| {
                rel.attr("Type")
                    .is_some_and(|kind| kind.ends_with("/officeDocument"))
            })
            .and_then(|rel| rel.attr("Target"))
            .map(|target| target.trim_start_matches('/').to_string());
    }
    let target = target.unwrap_or_else(|| "word/document.xml".to_string());
    if names.contains(&target) && target.starts_with("word/") {
        return Ok(target);
    }
    if names.iter().any(|name| name == "word/document.xml") {
        return Ok("word/document.xml".to_string());
    }
    let has = |prefix: &str| names.iter().any(|name| name.starts_with(prefix));
    use crate::messages as m;
    let what = if has("xl/") {
        m::IS_XLSX
    } else if has("ppt/") {
        m::IS_PPTX
    } else if names.iter().any(|name| name == "content.xml") {
        m::IS_ODF
    } else if has("Documents/") || names.iter().any(|name| name == "FixedDocSeq.fdseq") {
        m::IS_XPS
    } else {
        m::IS_ZIP
    };
    Err(DocxProblem::NotWord { what })
}

fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<String, DocxProblem> {
    let bytes = read_raw_part(archive, name)?;
    // XML parts are UTF-8 or UTF-16 with a BOM.
    let (encoding, bom_len) =
        encoding_rs::Encoding::for_bom(&bytes).unwrap_or((encoding_rs::UTF_8, 0));
    Ok(decode_with(&bytes, bom_len, encoding, EncodingSource::Declared).text)
}

/// The bytes of a part, at most [`MAX_PART_BYTES`].
pub(crate) fn read_raw_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Vec<u8>, DocxProblem> {
    let damaged = |error: &dyn std::fmt::Display| DocxProblem::Damaged {
        reason: format!("{name}: {error}"),
    };
    let file = archive.by_name(name).map_err(|error| damaged(&error))?;
    if file.size() > MAX_PART_BYTES {
        return Err(damaged(&"the part is too large"));
    }
    let mut bytes = Vec::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| damaged(&error))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(damaged(&"the part is too large"));
    }
    Ok(bytes)
}

/// A minimal element tree (local names only: Word's prefixes are
/// conventional, not fixed).
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    /// Byte range of the element in the part, start tag to end tag.
    span: std::ops::Range<usize>,
    /// Byte range of its content (empty, at the end, for `<x/>`).
    inner: std::ops::Range<usize>,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
    }

    fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.elements().filter(move |element| element.name == name)
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|element| element.name == name)
    }

    fn text(&self) -> String {
        let mut out = String::new();
        for node in &self.children {
            if let Node::Text(text) = node {
                out.push_str(text);
            }
        }
        out
    }
}

/// Parses XML into an element tree whose root is the document element.
fn parse(xml: &str) -> Result<Element, DocxProblem> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    let position = |reader: &Reader<&[u8]>| usize::try_from(reader.buffer_position()).unwrap_or(0);
    loop {
        let before = position(&reader);
        let event = reader.read_event().map_err(|error| DocxProblem::Damaged {
            reason: format!("XML error at byte {}: {error}", reader.error_position()),
        })?;
        let after = position(&reader);
        match event {
            Event::Start(start) => {
                if stack.len() > MAX_DEPTH {
                    return Err(DocxProblem::Damaged {
                        reason: "elements nested too deeply".to_string(),
                    });
                }
                let mut element = element(&start);
                element.span = before..xml.len();
                element.inner = after..xml.len();
                stack.push(element);
            }
            Event::Empty(start) => {
                let mut element = element(&start);
                element.span = before..after;
                element.inner = after..after;
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Node::Element(element));
                }
            }
            Event::End(_) => {
                if stack.len() > 1
                    && let Some(mut done) = stack.pop()
                    && let Some(parent) = stack.last_mut()
                {
                    done.span.end = after;
                    done.inner.end = before;
                    parent.children.push(Node::Element(done));
                }
            }
            Event::Text(text) => push_text(&mut stack, &text.xml_content(XmlVersion::Implicit1_0)),
            Event::CData(data) => {
                push_text(&mut stack, &data.into_inner());
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(ch)) => Some(ch.to_string()),
                    Ok(None) => match &*reference {
                        "lt" => Some("<".to_string()),
                        "gt" => Some(">".to_string()),
                        "amp" => Some("&".to_string()),
                        "quot" => Some("\"".to_string()),
                        "apos" => Some("'".to_string()),
                        _ => None,
                    },
                    Err(_) => None,
                };
                push_text(&mut stack, resolved.as_deref().unwrap_or("\u{fffd}"));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Close what a truncated document left open.
    while stack.len() > 1 {
        if let Some(done) = stack.pop()
            && let Some(parent) = stack.last_mut()
        {
            parent.children.push(Node::Element(done));
        }
    }
    let mut top = stack.pop().unwrap_or_default();
    let root = top.children.drain(..).find_map(|node| match node {
        Node::Element(element) => Some(element),
        Node::Text(_) => None,
    });
    root.ok_or_else(|| DocxProblem::Damaged {
        reason: "the document part is empty".to_string(),
    })
}

fn element(start: &BytesStart<'_>) -> Element {
    let name = start.local_name().as_ref().to_string();
    let attrs = start
        .attributes()
        .flatten()
        .map(|attr| {
            let key = attr.key.local_name().as_ref().to_string();
            let value = attr
                .normalized_value(XmlVersion::Implicit1_0)
                .map(std::borrow::Cow::into_owned)
                .unwrap_or_default();
            (key, value)
        })
        .collect();
    Element {
        name,
        attrs,
        children: Vec::new(),
        span: 0..0,
        inner: 0..0,
    }
}

fn push_text(stack: &mut [Element], text: &str) {
    let Some(parent) = stack.last_mut() else {
        return;
    };
    if let Some(Node::Text(last)) = parent.children.last_mut() {
        last.push_str(text);
    } else {
        parent.children.push(Node::Text(text.to_string()));
    }
}

/// The part of a complex field being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FieldPart {
    /// Between `begin` and `separate`: the field code, not shown.
    Code,
    /// Between `separate` and `end`: the result, shown.
    Result,
}

/// What the walker recorded for a block, with `record` on.
#[derive(Debug)]
enum Source {
    Paragraph(Unit),
    /// The cells of every row of the table (rows as in `Block::Table`).
    Table(Vec<Vec<Unit>>),
}

#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    /// Record where the text comes from (`read_mapped`).
    record: bool,
    /// One per block, with `record`.
    sources: Vec<Source>,
    /// The unit being read, with `record`.
    unit: Unit,
    /// The runs being read (innermost last), with `record`.
    runs: Vec<RunSource>,
    /// How many tables the walker is in.
    table_depth: usize,
    /// The cells of the last outermost table read, with `record`.
    table_units: Vec<Vec<Unit>>,
    /// Complex fields open at this point (they may span runs and
    /// paragraphs).
    fields: Vec<FieldPart>,
    /// The last paragraph's mark was deleted: the next paragraph joins it.
    join_next: bool,
}

impl Walker {
    fn body(&mut self, body: &Element) {
        for element in body.elements() {
            match element.name.as_str() {
                "p" => {
                    let (text, mark_deleted) = self.paragraph(element);
                    let unit = std::mem::take(&mut self.unit);
                    match (self.join_next, self.blocks.last_mut()) {
                        (true, Some(Block::Paragraph(previous))) => {
                            previous.push_str(&text);
                            if let Some(Source::Paragraph(last)) = self.sources.last_mut() {
                                last.atoms.extend(unit.atoms);
                                last.paragraphs.extend(unit.paragraphs);
                            }
                        }
                        _ => {
                            self.blocks.push(Block::Paragraph(text));
                            if self.record {
                                self.sources.push(Source::Paragraph(unit));
                            }
                        }
                    }
                    self.join_next = mark_deleted;
                }
                "tbl" => {
                    self.join_next = false;
                    let rows = self.table(element);
                    self.blocks.push(Block::Table(rows));
                    if self.record {
                        let units = std::mem::take(&mut self.table_units);
                        self.sources.push(Source::Table(units));
                    }
                }
                "sdt" => {
                    if let Some(content) = element.child("sdtContent") {
                        self.body(content);
                    }
                }
                "customXml" | "ins" | "moveTo" | "smartTag" => self.body(element),
                "AlternateContent" => {
                    if let Some(choice) = element.child("Choice") {
                        self.body(choice);
                    }
                }
                _ => {}
            }
        }
    }

    /// A paragraph's text, and whether its mark was deleted (tracked).
    fn paragraph(&mut self, paragraph: &Element) -> (String, bool) {
        let mark_deleted = paragraph
            .child("pPr")
            .and_then(|properties| properties.child("rPr"))
            .is_some_and(|run| run.child("del").is_some() || run.child("moveFrom").is_some());
        if self.record {
            let properties = paragraph.child("pPr");
            self.unit.paragraphs.push(ParagraphSource {
                element: XmlRange::of(paragraph),
                content_start: properties.map_or(paragraph.inner.start, |p| p.span.end),
                properties: properties.map(XmlRange::of),
                mark_properties: properties.and_then(|p| p.child("rPr")).map(XmlRange::of),
            });
        }
        let mut text = String::new();
        self.inline(paragraph, &mut text);
        (text, mark_deleted)
    }

    fn inline(&mut self, parent: &Element, out: &mut String) {
        for element in parent.elements() {
            match element.name.as_str() {
                "t" => {
                    if !self.fields.contains(&FieldPart::Code) {
                        let text = element.text();
                        out.push_str(&text);
                        if self.record {
                            self.unit.atoms.push(Atom {
                                text,
                                source: Some(TextSource {
                                    element: XmlRange::of(element),
                                    run: self.runs.last().cloned(),
                                }),
                            });
                        }
                    }
                }
                "tab" | "ptab" => self.push(out, "\t"),
                "br" | "cr" => {
                    if !matches!(element.attr("type"), Some("page" | "column")) {
                        self.push(out, "\n");
                    }
                }
                "noBreakHyphen" => self.push(out, "-"),
                "fldChar" => match element.attr("fldCharType") {
                    Some("begin") => self.fields.push(FieldPart::Code),
                    Some("separate") => {
                        if let Some(last) = self.fields.last_mut() {
                            *last = FieldPart::Result;
                        }
                    }
                    Some("end") => {
                        self.fields.pop();
                    }
                    _ => {}
                },
                // Deleted text, field codes, and what has no text of its
                // own in the flow.
                "del" | "moveFrom" | "delText" | "instrText" | "delInstrText" | "pPr" | "rPr"
                | "drawing" | "pict" | "object" | "Fallback" | "footnoteReference"
                | "endnoteReference" | "commentReference" | "annotationRef" | "sym"
                | "softHyphen" | "bookmarkStart" | "bookmarkEnd" => {}
                "AlternateContent" => {
                    if let Some(choice) = element.child("Choice") {
                        self.inline(choice, out);
                    }
                }
                // Runs, hyperlinks, insertions, simple fields (their
                // children are the result), content controls, math, …
                _ => {
                    let run = self.record && element.name == "r";
                    if run {
                        self.runs.push(RunSource {
                            element: XmlRange::of(element),
                            properties: element.child("rPr").map(|p| p.span.clone()),
                        });
                    }
                    self.inline(element, out);
                    if run {
                        self.runs.pop();
                    }
                }
            }
        }
    }

    fn push(&mut self, out: &mut String, text: &str) {
        if !self.fields.contains(&FieldPart::Code) {
            out.push_str(text);
            if self.record {
                self.unit.atoms.push(Atom {
                    text: text.to_string(),
                    source: None,
                });
            }
        }
    }

    fn table(&mut self, table: &Element) -> Vec<Row> {
        let outermost = self.record && self.table_depth == 0;
        self.table_depth += 1;
        let mut rows = Vec::new();
        let mut units = Vec::new();
        for row in rows_of(table) {
            let properties = row.child("trPr");
            if properties.is_some_and(|p| p.child("del").is_some()) {
                continue;
            }
            let mut column = 1 + properties
                .and_then(|p| p.child("gridBefore"))
                .and_then(|g| g.attr("val"))
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            let mut cells: Vec<Cell> = Vec::new();
            let mut row_units = Vec::new();
            for cell in cells_of(row) {
                let properties = cell.child("tcPr");
                let prop = |name: &str| properties.and_then(|p| p.child(name));
                if prop("cellDel").is_some() {
                    continue;
                }
                let span = prop("gridSpan")
                    .and_then(|g| g.attr("val"))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 1000);
                // Legacy horizontal merge: the continuing cell is part of
                // the previous one.
                if prop("hMerge").is_some_and(|m| m.attr("val") != Some("restart"))
                    && !cells.is_empty()
                {
                    column += span;
                    continue;
                }
                let continued = prop("vMerge").is_some_and(|m| m.attr("val") != Some("restart"));
                let text = if continued {
                    // Word shows the merged cell's content once, in its
                    // first row.
                    let mut discard = Vec::new();
                    self.cell_pieces(cell, &mut discard);
                    String::new()
                } else {
                    let mut pieces = Vec::new();
                    self.cell_pieces(cell, &mut pieces);
                    join_pieces(&pieces)
                };
                cells.push(Cell { text, column });
                if outermost {
                    let mut unit = std::mem::take(&mut self.unit);
                    unit.cell = true;
                    if continued {
                        unit.atoms.clear();
                    }
                    row_units.push(unit);
                }
                column += span;
            }
            rows.push(Row { cells });
            units.push(row_units);
        }
        self.table_depth -= 1;
        if outermost {
            self.table_units = units;
        }
        rows
    }

    /// The paragraphs of a cell (nested tables flattened cell by cell).
    fn cell_pieces(&mut self, cell: &Element, pieces: &mut Vec<String>) {
        for element in cell.elements() {
            match element.name.as_str() {
                "p" => {
                    let (text, _) = self.paragraph(element);
                    pieces.extend(text.split('\n').map(str::to_string));
                }
                "tbl" => {
                    for row in self.table(element) {
                        pieces.extend(row.cells.into_iter().map(|cell| cell.text));
                    }
                }
                "sdt" => {
                    if let Some(content) = element.child("sdtContent") {
                        self.cell_pieces(content, pieces);
                    }
                }
                "customXml" | "ins" | "moveTo" => self.cell_pieces(element, pieces),
                _ => {}
            }
        }
    }
}

/// The rows of a table, through content controls and custom XML.
fn rows_of(table: &Element) -> Vec<&Element> {
    let mut rows = Vec::new();
    collect(table, "tr", &mut rows);
    rows
}

/// The cells of a row, through content controls and custom XML.
fn cells_of(row: &Element) -> Vec<&Element> {
    let mut cells = Vec::new();
    collect(row, "tc", &mut cells);
    cells
}

fn collect<'a>(parent: &'a Element, name: &str, out: &mut Vec<&'a Element>) {
    for element in parent.elements() {
        if element.name == name {
            out.push(element);
        } else {
            match element.name.as_str() {
                "sdt" => {
                    if let Some(content) = element.child("sdtContent") {
                        collect(content, name, out);
                    }
                }
                "customXml" | "ins" | "moveTo" => collect(element, name, out),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(body: &str) -> Vec<Block> {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        );
        let root = parse(&xml).unwrap();
        let mut walker = Walker::default();
        walker.body(root.child("body").unwrap());
        walker.blocks
    }

    fn paragraphs(blocks: &[Block]) -> Vec<&str> {
        blocks
            .iter()
            .filter_map(|block| match block {
                Block::Paragraph(text) => Some(text.as_str()),
                Block::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn tracked_changes_are_accepted_and_fields_show_their_result() {
        let read = blocks(
            r#"<w:p><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:r><w:t xml:space="preserve">落款 </w:t></w:r>
<w:ins w:id="1" w:author="a"><w:r><w:t>新</w:t></w:r></w:ins>
<w:del w:id="2" w:author="a"><w:r><w:delText>旧</w:delText></w:r></w:del>
<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \@ "yyyy年M月d日" </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2021年1月20日</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
<w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple><w:bookmarkEnd w:id="0"/></w:p>
<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="a"/></w:rPr></w:pPr><w:r><w:t>上</w:t></w:r></w:p>
<w:p><w:r><w:t>下&amp;&#x4E00;</w:t><w:tab/><w:t>x</w:t><w:br/><w:t>y</w:t></w:r></w:p>"#,
        );
        assert_eq!(
            paragraphs(&read),
            ["落款 新2021年1月20日3", "上下&一\tx\ny"]
        );
    }

    #[test]
    fn merged_cells_keep_positions() {
        let cell = |props: &str, text: &str| {
            format!("<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
        };
        let split = r#"<w:tc><w:p><w:r><w:t>4.保护第三方合法权</w:t></w:r></w:p><w:p><w:r><w:t>益</w:t></w:r></w:p></w:tc>"#;
        let body = format!(
            "<w:tbl><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr><w:trPr><w:del w:id=\"9\" w:author=\"a\"/></w:trPr>{}</w:tr></w:tbl>",
            cell(r#"<w:vMerge w:val="restart"/>"#, "三、本年度办理结果"),
            cell(r#"<w:gridSpan w:val="2"/>"#, "（一）予以公开"),
            cell("", "0"),
            cell("<w:vMerge/>", ""),
            split,
            cell("", "1"),
            cell("", "deleted row"),
        );
        let read = blocks(&body);
        let Block::Table(rows) = &read[0] else {
            panic!("{read:?}")
        };
        let texts: Vec<Vec<(&str, usize)>> = rows
            .iter()
            .map(|row| {
                row.cells
                    .iter()
                    .map(|c| (c.text.as_str(), c.column))
                    .collect()
            })
            .collect();
        assert_eq!(
            texts,
            [
                vec![("三、本年度办理结果", 1), ("（一）予以公开", 2), ("0", 4)],
                vec![("", 1), ("4.保护第三方合法权益", 2), ("1", 3)],
            ]
        );
    }
}
