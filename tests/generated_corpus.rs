//! The generated corpus as a test: on reports from the corpus generator
//! (`examples/gen_corpus`), the linter finds every injected error (by code,
//! category and line) and reports no error on the consistent reports, in
//! every layout and both formats.

#[path = "../examples/gen_corpus/generate.rs"]
mod generate;

use generate::{Body, Generated, INJECTIONS, Injection, LAYOUTS, Spec};
use xxgk_lint::diagnostic::Severity;
use xxgk_lint::{FileOptions, Linter};

const SEED: u64 = 20_240_101;

/// Every layout × every injection (and none) × both formats, small sizes,
/// plus a sample of the corpus mix (body kinds, sizes, wrapping).
fn specs() -> Vec<Spec> {
    let mut specs = Vec::new();
    let mut index = 0;
    let bodies = [Body::Township, Body::County, Body::Department];
    for layout in LAYOUTS {
        for year in [2020, 2022] {
            for injection in std::iter::once(None).chain(INJECTIONS.map(Some)) {
                specs.push(Spec {
                    seed: SEED,
                    index,
                    year,
                    body: bodies[index % bodies.len()],
                    layout,
                    target_bytes: 5_000 + (index % 5) * 1_000,
                    wrap: (index % 4 == 0).then_some(30),
                    injection,
                    crlf: index % 9 == 0,
                });
                index += 1;
            }
        }
    }
    specs.extend((0..24).map(|i| {
        let mut spec = generate::spec_for(SEED, 1_000 + i);
        // Keep the test fast: no 200 KB city reports here (the benchmark
        // lints them).
        spec.target_bytes = spec.target_bytes.min(20_000);
        spec
    }));
    specs
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

fn check(linter: &Linter, report: &Generated) -> Vec<String> {
    let linted = linter.lint(&report.text, &FileOptions::default());
    let found: Vec<(&str, &str, Severity, usize)> = linted
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.as_str(),
                d.category.as_str(),
                d.severity,
                line_of(&report.text, d.span.start),
            )
        })
        .collect();
    let describe = || {
        format!(
            "{} ({:?}, {}, {:?}): found {found:?}",
            report.name, report.spec.layout, report.spec.year, report.spec.injection
        )
    };
    let mut problems = Vec::new();
    if report.expected.is_empty() {
        if found
            .iter()
            .any(|(_, _, severity, _)| *severity == Severity::Error)
        {
            problems.push(format!("error on a consistent report: {}", describe()));
        }
    } else {
        for expected in &report.expected {
            let hit = found.iter().any(|(code, category, _, line)| {
                *code == expected.code && *category == expected.category && *line == expected.line
            });
            if !hit {
                problems.push(format!("missed {expected:?}: {}", describe()));
            }
        }
    }
    problems
}

#[test]
fn linter_finds_every_injected_error_and_nothing_on_consistent_reports() {
    let linter = Linter::builtin().unwrap();
    let mut problems = Vec::new();
    let mut injected = 0;
    for spec in specs() {
        let mut report = generate::generate(&spec);
        report.name = format!("spec {}", spec.index);
        injected += usize::from(spec.injection.is_some());
        assert_eq!(
            report.expected.is_empty(),
            spec.injection.is_none(),
            "{}: an injection must be recorded in the manifest",
            report.name
        );
        problems.extend(check(&linter, &report));
    }
    assert!(injected >= LAYOUTS.len() * 2 * INJECTIONS.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn generation_is_deterministic_and_sized() {
    let first = generate::generate_report(SEED, 3);
    let again = generate::generate_report(SEED, 3);
    assert_eq!(first.text, again.text);
    assert_ne!(first.text, generate::generate_report(SEED, 4).text);
    // A city report is long; others 5–40 KB.
    let mut spec = generate::spec_for(SEED, 0);
    spec.body = Body::City;
    spec.target_bytes = 200_000;
    spec.injection = Some(Injection::Debris);
    let city = generate::generate(&spec);
    assert!(
        (180_000..230_000).contains(&city.text.len()),
        "{}",
        city.text.len()
    );
    for index in 0..20 {
        let report = generate::generate_report(SEED, index);
        let size = report.text.len();
        if report.spec.body != Body::City {
            assert!(
                (4_000..48_000).contains(&size),
                "{} is {size} bytes",
                report.name
            );
        }
    }
}
