use std::ops::Range;

use pest::iterators::Pair;

use super::Rule;

/// The kind of a CST node. Leaves are tokens; the others group them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SyntaxKind {
    Document,
    BlankLine,
    PipeRow,
    PipeCell,
    TabRow,
    TabCell,
    HeadingLine,
    TextLine,
    // Leaves.
    Eol,
    Ws,
    Pipe,
    Tab,
    Ordinal,
    Date,
    DateCn,
    DateGarbled,
    YearMonth,
    MonthDay,
    Year,
    Number,
    Placeholder,
    Text,
    Junk,
}

impl SyntaxKind {
    fn from_rule(rule: Rule) -> Self {
        match rule {
            Rule::document => Self::Document,
            Rule::blank_line => Self::BlankLine,
            Rule::pipe_row => Self::PipeRow,
            Rule::pipe_cell => Self::PipeCell,
            Rule::tab_row => Self::TabRow,
            Rule::tab_cell => Self::TabCell,
            Rule::heading_line => Self::HeadingLine,
            Rule::text_line => Self::TextLine,
            Rule::eol => Self::Eol,
            Rule::ws => Self::Ws,
            Rule::pipe => Self::Pipe,
            Rule::tab => Self::Tab,
            Rule::ordinal => Self::Ordinal,
            Rule::date => Self::Date,
            Rule::date_cn => Self::DateCn,
            Rule::date_garbled => Self::DateGarbled,
            Rule::year_month => Self::YearMonth,
            Rule::month_day => Self::MonthDay,
            Rule::year => Self::Year,
            Rule::number => Self::Number,
            Rule::placeholder => Self::Placeholder,
            Rule::text => Self::Text,
            // `junk` and any rule the grammar adds later.
            _ => Self::Junk,
        }
    }

    /// Whether this kind is a line of the document.
    #[must_use]
    pub fn is_line(self) -> bool {
        matches!(
            self,
            Self::BlankLine | Self::PipeRow | Self::TabRow | Self::HeadingLine | Self::TextLine
        )
    }

    /// Whether this kind is one of the date-like tokens.
    #[must_use]
    pub fn is_date(self) -> bool {
        matches!(
            self,
            Self::Date | Self::DateCn | Self::DateGarbled | Self::YearMonth | Self::MonthDay
        )
    }

    /// Stable lower-case name, used in CST dumps.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Document => "document",
            Self::BlankLine => "blank_line",
            Self::PipeRow => "pipe_row",
            Self::PipeCell => "pipe_cell",
            Self::TabRow => "tab_row",
            Self::TabCell => "tab_cell",
            Self::HeadingLine => "heading_line",
            Self::TextLine => "text_line",
            Self::Eol => "eol",
            Self::Ws => "ws",
            Self::Pipe => "pipe",
            Self::Tab => "tab",
            Self::Ordinal => "ordinal",
            Self::Date => "date",
            Self::DateCn => "date_cn",
            Self::DateGarbled => "date_garbled",
            Self::YearMonth => "year_month",
            Self::MonthDay => "month_day",
            Self::Year => "year",
            Self::Number => "number",
            Self::Placeholder => "placeholder",
            Self::Text => "text",
            Self::Junk => "junk",
        }
    }
}

/// A node of the concrete syntax tree: a kind, a byte range and children.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub kind: SyntaxKind,
    pub span: Range<usize>,
    pub children: Vec<Node>,
}

impl Node {
    fn from_pair(pair: Pair<'_, Rule>) -> Self {
        let span = pair.as_span();
        let kind = SyntaxKind::from_rule(pair.as_rule());
        // Sized once: the document has a child per line and line ending.
        let inner = pair.into_inner();
        let mut children = Vec::with_capacity(inner.len());
        for pair in inner {
            if pair.as_rule() != Rule::EOI {
                children.push(Node::from_pair(pair));
            }
        }
        Node {
            kind,
            span: span.start()..span.end(),
            children,
        }
    }

    /// Whether the node is a leaf (a token).
    #[must_use]
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }

    /// All leaves below this node, in source order.
    pub fn leaves(&self) -> impl Iterator<Item = &Node> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            while let Some(node) = stack.pop() {
                if node.is_leaf() {
                    return Some(node);
                }
                stack.extend(node.children.iter().rev());
            }
            None
        })
    }
}

/// The lossless concrete syntax tree of one report.
#[derive(Clone, Debug)]
pub struct Cst {
    pub root: Node,
}

impl Cst {
    pub(super) fn from_pair(pair: Pair<'_, Rule>) -> Self {
        Cst {
            root: Node::from_pair(pair),
        }
    }

    /// A tree of one text line holding the whole input (never produced by a
    /// correct grammar; see `syntax::parse`).
    pub(super) fn opaque(text: &str) -> Self {
        let leaf = Node {
            kind: SyntaxKind::Junk,
            span: 0..text.len(),
            children: Vec::new(),
        };
        let line = Node {
            kind: SyntaxKind::TextLine,
            span: 0..text.len(),
            children: vec![leaf],
        };
        Cst {
            root: Node {
                kind: SyntaxKind::Document,
                span: 0..text.len(),
                children: vec![line],
            },
        }
    }

    /// The line nodes and the end-of-line tokens between them, in order.
    pub fn lines(&self) -> impl Iterator<Item = &Node> {
        self.root.children.iter().filter(|node| node.kind.is_line())
    }

    /// Concatenation of all leaves: equals the parsed text (the round trip).
    #[must_use]
    pub fn text_of_leaves(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for leaf in self.root.leaves() {
            out.push_str(&text[leaf.span.clone()]);
        }
        out
    }

    /// An indented dump of the tree, one node per line (for snapshots).
    #[must_use]
    pub fn debug_dump(&self, text: &str) -> String {
        fn walk(node: &Node, text: &str, depth: usize, out: &mut String) {
            use std::fmt::Write as _;
            let _ = write!(
                out,
                "{:indent$}{}@{}..{}",
                "",
                node.kind.name(),
                node.span.start,
                node.span.end,
                indent = depth * 2
            );
            if node.is_leaf() {
                let _ = write!(out, " {:?}", &text[node.span.clone()]);
            }
            out.push('\n');
            for child in &node.children {
                walk(child, text, depth + 1, out);
            }
        }
        let mut out = String::new();
        walk(&self.root, text, 0, &mut out);
        out
    }
}
