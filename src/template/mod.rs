//! Table templates and section titles as data (`rules/templates/*.toml`).
//!
//! A template lists every table of one national format, its blocks
//! (sub-tables with their own columns), rows and columns with their stable
//! keys and printed labels. Templates are loaded from TOML embedded in the
//! binary; rule packs can extend them with extra rows (see `packs`).

use std::sync::OnceLock;

use std::collections::HashMap;

use serde::Deserialize;

use crate::model::normalize::normalize;

pub mod index;

/// One national table format (`gov-2019`, `gov-2021`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub name: String,
    /// The notice that published the format.
    pub notice: String,
    /// First report year the format applies to.
    pub first_year: i32,
    /// Last report year (none: still current).
    #[serde(default)]
    pub last_year: Option<i32>,
    pub tables: Vec<TableTemplate>,
}

/// One statistical table (`active`, `applications`, `reviews`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableTemplate {
    pub key: String,
    /// Key of the section the table belongs to.
    pub section: String,
    pub title: String,
    /// Header texts that belong to the table but hold no data.
    #[serde(default)]
    pub headers: Vec<String>,
    /// Group headers (merged row labels such as （三）不予公开).
    #[serde(default)]
    pub groups: Vec<String>,
    pub blocks: Vec<Block>,
    /// Position of each cell key and each row key in template order,
    /// built on first use (every table read sorts its cells by it).
    #[serde(skip)]
    order: OnceLock<Order>,
}

/// See [`TableTemplate::cell_position`].
#[derive(Clone, Debug, Default)]
struct Order {
    cells: HashMap<String, usize>,
    rows: HashMap<String, usize>,
}

/// A sub-table: rows that share the same columns.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// Captions printed above the block (第二十条第（一）项).
    #[serde(default)]
    pub captions: Vec<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<RowTemplate>,
}

/// A column with its key, printed label and value kind.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub kind: ColumnKind,
    /// Unit given by the header (本年收费金额（单位：万元）).
    #[serde(default)]
    pub unit: Option<String>,
}

/// What values a column holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnKind {
    /// A non-negative integer.
    #[default]
    Count,
    /// A signed integer (本年增/减).
    Change,
    /// An exact decimal with a unit (万元, 元).
    Amount,
}

/// A data row with its key and labels.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowTemplate {
    pub key: String,
    /// Accepted labels, the official one first. Empty for the unlabelled
    /// row of a one-row table (表四), read as the values after the headers.
    pub labels: Vec<String>,
    /// Labels that still bind but are reported as non-standard (drift,
    /// typos, provincial annotations).
    #[serde(default)]
    pub variants: Vec<String>,
}

/// The six top-level sections.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionsFile {
    pub sections: Vec<SectionTemplate>,
    /// Each section's title and variants, normalised, built on first use
    /// (every read compares headings with them).
    #[serde(skip)]
    normalized: OnceLock<Vec<(String, Vec<String>)>>,
}

impl SectionsFile {
    /// For each section in order: its title and its variants, normalised
    /// (`crate::model::normalize::normalize`).
    #[must_use]
    pub fn normalized(&self) -> &[(String, Vec<String>)] {
        self.normalized.get_or_init(|| {
            self.sections
                .iter()
                .map(|section| {
                    (
                        normalize(&section.title),
                        section.variants.iter().map(|v| normalize(v)).collect(),
                    )
                })
                .collect()
        })
    }
}

/// One top-level section with its accepted titles.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionTemplate {
    pub key: String,
    /// The Chinese ordinal of the section (一 … 六).
    pub ordinal: String,
    pub title: String,
    #[serde(default)]
    pub variants: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
}

impl Template {
    /// Whether reports of `year` use this format.
    #[must_use]
    pub fn covers_year(&self, year: i32) -> bool {
        year >= self.first_year && self.last_year.is_none_or(|last| year <= last)
    }

    #[must_use]
    pub fn table(&self, key: &str) -> Option<&TableTemplate> {
        self.tables.iter().find(|table| table.key == key)
    }
}

impl TableTemplate {
    /// The block and row template of a row key.
    #[must_use]
    pub fn row(&self, key: &str) -> Option<(&Block, &RowTemplate)> {
        self.blocks.iter().find_map(|block| {
            block
                .rows
                .iter()
                .find(|row| row.key == key)
                .map(|row| (block, row))
        })
    }

