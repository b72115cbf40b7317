//! A table region read as a stream of cells, whatever the layout.
//!
//! Extraction layouts differ in how they mark cells and rows (domain.md §11):
//! one indented cell per line (Word → text), one cell per paragraph (web
//! pages), pipe rows, pipe-per-line with `||||` fillers, TAB-separated rows
//! (PDF), space-separated rows. They agree on the reading order: row-major,
//! the row label before its values. This module turns any of them into one
//! stream of cells (text, value, blank) and row boundaries, which `bind`
//! matches against a template.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::lines::{Line, LineKind, Token};
use super::normalize::{char_len, normalize};
use crate::syntax::SyntaxKind;

/// One item of the stream.
#[derive(Clone, Debug)]
pub enum Item {
    Cell(StreamCell),
    /// The end of a visual row (a line holding several cells, a blank line
    /// between indented cells, a `||||` filler line).
    Boundary,
    /// A prose line inside the region: never part of a table.
    Prose,
}

/// A cell of the stream.
#[derive(Clone, Debug)]
pub struct StreamCell {
    /// The cell's text without surrounding whitespace (empty for a blank
    /// cell made of an empty line).
    pub span: Range<usize>,
    pub kind: CellKind,
    /// Normalised text (text cells only).
    pub norm: String,
    /// 0-based line of the cell's start.
    pub line: usize,
    /// The cell shares its line with other cells (a pipe, TAB or space row),
    /// so its position in the row is explicit.
    pub in_row: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellKind {
    /// A number or a placeholder (`/`, `—`, `无`).
    Value,
    /// Nothing but whitespace.
    Blank,
    Text,
}

/// How the region marks cells and rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One TAB-indented cell per line, blank lines between rows.
    Indented,
    /// One cell per paragraph: cells separated by one empty line; further
    /// empty lines are blank cells.
    Paragraph,
    /// One cell per line (web pages converted line by line, Word tables
    /// without indents): an empty line is a blank cell where a row expects
    /// a value, and a separator between rows (where the binder skips it).
    Lines,
    /// Everything else: a line holding several cells is a row; an empty
    /// line ends a row.
    Rows,
}

static PAGE_FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-—－]\s*\d{1,3}\s*[-—－]|第\s*\d{1,3}\s*页(?:\s*[/，,]?\s*共\s*\d{1,3}\s*页)?|Page\s+\d+.*|P\.\s*\d+)\s*$")
        .expect("valid regex")
});

/// Detects the layout of a region.
#[must_use]
pub fn detect_layout(lines: &[Line]) -> Layout {
    let mut non_blank = 0usize;
    let mut indented = 0usize;
    let mut before_blank = 0usize;
    let mut several = 0usize;
    let mut blank = 0usize;
    for (at, line) in lines.iter().enumerate() {
        if line.is_blank() {
            blank += 1;
            continue;
        }
        non_blank += 1;
        if holds_several_cells(line) {
            several += 1;
        }
        if line.kind == LineKind::Tab
            && line
                .tokens
                .first()
                .is_some_and(|t| t.kind == SyntaxKind::Tab)
            && segments(&line.tokens, SyntaxKind::Tab).len() <= 1
        {
            indented += 1;
        }
        if lines.get(at + 1).is_some_and(Line::is_blank) {
            before_blank += 1;
        }
    }
    if non_blank == 0 {
        return Layout::Rows;
    }
    if indented * 10 >= non_blank * 3 {
        Layout::Indented
    } else if before_blank * 10 >= non_blank * 6 {
        Layout::Paragraph
    } else if several * 10 < non_blank && blank > 0 {
        Layout::Lines
    } else {
        Layout::Rows
    }
}

/// Whether a line holds several cells: a pipe or TAB row with two cells or
/// more, or a number after a word and a space (`规章 0 0 0`).
fn holds_several_cells(line: &Line) -> bool {
    let separator = match line.kind {
        LineKind::Pipe => SyntaxKind::Pipe,
        LineKind::Tab => SyntaxKind::Tab,
        _ => {
            let mut seen_content = false;
            let mut after_space = false;
            for token in &line.tokens {
                match token.kind {
                    SyntaxKind::Ws => after_space = seen_content,
                    SyntaxKind::Number | SyntaxKind::Placeholder if after_space => return true,
                    _ => seen_content = true,
                }
            }
            return false;
        }
    };
    segments(&line.tokens, separator)
        .iter()
        .filter(|segment| segment.tokens.iter().any(|t| t.kind != SyntaxKind::Ws))
        .count()
        >= 2
}

