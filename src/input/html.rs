//! Saved web pages (`.html`, `.htm`): parsed with html5ever (`scraper`)
//! into paragraphs and tables.
//!
//! Scripts, styles, form controls and page chrome (navigation, menus,
//! breadcrumbs, footers, side bars, link lists) are dropped; the rest of
//! the body is the article. Block elements and `<br>` end lines, other
//! whitespace collapses (a non-breaking space stays, so `&nbsp;` alone is a
//! blank cell). A `<table>` of data becomes a table with its `rowspan` and
//! `colspan` resolved; a table used for page layout (one holding other
//! tables or long text) is read as ordinary content.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use encoding_rs::Encoding;
use regex::bytes::Regex;
use scraper::{ElementRef, Html, Node};

use super::document::{Block, Cell, Row, join_pieces};

/// The encoding a page declares (`<meta charset>`, `<meta http-equiv>`, an
/// XML declaration), from its first bytes.
#[must_use]
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    static META: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i-u)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)"#)
            .expect("valid regex")
    });
    static XML: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i-u)<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_.:-]+)"#).expect("valid regex")
    });
    let head = &bytes[..bytes.len().min(8192)];
    META.captures(head)
        .or_else(|| XML.captures(head))
        .and_then(|captures| captures.get(1))
        .and_then(|label| Encoding::for_label_no_replacement(label.as_bytes()))
}

/// Whether decoded text looks like a web page (for files whose name does
/// not say).
#[must_use]
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let start = head
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = head[start..].to_ascii_lowercase();
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&head);
    head.starts_with(b"<!doctype html")
        || head.starts_with(b"<html")
        || (head.starts_with(b"<?xml") && head.windows(5).any(|w| w == b"<html"))
}

/// Reads the blocks of a page given as text.
#[must_use]
pub fn read(text: &str) -> Vec<Block> {
    let document = Html::parse_document(text);
    let mut walker = Walker::default();
    walker.flow(document.root_element(), 0);
    walker.flush();
    walker.blocks
}

/// Elements whose content is never part of the article.
const IGNORED: &[&str] = &[
    "head", "title", "meta", "link", "script", "style", "noscript", "template", "nav", "aside",
    "footer", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "canvas",
    "select", "option", "button", "input", "textarea", "map", "audio", "video", "img",
];

/// Elements that end a line.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Class and id words of page chrome.
const CHROME: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "footer",
    "sidebar",
    "share",
    "toolbar",
    "copyright",
    "banner",
    "search",
    "login",
];

/// The deepest element nesting followed (deeper content is dropped).
const MAX_DEPTH: usize = 200;

#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    line: String,
}

impl Walker {
    fn flow(&mut self, element: ElementRef<'_>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.text(text),
                Node::Element(_) => {
                    let Some(child) = ElementRef::wrap(child) else {
                        continue;
                    };
                    let name = child.value().name();
                    if is_ignored(child) {
                        continue;
                    }
                    match name {
                        "br" => self.flush(),
                        "table" if !is_layout_table(child) => {
                            self.flush();
                            let (caption, rows) = table(child, depth);
                            if let Some(caption) = caption {
                                self.blocks.push(Block::Paragraph(caption));
                            }
                            self.blocks.push(Block::Table(rows));
                        }
                        "table" => {
                            self.flush();
                            self.flow(child, depth + 1);
                            self.flush();
                        }
                        name if BLOCKS.contains(&name) => {
                            self.flush();
                            self.flow(child, depth + 1);
                            self.flush();
                        }
                        _ => self.flow(child, depth + 1),
                    }
                }
                _ => {}
            }
        }
    }

    /// Appends text, collapsing HTML whitespace (not non-breaking spaces).
    fn text(&mut self, text: &str) {
        for ch in text.chars() {
            if matches!(ch, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                if !self.line.is_empty() && !self.line.ends_with(' ') {
                    self.line.push(' ');
                }
            } else {
                self.line.push(ch);
            }
        }
    }

    /// Ends the current line: a paragraph, unless it holds nothing.
    fn flush(&mut self) {
        let line = std::mem::take(&mut self.line);
        let line = line.trim_end_matches(' ');
        if !line.trim().is_empty() {
            self.blocks.push(Block::Paragraph(line.to_string()));
        }
    }
}

