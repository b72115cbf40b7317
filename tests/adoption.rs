//! What a new user meets first: folders that hold nothing readable,
//! baselines and SARIF logs named from any folder, output cut short by a
//! pipe, and the tool's own words in the user's language.

mod common;

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use serde_json::Value;

fn xxgk() -> Command {
    let mut command = Command::cargo_bin("xxgk-lint").unwrap();
    command.env_remove("RUST_BACKTRACE");
    command
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("xxgk-lint")
}

/// A scratch folder, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("adoption")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn seed_text(prefix: &str) -> String {
    common::read_fixture(&common::seed(prefix))
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

// ---------------------------------------------------------------------------
// 1. Nothing checked is never a success.

#[test]
fn a_folder_of_old_word_and_pdf_files_is_refused_file_by_file() {
    let dir = scratch("old-formats");
    std::fs::write(
        dir.join("2019年报.doc"),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest",
    )
    .unwrap();
    std::fs::write(dir.join("2020年报.PDF"), b"%PDF-1.4\n").unwrap();
    std::fs::write(
        dir.join("2021年报.wps"),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest",
    )
    .unwrap();
    let output = xxgk()
        .args(["check", "--format", "short"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    for name in ["2019年报.doc", "2020年报.PDF", "2021年报.wps"] {
        assert!(err.contains(name), "{name} not listed:\n{err}");
    }
    assert!(err.contains("--skip-unreadable"), "{err}");
    assert!(err.contains("3 个文件无法检查"), "{err}");
}

#[test]
fn readable_reports_beside_old_files_are_still_checked() {
    let dir = scratch("mixed");
    std::fs::write(dir.join("old.doc"), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest").unwrap();
    std::fs::write(dir.join("report.TXT"), seed_text("003")).unwrap();
    // Word saves web pages under .doc too: such a file is read.
    std::fs::write(
        dir.join("saved-page.doc"),
        format!("<html><body><pre>{}</pre></body></html>", seed_text("001")),
    )
    .unwrap();
    let output = xxgk()
        .args(["check", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| file["path"].as_str().unwrap())
        .collect();
    assert!(paths.iter().any(|p| p.ends_with("report.TXT")), "{paths:?}");
    assert!(
        paths.iter().any(|p| p.ends_with("saved-page.doc")),
        "{paths:?}"
    );
    assert!(stderr(&output).contains("old.doc"));

    // Told to, the old file is passed over, said once, and the run's
    // code is the findings'.
    let output = xxgk()
        .args([
            "check",
            "--format",
            "short",
            "--skip-unreadable",
            "--exit-zero",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("跳过了 1 个无法读取的文件（.doc 1 个）"),
        "{err}"
    );
    assert!(!err.contains("xxgk::input::doc"), "{err}");
}

#[test]
fn an_empty_folder_or_one_with_nothing_readable_is_no_success() {
    let dir = scratch("empty");
    let output = xxgk().arg("check").arg(&dir).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("没有找到报告文件"),
        "{}",
        stderr(&output)
    );

    std::fs::write(dir.join("a.pdf"), b"%PDF-1.7\n").unwrap();
    let output = xxgk()
        .args(["check", "--skip-unreadable", "--lang", "en"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("no report file found under"), "{err}");
    assert!(
        err.contains("skipped 1 files in formats that are not read (.pdf ×1)"),
        "{err}"
    );
}

#[test]
fn an_empty_file_is_said_to_be_empty_once() {
    let dir = scratch("empty-file");
    let file = dir.join("空.txt");
    std::fs::write(&file, "  \n\n").unwrap();
    let output = xxgk()
        .args(["check", "--format", "short"])
        .arg(&file)
        .output()
        .unwrap();
    let out = stdout(&output);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("GK001") && out.contains("文件为空"), "{out}");
}

// ---------------------------------------------------------------------------
// 2. Baselines and SARIF logs, whatever the spelling of the paths.

/// Writes a report that has findings into `dir/sub/r.txt`.
fn archive(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/r.txt"), seed_text("001")).unwrap();
    dir
}

fn findings(output: &std::process::Output) -> usize {
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| file["diagnostics"].as_array().unwrap().len())
        .sum()
}

#[test]
fn a_baseline_written_from_a_subfolder_matches_every_spelling() {
    let dir = archive("baseline");
    let sub = dir.join("sub");
    let all = xxgk()
        .current_dir(&sub)
        .args(["check", "--format", "json", "r.txt"])
        .output()
        .unwrap();
    assert!(findings(&all) > 0, "the fixture has findings");
    let written = xxgk()
        .current_dir(&sub)
        .args(["check", ".", "--write-baseline", "../b.json"])
        .output()
        .unwrap();
    assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
    let baseline: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("b.json")).unwrap()).unwrap();
    for entry in baseline["entries"].as_array().unwrap() {
        assert_eq!(
            entry["path"], "sub/r.txt",
            "relative to the baseline's folder"
        );
    }
    let absolute = sub.join("r.txt");
    let spellings: Vec<(PathBuf, Vec<String>)> = vec![
        (sub.clone(), vec!["r.txt".into()]),
        (sub.clone(), vec!["./r.txt".into()]),
        (sub.clone(), vec![".".into()]),
        (sub.clone(), vec!["../sub/r.txt".into()]),
        (sub.clone(), vec![absolute.display().to_string()]),
        (dir.clone(), vec!["sub".into()]),
        (dir.clone(), vec!["sub/../sub/./r.txt".into()]),
        (dir.join("sub"), vec![dir.display().to_string()]),
    ];
    for (cwd, args) in spellings {
        let baseline = crate::relative_path(&dir.join("b.json"), &cwd);
        let output = xxgk()
            .current_dir(&cwd)
            .args(["check", "--format", "json", "--baseline"])
            .arg(&baseline)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(
            findings(&output),
            0,
            "from {} with --baseline {} {args:?}: {}",
            cwd.display(),
            baseline.display(),
            stdout(&output)
        );
    }
}

/// `target` as a path relative to `from` (with `..` where needed).
fn relative_path(target: &Path, from: &Path) -> PathBuf {
    xxgk_lint::paths::relative_to(target, from)
}

/// A URI reference as RFC 3986 allows it, without `.` or `..` segments.
fn valid_uri(uri: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~/:%!$&'()*+,;=@".contains(c);
    let path = uri.strip_prefix("file://").unwrap_or(uri);
    uri.chars().all(allowed)
        && !path
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
        && (uri.starts_with("file:///") || !uri.contains(':'))
}

#[test]
fn sarif_locations_are_valid_uris_for_every_spelling() {
    let dir = archive("sarif");
    let sub = dir.join("sub");
    let outside = scratch("sarif-outside");
    std::fs::write(outside.join("其他.txt"), seed_text("001")).unwrap();
    for arg in [
        "r.txt".to_string(),
        "./r.txt".into(),
        "../sub/r.txt".into(),
        sub.join("r.txt").display().to_string(),
        format!("{}/../sub/r.txt", sub.display()),
        "../../sarif-outside/其他.txt".into(),
    ] {
        let output = xxgk()
            .current_dir(&sub)
            .args(["check", "--format", "sarif", &arg])
            .output()
            .unwrap();
        let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
        let run = &sarif["runs"][0];
        let mut relative = false;
        for result in run["results"].as_array().unwrap() {
            let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
            let uri = location["uri"].as_str().unwrap();
            assert!(valid_uri(uri), "{arg}: {uri}");
            if uri.starts_with("file:") {
                assert!(location.get("uriBaseId").is_none(), "{arg}");
            } else {
                relative = true;
                assert_eq!(location["uriBaseId"], "%SRCROOT%", "{arg}");
                assert_eq!(uri, "r.txt", "{arg}");
            }
        }
        let base = &run["originalUriBaseIds"]["%SRCROOT%"]["uri"];
        if relative {
            let base = base.as_str().unwrap();
            assert!(
                base.starts_with("file:///") && base.ends_with("/sub/"),
                "{base}"
            );
            assert!(valid_uri(base));
        } else {
            assert!(base.is_null(), "{arg}: no relative location, no base");
        }
    }
}

// ---------------------------------------------------------------------------
// 7. A reader that goes away.

/// Runs the binary with `args`, reads `lines` lines of its output and
/// closes the pipe; returns the exit code and what it wrote on stderr.
fn cut_short(args: &[&str], lines: usize) -> (Option<i32>, String) {
    let mut child = StdCommand::new(bin())
        .args(args)
        .current_dir(common::fixture(""))
        .env_remove("RUST_BACKTRACE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut read = Vec::new();
    let mut byte = [0u8; 1];
    while read.iter().filter(|b| **b == b'\n').count() < lines {
        if stdout.read(&mut byte).unwrap() == 0 {
            break;
        }
        read.push(byte[0]);
    }
    drop(stdout);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap().code(), err)
}

#[test]
fn every_command_ends_quietly_when_its_reader_goes() {
    for args in [
        vec!["rules"],
        vec!["rules", "--json"],
        vec!["explain", "GK301"],
        vec!["dump", "seeds/000_2151cf99f8675f31.txt"],
    ] {
        let (code, err) = cut_short(&args, 1);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
    }
    // `check` exits with the findings' code, not as a failure of the tool.
    let (code, err) = cut_short(&["check", "--format", "short", "seeds", "corpus"], 1);
    assert!(matches!(code, Some(0 | 1)), "{code:?}: {err}");
    assert!(
        !err.contains("Broken pipe") && !err.contains("panicked"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------
// 6. One language at a time.

#[test]
fn the_human_format_speaks_the_users_language() {
    let seed = common::fixture(&common::seed("003"));
    let zh = xxgk()
        .args(["check", "--format", "human"])
        .arg(&seed)
        .output()
        .unwrap();
    let zh = stdout(&zh);
    assert!(zh.contains("检查了 1 个文件："), "{zh}");
    assert!(zh.contains(" 错误\n") || zh.contains(" 警告\n"), "{zh}");
    // The rule's English name is for English readers.
    assert!(!zh.contains("applications-column-balance"), "{zh}");

    let en = xxgk()
        .args(["check", "--format", "human", "--lang", "en"])
        .arg(&seed)
        .output()
        .unwrap();
    let en = stdout(&en);
    assert!(en.contains("1 file checked:"), "{en}");
    assert!(en.contains(" error\n") || en.contains(" warning\n"), "{en}");
}

#[test]
fn errors_of_the_tool_itself_follow_lang() {
    let missing = xxgk().args(["check", "没有这个文件.txt"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let err = stderr(&missing);
    assert!(
        err.contains("无法读取 没有这个文件.txt") && err.contains("文件或文件夹不存在"),
        "{err}"
    );
    let missing = xxgk()
        .args(["check", "--lang", "en", "missing.txt"])
        .output()
        .unwrap();
    let err = stderr(&missing);
    assert!(err.contains("cannot read missing.txt"), "{err}");

    let dir = scratch("bad-config");
    std::fs::write(dir.join("xxgk-lint.toml"), "[rules\n").unwrap();
    std::fs::write(dir.join("r.txt"), seed_text("003")).unwrap();
    let output = xxgk().arg("check").arg(dir.join("r.txt")).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("配置文件无效"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn explain_and_rules_speak_one_language() {
    let has_han = |text: &str| text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let zh = stdout(&xxgk().args(["explain", "GK302"]).output().unwrap());
    assert!(zh.contains("类别：算术"), "{zh}");
    assert!(zh.contains("默认级别：错误"), "{zh}");
    let en = stdout(
        &xxgk()
            .args(["explain", "GK302", "--lang", "en"])
            .output()
            .unwrap(),
    );
    // Outside the examples (report text) and table names, no Chinese.
    let prose: String = en
        .lines()
        .take_while(|line| !line.starts_with("Bad example"))
        .filter(|line| !line.starts_with("Parameters") && !line.contains(" = "))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("table 三", "")
        .replace("Table 三", "")
        .replace("总计", "");
    assert!(!has_han(&prose), "{prose}");

    let rules = stdout(&xxgk().args(["rules", "--lang", "en"]).output().unwrap());
    let header = rules.lines().next().unwrap();
    assert!(
        header.starts_with("code") && header.ends_with("summary"),
        "{header}"
    );
    let rules = stdout(&xxgk().arg("rules").output().unwrap());
    assert!(rules.lines().next().unwrap().starts_with("代码"), "{rules}");
    assert!(
        rules.contains(" 算术 ") && rules.contains(" 错误 "),
        "{rules}"
    );
}

/// Every rule of the built-in and example packs has each of its texts in
/// both languages, with the same placeholders.
#[test]
fn every_rule_text_exists_in_both_languages() {
    let placeholders = |text: &str| {
        let mut names: Vec<String> = xxgk_lint::messages::placeholders(text)
            .into_iter()
            .map(str::to_string)
            .collect();
        names.sort();
        names.dedup();
        names
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut packs: Vec<PathBuf> = Vec::new();
    for dir in ["rules", "rules/examples"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "toml") {
                packs.push(path);
            }
        }
    }
    assert!(packs.len() >= 5);
    let mut checked = 0;
    for path in packs {
        let pack: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let rules = pack
            .get("rule")
            .and_then(|r| r.as_array())
            .cloned()
            .unwrap_or_default();
        for rule in rules {
            let rule = rule.as_table().unwrap();
            let code = rule.get("code").and_then(|c| c.as_str()).unwrap_or("?");
            for field in ["message", "help", "summary", "rationale"] {
                let zh = rule.get(field).and_then(|v| v.as_str());
                let en = rule.get(&format!("{field}_en")).and_then(|v| v.as_str());
                match (zh, en) {
                    (Some(zh), Some(en)) => {
                        checked += 1;
                        assert_eq!(
                            placeholders(zh),
                            placeholders(en),
                            "{}: {code} {field}: placeholders differ",
                            path.display()
                        );
                    }
                    (None, None) => {}
                    _ => panic!(
                        "{}: {code} has {field} in one language only",
                        path.display()
                    ),
                }
            }
        }
    }
    assert!(checked > 200, "{checked}");
}

/// No finding on any fixture shows a placeholder its check left unfilled
/// (`{row}`), in either language.
#[test]
fn no_message_shows_an_unfilled_placeholder() {
    let placeholder = regex::Regex::new(r"\{[a-z_]+\}").unwrap();
    for lang in ["zh", "en"] {
        let output = xxgk()
            .current_dir(common::fixture(""))
            .args([
                "check",
                ".",
                "--format",
                "json",
                "--exit-zero",
                "--lang",
                lang,
            ])
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        let mut seen = 0;
        for file in json["files"].as_array().unwrap() {
            for diagnostic in file["diagnostics"].as_array().unwrap() {
                seen += 1;
                for field in ["message", "help"] {
                    let text = diagnostic[field].as_str().unwrap_or_default();
                    assert!(
                        !placeholder.is_match(text),
                        "{} {}: {text}",
                        file["path"],
                        diagnostic["code"]
                    );
                }
            }
        }
        assert!(seen > 100, "{seen}");
    }
}
