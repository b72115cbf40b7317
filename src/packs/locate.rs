//! Spans inside a TOML file, for errors that point at the right line.

use std::ops::Range;

use toml::de::{DeArray, DeTable, DeValue};

/// One step of a path into a TOML document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// Builds a path from `rule.3.params.expr`-like text (numbers are indices).
#[must_use]
pub fn path(text: &str) -> Vec<Seg> {
    text.split('.')
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.parse()
                .map_or_else(|_| Seg::Key(part.to_string()), Seg::Index)
        })
        .collect()
}

/// The span of the value at `path` (or of its key when `key` is true);
/// falls back to the deepest part of the path that exists.
#[must_use]
pub fn span(text: &str, path: &[Seg], key: bool) -> Option<Range<usize>> {
    let document = DeTable::parse(text).ok()?;
    let mut best = None;
    let mut table: Option<&DeTable<'_>> = Some(document.get_ref());
    let mut array: Option<&DeArray<'_>> = None;
    for (depth, seg) in path.iter().enumerate() {
        let last = depth + 1 == path.len();
        let value = match seg {
            Seg::Key(name) => {
                let Some((found_key, value)) =
                    table.and_then(|t| t.iter().find(|(k, _)| k.get_ref().as_ref() == name))
                else {
                    break;
                };
                best = Some(if last && key {
                    found_key.span()
                } else {
                    value.span()
                });
                value
            }
            Seg::Index(index) => {
                let Some(item) = array.and_then(|items| items.get(*index)) else {
                    break;
                };
                best = Some(item.span());
                item
            }
        };
        (table, array) = match value.get_ref() {
            DeValue::Table(inner) => (Some(inner), None),
            DeValue::Array(items) => (None, Some(items)),
            _ => (None, None),
        };
    }
    best
}

/// The byte offset inside a string value's source of character `offset` of
/// its content (skips the opening quotes; exact for strings without escapes).
#[must_use]
pub fn string_offset(text: &str, value: &Range<usize>, offset: usize) -> usize {
    let source = &text[value.clone()];
    let skip = if source.starts_with("\"\"\"") || source.starts_with("'''") {
        let after = &source[3..];
        3 + usize::from(after.starts_with('\n')) + usize::from(after.starts_with("\r\n"))
    } else {
        usize::from(source.starts_with('"') || source.starts_with('\''))
    };
    (value.start + skip + offset).min(value.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_values_in_arrays_of_tables() {
        let text = "[pack]\nid = \"x\"\n\n[[rule]]\ncode = \"A\"\n\n[[rule]]\ncode = \"B\"\n[rule.params]\nexpr = \"a == b\"\n";
        let value = span(text, &path("rule.1.params.expr"), false).unwrap();
        assert_eq!(&text[value.clone()], "\"a == b\"");
        assert_eq!(string_offset(text, &value, 5), value.start + 6);
        let key = span(text, &path("rule.1.code"), true).unwrap();
        assert_eq!(&text[key], "code");
        // A missing leaf falls back to its parent: the rule's header.
        let parent = span(text, &path("rule.0.nothing"), true).unwrap();
        assert_eq!(parent, 17..25);
        assert_eq!(&text[parent], "[[rule]]");
    }
}
