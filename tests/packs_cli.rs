//! Rule-pack authoring from the command line: composing, validating,
//! explaining and testing packs.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn xxgk() -> Command {
    Command::cargo_bin("xxgk-lint").unwrap()
}

fn rules_json(packs: &[&Path]) -> BTreeMap<String, (String, String)> {
    let mut command = xxgk();
    command.args(["rules", "--json"]);
    for pack in packs {
        command.arg("--pack").arg(pack);
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    list.into_iter()
        .map(|rule| {
            let code = rule["code"].as_str().unwrap().to_string();
            (
                code,
                (
                    rule["severity"].as_str().unwrap().to_string(),
                    rule["origin"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect()
}

fn codes_of(output: &[u8]) -> Vec<(String, String)> {
    let json: Value = serde_json::from_slice(output).unwrap();
    json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_pack_changes_exactly_the_codes_it_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("county.toml");
    std::fs::write(
        &pack,
        "[pack]\nid = \"county\"\ntitle = \"某县\"\nextends = [\"national\"]\n\n[[override]]\ncode = \"GK103\"\nseverity = \"off\"\n\n[[override]]\ncode = \"GK502\"\nseverity = \"error\"\n",
    )
    .unwrap();
    let before = rules_json(&[]);
    let after = rules_json(&[&pack]);
    let mut changed: Vec<&String> = before
        .keys()
        .filter(|code| before.get(*code) != after.get(*code))
        .collect();
    changed.extend(after.keys().filter(|code| !before.contains_key(*code)));
    assert_eq!(changed, ["GK103", "GK502"], "{after:?}");
    assert!(!after.contains_key("GK103"));
    assert_eq!(after["GK502"], ("error".to_string(), "county".to_string()));
    // The same in lint results (seed 003 has both findings).
    let seed = common::fixture(&common::seed("003"));
    let plain = xxgk()
        .args(["check", "--format", "json"])
        .arg(&seed)
        .output()
        .unwrap();
    let with = xxgk()
        .args(["check", "--format", "json", "--pack"])
        .arg(&pack)
        .arg(&seed)
        .output()
        .unwrap();
    let (plain, with) = (codes_of(&plain.stdout), codes_of(&with.stdout));
    assert!(plain.contains(&("GK103".into(), "info".into())));
    assert!(plain.contains(&("GK502".into(), "warning".into())));
    assert!(!with.iter().any(|(code, _)| code == "GK103"));
    assert!(with.contains(&("GK502".into(), "error".into())));
    let rest = |list: &[(String, String)]| -> Vec<(String, String)> {
        list.iter()
            .filter(|(code, _)| code != "GK103" && code != "GK502")
            .cloned()
            .collect()
    };
    assert_eq!(rest(&plain), rest(&with), "nothing else changes");
}

#[test]
fn rules_check_reports_every_problem_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("broken.toml");
    let text = r#"[pack]
id = "broken"
title = "三个错误"
extends = ["national"]

[[rule]]
code = "XX001"
name = "bad-cell-key"
kind = "identity"
category = "arithmetic"
severity = "error"
summary = "s"
message = "m"
[rule.params]
table = "applications"
each = "column"
expr = "new + carried_inn == results_total + carried_out"

[[rule]]
code = "XX002"
name = "bad-regex"
kind = "pattern"
category = "text"
severity = "warning"
summary = "s"
message = "m"
[rule.params]
regex = "信息处理费("

[[rule]]
code = "XX003"
name = "unknown-key"
kind = "pattern"
category = "text"
severity = "warning"
summary = "s"
message = "m"
colour = "red"
[rule.params]
regex = "x"
"#;
    std::fs::write(&pack, text).unwrap();
    let out = xxgk().args(["rules", "check"]).arg(&pack).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    let name = pack.display().to_string();
    // carried_inn: line 17, inside the expression; the regex: line 28; colour: line 38.
    for (line, needle) in [(17, "carried_inn"), (28, "regex"), (38, "colour")] {
        assert!(
            err.contains(&format!("{name}:{line}:")),
            "no error at line {line} ({needle}):\n{err}"
        );
        assert!(err.contains(needle), "{needle}: {err}");
    }
    assert!(err.contains("发现 3 个问题"), "{err}");
    // The expression error points inside the expression, at the bad key.
    let column = text.lines().nth(16).unwrap().find("carried_inn").unwrap();
    let column = text.lines().nth(16).unwrap()[..column].chars().count() + 1;
    assert!(
        err.contains(&format!("{name}:17:{column}]")),
        "column {column}: {err}"
    );
    // An override of an unknown code does not hide the rules' own errors.
    let overridden = format!(
        "{}\n[[override]]\ncode = \"GK999\"\nseverity = \"off\"\n",
        text.replace("\ncolour = \"red\"", "")
    );
    std::fs::write(&pack, &overridden).unwrap();
    let out = xxgk().args(["rules", "check"]).arg(&pack).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    for needle in ["GK999", "carried_inn", "regex"] {
        assert!(err.contains(needle), "{needle}: {err}");
    }
    assert!(err.contains("发现 3 个问题"), "{err}");
    // A valid pack checks clean.
    let out = xxgk()
        .args(["rules", "check", "rules/examples/hubei-2020.toml"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_hubei_pack_binds_its_extra_row() {
    let seed = common::fixture(&common::seed("002"));
    let out = xxgk()
        .args(["check", "--format", "json"])
        .arg(&seed)
        .output()
        .unwrap();
    assert!(
        codes_of(&out.stdout)
            .iter()
            .any(|(code, _)| code == "GK204"),
        "reported without the pack"
    );
    let out = xxgk()
        .args([
            "check",
            "--format",
            "json",
            "--pack",
            "rules/examples/hubei-2020.toml",
        ])
        .arg(&seed)
        .output()
        .unwrap();
    assert!(
        !codes_of(&out.stdout)
            .iter()
            .any(|(code, _)| code == "GK204"),
        "bound with the pack"
    );
    // It is bound to its key, with its values.
    let linter = xxgk_lint::Linter::with_packs(vec![
        xxgk_lint::packs::from_file(Path::new("rules/examples/hubei-2020.toml")).unwrap(),
    ])
    .unwrap();
    let text = common::read_fixture(&common::seed("002"));
    let report = linter.read(&text, &xxgk_lint::FileOptions::default());
    let active = report.table("active").unwrap();
    for column in ["made", "published", "total"] {
        let cell = active.cell(&format!("other_published.{column}")).unwrap();
        assert_eq!(cell.text, "35");
    }
    assert!(active.unrecognised.is_empty(), "{:?}", active.unrecognised);
    // And `dump --pack` shows it.
    let out = xxgk()
        .args(["dump", "--pack", "rules/examples/hubei-2020.toml"])
        .arg(&seed)
        .output()
        .unwrap();
    assert!(out.status.success());
    let dump: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        dump["tables"]["active"]["cells"]["other_published.total"]["value"],
        35
    );
}

#[test]
fn pack_tests_pass_and_a_broken_expectation_fails_by_name() {
    let out = xxgk().args(["test", "rules/examples"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    assert!(text.contains(" passed, 0 failed"), "{text}");
    assert!(
        text.contains("PASS  hubei-2020 HB001 example 1 (invalid)"),
        "{text}"
    );
    // Break one expectation in a copy.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("examples");
    std::fs::create_dir_all(copy.join("tests")).unwrap();
    for entry in std::fs::read_dir("rules/examples").unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, copy.join(path.file_name().unwrap())).unwrap();
        }
    }
    for entry in std::fs::read_dir("rules/examples/tests").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, copy.join("tests").join(path.file_name().unwrap())).unwrap();
    }
    let sidecar = copy.join("tests/hubei-chengguan-2020-broken.expect.toml");
    let broken = std::fs::read_to_string(&sidecar)
        .unwrap()
        .replace("GK305@97", "GK305@98");
    std::fs::write(&sidecar, broken).unwrap();
    let out = xxgk().arg("test").arg(&copy).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let failure = text
        .lines()
        .find(|l| l.starts_with("FAIL"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        failure.contains("hubei-chengguan-2020-broken.txt"),
        "{failure}"
    );
    assert!(failure.contains("GK305 expected on line 98"), "{failure}");
    assert!(text.contains(" passed, 1 failed"), "{text}");
    // A mistyped code in an expectation fails instead of passing for
    // nothing.
    let sidecar = copy.join("tests/hubei-chengguan-2020.expect.toml");
    let text = std::fs::read_to_string(&sidecar).unwrap();
    std::fs::write(&sidecar, text.replace("\"GK204\"", "\"GK2O4\"")).unwrap();
    let out = xxgk().arg("test").arg(&copy).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("GK2O4 is not a code"), "{text}");
}

#[test]
fn explain_works_for_every_built_in_code() {
    let codes = rules_json(&[]);
    let legacy = ["GK000"];
    for code in codes.keys().map(String::as_str).chain(legacy) {
        let out = xxgk().args(["explain", code]).output().unwrap();
        assert!(
            out.status.success(),
            "{code}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with(code), "{text}");
        assert!(
            text.contains("错误示例") && text.contains("正确示例"),
            "{code}: {text}"
        );
    }
    let out = xxgk()
        .args(["explain", "GK301", "--lang", "en"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Bad example") && text.contains("Why:"),
        "{text}"
    );
    let out = xxgk().args(["explain", "GK999"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_identity_written_only_in_toml_fires() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.txt");
    std::fs::write(
        &report,
        "测试镇2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n行政许可 | 5 | -8 | 10 |\n",
    )
    .unwrap();
    let out = xxgk()
        .args([
            "check",
            "--format",
            "json",
            "--pack",
            "rules/examples/hubei-2020.toml",
        ])
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        codes_of(&out.stdout).contains(&("HB001".to_string(), "error".to_string())),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = xxgk()
        .args(["check", "--format", "json"])
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        !codes_of(&out.stdout)
            .iter()
            .any(|(code, _)| code == "HB001")
    );
}

#[test]
fn a_pack_adds_a_column_and_applies_to_some_files_only() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("city.toml");
    std::fs::write(
        &pack,
        r#"[pack]
id = "city"
title = "某市"
extends = ["national"]

[pack.applies]
files = ["乡镇/**"]

# A column "本年新增" after the 2021 表二 licensing decisions.
[[template.columns]]
table = "active"
row = "licensing"
key = "added"
label = "本年新增事项数"
templates = ["gov-2021"]

[[rule]]
code = "CT001"
name = "added-exceeds-decisions"
kind = "identity"
category = "arithmetic"
severity = "error"
summary = "本年新增事项数不应大于处理决定数量。"
message = "“{row}”本年新增事项数 {lhs} 大于处理决定数量 {rhs}"
[rule.params]
table = "active"
template = "gov-2021"
each = "row"
rows = ["licensing"]
expr = "added <= decisions"
"#,
    )
    .unwrap();
    let report = "测试镇2022年政府信息公开工作年度报告\n二、主动公开政府信息情况\n信息内容 | 本年处理决定数量 | 本年新增事项数 |\n行政许可 | 3 | 5 |\n五、存在的主要问题及改进情况\n无。\n";
    for sub in ["乡镇", "部门"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("r.txt"), report).unwrap();
    }
    let out = xxgk()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "json",
            "--pack",
            "city.toml",
            "乡镇/r.txt",
            "部门/r.txt",
        ])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes = |index: usize| -> Vec<String> {
        json["files"][index]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(json["files"][0]["path"], "乡镇/r.txt");
    assert!(codes(0).contains(&"CT001".to_string()), "{:?}", codes(0));
    assert!(
        !codes(0).contains(&"GK203".to_string()),
        "the row has two columns there: {:?}",
        codes(0)
    );
    // Outside 乡镇/ the pack does not apply: no CT001, and the row does not
    // fit the national format.
    assert_eq!(json["files"][1]["path"], "部门/r.txt");
    assert!(!codes(1).contains(&"CT001".to_string()), "{:?}", codes(1));
    assert!(codes(1).contains(&"GK203".to_string()), "{:?}", codes(1));
}

/// A pack whose keys name nothing that exists: each is an error at its
/// place with the nearest known key, in `rules check` and when linting.
#[test]
fn misspelt_keys_and_foreign_placeholders_are_errors_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("misspelt.toml");
    let text = r#"[pack]
id = "misspelt"
title = "misspelt"
extends = ["national"]

[[rule]]
code = "XX001"
name = "x-one"
kind = "cell-value"
category = "table"
severity = "error"
summary = "s"
message = "m"
when = { agency_levels = ["towship"], templates = ["gov-2012"], agency_kinds = ["goverment"] }
[rule.params]
check = "blank"
tables = ["aplications"]

[[override]]
code = "GK201"
message = "第 {row} 行"
"#;
    std::fs::write(&pack, text).unwrap();
    let out = xxgk().args(["rules", "check"]).arg(&pack).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    let name = pack.display().to_string();
    for (line, needle, nearest) in [
        (
            14,
            "unknown agency level `towship`",
            "did you mean `township`",
        ),
        (14, "unknown template `gov-2012`", "did you mean `gov-2019`"),
        (
            14,
            "unknown agency kind `goverment`",
            "did you mean `government`",
        ),
        (
            17,
            "unknown table `aplications`",
            "did you mean `applications`",
        ),
        (
            21,
            "`{row}` is not a placeholder of rule GK201",
            "placeholders: table, section",
        ),
    ] {
        assert!(err.contains(needle), "{needle}:\n{err}");
        assert!(err.contains(nearest), "{nearest}:\n{err}");
        assert!(
            err.contains(&format!("{name}:{line}:")),
            "line {line} ({needle}):\n{err}"
        );
    }
    // Linting with the pack refuses it the same way (exit 2), instead of
    // rules that never fire.
    let report = common::fixture(&common::seed("003"));
    let out = xxgk()
        .args(["check", "--isolated", "--pack"])
        .arg(&pack)
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown table `aplications`"));
}
