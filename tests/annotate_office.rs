//! Annotated documents open in the programs people use: python-docx reads
//! every comment and its anchor, LibreOffice converts the document to PDF.
//! Skipped, with a message, only where python-docx or LibreOffice is not
//! installed (`.ci/run` installs them when it can).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn xxgk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xxgk-lint"))
}

fn available(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|output| output.status.success())
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("office-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Annotates `fixture` into `dir`; returns the copy and the findings (as
/// `check --format json` gives them) with the document's text.
fn annotate(fixture: &str, dir: &Path, fixes: bool) -> (PathBuf, Vec<Value>, String) {
    let input = common::fixture(fixture);
    let out = dir.join(format!(
        "{}.checked.docx",
        Path::new(fixture).file_stem().unwrap().to_string_lossy()
    ));
    let mut command = xxgk();
    command.args(["annotate", "--isolated", "--format", "short", "-o"]);
    command.arg(&out).arg(&input);
    if fixes {
        command.arg("--fixes");
    }
    let status = command.output().unwrap();
    assert!(matches!(status.status.code(), Some(0 | 1)), "{status:?}");
    let json = xxgk()
        .args(["check", "--isolated", "--format", "json"])
        .arg(&input)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&json.stdout).unwrap();
    let findings = json["files"][0]["diagnostics"].as_array().unwrap().clone();
    let text = xxgk()
        .args(["dump", "--text"])
        .arg(&input)
        .output()
        .unwrap();
    (out, findings, String::from_utf8(text.stdout).unwrap())
}

#[test]
fn python_docx_reads_every_comment_on_its_text() {
    if !available("python3", &["-c", "import docx"]) {
        println!("skipped: python-docx is not installed (pip install python-docx)");
        return;
    }
    let dir = scratch("python");
    for (fixture, fixes) in [
        ("inputs/seed-001.docx", false),
        ("annotate/seed-003.docx", true),
        ("annotate/seed-001.docx", true),
    ] {
        let (out, findings, text) = annotate(fixture, &dir, fixes);
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/office/read_annotated.py");
        let read = Command::new("python3")
            .arg(script)
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            read.status.success(),
            "{}",
            String::from_utf8_lossy(&read.stderr)
        );
        let read: Value = serde_json::from_slice(&read.stdout).unwrap();
        let ours: Vec<&Value> = read["comments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["author"] == "xxgk-lint")
            .collect();
        assert_eq!(
            ours.len(),
            findings.len(),
            "{fixture}: one comment per finding"
        );
        for (comment, finding) in ours.iter().zip(&findings) {
            let message = finding["message"].as_str().unwrap();
            assert!(
                comment["text"].as_str().unwrap().contains(message),
                "{fixture}"
            );
            let span = &finding["span"];
            let (start, end) = (
                usize::try_from(span["start"].as_u64().unwrap()).unwrap(),
                usize::try_from(span["end"].as_u64().unwrap()).unwrap(),
            );
            let span_text = &text[start..end];
            if !span_text.trim().is_empty() && !span_text.contains(['\t', '\n']) {
                let id = comment["id"].as_str().unwrap();
                assert_eq!(read["anchors"][id].as_str(), Some(span_text), "{fixture}");
            }
        }
        // The comment that was already there.
        if fixture.starts_with("annotate/") {
            assert!(
                read["comments"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|c| c["author"] == "审核")
            );
        }
    }
}

#[test]
fn libreoffice_converts_the_annotated_document() {
    if !available("soffice", &["--version"]) {
        println!("skipped: LibreOffice is not installed (apt-get install libreoffice-writer)");
        return;
    }
    let dir = scratch("libreoffice");
    let (out, findings, _) = annotate("annotate/seed-003.docx", &dir, true);
    let convert = |to: &str, folder: &Path| {
        let status = Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}/profile",
                dir.display()
            ))
            .args(["--headless", "--convert-to", to, "--outdir"])
            .arg(folder)
            .arg(&out)
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
    };
    convert("pdf", &dir);
    let pdf = out.with_extension("pdf");
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("{}: {e}", pdf.display()));
    assert!(bytes.starts_with(b"%PDF-") && bytes.len() > 10_000);
    // Saved again by LibreOffice, the document still has every comment.
    let again = dir.join("again");
    std::fs::create_dir_all(&again).unwrap();
    convert("docx", &again);
    let saved = std::fs::read(again.join(out.file_name().unwrap())).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(saved)).unwrap();
    let mut comments = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("word/comments.xml").unwrap(),
        &mut comments,
    )
    .unwrap();
    assert_eq!(
        comments.matches("w:author=\"xxgk-lint\"").count(),
        findings.len()
    );
}
