//! The Emacs recipe of docs/editors.md, run as written in the Emacs the
//! machine has (eglot built in from Emacs 29; Debian 12's Emacs 28 with
//! `elpa-eglot`): the report gets the command line's findings through
//! eglot and Flymake.
//!
//! Skipped (with a message) only when Emacs or eglot is not installed;
//! `.ci/run` installs them.
#![cfg(feature = "lsp")]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The elisp of docs/editors.md's Emacs section, as written.
fn documented_snippet() -> String {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/editors.md"))
            .unwrap();
    let section = &doc[doc.find("## Emacs").expect("an Emacs section")..];
    let start = section.find("```elisp\n").expect("an elisp block") + "```elisp\n".len();
    let end = start + section[start..].find("```").unwrap();
    section[start..end].to_string()
}

/// Emacs with eglot available, as an interactive start would have it.
fn emacs_with_eglot() -> bool {
    Command::new("emacs")
        .args([
            "--batch",
            "-q",
            "--eval",
            "(progn (package-initialize) (kill-emacs (if (locate-library \"eglot\") 0 1)))",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

#[test]
fn the_documented_emacs_recipe_shows_the_cli_findings() {
    if !emacs_with_eglot() {
        eprintln!(
            "skipped: the documented Emacs recipe was not run because Emacs with eglot \
             is not installed (apt-get install emacs-nox elpa-eglot)"
        );
        return;
    }
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_xxgk-lint"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("lsp-emacs");
    let _ = std::fs::remove_dir_all(&dir);
    // The recipe gives reports under a `reports/` folder their mode.
    let reports = dir.join("reports");
    std::fs::create_dir_all(&reports).unwrap();
    let report = reports.join("a.txt");
    std::fs::copy(common::fixture(&common::seed("003")), &report).unwrap();
    let init = dir.join("init.el");
    std::fs::write(&init, documented_snippet()).unwrap();
    let after = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/editors/emacs-after.el");
    let out = dir.join("result.json");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // `-q` skips a user's init file but keeps the site start files (which
    // make Debian's elpa packages loadable); `package-initialize` is what
    // an interactive start does before reading the configuration.
    let mut child = Command::new("emacs")
        .args(["--batch", "-q", "--eval", "(package-initialize)", "-l"])
        .arg(&init)
        .arg("-l")
        .arg(&after)
        .env("PATH", path)
        .env("HOME", &dir)
        .env("XXGK_REPORT", &report)
        .env("XXGK_OUT", &out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start emacs");
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("emacs did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let result: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("emacs wrote no result"))
            .unwrap();
    assert_eq!(result["mode"], "xxgk-report-mode", "{result:#}");
    assert_eq!(result["managed"], true, "{result:#}");
    let mut editor: Vec<(String, u64)> = result["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let text = d["text"].as_str().unwrap();
            let code = text
                .split('[')
                .nth(1)
                .and_then(|rest| rest.split(']').next())
                .unwrap_or_default()
                .to_string();
            (code, d["line"].as_u64().unwrap())
        })
        .collect();
    let output = Command::new(&bin)
        .args(["check", "--format", "json"])
        .arg(&report)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut cli: Vec<(String, u64)> = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["span"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    editor.sort();
    cli.sort();
    assert!(!cli.is_empty());
    assert_eq!(editor, cli);
}
