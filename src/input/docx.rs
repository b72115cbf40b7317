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
    NotWord { what: &'static str },
    /// A Word document that is damaged.
    Damaged { reason: String },
}

/// Reads the blocks of a `.docx` given as bytes.
///
/// # Errors
/// When the bytes are not a zip holding a Word document, or the document
/// part is damaged.
pub fn read(bytes: &[u8]) -> Result<Vec<Block>, DocxProblem> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|error| DocxProblem::Damaged {
            reason: format!("not a readable zip archive ({error})"),
        })?;
    let target = main_part(&mut archive)?;
    let xml = read_part(&mut archive, &target)?;
    let root = parse(&xml)?;
    let mut walker = Walker::default();
    if let Some(body) = root.child("body") {
        walker.body(body);
    }
    Ok(walker.blocks)
}

/// The name of the main document part: from the package relationships,
/// else the usual name.
fn main_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<String, DocxProblem> {
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
    let what = if has("xl/") {
        "an Excel workbook (.xlsx)"
    } else if has("ppt/") {
        "a PowerPoint presentation (.pptx)"
    } else if names.iter().any(|name| name == "content.xml") {
        "an OpenDocument file (.odt/.ods)"
    } else if has("Documents/") || names.iter().any(|name| name == "FixedDocSeq.fdseq") {
        "an XPS/OFD document"
    } else {
        "a zip archive"
    };
    Err(DocxProblem::NotWord { what })
}

fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<String, DocxProblem> {
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
    // XML parts are UTF-8 or UTF-16 with a BOM.
    let (encoding, bom_len) =
        encoding_rs::Encoding::for_bom(&bytes).unwrap_or((encoding_rs::UTF_8, 0));
    Ok(decode_with(&bytes, bom_len, encoding, EncodingSource::Declared).text)
}

/// A minimal element tree (local names only: Word's prefixes are
/// conventional, not fixed).
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
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
    loop {
        let event = reader.read_event().map_err(|error| DocxProblem::Damaged {
            reason: format!("XML error at byte {}: {error}", reader.error_position()),
        })?;
        match event {
            Event::Start(start) => {
                if stack.len() > MAX_DEPTH {
                    return Err(DocxProblem::Damaged {
                        reason: "elements nested too deeply".to_string(),
                    });
                }
                stack.push(element(&start));
            }
            Event::Empty(start) => {
                let element = element(&start);
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Node::Element(element));
                }
            }
            Event::End(_) => {
                if stack.len() > 1
                    && let Some(done) = stack.pop()
                    && let Some(parent) = stack.last_mut()
                {
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

#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
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
                    match (self.join_next, self.blocks.last_mut()) {
                        (true, Some(Block::Paragraph(previous))) => previous.push_str(&text),
                        _ => self.blocks.push(Block::Paragraph(text)),
                    }
                    self.join_next = mark_deleted;
                }
                "tbl" => {
                    self.join_next = false;
                    let rows = self.table(element);
                    self.blocks.push(Block::Table(rows));
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
        let mut text = String::new();
        self.inline(paragraph, &mut text);
        (text, mark_deleted)
    }

    fn inline(&mut self, parent: &Element, out: &mut String) {
        for element in parent.elements() {
            match element.name.as_str() {
                "t" => {
                    if !self.fields.contains(&FieldPart::Code) {
                        out.push_str(&element.text());
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
                _ => self.inline(element, out),
            }
        }
    }

    fn push(&self, out: &mut String, text: &str) {
        if !self.fields.contains(&FieldPart::Code) {
            out.push_str(text);
        }
    }

    fn table(&mut self, table: &Element) -> Vec<Row> {
        let mut rows = Vec::new();
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
                column += span;
            }
            rows.push(Row { cells });
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