/// How the whole document writes its table cells, where one region's own
/// lines cannot tell (a converter follows one convention throughout).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Conventions {
    /// A pipe that opens a row stands after an empty first cell.
    pub opening_pipe_is_cell: bool,
}

impl Conventions {
    /// The conventions of a document's lines.
    #[must_use]
    pub fn of(lines: &[Line]) -> Conventions {
        Conventions {
            opening_pipe_is_cell: opening_pipe_is_cell(lines),
        }
    }
}

/// Reads `lines` (a region of the report) as a stream of cells.
/// `is_label` tells whether a long normalised text is a known label (so that
/// it is not taken for prose).
pub fn stream(
    source: &str,
    lines: &[Line],
    conventions: Conventions,
    is_label: &dyn Fn(&str) -> bool,
) -> Vec<Item> {
    let layout = detect_layout(lines);
    let roles = separator_roles(lines);
    let opening_pipe_is_cell = conventions.opening_pipe_is_cell;
    let mut items: Vec<Item> = Vec::new();
    // Paragraph layout: whether the empty line after a cell is still to be
    // consumed as the separator.
    let mut separator_pending = false;
    // Whether the previous line produced a single cell that a following line
    // may continue (split labels, vertical headers).
    let mut open_cell = false;
    for (at, line) in lines.iter().enumerate() {
        match roles[at] {
            Role::Content => {}
            Role::Nothing => continue,
            role @ (Role::BlankCells(_) | Role::BlankAfterPipe) => {
                open_cell = false;
                separator_pending = false;
                let (at, count) = match role {
                    Role::BlankCells(count) => (line.span.start, count),
                    _ => (
                        line.tokens
                            .iter()
                            .find(|t| t.kind == SyntaxKind::Pipe)
                            .map_or(line.span.start, |pipe| pipe.span.end),
                        1,
                    ),
                };
                for _ in 0..count {
                    items.push(Item::Cell(StreamCell {
                        span: at..at,
                        kind: CellKind::Blank,
                        norm: String::new(),
                        line: line.index,
                        in_row: false,
                    }));
                }
                continue;
            }
        }
        if line.is_blank() {
            open_cell = false;
            match layout {
                Layout::Paragraph if separator_pending => separator_pending = false,
                Layout::Paragraph | Layout::Lines => items.push(Item::Cell(StreamCell {
                    span: line.span.start..line.span.start,
                    kind: CellKind::Blank,
                    norm: String::new(),
                    line: line.index,
                    in_row: false,
                })),
                _ => push_boundary(&mut items),
            }
            continue;
        }
        separator_pending = true;
        let text = &source[line.trimmed_span()];
        if PAGE_FOOTER.is_match(text) {
            continue;
        }
        match line.kind {
            LineKind::Pipe => {
                let mut cells = split_cells(source, line, SyntaxKind::Pipe);
                // `|---|:---:|`: the rule under a Markdown header row.
                if cells.iter().all(|cell| is_rule(&source[cell.span.clone()])) {
                    cells.clear();
                }
                if opening_pipe_is_cell && is_open_row(line) && !cells.is_empty() {
                    cells.insert(0, blank_before_pipe(line));
                }
                open_cell = false;
                if cells.is_empty() {
                    push_boundary(&mut items);
                    continue;
                }
                push_cells(&mut items, cells);
            }
            LineKind::Tab => {
                let mut cells = split_cells(source, line, SyntaxKind::Tab);
                let indented = line
                    .tokens
                    .first()
                    .is_some_and(|t| t.kind == SyntaxKind::Tab);
                if cells.is_empty() {
                    // A line of TABs (and spaces) only: an empty Word cell,
                    // placed after its indent.
                    let after_indent = line
                        .tokens
                        .iter()
                        .skip_while(|t| t.kind == SyntaxKind::Tab)
                        .find(|t| t.kind == SyntaxKind::Ws)
                        .map_or_else(
                            || {
                                let at =
                                    line.tokens.first().map_or(line.span.start, |t| t.span.end);
                                at..at
                            },
                            |ws| ws.span.clone(),
                        );
                    cells.push(StreamCell {
                        span: after_indent,
                        kind: CellKind::Blank,
                        norm: String::new(),
                        line: line.index,
                        in_row: false,
                    });
                }
                open_cell = cells.len() == 1 && indented;
                push_cells(&mut items, cells);
            }
            LineKind::Heading | LineKind::Text | LineKind::Blank => {
                let cells = split_words(source, line);
                if cells.iter().any(|cell| {
                    cell.kind == CellKind::Text && is_prose(&cell.norm) && !is_label(&cell.norm)
                }) {
                    open_cell = false;
                    items.push(Item::Prose);
                    continue;
                }
                let single_text = cells.len() == 1 && cells[0].kind == CellKind::Text;
                if open_cell && single_text && continue_cell(&mut items, source, &cells[0]) {
                    continue;
                }
                // In paragraph layout a text line directly after another one
                // is the same cell, wrapped.
                open_cell = single_text && layout == Layout::Paragraph;
                push_cells(&mut items, cells);
            }
        }
    }
    items
}

