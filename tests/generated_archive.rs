//! Generated archives as a test: agencies × consecutive years (2019–2023,
//! across the 2020 → 2021 format change) whose reports follow on from each
//! other, in every layout, with breaks injected on purpose
//! (`examples/gen_corpus/archive.rs`). `check` over the archive must find
//! every break on its line, and no cross-year finding anywhere else.

#[path = "../examples/gen_corpus/generate.rs"]
mod generate;

#[path = "../examples/gen_corpus/archive.rs"]
#[allow(dead_code)]
mod archive;

use std::collections::BTreeSet;

use assert_cmd::Command;
use serde_json::Value;

#[test]
fn every_injected_break_is_found_on_its_line_and_nothing_else() {
    let reports = archive::generate_archive(7, 9, 5);
    let dir = tempfile::tempdir().unwrap();
    let mut expected = BTreeSet::new();
    let mut kinds = BTreeSet::new();
    for report in &reports {
        let path = dir.path().join(&report.name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &report.text).unwrap();
        if let Some((kind, line)) = report.expected {
            kinds.insert(kind.name());
            expected.insert((report.name.clone(), kind.code().to_string(), line as u64));
        }
    }
    assert_eq!(
        kinds,
        BTreeSet::from(["carry-over", "in-force-chain", "items-chain"]),
        "every kind of break is injected"
    );
    let output = Command::cargo_bin("xxgk-lint")
        .unwrap()
        .args([
            "check",
            "--format",
            "json",
            "--exit-zero",
            "--select",
            "GK6",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut found = BTreeSet::new();
    for file in json["files"].as_array().unwrap() {
        let path = std::path::Path::new(file["path"].as_str().unwrap());
        let name = path
            .strip_prefix(dir.path())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        for diagnostic in file["diagnostics"].as_array().unwrap() {
            let code = diagnostic["code"].as_str().unwrap();
            if ["GK608", "GK609", "GK610"].contains(&code) {
                found.insert((
                    name.clone(),
                    code.to_string(),
                    diagnostic["span"]["line"].as_u64().unwrap(),
                ));
            }
        }
    }
    assert_eq!(found, expected);
}
