//! Generated documentation stays in sync with the packs. Regenerate with
//! `UPDATE_GENERATED=1 cargo test --test generated`.

use std::path::Path;

fn check_or_update(relative: &str, expected: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{relative} is out of date: run `UPDATE_GENERATED=1 cargo test --test generated` and commit it"
    );
}

#[test]
fn rules_reference_is_current() {
    let linter = xxgk_lint::Linter::builtin().unwrap();
    check_or_update("docs/rules.md", &xxgk_lint::docs::rules_markdown(&linter));
}

#[test]
fn schemas_are_current() {
    let pretty = |value: serde_json::Value| serde_json::to_string_pretty(&value).unwrap() + "\n";
    check_or_update(
        "docs/schema/rule-pack.schema.json",
        &pretty(xxgk_lint::docs::pack_schema()),
    );
    check_or_update(
        "docs/schema/config.schema.json",
        &pretty(xxgk_lint::docs::config_schema()),
    );
    check_or_update(
        "docs/schema/expect.schema.json",
        &pretty(xxgk_lint::docs::expectations_schema()),
    );
}

#[test]
fn kinds_reference_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rule-packs.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- reference:start -->\n", "<!-- reference:end -->");
    let head = &text[..text.find(start).expect("start marker") + start.len()];
    let tail = &text[text.find(end).expect("end marker")..];
    let expected = format!("{head}\n{}{tail}", xxgk_lint::docs::kinds_reference());
    check_or_update("docs/rule-packs.md", &expected);
}

#[test]
fn every_pack_matches_the_pack_schema() {
    let schema = xxgk_lint::docs::pack_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["rules", "rules/examples"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "toml") {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 6);
    for path in files {
        let value: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let json = serde_json::to_value(value).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{}: {}",
            path.display(),
            errors.join("\n")
        );
    }
    // And the schema rejects what the loader rejects.
    let bad: toml::Value = toml::from_str("[pack]\nid = \"x\"\ntitle = \"x\"\n[[rule]]\ncode = \"X001\"\nname = \"x\"\nkind = \"identity\"\ncategory = \"arithmetic\"\nseverity = \"loud\"\nmessage = \"m\"\nsummary = \"s\"\n[rule.params]\ntable = \"applications\"\nexprs = \"a == b\"\n").unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&serde_json::to_value(bad).unwrap())
        .map(|e| e.to_string())
        .collect();
    assert!(errors.iter().any(|e| e.contains("loud")), "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("exprs") || e.contains("expr")),
        "{errors:?}"
    );
}

#[test]
fn the_starter_config_matches_the_config_schema() {
    let schema = xxgk_lint::docs::config_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let value: toml::Value = toml::from_str(xxgk_lint::config::STARTER).unwrap();
    assert!(validator.is_valid(&serde_json::to_value(value).unwrap()));
    let bad: toml::Value = toml::from_str("selekt = [\"GK1\"]").unwrap();
    assert!(!validator.is_valid(&serde_json::to_value(bad).unwrap()));
}