/// What a line stands for besides its own cells, decided from the pipe
/// lines around it (domain.md §11): separators and spacing never make or
/// drop a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Read by the line's own shape.
    Content,
    /// Stands for nothing: a pipe alone between two cells written on lines
    /// of their own, or spacing between pipe lines.
    Nothing,
    /// Blank cells: a pipe alone after a cell written with a leading pipe
    /// (`| 0` / `|`), nothing between two separator pipes (`0` / `|` /
    /// `` / `|` / `5`), a separator that a row filler follows. Placed at
    /// the line's start (where a 0 that fills them reads right).
    BlankCells(u8),
    /// The blank cell of a leading-pipe cell line written as a pipe alone,
    /// placed after the pipe.
    BlankAfterPipe,
}

/// How a line uses pipes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PipeShape {
    /// No pipe (or a blank line).
    None,
    /// Pipes and whitespace only; the number of pipes.
    Only(usize),
    /// Content with pipes: whether one comes before the content and after it.
    Content { leading: bool, trailing: bool },
}

fn pipe_shape(line: &Line) -> PipeShape {
    if line.kind != LineKind::Pipe {
        return PipeShape::None;
    }
    let content: Vec<&Token> = line
        .tokens
        .iter()
        .filter(|t| t.kind != SyntaxKind::Ws)
        .collect();
    if content.iter().all(|t| t.kind == SyntaxKind::Pipe) {
        return PipeShape::Only(content.len());
    }
    PipeShape::Content {
        leading: content.first().is_some_and(|t| t.kind == SyntaxKind::Pipe),
        trailing: content.last().is_some_and(|t| t.kind == SyntaxKind::Pipe),
    }
}

