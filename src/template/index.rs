//! Fast label lookup for one table of one template.

use std::collections::HashMap;

use super::TableTemplate;
use crate::model::normalize::{char_len, normalize, strip_annotation, strip_ordinal};

/// What a label stands for inside a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A data row: block and row index in the template.
    Row { block: usize, row: usize },
    /// A merged group label (（三）不予公开).
    Group,
    /// A column header or other header text.
    Header,
    /// A block caption (第二十条第（一）项).
    Caption,
    /// A row or group label of another table.
    Foreign,
}

/// How well a cell's text matched a label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Quality {
    /// The official label (ordinals, width, spacing and script aside).
    Exact,
    /// A label listed as a variant in the template (drift, known typos).
    Variant,
    /// The label followed by an annotation in brackets (provincial forms).
    Annotated,
    /// Close to a label (edit distance), an unlisted typo.
    Typo,
    /// Only the beginning of a label (the rest lost in extraction).
    Partial,
}

#[derive(Clone, Debug)]
struct Entry {
    text: String,
    target: Target,
    variant: bool,
    /// Characters of `text`.
    chars: usize,
    /// Byte length of `text`'s leading ordinal (`strip_ordinal`).
    ordinal: usize,
    /// Characters of `text` without its ordinal.
    core_chars: usize,
    /// One bit per character of the core (`char_bit`): a character whose
    /// bit is missing is not in the core.
    core_mask: u64,
}

impl Entry {
    fn new(text: String, target: Target, variant: bool) -> Entry {
        let core = strip_ordinal(&text);
        let ordinal = text.len() - core.len();
        Entry {
            chars: char_len(&text),
            core_chars: char_len(core),
            core_mask: core.chars().fold(0, |mask, c| mask | char_bit(c)),
            ordinal,
            text,
            target,
            variant,
        }
    }

    fn core(&self) -> &str {
        &self.text[self.ordinal..]
    }
}

/// The bit of a character in a 64-bit character-set mask.
fn char_bit(c: char) -> u64 {
    1 << (u32::from(c).wrapping_mul(0x9E37_79B9) >> 26)
}

/// Lookup tables for the labels of one table.
#[derive(Clone, Debug, Default)]
pub struct LabelIndex {
    /// Normalised label → (target, is a variant, is an ordinal-less core).
    /// `None` when two targets share the spelling at the same rank.
    exact: HashMap<String, Option<Key>>,
    entries: Vec<Entry>,
    /// For `suffix`: the text of every row, group and foreign entry of four
    /// characters or more → the last such entry with that text.
    suffixes: HashMap<String, usize>,
    /// Byte length of the longest key of `suffixes`.
    longest_suffix: usize,
    /// Entry texts in byte order with their entry index, for `prefix_target`.
    sorted: Vec<(String, usize)>,
    /// Characters of header, group and caption labels.
    header_chars: std::collections::HashSet<char>,
}

#[derive(Clone, Copy, Debug)]
struct Key {
    target: Target,
    variant: bool,
    core: bool,
}

impl LabelIndex {
    /// Indexes `table`, and the row and group labels of `foreign` tables so
    /// that a table never mistakes another table's rows for its own.
    #[must_use]
    pub fn new(table: &TableTemplate, foreign: &[&TableTemplate]) -> LabelIndex {
        let mut index = LabelIndex::default();
        for (block_index, block) in table.blocks.iter().enumerate() {
            for (row_index, row) in block.rows.iter().enumerate() {
                let target = Target::Row {
                    block: block_index,
                    row: row_index,
                };
                for label in &row.labels {
                    index.add(label, target, false);
                }
                for label in &row.variants {
                    index.add(label, target, true);
                }
            }
            for caption in &block.captions {
                index.add(caption, Target::Caption, false);
            }
            for column in &block.columns {
                index.add(&column.label, Target::Header, false);
            }
        }
        for group in &table.groups {
            index.add(group, Target::Group, false);
        }
        for header in &table.headers {
            index.add(header, Target::Header, false);
        }
        for other in foreign {
            for block in &other.blocks {
                for row in &block.rows {
                    for label in row.labels.iter().chain(&row.variants) {
                        index.add_foreign(label);
                    }
                }
            }
            for group in &other.groups {
                index.add_foreign(group);
            }
        }
        index.finish();
        index
    }

    /// Builds the lookup tables over `entries`.
    fn finish(&mut self) {
        for (at, entry) in self.entries.iter().enumerate() {
            if matches!(
                entry.target,
                Target::Row { .. } | Target::Group | Target::Foreign
            ) && entry.chars >= 4
            {
                self.suffixes.insert(entry.text.clone(), at);
                self.longest_suffix = self.longest_suffix.max(entry.text.len());
            }
        }
        self.sorted = self
            .entries
            .iter()
            .enumerate()
            .map(|(at, entry)| (entry.text.clone(), at))
            .collect();
        self.sorted.sort();
    }

