//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

pub fn read_fixture(relative: &str) -> String {
    std::fs::read_to_string(fixture(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The seed file whose name starts with `prefix` (e.g. "001").
pub fn seed(prefix: &str) -> String {
    let dir = fixture("seeds");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        .collect();
    names.sort();
    format!(
        "seeds/{}",
        names.first().unwrap_or_else(|| panic!("no seed {prefix}"))
    )
}

/// Every report fixture (seeds and corpus), relative to tests/fixtures.
pub fn all_reports() -> Vec<String> {
    let mut files = Vec::new();
    for dir in ["seeds", "corpus"] {
        for entry in std::fs::read_dir(fixture(dir)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".txt") {
                files.push(format!("{dir}/{name}"));
            }
        }
    }
    files.sort();
    files
}

/// `xxgk-lint dump` of a fixture, through the library.
pub fn dump(relative: &str) -> Value {
    let text = read_fixture(relative);
    let report = xxgk_lint::model::Report::read(&text);
    xxgk_lint::dump::dump(&text, &report)
}

/// A cell of a dump: `tables.<table>.cells.<key>`.
pub fn cell<'a>(dump: &'a Value, table: &str, key: &str) -> &'a Value {
    let cell = &dump["tables"][table]["cells"][key];
    assert!(
        !cell.is_null(),
        "{table}.{key} is not bound; cells: {}",
        dump["tables"][table]["cells"]
    );
    cell
}

pub fn value(dump: &Value, table: &str, key: &str) -> Value {
    cell(dump, table, key)["value"].clone()
}
