//! Rule packs are data, not code: what a hostile or careless pack can do
//! is bounded. Regexes use the regex crate (linear time) under a size
//! limit; expressions are parsed with a bounded nesting depth and cannot
//! loop; a pack reads no file but the ones its `extends` names.

use assert_cmd::Command;

fn xxgk() -> Command {
    Command::cargo_bin("xxgk-lint").unwrap()
}

const HEADER: &str = "[pack]\nid = \"hostile\"\ntitle = \"hostile\"\n";

fn pattern_rule(regex: &str) -> String {
    format!(
        r#"{HEADER}
[[rule]]
code = "HX001"
name = "hostile-pattern"
kind = "pattern"
category = "text"
severity = "warning"
summary = "hostile"
message = "{{match}}"
[rule.params]
regex = '{regex}'
"#
    )
}

fn identity_rule(expr: &str) -> String {
    format!(
        r#"{HEADER}
[[rule]]
code = "HX002"
name = "hostile-identity"
kind = "identity"
category = "arithmetic"
severity = "warning"
summary = "hostile"
message = "{{lhs}} {{rhs}}"
[rule.params]
table = "active"
template = "gov-2019"
each = "row"
expr = "{expr}"
"#
    )
}

/// `rules check` on a pack of this text: exit code and stderr.
fn rules_check(text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.toml");
    std::fs::write(&path, text).unwrap();
    rules_check_file(&path)
}

/// `rules check PACK`: exit code and stderr.
fn rules_check_file(path: &std::path::Path) -> (i32, String) {
    let out = xxgk()
        .args(["rules", "check"])
        .arg(path)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().expect("not killed"), stderr)
}

#[test]
fn a_regex_too_large_to_compile_is_a_pack_error() {
    // Compiles to far more than the size limit (and would take gigabytes).
    let (code, stderr) = rules_check(&pattern_rule(r"(\w{100}){100}{100}"));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("hostile.toml"), "{stderr}");
    assert!(stderr.contains("size limit"), "{stderr}");
}

#[test]
fn regexes_have_no_backreferences_or_lookaround() {
    for regex in [r"(行政)\1", r"(?=行政)诉讼", r"(?<!行政)诉讼"] {
        let (code, stderr) = rules_check(&pattern_rule(regex));
        assert_eq!(code, 2, "{regex}: {stderr}");
        assert!(stderr.contains("regex"), "{regex}: {stderr}");
    }
}

#[test]
fn deeply_nested_expressions_are_an_error_not_a_stack_overflow() {
    for depth in [33, 1_000, 100_000] {
        let expr = format!("{}published{} == 0", "(".repeat(depth), ")".repeat(depth));
        let (code, stderr) = rules_check(&identity_rule(&expr));
        assert_eq!(code, 2, "depth {depth}: {stderr}");
        assert!(stderr.contains("hostile.toml"), "{stderr}");
        assert!(stderr.contains("nested more than 32"), "{stderr}");
    }
    // A modest nesting is fine.
    let (code, stderr) = rules_check(&identity_rule("((published)) <= published + 0"));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_pack_reads_only_the_files_its_extends_names() {
    let dir = tempfile::tempdir().unwrap();
    let base = format!(
        "{}extends = [\"national\"]\n\n[[override]]\ncode = \"GK502\"\nseverity = \"off\"\n",
        HEADER.replace("hostile", "base")
    );
    std::fs::write(dir.path().join("base.toml"), base).unwrap();
    // Broken packs beside it are never read.
    std::fs::write(dir.path().join("broken.toml"), "[pack\nnot toml").unwrap();
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    std::fs::write(dir.path().join("rules/broken.toml"), "[pack\nnot toml").unwrap();
    let child = dir.path().join("child.toml");
    let write_child = |body: &str| {
        let header = HEADER.replace("hostile", "child");
        std::fs::write(&child, format!("{header}{body}")).unwrap();
    };
    write_child("extends = [\"base.toml\"]\n");
    let (code, stderr) = rules_check_file(&child);
    assert_eq!(code, 0, "{stderr}");
    // Keys that would read other files do not exist: unknown keys are errors.
    write_child("include = \"/etc/passwd\"\n");
    let (code, stderr) = rules_check_file(&child);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("include"), "{stderr}");
    assert!(!stderr.contains("root:"), "{stderr}");
}