fn is_ignored(element: ElementRef<'_>) -> bool {
    let value = element.value();
    let name = value.name();
    if IGNORED.contains(&name) {
        return true;
    }
    if name == "header"
        && !element.ancestors().any(|ancestor| {
            ancestor
                .value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "article" | "main"))
        })
    {
        return true;
    }
    if matches!(
        name,
        "html" | "body" | "td" | "th" | "tr" | "tbody" | "thead"
    ) {
        return false;
    }
    let words = value
        .classes()
        .chain(value.id())
        .flat_map(|word| word.split(|c: char| !c.is_ascii_alphanumeric()))
        .map(str::to_ascii_lowercase);
    if words
        .into_iter()
        .any(|word| CHROME.contains(&word.as_str()))
    {
        return true;
    }
    is_breadcrumb(element) || is_link_list(element)
}

/// “当前位置：首页 > 政务公开 > …”.
fn is_breadcrumb(element: ElementRef<'_>) -> bool {
    if !matches!(
        element.value().name(),
        "div" | "p" | "span" | "td" | "section"
    ) {
        return false;
    }
    let text: String = element
        .text()
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .take(200)
        .collect();
    text.chars().count() < 120
        && ["当前位置", "您的位置", "您现在的位置", "现在的位置"]
            .iter()
            .any(|start| text.starts_with(start))
}

/// A block that is mostly links: a menu, a list of related articles.
fn is_link_list(element: ElementRef<'_>) -> bool {
    if !matches!(
        element.value().name(),
        "div" | "ul" | "ol" | "dl" | "section" | "table" | "p" | "span" | "td"
    ) {
        return false;
    }
    let mut links = 0usize;
    let mut link_chars = 0usize;
    for descendant in element.descendants() {
        if let Some(anchor) = ElementRef::wrap(descendant)
            && anchor.value().name() == "a"
        {
            links += 1;
            link_chars += visible_len(anchor);
        }
    }
    if links < 3 {
        return false;
    }
    let total = visible_len(element);
    total < 2000 && link_chars * 10 >= total * 6
}

fn visible_len(element: ElementRef<'_>) -> usize {
    element
        .text()
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .count()
}

/// A table used to lay out the page rather than to hold data: it holds
/// another table or long text, or is a single cell.
fn is_layout_table(table: ElementRef<'_>) -> bool {
    let mut cells = 0usize;
    for descendant in table.descendants().skip(1) {
        let Some(element) = ElementRef::wrap(descendant) else {
            continue;
        };
        match element.value().name() {
            "table" => return true,
            "td" | "th" => {
                cells += 1;
                if visible_len(element) > 300 {
                    return true;
                }
            }
            _ => {}
        }
    }
    cells <= 1
}

/// The rows of a data table with `rowspan` and `colspan` resolved: the
/// rows a `rowspan` covers get an empty cell at its place.
fn table(table: ElementRef<'_>, depth: usize) -> (Option<String>, Vec<Row>) {
    let mut caption = None;
    let mut rows = Vec::new();
    // Grid column (0-based) → (columns covered, rows still to cover).
    let mut spanning: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for tr in table_rows(table) {
        let mut cells = Vec::new();
        let mut column = 0usize;
        let mut next: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        let mut tds = tr
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|td| matches!(td.value().name(), "td" | "th"));
        loop {
            // A cell spanning down from a row above takes this column.
            if let Some((width, left)) = spanning.remove(&column) {
                cells.push(Cell {
                    text: String::new(),
                    column: column + 1,
                });
                if left > 1 {
                    next.insert(column, (width, left - 1));
                }
                column += width;
                continue;
            }
            let Some(td) = tds.next() else { break };
            let width = span_attr(td, "colspan", 1000);
            let height = span_attr(td, "rowspan", 65_534);
            cells.push(Cell {
                text: cell_text(td, depth),
                column: column + 1,
            });
            if height > 1 {
                next.insert(column, (width, height - 1));
            }
            column += width;
        }
        // Cells spanning down into columns after the row's last cell (or
        // overlapped by a wide cell of this row).
        for (at, (width, left)) in std::mem::take(&mut spanning) {
            cells.push(Cell {
                text: String::new(),
                column: at + 1,
            });
            if left > 1 {
                next.insert(at, (width, left - 1));
            }
        }
        cells.sort_by_key(|cell| cell.column);
        spanning = next;
        rows.push(Row { cells });
    }
    if let Some(element) = table
        .children()
        .filter_map(ElementRef::wrap)
        .find(|child| child.value().name() == "caption")
    {
        let text = cell_text(element, depth);
        if !text.trim().is_empty() {
            caption = Some(text);
        }
    }
    (caption, rows)
}