/// The role of each line. A single pipe alone on its line is a separator
/// when the cell before it carries no pipe (cells and separators on lines
/// of their own), a blank cell when the cells around it open with a pipe
/// (`| 规章` / `| 0`), and a row filler otherwise (after `0 |`, `|||`). A
/// blank line next to a pipe line is spacing, except the empty cell
/// between two separators. Other lines keep the role of their shape.
fn separator_roles(lines: &[Line]) -> Vec<Role> {
    let shapes: Vec<PipeShape> = lines.iter().map(pipe_shape).collect();
    let mut roles = vec![Role::Content; lines.len()];
    // Whether each single-pipe line is a separator of cells on own lines.
    let mut separator = vec![false; lines.len()];
    let mut previous: Option<usize> = None;
    for at in 0..lines.len() {
        if lines[at].is_blank() {
            continue;
        }
        if shapes[at] == PipeShape::Only(1) {
            match previous.map(|p| (shapes[p], roles[p], separator[p])) {
                // `0` / `|`: a separator; `|` / `|`: a separator with an
                // empty cell before it.
                Some((PipeShape::None, _, _)) => {
                    separator[at] = true;
                    roles[at] = Role::Nothing;
                }
                Some((PipeShape::Only(1), _, true)) => {
                    separator[at] = true;
                    roles[at] = if blank_between(lines, previous, at) {
                        // The blank line between is the empty cell.
                        Role::Nothing
                    } else {
                        Role::BlankCells(1)
                    };
                }
                Some((
                    PipeShape::Content {
                        leading: true,
                        trailing: false,
                    },
                    _,
                    _,
                ))
                | Some((PipeShape::Only(1), Role::BlankAfterPipe, false)) => {
                    roles[at] = Role::BlankAfterPipe;
                }
                // `||` / `|` / `5`: a row (closed by the filler before)
                // that opens with a separator starts with an empty cell.
                Some((PipeShape::Only(n), _, _))
                    if n >= 2
                        && (at + 1..lines.len())
                            .find(|&next| {
                                !lines[next].is_blank() && shapes[next] != PipeShape::Only(1)
                            })
                            .is_some_and(|next| shapes[next] == PipeShape::None) =>
                {
                    separator[at] = true;
                    roles[at] = Role::BlankCells(1);
                }
                // `一、本年新收…… |` / `|` / `|` / `0 |`: cells closed by a
                // pipe, an empty one is the pipe alone — when more cells of
                // the row follow (a pipe alone or a value), not before the
                // next row's label (a row marker there).
                Some((
                    PipeShape::Content {
                        leading: false,
                        trailing: true,
                    }
                    | PipeShape::Only(1),
                    role,
                    false,
                )) if (role == Role::Content || role == Role::BlankCells(1))
                    && (at + 1..lines.len())
                        .find(|&next| !lines[next].is_blank())
                        .is_some_and(|next| {
                            shapes[next] == PipeShape::Only(1) || holds_only_values(&lines[next])
                        })
                    && previous.is_some_and(|p| {
                        shapes[p] != PipeShape::Only(1) || roles[p] == Role::BlankCells(1)
                    }) =>
                {
                    roles[at] = Role::BlankCells(1);
                }
                // `总计 |` / `|` / `| 5`: the cells after it open with a
                // pipe, so this one is their first, empty.
                _ if (at + 1..lines.len())
                    .find(|&next| !lines[next].is_blank() && shapes[next] != PipeShape::Only(1))
                    .is_some_and(|next| {
                        shapes[next]
                            == PipeShape::Content {
                                leading: true,
                                trailing: false,
                            }
                    }) =>
                {
                    roles[at] = Role::BlankAfterPipe;
                }
                _ => {}
            }
        }
        previous = Some(at);
    }
    // Blank lines: spacing next to pipe lines, a cell between separators.
    let mut at = 0;
    while at < lines.len() {
        if !lines[at].is_blank() {
            at += 1;
            continue;
        }
        let start = at;
        while at < lines.len() && lines[at].is_blank() {
            at += 1;
        }
        let before = start.checked_sub(1);
        let after = (at < lines.len()).then_some(at);
        let is_separator = |line: Option<usize>| line.is_some_and(|l| separator[l]);
        let is_pipe = |line: Option<usize>| line.is_some_and(|l| shapes[l] != PipeShape::None);
        if is_separator(before) && is_separator(after) {
            roles[start] = Role::BlankCells(1);
            for role in &mut roles[start + 1..at] {
                *role = Role::Nothing;
            }
        } else if is_pipe(before) || is_pipe(after) {
            for role in &mut roles[start..at] {
                *role = Role::Nothing;
            }
        }
    }
    roles
}

/// Whether a line holds values only (numbers, placeholders) besides its
/// separators: `0 |`.
fn holds_only_values(line: &Line) -> bool {
    let mut content = line.content_tokens().peekable();
    content.peek().is_some()
        && content.all(|t| matches!(t.kind, SyntaxKind::Number | SyntaxKind::Placeholder))
}

/// Whether a blank line lies between lines `from` and `to`.
fn blank_between(lines: &[Line], from: Option<usize>, to: usize) -> bool {
    from.is_some_and(|from| lines[from + 1..to].iter().any(Line::is_blank))
}

/// A cell drawn as a rule (`---`, `:---:`, `===`): a border, not a cell.
fn is_rule(text: &str) -> bool {
    let text = text.trim();
    text.chars()
        .filter(|c| matches!(c, '-' | '=' | '—' | '─' | '━' | '_'))
        .count()
        >= 3
        && text.chars().all(|c| {
            matches!(c, '-' | '=' | '—' | '─' | '━' | '_' | ':' | '+') || c.is_whitespace()
        })
}

/// Whether a pipe that opens a row stands after an empty first cell. Where
/// the document's cells start at the line's start and pipes close them
/// (`规章 | 0 | 0 |`, `0 |`, `0 | 0 | 0`), a row that starts with a pipe
/// lost its first cell's text (` | 5 | 0 |`); where rows open with a pipe
/// at least as often (`| 规章 | 0 |`), the opening pipe is a border. Lines
/// of one cell after a leading pipe (`| 规章`) say nothing either way.
fn opening_pipe_is_cell(lines: &[Line]) -> bool {
    let (mut closing, mut open) = (0usize, 0usize);
    for line in lines {
        if let PipeShape::Content { leading, .. } = pipe_shape(line) {
            let pipes = count_pipes(line);
            if leading && pipes >= 2 {
                open += 1;
            } else if !leading {
                closing += 1;
            }
        }
    }
    closing > 0 && open <= closing
}

