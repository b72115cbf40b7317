//! Every rule of the built-in packs documents itself with examples, and the
//! examples are executed: each `invalid` example must trigger the rule and
//! each `valid` one must not. A rule without both kinds fails the build.

use std::collections::{BTreeMap, BTreeSet};

use xxgk_lint::{Linter, testing};

#[test]
fn every_rule_has_valid_and_invalid_examples_that_behave() {
    let linter = Linter::builtin().expect("built-in packs compile");
    let mut tested = BTreeSet::new();
    let mut failures = Vec::new();
    for (pack, rules) in linter.variants() {
        for rule in &rules.rules {
            let meta = &rule.meta;
            if !tested.insert(meta.code.clone()) {
                continue;
            }
            let valid = meta.examples.iter().filter(|e| e.valid.is_some()).count();
            let invalid = meta.examples.iter().filter(|e| e.invalid.is_some()).count();
            if valid == 0 || invalid == 0 {
                failures.push(format!(
                    "{} ({pack}) needs a valid and an invalid example",
                    meta.code
                ));
            }
        }
    }
    // The examples run as `xxgk-lint test` runs a provincial pack's.
    let origins: BTreeSet<String> = linter
        .variants()
        .flat_map(|(_, rules)| rules.rules.iter().map(|rule| rule.meta.origin.clone()))
        .collect();
    let mut cases = 0;
    for origin in &origins {
        for case in testing::run_examples(&linter, origin) {
            cases += 1;
            if let Some(failure) = case.failure {
                failures.push(format!("{}: {failure}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(tested.len() >= 40, "only {} rules tested", tested.len());
    assert!(cases >= 2 * tested.len(), "only {cases} examples run");
}

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let linter = Linter::builtin().unwrap();
    let mut by_code: BTreeMap<String, String> = BTreeMap::new();
    for (_, rules) in linter.variants() {
        for rule in &rules.rules {
            let meta = &rule.meta;
            if let Some(name) = by_code.get(&meta.code) {
                assert_eq!(name, &meta.name, "code {} has two names", meta.code);
            }
            by_code.insert(meta.code.clone(), meta.name.clone());
            assert!(
                meta.code.len() == 5
                    && meta.code.starts_with("GK")
                    && meta.code[2..].chars().all(|c| c.is_ascii_digit()),
                "code {} is not GK + 3 digits",
                meta.code
            );
            assert!(
                meta.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "name {} is not kebab-case",
                meta.name
            );
            assert!(
                meta.message_en.is_some(),
                "{} has no English message",
                meta.code
            );
            assert!(!meta.summary.is_empty(), "{} has no summary", meta.code);
        }
    }
    let mut names: Vec<&String> = by_code.values().collect();
    let count = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), count, "two codes share a name");
}
