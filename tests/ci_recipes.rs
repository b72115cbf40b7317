//! The CI recipes of docs/ci.md, run as written: every `xxgk-lint`
//! command on the page, on a folder holding a report in each format the
//! linter reads (with upper-case extensions too), must check them all.
//! And the pre-commit hook's pattern takes every one of them.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `xxgk-lint` commands of docs/ci.md's code blocks, as written
/// (YAML `- run:` steps, GitLab `script` items, Jenkins `sh '…'`, shell
/// lines), in the order of the page.
fn documented_commands() -> Vec<String> {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci.md")).unwrap();
    let mut commands = Vec::new();
    let mut in_block = false;
    for line in doc.lines() {
        if line.starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if !in_block {
            continue;
        }
        let line = line.trim();
        let line = line.strip_prefix("- run:").unwrap_or(line).trim();
        let line = line.strip_prefix("- ").unwrap_or(line).trim();
        let line = line
            .strip_prefix("sh '")
            .and_then(|rest| rest.strip_suffix('\''))
            .unwrap_or(line);
        if line.starts_with("xxgk-lint ") {
            commands.push(line.to_string());
        }
    }
    commands
}

/// A folder with one report per readable format.
fn reports(dir: &Path) -> Vec<&'static str> {
    let reports = dir.join("reports");
    std::fs::create_dir_all(&reports).unwrap();
    std::fs::copy(
        common::fixture(&common::seed("003")),
        reports.join("派镇2020.TXT"),
    )
    .unwrap();
    std::fs::copy(
        common::fixture("inputs/seed-001.docx"),
        reports.join("溪口镇2021.docx"),
    )
    .unwrap();
    // Web pages with findings, so that the formats that list only
    // findings (github) show them too.
    let page = format!(
        "<html><head><meta charset=\"utf-8\"></head><body><pre>{}</pre></body></html>",
        common::read_fixture(&common::seed("003"))
    );
    std::fs::write(reports.join("网页.HTML"), &page).unwrap();
    std::fs::write(reports.join("另存.htm"), &page).unwrap();
    vec!["派镇2020.TXT", "溪口镇2021.docx", "网页.HTML", "另存.htm"]
}

/// Splits a command line on spaces, honouring single quotes.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            other => word.push(other),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
fn every_ci_recipe_checks_every_report_format() {
    let commands = documented_commands();
    assert!(commands.len() >= 6, "{commands:?}");
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_xxgk-lint"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ci-recipes");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let names = reports(&dir);
    for command in commands {
        let words = words(&command);
        let output = Command::new(&bin)
            .args(&words[1..])
            .current_dir(&dir)
            .output()
            .unwrap();
        let code = output.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "`{command}` exited {code:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        // What the command wrote: its output file, its standard output, or
        // the baseline it recorded.
        let written = words
            .iter()
            .position(|word| word == "--output" || word == "--write-baseline")
            .map(|at| std::fs::read_to_string(dir.join(&words[at + 1])).unwrap());
        let text = match written {
            Some(text) => text,
            None => String::from_utf8_lossy(&output.stdout).into_owned(),
        };
        let checked = |name: &str| {
            text.contains(name)
                || text.contains(&xxgk_lint::render::sarif::uri(&format!("reports/{name}")))
        };
        if command.contains("--baseline ") {
            // Everything recorded: nothing left to show.
            assert_eq!(code, Some(0), "`{command}`");
            continue;
        }
        for name in &names {
            assert!(checked(name), "`{command}` did not check {name}:\n{text}");
        }
    }
}

#[test]
fn the_pre_commit_hook_takes_every_report_format_in_any_case() {
    let hooks = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    let pattern = hooks
        .lines()
        .find_map(|line| line.trim().strip_prefix("files:"))
        .expect("a files pattern")
        .trim();
    // pre-commit matches with Python's `re.search`; this pattern means the
    // same to the regex crate.
    let files = regex::Regex::new(pattern).unwrap();
    for name in [
        "派镇2020.TXT",
        "a.txt",
        "b.docx",
        "c.DOCX",
        "d.html",
        "e.htm",
        "f.HTM",
    ] {
        assert!(files.is_match(name), "{name}");
    }
    for name in ["g.pdf", "h.doc", "i.txt.bak"] {
        assert!(!files.is_match(name), "{name}");
    }
    // The documented revision is this version's tag.
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci.md")).unwrap();
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
    assert!(
        doc.contains(&format!("rev: {tag}")),
        "docs/ci.md names another revision"
    );
    let changelog =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("CHANGELOG.md"))
            .unwrap();
    assert!(
        changelog.contains(&format!("## [{}]", env!("CARGO_PKG_VERSION"))),
        "CHANGELOG.md has no entry for {tag}"
    );
}