fn count_pipes(line: &Line) -> usize {
    line.tokens
        .iter()
        .filter(|t| t.kind == SyntaxKind::Pipe)
        .count()
}

/// Whether a pipe line opens with a pipe before its first cell and holds
/// another pipe after it (a row, not a leading-pipe cell line).
fn is_open_row(line: &Line) -> bool {
    line.tokens
        .iter()
        .find(|t| t.kind != SyntaxKind::Ws)
        .is_some_and(|t| t.kind == SyntaxKind::Pipe)
        && count_pipes(line) >= 2
}

/// The empty cell before the opening pipe of a row.
fn blank_before_pipe(line: &Line) -> StreamCell {
    let at = line
        .tokens
        .iter()
        .find(|t| t.kind == SyntaxKind::Pipe)
        .map_or(line.span.start, |pipe| pipe.span.start);
    StreamCell {
        span: at..at,
        kind: CellKind::Blank,
        norm: String::new(),
        line: line.index,
        in_row: true,
    }
}

/// Pushes the cells of one line; a line of several cells is a row: its
/// cells are marked as such and a boundary follows.
fn push_cells(items: &mut Vec<Item>, mut cells: Vec<StreamCell>) {
    let several = cells.len() > 1;
    for cell in &mut cells {
        cell.in_row = several;
    }
    items.extend(cells.into_iter().map(Item::Cell));
    if several {
        push_boundary(items);
    }
}

fn push_boundary(items: &mut Vec<Item>) {
    if !matches!(items.last(), Some(Item::Boundary) | None) {
        items.push(Item::Boundary);
    }
}

/// Appends `next` (a wrapped line) to the last cell of `items`, if that cell
/// is a text cell (or a cell a label begins in).
fn continue_cell(items: &mut [Item], source: &str, next: &StreamCell) -> bool {
    let Some(Item::Cell(last)) = items.last_mut() else {
        return false;
    };
    if last.kind == CellKind::Value {
        return false;
    }
    last.span = last.span.start.min(next.span.start)..next.span.end;
    last.kind = CellKind::Text;
    last.norm = normalize(&source[last.span.clone()]);
    true
}

/// Prose: a sentence, not a table cell.
fn is_prose(norm: &str) -> bool {
    norm.contains('。') || norm.contains('；') || norm.contains(';') || char_len(norm) > 45
}

/// Splits the tokens of a line at separators of `kind`: one vector of
/// tokens per segment.
fn segments(tokens: &[Token], separator: SyntaxKind) -> Vec<Segment<'_>> {
    let mut segments: Vec<Segment<'_>> = Vec::new();
    let (mut first, mut at) = (0, tokens.first().map_or(0, |t| t.span.start));
    for (index, token) in tokens.iter().enumerate() {
        if token.kind == separator {
            segments.push(Segment {
                tokens: &tokens[first..index],
                at,
            });
            (first, at) = (index + 1, token.span.end);
        }
    }
    segments.push(Segment {
        tokens: &tokens[first..],
        at,
    });
    let has_content =
        |segment: &Segment<'_>| segment.tokens.iter().any(|t| t.kind != SyntaxKind::Ws);
    // A leading separator (an indent, an opening pipe) does not open a cell;
    // nor do trailing ones (a TAB after the value, `||` fillers, the closing
    // pipe). A whitespace-only cell between TABs is a blank cell.
    let any_content = segments.iter().any(&has_content);
    let cells_after_first = segments
        .iter()
        .skip(1)
        .filter(|segment| has_content(segment))
        .count();
    // A TAB row whose first cell is empty (`\t5\t6`) keeps it; an indent
    // before a single cell does not.
    let blank_first_cell = separator == SyntaxKind::Tab && cells_after_first >= 2;
    if !blank_first_cell
        && segments
            .first()
            .is_some_and(|first| first.tokens.is_empty() || !has_content(first) && any_content)
    {
        segments.remove(0);
    }
    // The segment after a closing pipe is not a cell; other empty trailing
    // segments of a pipe or TAB row are blank cells (a row whose last cells
    // are empty), which a full row simply leaves unread. An indented Word
    // cell may carry a stray TAB after its value (`\t0\t`).
    let indented = tokens.first().is_some_and(|t| t.kind == SyntaxKind::Tab) && !blank_first_cell;
    match separator {
        SyntaxKind::Pipe if segments.last().is_some_and(|last| !has_content(last)) => {
            segments.pop();
        }
        _ if indented => {
            while segments.last().is_some_and(|last| last.tokens.is_empty()) {
                segments.pop();
            }
        }
        _ => {}
    }
    // A line of separators only is a filler (`||||`), except one whitespace
    // cell before a closing pipe (` |`, a blank cell of a pipe-per-line
    // table) and whitespace between two pipes (`|  |`, blank cells of a
    // row: adjacent pipes are fillers, spaced ones enclose a cell).
    if segments.iter().all(|segment| !has_content(segment)) {
        let lone_blank =
            separator == SyntaxKind::Pipe && segments.len() == 1 && !segments[0].tokens.is_empty();
        if !lone_blank {
            let enclosed: Vec<Segment<'_>> = if separator == SyntaxKind::Pipe {
                segments
                    .into_iter()
                    .skip(1)
                    .filter(|segment| !segment.tokens.is_empty())
                    .collect()
            } else {
                Vec::new()
            };
            return enclosed;
        }
    }
    segments
}

