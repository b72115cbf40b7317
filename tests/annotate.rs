//! `annotate`: findings as Word comments anchored on their text, fixes as
//! tracked changes, and nothing else of the package changed. Checked here
//! with the `zip` crate and `quick-xml` alone, on the Word fixtures made
//! from the seeds (`tests/fixtures/gen/make_annotate_fixtures.py`) and on
//! `inputs/seed-001.docx`. `tests/annotate_office.rs` opens the output with
//! python-docx and LibreOffice.

mod common;
#[path = "common/package.rs"]
mod package;

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use package::{
    ANNOTATED_PARTS, Comment, assert_other_entries_identical, attribute, comments, entries, part,
    reference, text_of,
};
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use xxgk_lint::annotate::{self, Annotated, Request};
use xxgk_lint::diagnostic::{Diagnostic, Edit};
use xxgk_lint::engine::Lang;
use xxgk_lint::input::{self, Input};
use xxgk_lint::{FileOptions, Linter};

/// Every Word document annotating is tested on.
fn documents() -> Vec<PathBuf> {
    let mut paths = vec![common::fixture("inputs/seed-001.docx")];
    let dir = common::fixture("annotate");
    let mut more: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "docx"))
        .collect();
    more.sort();
    assert_eq!(more.len(), 5, "one document per seed");
    paths.extend(more);
    paths
}

struct Run {
    original: Vec<u8>,
    input: Input,
    diagnostics: Vec<Diagnostic>,
    edits: Vec<Edit>,
    fixed_text: String,
    annotated: Annotated,
}

/// Lints a document and annotates it through the library.
fn annotate_doc(path: &Path, fixes: bool, lang: Lang) -> Run {
    let original = std::fs::read(path).unwrap();
    let input = input::load(path, &original, None).unwrap();
    let linter = Linter::builtin().unwrap();
    let options = FileOptions::default();
    let diagnostics = linter.lint_input_in(&input, &options, lang).diagnostics;
    let fixed = xxgk_lint::fix::fix_text(&input.text, diagnostics.clone(), false, |text| {
        linter.lint_in(text, &options, lang).diagnostics
    });
    let edits = if fixes {
        fixed.edits_on(&input.text)
    } else {
        Vec::new()
    };
    let annotated = annotate::annotate(
        &original,
        &input.text,
        &Request {
            diagnostics: &diagnostics,
            edits: &edits,
            lang,
            date: "2025-01-31T09:00:00Z",
        },
    )
    .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    Run {
        original,
        input,
        diagnostics,
        edits,
        fixed_text: fixed.text,
        annotated,
    }
}

