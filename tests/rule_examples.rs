//! Every rule of the built-in packs documents itself with examples, and the
//! examples are executed: each `invalid` example must trigger the rule and
//! each `valid` one must not. A rule without both kinds fails the build.

use std::collections::{BTreeMap, BTreeSet};

use xxgk_lint::model::{ReadOptions, Report};
use xxgk_lint::{Linter, template};

#[test]
fn every_rule_has_valid_and_invalid_examples_that_behave() {
    let linter = Linter::builtin().expect("built-in packs compile");
    let mut tested = BTreeSet::new();
    let mut failures = Vec::new();
    for (pack, rules) in linter.variants() {
        for rule in &rules.rules {
            if !tested.insert(rule.meta.code.clone()) {
                continue;
            }
            let meta = &rule.meta;
            let valid = meta.examples.iter().filter(|e| e.valid.is_some()).count();
            let invalid = meta.examples.iter().filter(|e| e.invalid.is_some()).count();
            if valid == 0 || invalid == 0 {
                failures.push(format!(
                    "{} ({pack}) needs a valid and an invalid example",
                    meta.code
                ));
                continue;
            }
            for example in &meta.examples {
                let options = ReadOptions {
                    year: example.year,
                    agency_kind: example.agency_kind,
                    ..ReadOptions::default()
                };
                for (text, should_fire) in [(&example.invalid, true), (&example.valid, false)] {
                    let Some(text) = text else { continue };
                    let report = Report::read_with(text, &options);
                    let diagnostics = match &example.prev {
                        // Cross-year rules compare with last year's report.
                        Some(prev) => xxgk_lint::archive::check_pair(
                            rules,
                            template::builtin(),
                            ("prev.txt", prev),
                            ("example.txt", text),
                            linter.lang,
                        ),
                        None => rules.run(&report, text, template::builtin(), linter.lang),
                    };
                    let fired = diagnostics.iter().filter(|d| d.code == meta.code).count();
                    if (fired > 0) != should_fire {
                        let codes: Vec<&str> =
                            diagnostics.iter().map(|d| d.code.as_str()).collect();
                        failures.push(format!(
                            "{} {} example {}: got {codes:?}\n{text}",
                            meta.code,
                            if should_fire { "invalid" } else { "valid" },
                            if should_fire {
                                "did not trigger the rule"
                            } else {
                                "triggered the rule"
                            },
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(tested.len() >= 40, "only {} rules tested", tested.len());
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