/// The rows of a table, through `thead`, `tbody` and `tfoot`.
fn table_rows(table: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let mut rows = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => rows.push(child),
            "thead" | "tbody" | "tfoot" => rows.extend(
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|row| row.value().name() == "tr"),
            ),
            _ => {}
        }
    }
    rows
}

/// A `colspan` or `rowspan` (1 when absent or invalid).
fn span_attr(cell: ElementRef<'_>, name: &str, max: usize) -> usize {
    cell.value()
        .attr(name)
        .and_then(|value| value.trim().parse::<usize>().ok())
        .filter(|value| *value > 0)
        .unwrap_or(1)
        .min(max)
}

/// A cell's text: its lines joined (see [`join_pieces`]).
fn cell_text(cell: ElementRef<'_>, depth: usize) -> String {
    let mut walker = Walker::default();
    walker.flow(cell, depth + 1);
    walker.flush();
    let pieces: Vec<String> = walker
        .blocks
        .into_iter()
        .flat_map(|block| match block {
            Block::Paragraph(text) => vec![text],
            Block::Table(rows) => rows
                .into_iter()
                .flat_map(|row| row.cells.into_iter().map(|cell| cell.text))
                .collect(),
        })
        .collect();
    let text = join_pieces(&pieces);
    // A cell of nothing but spaces is blank.
    if text.trim().is_empty() {
        String::new()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[Row]) -> Vec<Vec<(String, usize)>> {
        rows.iter()
            .map(|row| {
                row.cells
                    .iter()
                    .map(|cell| (cell.text.clone(), cell.column))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn rowspan_and_colspan_keep_positions() {
        let blocks = read(
            r#"<html><body><table>
<tr><td rowspan="3">三<br>、<br>本年度办理结果</td><td colspan="2">（一）予以公开</td><td>0</td></tr>
<tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>&nbsp;</td></tr>
<tr><td><p>4.保护第三方合法权</p><p>益</p></td><td>2</td></tr>
<tr><td colspan="3">四、结转下年度继续办理</td><td>5</td></tr>
</table></body></html>"#,
        );
        let [Block::Table(rows)] = blocks.as_slice() else {
            panic!("{blocks:?}")
        };
        let s = |text: &str, column| (text.to_string(), column);
        assert_eq!(
            grid(rows),
            [
                vec![
                    s("三、本年度办理结果", 1),
                    s("（一）予以公开", 2),
                    s("0", 4)
                ],
                vec![
                    s("", 1),
                    s("（三）不予公开", 2),
                    s("1.属于国家秘密", 3),
                    s("", 4)
                ],
                vec![s("", 1), s("", 2), s("4.保护第三方合法权益", 3), s("2", 4)],
                vec![s("四、结转下年度继续办理", 1), s("5", 4)],
            ]
        );
    }

    #[test]
    fn chrome_scripts_and_styles_are_dropped() {
        let blocks = read(
            r#"<html><head><title>站点</title><style>p{}</style></head><body>
<div class="nav"><a href="/">首页</a></div>
<ul><li><a href="a">政务公开</a></li><li><a href="b">政策解读</a></li><li><a href="c">互动交流</a></li></ul>
<script>var x = "一、总体情况";</script>
<div class="TRS_Editor"><p>某镇2021年政府信息公开工作年度报告</p>
<p>一、总体情况</p><p>&nbsp;&nbsp;本镇   依法公开。<br>第二行</p></div>
<div class="footer">版权所有</div></body></html>"#,
        );
        let paragraphs: Vec<&str> = blocks
            .iter()
            .filter_map(|block| match block {
                Block::Paragraph(text) => Some(text.as_str()),
                Block::Table(_) => None,
            })
            .collect();
        assert_eq!(
            paragraphs,
            [
                "某镇2021年政府信息公开工作年度报告",
                "一、总体情况",
                "\u{a0}\u{a0}本镇 依法公开。",
                "第二行"
            ]
        );
    }

    #[test]
    fn declared_encodings_are_found() {
        let gbk = br#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>"#;
        assert_eq!(declared_encoding(gbk), Some(encoding_rs::GBK));
        let utf8 = br#"<!DOCTYPE html><html><head><meta charset="utf-8">"#;
        assert_eq!(declared_encoding(utf8), Some(encoding_rs::UTF_8));
        assert_eq!(declared_encoding(b"<html><body>"), None);
        assert!(looks_like_html(b"\n  <!DOCTYPE HTML PUBLIC"));
        assert!(!looks_like_html("一、总体情况".as_bytes()));
    }
}