/// The text each comment range of the main part covers, as the document
/// read before the changes by `author` (their deletions kept, insertions
/// left out) and after them (accepted). Paragraphs end with a line break.
fn anchors(xml: &str, author: &str) -> BTreeMap<String, (String, String)> {
    let mut reader = Reader::from_str(xml);
    let mut open: Vec<String> = Vec::new();
    let mut out: BTreeMap<String, (String, String)> = BTreeMap::new();
    // Inside our w:ins / any w:del / our w:del; inside w:t / w:delText.
    let (mut ours_ins, mut any_del, mut ours_del) = (0, 0, 0);
    let mut text_kind: Option<&str> = None;
    let push = |out: &mut BTreeMap<String, (String, String)>,
                open: &[String],
                before: bool,
                after: bool,
                text: &str| {
        for id in open {
            let entry = out.entry(id.clone()).or_default();
            if before {
                entry.0.push_str(text);
            }
            if after {
                entry.1.push_str(text);
            }
        }
    };
    loop {
        let event = reader.read_event().unwrap();
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    "commentRangeStart" => {
                        let id = attribute(e, "id").unwrap();
                        out.entry(id.clone()).or_default();
                        open.push(id);
                    }
                    "commentRangeEnd" => {
                        let id = attribute(e, "id").unwrap();
                        open.retain(|other| *other != id);
                    }
                    "ins" if !empty => {
                        if attribute(e, "author").as_deref() == Some(author) {
                            ours_ins += 1;
                        } else {
                            ours_ins += 0;
                        }
                    }
                    "del" if !empty => {
                        any_del += 1;
                        if attribute(e, "author").as_deref() == Some(author) {
                            ours_del += 1;
                        }
                    }
                    "t" if !empty => text_kind = Some("t"),
                    "delText" if !empty => text_kind = Some("delText"),
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "ins" => ours_ins = 0.max(ours_ins - 1),
                "del" => {
                    any_del -= 1;
                    ours_del = 0.max(ours_del - 1);
                }
                "t" | "delText" => text_kind = None,
                "p" => push(&mut out, &open, true, true, "\n"),
                _ => {}
            },
            Event::Text(_) | Event::GeneralRef(_) => {
                let text = match &event {
                    Event::Text(t) => text_of(t),
                    Event::GeneralRef(r) => reference(r),
                    _ => unreachable!(),
                };
                match text_kind {
                    Some("t") if any_del == 0 => {
                        push(&mut out, &open, ours_ins == 0, true, &text);
                    }
                    Some("delText") if ours_del > 0 && any_del == ours_del => {
                        push(&mut out, &open, true, false, &text);
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn no_space(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of the paragraph or cell at `offset` of the input's text.
fn unit_text(input: &Input, offset: usize) -> String {
    let place = input.place(offset).unwrap();
    input
        .locations
        .entries()
        .filter(|(_, p)| *p == place)
        .map(|(range, _)| input.text[range.clone()].to_string())
        .collect()
}

// ---------------------------------------------------------------- comments

#[test]
fn every_finding_is_one_comment_anchored_on_its_text() {
    let mut exact = 0;
    let mut placed = 0;
    let mut with_findings = 0;
    for path in documents() {
        let run = annotate_doc(&path, false, Lang::Zh);
        let name = path.display();
        // A clean document gets no comment of ours (checked below).
        with_findings += usize::from(!run.diagnostics.is_empty());
        let before = comments(
            &entries(&run.original)
                .get("word/comments.xml")
                .map_or(String::new(), |entry| {
                    String::from_utf8(entry.content.clone()).unwrap()
                }),
        );
        let after = comments(&part(&run.annotated.bytes, "word/comments.xml"));
        // The comments already there are kept, with their ids.
        for old in &before {
            assert!(
                after
                    .iter()
                    .any(|c| c.id == old.id && c.text == old.text && c.author == old.author),
                "{name}: comment {} lost",
                old.id
            );
        }
        let ours: Vec<&Comment> = after.iter().filter(|c| c.author == "xxgk-lint").collect();
        assert_eq!(
            ours.len(),
            run.diagnostics.len(),
            "{name}: one comment per finding"
        );
        assert_eq!(run.annotated.comments, run.diagnostics.len());
        let mut ids: Vec<&str> = after.iter().map(|c| c.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), after.len(), "{name}: comment ids are unique");

        let document = part(&run.annotated.bytes, "word/document.xml");
        let ranges = anchors(&document, "xxgk-lint");
        for (diagnostic, comment) in run.diagnostics.iter().zip(&ours) {
            assert_eq!(comment.initials, "XL");
            let first_line = comment.text.lines().next().unwrap();
            assert!(
                first_line.contains(&format!("[{}]", diagnostic.code))
                    && first_line.contains(&diagnostic.message),
                "{name}: {first_line:?} is not {diagnostic:?}"
            );
            if let Some(help) = &diagnostic.help {
                assert!(comment.text.contains(&format!("建议：{help}")));
            }
            let (anchored, _) = ranges
                .get(&comment.id)
                .unwrap_or_else(|| panic!("{name}: comment {} has no range", comment.id));
            let span_text = &run.input.text[diagnostic.span.clone()];
            if no_space(span_text).is_empty() && comment.text.contains("位置：") {
                // No text of its own: the whole paragraph or cell, and the
                // comment says where the missing part belongs.
                assert_eq!(
                    no_space(anchored),
                    no_space(&unit_text(&run.input, diagnostic.span.start)),
                    "{name}: {} at {:?}",
                    diagnostic.code,
                    diagnostic.span
                );
                placed += 1;
            } else if span_text.contains(['\t', '\n']) || no_space(span_text).is_empty() {
                assert_eq!(
                    no_space(anchored),
                    no_space(span_text),
                    "{name}: {}",
                    diagnostic.code
                );
                exact += 1;
            } else {
                assert_eq!(
                    anchored.trim_end_matches('\n'),
                    span_text,
                    "{name}: {}",
                    diagnostic.code
                );
                exact += 1;
            }
        }
        // Comments change no text: the copy reads as the document.
        let reread = input::load(&path, &run.annotated.bytes, None).unwrap();
        assert_eq!(reread.text, run.input.text, "{name}");
    }
    assert!(exact >= 15, "{exact} findings anchored on their text");
    assert!(
        with_findings >= 4,
        "only {with_findings} documents had findings"
    );
    let _ = placed;
}

#[test]
fn a_finding_without_text_says_where_the_part_belongs() {
    // A section heading removed: the missing section's comment is put on
    // the paragraph where it should be.
    let dir = scratch("missing");
    let path = dir.join("missing.docx");
    let original = std::fs::read(common::fixture("annotate/seed-001.docx")).unwrap();
    let heading = "二、主动公开政府信息情况";
    std::fs::write(
        &path,
        replace_part(&original, "word/document.xml", |xml| {
            assert!(xml.contains(heading));
            xml.replacen(heading, "", 1)
        }),
    )
    .unwrap();
    // A blank cell with nothing in it: the comment goes on the cell.
    let blank = dir.join("blank.docx");
    let cell_end = ">0</w:t></w:r></w:p></w:tc>";
    std::fs::write(
        &blank,
        replace_part(&original, "word/document.xml", |xml| {
            assert!(xml.contains(cell_end));
            xml.replacen(cell_end, "></w:t></w:r></w:p></w:tc>", 1)
        }),
    )
    .unwrap();
    let mut placed = 0;
    let mut missing = 0;
    let mut paths = documents();
    paths.push(path);
    paths.push(blank);
    for path in paths {
        let run = annotate_doc(&path, false, Lang::Zh);
        let listed = comments(&part(&run.annotated.bytes, "word/comments.xml"));
        let ours: Vec<&Comment> = listed.iter().filter(|c| c.author == "xxgk-lint").collect();
        let ranges = anchors(
            &part(&run.annotated.bytes, "word/document.xml"),
            "xxgk-lint",
        );
        for (diagnostic, comment) in run.diagnostics.iter().zip(&ours) {
            let span_text = &run.input.text[diagnostic.span.clone()];
            if no_space(span_text).is_empty() && comment.text.contains("位置：") {
                placed += 1;
                let place = run.input.place(diagnostic.span.start).unwrap();
                assert!(
                    comment
                        .text
                        .contains(&format!("位置：{}", place.describe(Lang::Zh)))
                        || comment
                            .text
                            .contains(&format!("应在{}", place.describe(Lang::Zh))),
                    "{}",
                    comment.text
                );
                assert_eq!(
                    no_space(&ranges[&comment.id].0),
                    no_space(&unit_text(&run.input, diagnostic.span.start))
                );
            } else {
                // A text of its own (a blank cell's space is one).
                assert!(!comment.text.contains("位置："), "{}", comment.text);
                assert_eq!(no_space(&ranges[&comment.id].0), no_space(span_text));
            }
            if diagnostic.message.contains(heading) {
                // Where the section should have begun.
                missing += 1;
                assert_eq!(no_space(&ranges[&comment.id].0), no_space(span_text));
            }
        }
    }
    assert!(placed > 0);
    assert!(missing >= 1);
}

/// The package with one part's text changed (every other entry copied raw).
fn replace_part(bytes: &[u8], name: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let is_target = archive.by_index_raw(index).unwrap().name().unwrap() == name;
        if is_target {
            let mut text = String::new();
            archive
                .by_index(index)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            writer
                .start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut writer, edit(&text).as_bytes()).unwrap();
        } else {
            writer
                .raw_copy_file(archive.by_index_raw(index).unwrap())
                .unwrap();
        }
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn comments_are_in_english_with_lang_en() {
    let run = annotate_doc(&common::fixture("inputs/seed-001.docx"), false, Lang::En);
    let ours: Vec<Comment> = comments(&part(&run.annotated.bytes, "word/comments.xml"));
    assert_eq!(ours.len(), run.diagnostics.len());
    for (comment, diagnostic) in ours.iter().zip(&run.diagnostics) {
        assert!(comment.text.contains(&diagnostic.message));
        assert!(comment.text.contains(&format!("rule: {}", diagnostic.code)));
        assert!(!comment.text.contains("建议："));
    }
}

// ------------------------------------------------------------- the package

/// `changed` is `original` with `added` pieces of text inserted.
fn only_additions(original: &str, changed: &str) -> bool {
    let diff = similar::TextDiff::from_chars(original, changed);
    diff.ops().iter().all(|op| {
        !matches!(
            op.tag(),
            similar::DiffTag::Delete | similar::DiffTag::Replace
        )
    })
}

#[test]
fn every_other_part_is_byte_identical() {
    for path in documents() {
        for fixes in [false, true] {
            let run = annotate_doc(&path, fixes, Lang::Zh);
            let name = path.display();
            let before = entries(&run.original);
            let after = entries(&run.annotated.bytes);
            assert_other_entries_identical(&before, &after, &name.to_string());
            // The three package parts only gain what the comments need.
            for part_name in &ANNOTATED_PARTS[1..] {
                if let Some(old) = before.get(*part_name) {
                    let old = String::from_utf8(old.content.clone()).unwrap();
                    let new = String::from_utf8(after[*part_name].content.clone()).unwrap();
                    assert!(only_additions(&old, &new), "{name}: {part_name} lost text");
                }
            }
            let types = part(&run.annotated.bytes, "[Content_Types].xml");
            assert!(types.contains("wordprocessingml.comments+xml"));
            assert_eq!(types.matches("/word/comments.xml").count(), 1);
            let rels = part(&run.annotated.bytes, "word/_rels/document.xml.rels");
            assert_eq!(rels.matches("relationships/comments\"").count(), 1);
            // Without fixes the main part only gains comment marks, and
            // runs split where they start and end.
            if !fixes {
                let old = part(&run.original, "word/document.xml");
                let new = part(&run.annotated.bytes, "word/document.xml");
                let stripped = strip_added_markup(&new);
                assert_eq!(
                    no_space(&text_only(&stripped)),
                    no_space(&text_only(&old)),
                    "{name}"
                );
                // Existing tracked changes are kept.
                for marker in ["<w:ins ", "<w:del ", "<w:delText"] {
                    assert_eq!(
                        new.matches(marker).count(),
                        old.matches(marker).count(),
                        "{name}"
                    );
                }
            }
        }
    }
}

/// The main part without comment marks.
fn strip_added_markup(xml: &str) -> String {
    let pattern = regex::Regex::new(
        r#"<w:commentRange(Start|End) w:id="\d+"/>|<w:r><w:commentReference w:id="\d+"/></w:r>"#,
    )
    .unwrap();
    pattern.replace_all(xml, "").into_owned()
}

/// The text of every `w:t` and `w:delText`, in order.
fn text_only(xml: &str) -> String {
    let pattern = regex::Regex::new(r"<w:(t|delText)( [^>]*)?>([^<]*)</w:(t|delText)>").unwrap();
    pattern
        .captures_iter(xml)
        .map(|c| c[3].to_string())
        .collect()
}

// ------------------------------------------------------------------- fixes

#[test]
fn accepted_changes_give_the_fixed_text() {
    let mut changes = 0;
    for path in documents() {
        let run = annotate_doc(&path, true, Lang::Zh);
        let name = path.display();
        assert!(
            run.annotated.not_written.is_empty(),
            "{name}: {:?}",
            run.annotated.not_written
        );
        assert_eq!(run.annotated.changes, run.edits.len());
        changes += run.edits.len();
        // The reader reads a document with its changes accepted.
        let reread = input::load(&path, &run.annotated.bytes, None).unwrap();
        assert_eq!(reread.text, run.fixed_text, "{name}");
        // Every change is ours and marked as such.
        let document = part(&run.annotated.bytes, "word/document.xml");
        let ours = document.matches("w:author=\"xxgk-lint\"").count();
        assert!(ours >= run.edits.len(), "{name}");
        // Rejected, they give the document's own text back: a comment on
        // a fixed cell covers the old value.
        let ranges = anchors(&document, "xxgk-lint");
        let listed = comments(&part(&run.annotated.bytes, "word/comments.xml"));
        let ours: Vec<&Comment> = listed.iter().filter(|c| c.author == "xxgk-lint").collect();
        for (diagnostic, comment) in run.diagnostics.iter().zip(ours) {
            let span_text = &run.input.text[diagnostic.span.clone()];
            if !span_text.contains(['\t', '\n']) && !no_space(span_text).is_empty() {
                assert_eq!(
                    ranges[&comment.id].0.trim_end_matches('\n'),
                    span_text,
                    "{name}"
                );
            }
        }
    }
    assert!(changes >= 5, "only {changes} changes in the fixtures");
}

// --------------------------------------------------------- command line

fn xxgk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xxgk-lint"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("annotate-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn annotate_with_fixes_equals_check_fix_and_leaves_the_document_alone() {
    for path in documents() {
        let dir = scratch(&format!(
            "fix-{}",
            path.parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
        ));
        let document = dir.join("report.docx");
        std::fs::copy(&path, &document).unwrap();
        let modified = std::fs::metadata(&document).unwrap().modified().unwrap();
        let bytes = std::fs::read(&document).unwrap();
        let out = dir.join("out.docx");
        let status = xxgk()
            .args([
                "annotate",
                "--fixes",
                "--isolated",
                "--format",
                "short",
                "-o",
            ])
            .arg(&out)
            .arg(&document)
            .env("SOURCE_DATE_EPOCH", "1738314000")
            .output()
            .unwrap();
        assert!(matches!(status.status.code(), Some(0 | 1)), "{status:?}");
        assert!(String::from_utf8_lossy(&status.stderr).contains("已写入"));
        assert_eq!(
            std::fs::read(&document).unwrap(),
            bytes,
            "the document is unchanged"
        );
        assert_eq!(
            std::fs::metadata(&document).unwrap().modified().unwrap(),
            modified
        );
        // `check --fix` on the document's text.
        let text = xxgk()
            .args(["dump", "--text"])
            .arg(&document)
            .output()
            .unwrap();
        let text_file = dir.join("report.txt");
        std::fs::write(&text_file, &text.stdout).unwrap();
        xxgk()
            .args(["check", "--fix", "--isolated", "--format", "short"])
            .arg(&text_file)
            .output()
            .unwrap();
        let accepted = xxgk().args(["dump", "--text"]).arg(&out).output().unwrap();
        assert_eq!(
            String::from_utf8(accepted.stdout).unwrap(),
            std::fs::read_to_string(&text_file).unwrap(),
            "{}",
            path.display()
        );
        let findings = String::from_utf8_lossy(&status.stdout).lines().count();
        assert!(
            findings == 0
                || part(&std::fs::read(&out).unwrap(), "word/comments.xml")
                    .contains("w:date=\"2025-01-31T09:00:00Z\""),
            "{}",
            path.display()
        );
        assert_eq!(files_in(&dir), ["out.docx", "report.docx", "report.txt"]);
    }
}

#[test]
fn check_annotate_writes_a_copy_beside_each_document_or_into_a_folder() {
    let dir = scratch("batch");
    let reports = dir.join("reports");
    std::fs::create_dir_all(&reports).unwrap();
    std::fs::copy(
        common::fixture("inputs/seed-001.docx"),
        reports.join("a.docx"),
    )
    .unwrap();
    std::fs::copy(
        common::fixture("annotate/seed-003.docx"),
        reports.join("b.docx"),
    )
    .unwrap();
    std::fs::copy(common::fixture(&common::seed("002")), reports.join("c.txt")).unwrap();
    let run = |extra: &[&str]| {
        xxgk()
            .current_dir(&dir)
            .args([
                "check",
                "--isolated",
                "--format",
                "json",
                "--annotate",
                "reports",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let first = run(&[]);
    assert_eq!(first.status.code(), Some(1), "{first:?}");
    let json: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(
        json["files"].as_array().unwrap().len(),
        3,
        "the text file is linted too"
    );
    assert_eq!(
        files_in(&reports),
        [
            "a.checked.docx",
            "a.docx",
            "b.checked.docx",
            "b.docx",
            "c.txt"
        ]
    );
    // The copies are not reports: a second run neither lints nor copies them.
    let second = run(&[]);
    let json: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(json["files"].as_array().unwrap().len(), 3);
    assert_eq!(files_in(&reports).len(), 5);
    let third = run(&["--annotate-dir", "out"]);
    assert_eq!(third.status.code(), Some(1));
    assert_eq!(
        files_in(&dir.join("out/reports")),
        ["a.checked.docx", "b.checked.docx"]
    );
}

#[test]
fn what_is_not_a_word_document_is_refused_without_writing_anything() {
    let dir = scratch("refused");
    let text = dir.join("report.txt");
    std::fs::copy(common::fixture(&common::seed("001")), &text).unwrap();
    let page = dir.join("report.html");
    std::fs::copy(common::fixture("inputs/seed-004.html"), &page).unwrap();
    let good = std::fs::read(common::fixture("inputs/seed-001.docx")).unwrap();
    let truncated = dir.join("truncated.docx");
    std::fs::write(&truncated, &good[..good.len() / 2]).unwrap();
    let encrypted = dir.join("encrypted.docx");
    let mut ole = vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    ole.extend(std::iter::repeat_n(0u8, 1024));
    std::fs::write(&encrypted, ole).unwrap();
    let broken_xml = dir.join("broken.docx");
    {
        let mut writer = zip::ZipWriter::new(std::fs::File::create(&broken_xml).unwrap());
        writer
            .start_file(
                "word/document.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
        std::io::Write::write_all(&mut writer, b"<w:document><w:body><w:p></w:body>").unwrap();
        writer.finish().unwrap();
    }
    let huge = dir.join("huge.docx");
    std::fs::write(&huge, &good).unwrap();
    let cases: [(&Path, &[&str], &str, &str); 6] = [
        (
            &text,
            &[],
            "批注只能写入 Word 文档（.docx），此文件是文本文件",
            "comments are written into Word documents (.docx) only; this is a text file",
        ),
        (&page, &[], "此文件是网页", "this is a web page"),
        (
            &truncated,
            &[],
            "无法读取 Word 文档",
            "cannot read the Word document",
        ),
        (
            &encrypted,
            &[],
            "不读取旧版 Word 文档",
            "old binary Word documents",
        ),
        (
            &broken_xml,
            &[],
            "无法读取 Word 文档",
            "cannot read the Word document",
        ),
        (
            &huge,
            &["--max-file-size", "1KB"],
            "超过 1000 字节的上限",
            "over the limit of 1000 bytes",
        ),
    ];
    let before = files_in(&dir);
    for (file, extra, chinese, english) in cases {
        for (lang, expected) in [("zh", chinese), ("en", english)] {
            let output = xxgk()
                .args(["annotate", "--isolated", "--lang", lang])
                .args(extra)
                .arg(file)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(
                output.status.code(),
                Some(2),
                "{}: {stderr}",
                file.display()
            );
            let flat: String = stderr.split_whitespace().collect::<Vec<_>>().join(" ");
            let flat = flat.replace(" │ ", " ").replace("│ ", "");
            assert!(
                no_space(&flat).contains(&no_space(expected)),
                "{} ({lang}): {stderr}",
                file.display()
            );
            assert!(
                stderr.contains(&file.display().to_string())
                    || no_space(&stderr).contains(&no_space(&file.display().to_string())),
                "{stderr}"
            );
        }
    }
    assert_eq!(files_in(&dir), before, "no output and no temporary file");
}