    fn add(&mut self, label: &str, target: Target, variant: bool) {
        let norm = normalize(label);
        let core = strip_ordinal(&norm).to_string();
        if matches!(target, Target::Header | Target::Group | Target::Caption) {
            self.header_chars
                .extend(norm.chars().filter(|c| !c.is_ascii_punctuation()));
        }
        self.insert(
            norm.clone(),
            Key {
                target,
                variant,
                core: false,
            },
        );
        if core != norm && char_len(&core) >= 2 {
            self.insert(
                core.clone(),
                Key {
                    target,
                    variant,
                    core: true,
                },
            );
        }
        self.entries.push(Entry::new(norm, target, variant));
        if core != self.entries.last().map_or("", |e| e.text.as_str()) && char_len(&core) >= 4 {
            self.entries.push(Entry::new(core, target, variant));
        }
    }

    fn add_foreign(&mut self, label: &str) {
        let norm = normalize(label);
        let core = strip_ordinal(&norm).to_string();
        for key in [norm, core] {
            if char_len(&key) >= 2 && !self.exact.contains_key(&key) {
                let foreign = Key {
                    target: Target::Foreign,
                    variant: false,
                    core: false,
                };
                self.exact.insert(key.clone(), Some(foreign));
                self.entries.push(Entry::new(key, Target::Foreign, false));
            }
        }
    }

    fn insert(&mut self, text: String, key: Key) {
        let merged = match self.exact.get(&text) {
            None => Some(key),
            // The same target under two spellings: keep the official one.
            Some(Some(existing)) if existing.target == key.target => Some(Key {
                variant: existing.variant && key.variant,
                core: existing.core && key.core,
                ..key
            }),
            Some(Some(existing)) if existing.target == Target::Foreign => Some(key),
            // A full label outranks another label's ordinal-less core (总计 is
            // the column header; (七)总计 the row).
            Some(Some(existing)) if existing.core && !key.core => Some(key),
            Some(Some(existing)) if !existing.core && key.core => Some(*existing),
            // Two different targets share this spelling: it names neither.
            Some(_) => None,
        };
        self.exact.insert(text, merged);
    }

    /// Looks a whole normalised cell text up.
    #[must_use]
    pub fn lookup(&self, norm: &str) -> Option<(Target, Quality)> {
        let quality = |variant: bool| {
            if variant {
                Quality::Variant
            } else {
                Quality::Exact
            }
        };
        for text in [norm, strip_ordinal(norm)] {
            if let Some(Some(key)) = self.exact.get(text) {
                return Some((key.target, quality(key.variant)));
            }
        }
        let head = strip_annotation(norm)?;
        for text in [head, strip_ordinal(head)] {
            if let Some(Some(key)) = self.exact.get(text) {
                return Some((key.target, Quality::Annotated));
            }
        }
        None
    }

    /// Whether `norm` is made only of characters of the table's headers
    /// (vertical or split headers: `结 结 其 尚`, `持正果结`).
    #[must_use]
    pub fn is_header_like(&self, norm: &str) -> bool {
        let mut letters = norm
            .chars()
            .filter(|c| !c.is_ascii_punctuation())
            .peekable();
        letters.peek().is_some() && letters.all(|c| self.header_chars.contains(&c))
    }

    /// The longest row or group label that `norm` ends with (junk before a
    /// label: merged vertical headers, `（四）无 1.本机关不掌握…`).
    #[must_use]
    pub fn suffix(&self, norm: &str) -> Option<(Target, Quality)> {
        // The longest proper suffix first: each suffix starting at a
        // character boundary, looked up whole.
        let from = norm.len().saturating_sub(self.longest_suffix);
        let entry = norm
            .char_indices()
            .map(|(at, _)| at)
            .filter(|&at| at > 0 && at >= from)
            .find_map(|at| self.suffixes.get(&norm[at..]))
            .map(|&at| &self.entries[at])?;
        let quality = if entry.variant {
            Quality::Variant
        } else {
            Quality::Exact
        };
        Some((entry.target, quality))
    }

    /// The single target whose labels start with `prefix` (longer than it),
    /// and whether `prefix` may still grow into one of them.
    #[must_use]
    pub fn prefix_target(&self, prefix: &str) -> Option<(Target, usize)> {
        // The entries starting with `prefix` are a run of the sorted texts;
        // the length is that of the first of them in entry order.
        let start = self
            .sorted
            .partition_point(|(text, _)| text.as_str() < prefix);
        let mut first: Option<usize> = None;
        for (text, at) in &self.sorted[start..] {
            if !text.starts_with(prefix) {
                break;
            }
            if text.len() == prefix.len() {
                continue;
            }
            match first {
                None => first = Some(*at),
                Some(other) if self.entries[other].target != self.entries[*at].target => {
                    return None;
                }
                Some(other) => first = Some(other.min(*at)),
            }
        }
        first.map(|at| (self.entries[at].target, self.entries[at].chars))
    }