    /// Every row key of the table, in template order.
    pub fn row_keys(&self) -> impl Iterator<Item = &str> {
        self.blocks
            .iter()
            .flat_map(|block| block.rows.iter().map(|row| row.key.as_str()))
    }

    fn order(&self) -> &Order {
        self.order.get_or_init(|| Order {
            cells: self
                .cell_keys()
                .enumerate()
                .map(|(at, key)| (key, at))
                .collect(),
            rows: self
                .row_keys()
                .enumerate()
                .map(|(at, key)| (key.to_string(), at))
                .collect(),
        })
    }

    /// Position of a `row.column` cell key in template order (the last, if
    /// the key were listed twice).
    #[must_use]
    pub fn cell_position(&self, key: &str) -> Option<usize> {
        self.order().cells.get(key).copied()
    }

    /// Position of a row key in template order (the last, if the key were
    /// listed twice).
    #[must_use]
    pub fn row_position(&self, key: &str) -> Option<usize> {
        self.order().rows.get(key).copied()
    }

    /// Every `row.column` cell key of the table, in template order.
    pub fn cell_keys(&self) -> impl Iterator<Item = String> + '_ {
        self.blocks.iter().flat_map(|block| {
            block.rows.iter().flat_map(move |row| {
                block
                    .columns
                    .iter()
                    .map(move |column| format!("{}.{}", row.key, column.key))
            })
        })
    }
}

const BUILTIN_TEMPLATES: [(&str, &str); 2] = [
    (
        "gov-2019.toml",
        include_str!("../../rules/templates/gov-2019.toml"),
    ),
    (
        "gov-2021.toml",
        include_str!("../../rules/templates/gov-2021.toml"),
    ),
];
const BUILTIN_SECTIONS: &str = include_str!("../../rules/templates/sections.toml");

/// The national templates, parsed once.
///
/// # Panics
/// If an embedded template is invalid (caught by the test suite).
pub fn builtin() -> &'static [Template] {
    static TEMPLATES: OnceLock<Vec<Template>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        BUILTIN_TEMPLATES
            .iter()
            .map(|(name, text)| {
                toml::from_str(text)
                    .unwrap_or_else(|error| panic!("rules/templates/{name}: {error}"))
            })
            .collect()
    })
}

/// The built-in section titles, parsed once.
///
/// # Panics
/// If the embedded file is invalid (caught by the test suite).
pub fn builtin_sections() -> &'static SectionsFile {
    static SECTIONS: OnceLock<SectionsFile> = OnceLock::new();
    SECTIONS.get_or_init(|| {
        toml::from_str(BUILTIN_SECTIONS)
            .unwrap_or_else(|error| panic!("rules/templates/sections.toml: {error}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_templates_have_the_documented_shape() {
        let templates = builtin();
        assert_eq!(templates.len(), 2);
        let by_id = |id: &str| templates.iter().find(|t| t.id == id).unwrap();
        for (id, application_rows) in [("gov-2019", 23), ("gov-2021", 25)] {
            let template = by_id(id);
            let applications = template.table("applications").unwrap();
            assert_eq!(applications.row_keys().count(), application_rows, "{id}");
            assert!(applications.blocks.iter().all(|b| b.columns.len() == 7));
            let reviews = template.table("reviews").unwrap();
            assert_eq!(reviews.cell_keys().count(), 15, "{id}");
        }
        assert_eq!(
            by_id("gov-2019")
                .table("active")
                .unwrap()
                .row_keys()
                .count(),
            8
        );
        assert_eq!(
            by_id("gov-2021")
                .table("active")
                .unwrap()
                .row_keys()
                .count(),
            6
        );
        assert!(by_id("gov-2019").covers_year(2020));
        assert!(!by_id("gov-2019").covers_year(2021));
        assert!(by_id("gov-2021").covers_year(2030));
        assert_eq!(builtin_sections().sections.len(), 6);
    }

    #[test]
    fn keys_are_unique_within_each_table() {
        for template in builtin() {
            for table in &template.tables {
                let mut keys: Vec<String> = table.cell_keys().collect();
                let count = keys.len();
                keys.sort();
                keys.dedup();
                assert_eq!(keys.len(), count, "{} {}", template.id, table.key);
            }
        }
    }
}
