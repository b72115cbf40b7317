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