    /// Whether `text` is a piece of a group or header label (vertical or
    /// split header fragments such as `他处理`).
    #[must_use]
    pub fn is_fragment(&self, text: &str) -> bool {
        !text.is_empty()
            && char_len(text) <= 6
            && self.entries.iter().any(|entry| {
                matches!(
                    entry.target,
                    Target::Group | Target::Header | Target::Caption
                ) && entry.text.contains(text)
            })
    }

    /// A row label within a small edit distance of `norm`, if exactly one.
    #[must_use]
    pub fn fuzzy(&self, norm: &str) -> Option<Target> {
        let core = strip_ordinal(norm);
        let length = char_len(core);
        if length < 6 {
            return None;
        }
        let limit = if length >= 12 { 2 } else { 1 };
        let bits: Vec<u64> = core.chars().map(char_bit).collect();
        let mut best: Option<(usize, Target)> = None;
        let mut tie = false;
        for entry in &self.entries {
            if !matches!(entry.target, Target::Row { .. }) {
                continue;
            }
            if entry.core_chars.abs_diff(length) > limit {
                continue;
            }
            // Each character of `core` that the candidate lacks costs an
            // edit: more of them than the limit, and the distance is too.
            let mut missing = 0;
            for bit in &bits {
                if entry.core_mask & bit == 0 {
                    missing += 1;
                    if missing > limit {
                        break;
                    }
                }
            }
            if missing > limit {
                continue;
            }
            let distance = strsim::levenshtein(core, entry.core());
            if distance == 0 || distance > limit {
                continue;
            }
            match best {
                Some((best_distance, target))
                    if distance == best_distance && target != entry.target =>
                {
                    tie = true
                }
                Some((best_distance, _)) if distance >= best_distance => {}
                _ => {
                    best = Some((distance, entry.target));
                    tie = false;
                }
            }
        }
        if tie {
            None
        } else {
            best.map(|(_, target)| target)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::builtin;

    fn index(template: &str, table: &str) -> LabelIndex {
        let template = builtin().iter().find(|t| t.id == template).unwrap();
        let foreign: Vec<_> = template.tables.iter().filter(|t| t.key != table).collect();
        LabelIndex::new(template.table(table).unwrap(), &foreign)
    }

    fn row_key(template: &str, table: &str, target: Target) -> &'static str {
        let Target::Row { block, row } = target else {
            panic!("{target:?} is not a row")
        };
        let template = builtin().iter().find(|t| t.id == template).unwrap();
        &template.table(table).unwrap().blocks[block].rows[row].key
    }

    #[test]
    fn labels_bind_across_spelling_ordinals_and_script() {
        let applications = index("gov-2021", "applications");
        for (text, key) in [
            ("（七）总计", "results_total"),
            ("(七)总计", "results_total"),
            ("4.保护第三方合法权益", "denied_third_party"),
            ("保护第三方合法权益", "denied_third_party"),
            ("2、重复申请", "rejected_duplicate"),
            ("上年結轉政府信息公開申請數量", "carried_in"),
        ] {
            let (target, quality) = applications
                .lookup(&normalize(text))
                .unwrap_or_else(|| panic!("{text}"));
            assert_eq!(row_key("gov-2021", "applications", target), key, "{text}");
            assert_eq!(quality, Quality::Exact, "{text}");
        }
        // 总计 alone is the column header, not the row (七)总计.
        assert_eq!(
            applications.lookup("总计"),
            Some((Target::Header, Quality::Exact))
        );
        assert_eq!(
            applications.lookup("其他"),
            Some((Target::Header, Quality::Exact))
        );
        assert_eq!(
            applications.lookup("行政许可"),
            Some((Target::Foreign, Quality::Exact))
        );
    }

    #[test]
    fn variants_annotations_and_typos_bind_with_their_quality() {
        let applications = index("gov-2019", "applications");
        let (_, quality) = applications
            .lookup(&normalize("二、上年转结政府信息公开申请数量"))
            .unwrap();
        assert_eq!(quality, Quality::Variant);
        let active = index("gov-2019", "active");
        let (target, quality) = active
            .lookup(&normalize("規章(設區的市、自治州人民政府應提供相關數據)"))
            .unwrap();
        assert_eq!(row_key("gov-2019", "active", target), "regulations");
        assert_eq!(quality, Quality::Annotated);
        let typo = applications
            .fuzzy(&normalize("3.要求提供公开出版品"))
            .unwrap();
        assert_eq!(
            row_key("gov-2019", "applications", typo),
            "rejected_publication"
        );
    }

    #[test]
    fn prefixes_and_suffixes_of_split_labels() {
        let applications = index("gov-2021", "applications");
        let (target, _) = applications
            .prefix_target(&normalize("（二）部分公开（区分处理的，只计这一情"))
            .unwrap();
        assert_eq!(row_key("gov-2021", "applications", target), "partial");
        let (target, _) = applications
            .suffix(&normalize("（四）无 1.本机关不掌握相关政府信息"))
            .unwrap();
        assert_eq!(
            row_key("gov-2021", "applications", target),
            "unable_not_held"
        );
        assert!(applications.is_fragment("他处理"));
        assert!(!applications.is_fragment("形，不计其他情形）"));
    }
}