/// The tokens between two separators, and where they start (for an empty
/// cell, the place of the cell).
struct Segment<'a> {
    tokens: &'a [Token],
    at: usize,
}

fn split_cells(source: &str, line: &Line, separator: SyntaxKind) -> Vec<StreamCell> {
    segments(&line.tokens, separator)
        .into_iter()
        .map(|segment| cell_of(source, segment.tokens, segment.at, line))
        .collect()
}

/// The cell of `tokens`, which start at byte `at` (where an empty cell is).
fn cell_of(source: &str, tokens: &[Token], at: usize, line: &Line) -> StreamCell {
    let content: Vec<&Token> = tokens.iter().filter(|t| t.kind != SyntaxKind::Ws).collect();
    let Some(first) = content.first() else {
        let span = tokens.first().map_or(at..at, |first| {
            first.span.start..tokens.last().map_or(first.span.end, |last| last.span.end)
        });
        return StreamCell {
            span,
            kind: CellKind::Blank,
            norm: String::new(),
            line: line.index,
            in_row: false,
        };
    };
    let span = first.span.start..content.last().map_or(first.span.end, |last| last.span.end);
    // A number, or a number behind a stray `?` of a lost character (`? 0`).
    let is_value =
        |token: &Token| matches!(token.kind, SyntaxKind::Number | SyntaxKind::Placeholder);
    let kind = match content.as_slice() {
        [only] if is_value(only) => CellKind::Value,
        [junk, number]
            if number.kind == SyntaxKind::Number
                && source[junk.span.clone()]
                    .chars()
                    .all(|c| matches!(c, '?' | '？' | '\u{fffd}')) =>
        {
            CellKind::Value
        }
        _ => CellKind::Text,
    };
    let norm = if kind == CellKind::Text {
        normalize(&source[span.clone()])
    } else {
        String::new()
    };
    StreamCell {
        span,
        kind,
        norm,
        line: line.index,
        in_row: false,
    }
}

/// Splits a plain line into cells at whitespace: each number is a cell, and
/// the words between numbers form one text cell (`商 业 企` stays one cell).
fn split_words(source: &str, line: &Line) -> Vec<StreamCell> {
    let mut cells: Vec<StreamCell> = Vec::new();
    for word in line.tokens.split(|token| token.kind == SyntaxKind::Ws) {
        if word.is_empty() {
            continue;
        }
        let cell = cell_of(
            source,
            word,
            word.first().map_or(line.span.start, |t| t.span.start),
            line,
        );
        match (cells.last_mut(), cell.kind) {
            (Some(last), CellKind::Text) if last.kind == CellKind::Text => {
                last.span = last.span.start..cell.span.end;
                last.norm.push_str(&cell.norm);
            }
            _ => cells.push(cell),
        }
    }
    // A line that holds only a lost character and a number (`? 0`) is one
    // cell, as it is between separators.
    if let [junk, number] = cells.as_slice()
        && number.kind == CellKind::Value
        && source[junk.span.clone()]
            .chars()
            .all(|c| matches!(c, '?' | '？' | '\u{fffd}'))
    {
        let span = junk.span.start..number.span.end;
        let merged = cell_of(source, &line.tokens[..], span.start, line);
        if merged.kind == CellKind::Value {
            return vec![merged];
        }
    }
    cells
}
