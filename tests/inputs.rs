//! Real submissions: Word documents, saved web pages, GB18030 text, and
//! files that are not read. The Word and web-page fixtures are made from
//! the seeds by `tests/fixtures/gen/make_fixtures.py` with the seeds'
//! tables as real tables (merged cells, split labels), so they must read
//! and lint like the seeds.

mod common;

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use xxgk_lint::diagnostic::{Diagnostic, Place};
use xxgk_lint::input::{self, Format, Input};
use xxgk_lint::render::{self, FileResult};
use xxgk_lint::{FileOptions, Linted, Linter};

fn load(relative: &str) -> Input {
    let path = common::fixture(relative);
    let bytes = std::fs::read(&path).unwrap();
    input::load(&path, &bytes, None).unwrap()
}

fn lint(input: &Input) -> Linted {
    Linter::builtin()
        .unwrap()
        .lint_input(input, &FileOptions::default())
}

/// Each finding as (code, cell key of the table cell it points at).
fn findings(linted: &Linted) -> Vec<(String, Option<String>)> {
    let mut list: Vec<(String, Option<String>)> = linted
        .diagnostics
        .iter()
        .map(|diagnostic| (diagnostic.code.clone(), cell_key(linted, diagnostic)))
        .collect();
    list.sort();
    list
}

fn cell_key(linted: &Linted, diagnostic: &Diagnostic) -> Option<String> {
    linted.report.tables.iter().find_map(|table| {
        table
            .cells
            .iter()
            .find(|cell| {
                cell.span.start <= diagnostic.span.start && diagnostic.span.start <= cell.span.end
            })
            .map(|cell| format!("{}.{}", table.key, cell.key))
    })
}

/// The cells of a dump without their lines: table → key → (text, value,
/// unit), and each table's template.
fn cells(dump: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for (table, content) in dump["tables"].as_object().unwrap() {
        out.insert(format!("{table}#template"), content["template"].clone());
        for (key, cell) in content["cells"].as_object().unwrap() {
            out.insert(
                format!("{table}.{key}"),
                serde_json::json!([cell["text"], cell["value"], cell["unit"]]),
            );
        }
    }
    out
}

fn dump_of(text: &str) -> Value {
    let report = xxgk_lint::model::Report::read(text);
    xxgk_lint::dump::dump(text, &report)
}

fn section_keys(dump: &Value) -> Vec<Value> {
    dump["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|section| section["key"].clone())
        .collect()
}

// ------------------------------------------------------------ acceptance 1

#[test]
fn docx_of_seed_001_reads_and_lints_like_the_text() {
    let docx = load("inputs/seed-001.docx");
    assert_eq!(docx.format, Format::Docx);
    let text = common::read_fixture(&common::seed("001"));

    let docx_dump = dump_of(&docx.text);
    let text_dump = dump_of(&text);
    assert_eq!(cells(&docx_dump), cells(&text_dump));
    assert_eq!(cells(&docx_dump).len(), 203);
    assert_eq!(docx_dump["meta"], text_dump["meta"]);
    assert_eq!(section_keys(&docx_dump), section_keys(&text_dump));

    // The same findings, except the converter's "[bookmark: _GoBack]",
    // which a real Word document does not have.
    let from_docx = findings(&lint(&docx));
    let mut from_text = findings(&lint(&Input::from_text(text)));
    let debris = ("GK501".to_string(), None);
    assert!(from_text.contains(&debris));
    from_text.retain(|finding| *finding != debris);
    assert_eq!(from_docx, from_text);
}

#[test]
fn docx_findings_on_cells_match_the_text_and_say_where_the_cell_is() {
    // The same wrong number in both: 一、本年新收…·自然人 3 → 5.
    let text = common::read_fixture(&common::seed("001"));
    let label = "\t一、本年新收政府信息公开申请数量\n\t3\n";
    assert!(text.contains(label));
    let text = text.replacen(label, "\t一、本年新收政府信息公开申请数量\n\t5\n", 1);

    let path = common::fixture("inputs/seed-001.docx");
    let docx = rewrite_document_xml(&std::fs::read(&path).unwrap(), |xml| {
        let at = xml.find("一、本年新收政府信息公开申请数量").unwrap();
        let value = ">3</w:t>";
        let cell = at + xml[at..].find(value).unwrap();
        format!("{}>5</w:t>{}", &xml[..cell], &xml[cell + value.len()..])
    });
    let docx = input::load(&path, &docx, None).unwrap();

    let from_text = findings(&lint(&Input::from_text(text)));
    let linted = lint(&docx);
    let from_docx = findings(&linted);
    let on_cells: Vec<_> = from_docx.iter().filter(|(_, key)| key.is_some()).collect();
    assert!(
        on_cells
            .iter()
            .any(|(code, key)| code == "GK302" && key.as_deref() == Some("applications.new.total")),
        "{from_docx:?}"
    );
    let mut from_text = from_text;
    from_text.retain(|finding| *finding != ("GK501".to_string(), None));
    assert_eq!(from_docx, from_text);

    // Every finding says where it is in the document; one on a cell names
    // the Word table, row and grid column (表三 is the second table; the
    // row of 一、本年新收 is its fourth; 总计 is the tenth grid column).
    assert!(linted.diagnostics.iter().all(|d| d.location.is_some()));
    let total = linted
        .diagnostics
        .iter()
        .find(|d| d.code == "GK302")
        .unwrap();
    let location = total.location.as_ref().unwrap();
    assert_eq!(
        location.place,
        Place::Cell {
            table: 2,
            row: 4,
            column: 10
        }
    );
    assert_eq!(location.text, "表格 2 第 4 行第 10 列");
    let json = render::json::render(&[FileResult {
        path: "seed-001.docx",
        text: &docx.text,
        report: Some(&linted.report),
        diagnostics: &linted.diagnostics,
    }]);
    let located = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "GK302")
        .unwrap();
    assert_eq!(
        located["location"],
        serde_json::json!({"table": 2, "row": 4, "column": 10, "text": "表格 2 第 4 行第 10 列"})
    );
}

#[test]
fn docx_text_is_the_accepted_text_without_codes_or_debris() {
    let docx = load("inputs/seed-001.docx");
    let seed = common::read_fixture(&common::seed("001"));
    for absent in [
        "[bookmark",
        "_GoBack",
        "DOCPROPERTY",
        "MERGEFORMAT",
        "已删除的旧表述",
    ] {
        assert!(!docx.text.contains(absent), "{absent}");
    }
    let lines: Vec<&str> = docx.text.lines().collect();
    // The title's year is a field: its result is read.
    assert_eq!(lines[0], "溪口镇2021年度政府信息公开工作报告");
    // A tracked insertion is kept, the deletion beside it dropped; a
    // paragraph whose mark was deleted is joined to the next.
    let seed_lines: Vec<&str> = seed.lines().collect();
    assert!(lines.contains(&seed_lines[3]));
    assert!(lines.contains(&seed_lines[5]));
    // Tables are TAB rows; a merged cell is an empty cell; a label wrapped
    // over two paragraphs of its cell is one cell.
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("\t\t4.保护第三方合法权益\t0"))
    );
    assert!(lines.contains(&"\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t"));
}

// ------------------------------------------------------------ acceptance 2

#[test]
fn html_of_seed_004_reads_like_the_text() {
    let page = load("inputs/seed-004.html");
    assert_eq!(page.format, Format::Html);
    // Saved in GBK, declared as gb2312.
    assert_eq!(page.encoding, encoding_rs::GBK);
    assert!(page.decode_errors.is_empty());
    let text = common::read_fixture(&common::seed("004"));
    let page_dump = dump_of(&page.text);
    let text_dump = dump_of(&text);
    assert_eq!(cells(&page_dump), cells(&text_dump));
    assert_eq!(cells(&page_dump).len(), 201);
    assert_eq!(page_dump["meta"], text_dump["meta"]);
    assert_eq!(section_keys(&page_dump), section_keys(&text_dump));
    // Scripts, styles, navigation, breadcrumbs and the footer are not text.
    for absent in [
        "pageTitle",
        "text-indent",
        "互动交流",
        "当前位置",
        "版权所有",
        "分享到",
    ] {
        assert!(!page.text.contains(absent), "{absent}");
    }
    // rowspan: empty cells below; the vertical header joined; &ldquo;
    // decoded.
    assert!(
        page.text
            .contains("\n三、本年度办理结果\t（一）予以公开\t0\t")
    );
    assert!(page.text.contains("\n\t\t3.危及“三安全一稳定”\t0\t"));
    assert_eq!(
        findings(&lint(&page)),
        findings(&lint(&Input::from_text(text)))
    );
}

// ------------------------------------------------------------ acceptance 3

#[test]
fn gb18030_seed_003_gives_the_same_findings_and_lines() {
    let text = common::read_fixture(&common::seed("003"));
    let linter = Linter::builtin().unwrap();
    let expected = json_of(&linter, "003.txt", &Input::from_text(text.clone()));
    let dates = |json: &Value| -> Vec<(Value, Value)> {
        json["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "GK403")
            .map(|d| (d["span"]["line"].clone(), d["span"]["column"].clone()))
            .collect()
    };
    assert_eq!(dates(&expected), [(413.into(), 1.into())]);

    let (gb18030, _, _) = encoding_rs::GB18030.encode(&text);
    assert!(std::str::from_utf8(&gb18030).is_err());
    let crlf = text.replace('\n', "\r\n");
    let (gbk_crlf, _, _) = encoding_rs::GBK.encode(&crlf);
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let cases: [(&str, Vec<u8>, Option<&'static encoding_rs::Encoding>); 4] = [
        ("detected", gb18030.to_vec(), None),
        ("forced", gb18030.to_vec(), Some(encoding_rs::GB18030)),
        ("gbk with CRLF", gbk_crlf.to_vec(), None),
        ("utf-16 with BOM", utf16, None),
    ];
    for (case, bytes, forced) in cases {
        let read = input::load(Path::new("003.txt"), &bytes, forced).unwrap();
        assert!(read.decode_errors.is_empty(), "{case}");
        let json = json_of(&linter, "003.txt", &read);
        assert_eq!(dates(&json), dates(&expected), "{case}");
        if case == "gbk with CRLF" {
            assert_eq!(read.encoding, encoding_rs::GB18030);
            let lines = |json: &Value| -> Vec<(Value, Value, Value)> {
                json["files"][0]["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| {
                        (
                            d["code"].clone(),
                            d["span"]["line"].clone(),
                            d["span"]["column"].clone(),
                        )
                    })
                    .collect()
            };
            assert_eq!(lines(&json), lines(&expected), "{case}");
        } else {
            assert_eq!(read.text, text, "{case}");
            assert_eq!(json, expected, "{case}");
        }
    }
}

fn json_of(linter: &Linter, path: &str, input: &Input) -> Value {
    let linted = linter.lint_input(input, &FileOptions::default());
    render::json::render(&[FileResult {
        path,
        text: &input.text,
        report: Some(&linted.report),
        diagnostics: &linted.diagnostics,
    }])
}

// ------------------------------------------------------------ acceptance 4

#[test]
fn undecodable_bytes_are_reported_at_their_offset_and_the_rest_is_linted() {
    let text = common::read_fixture(&common::seed("003"));
    // Inside a sentence of section 四.
    let middle = text.find("四、政府信息公开行政复议").unwrap();
    let middle = middle + text[middle..].find("，").unwrap();
    let mut bytes = text.as_bytes()[..middle].to_vec();
    bytes.extend_from_slice(b"\xff\xfe\x80");
    bytes.extend_from_slice(&text.as_bytes()[middle..]);
    let read = input::load(Path::new("damaged.txt"), &bytes, None).unwrap();
    assert_eq!(read.encoding, encoding_rs::UTF_8);
    assert_eq!(read.decode_errors.len(), 1);
    assert_eq!(read.decode_errors[0].offset, middle);
    let linted = lint(&read);
    let undecodable: Vec<&Diagnostic> = linted
        .diagnostics
        .iter()
        .filter(|d| d.code == "GK004")
        .collect();
    assert_eq!(undecodable.len(), 1);
    assert!(
        undecodable[0]
            .message
            .contains(&format!("第 {middle} 字节")),
        "{}",
        undecodable[0].message
    );
    assert!(undecodable[0].message.contains("FF FE 80"));
    // Everything else is still read and linted: the same findings as the
    // undamaged file, plus GK004.
    let undamaged = lint(&Input::from_text(text.clone()));
    assert_eq!(lines_of(&linted, &read.text), lines_of(&undamaged, &text));
    assert!(linted.diagnostics.iter().any(|d| d.code == "GK403"));
    assert_eq!(linted.report.sections.len(), 5);
}

/// (code, line) of each finding.
fn lines_of(linted: &Linted, text: &str) -> Vec<(String, usize)> {
    let mut lines: Vec<(String, usize)> = linted
        .diagnostics
        .iter()
        .filter(|d| d.code != "GK004")
        .map(|d| {
            (
                d.code.clone(),
                linted.report.line_index.line_col(text, d.span.start).line,
            )
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn files_that_are_not_read_get_a_clear_message_and_the_others_are_linted() {
    let dir = scratch("unreadable");
    let seed = common::read_fixture(&common::seed("003"));
    let good = dir.join("good.txt");
    std::fs::write(&good, &seed).unwrap();
    let damaged = dir.join("damaged.txt");
    let mut bytes = seed.as_bytes().to_vec();
    let middle = seed.find("四、政府信息公开行政复议").unwrap();
    bytes.splice(middle..middle, [0xffu8, 0xfe]);
    std::fs::write(&damaged, bytes).unwrap();
    let pdf = dir.join("report.pdf");
    std::fs::write(
        &pdf,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    )
    .unwrap();
    let not_docx = dir.join("tables.docx");
    std::fs::write(&not_docx, zip_of(&[("xl/workbook.xml", "<workbook/>")])).unwrap();
    let doc = dir.join("old.doc");
    let mut ole = vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    ole.resize(2048, 0);
    std::fs::write(&doc, ole).unwrap();
    let broken = dir.join("broken.docx");
    std::fs::write(
        &broken,
        zip_of(&[(
            "word/document.xml",
            "<w:document><w:body><w:p><w:r><w:t>一、总体情况</w:r></w:t></w:p></w:body></w:document>",
        )]),
    )
    .unwrap();
    let truncated = dir.join("truncated.docx");
    let whole = std::fs::read(common::fixture("inputs/seed-001.docx")).unwrap();
    std::fs::write(&truncated, &whole[..whole.len() / 2]).unwrap();

    let files = [&good, &pdf, &damaged, &not_docx, &doc, &truncated];
    let output = run(&["check", "--format", "json"], &files);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The messages as printed, without miette's line wrapping.
    let unwrapped = unwrap(&stderr);
    for expected in [
        "report.pdf：不读取 PDF 文件",
        "tables.docx不是Word文档（是Excel工作簿（.xlsx））",
        "old.doc：不读取旧版Word文档",
        "truncated.docx：无法读取Word文档（文件不完整或已损坏）",
    ] {
        assert!(
            unwrapped.contains(&unwrap(expected)),
            "{expected}\n{stderr}"
        );
    }
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let (linted, refused): (Vec<&Value>, Vec<&Value>) = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .partition(|file| file["error"].is_null());
    let path = |file: &&Value| file["path"].as_str().unwrap().to_string();
    let linted_paths: Vec<String> = linted.iter().map(path).collect();
    assert_eq!(linted.len(), 2, "{linted_paths:?}");
    // Results come in path order.
    assert!(
        linted_paths[0].ends_with("damaged.txt") && linted_paths[1].ends_with("good.txt"),
        "{linted_paths:?}"
    );
    // The refused files are listed with their error, the report null.
    assert_eq!(refused.len(), 4, "{refused:?}");
    assert!(refused.iter().all(|file| file["report"].is_null()));
    assert_eq!(json["summary"]["failed"], 4);
    let damaged_findings = linted[0]["diagnostics"].as_array().unwrap();
    let undecodable = damaged_findings
        .iter()
        .find(|d| d["code"] == "GK004")
        .unwrap();
    assert_eq!(undecodable["category"], "parse");
    assert!(
        undecodable["message"]
            .as_str()
            .unwrap()
            .contains(&format!("第 {middle} 字节处有无法解码的内容（FF FE）"))
    );
    assert!(damaged_findings.iter().any(|d| d["code"] == "GK403"));

    // English, and a damaged document part.
    let output = run(
        &["check", "--lang", "en", "--format", "short"],
        &[&pdf, &broken, &good],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = unwrap(&String::from_utf8(output.stderr).unwrap());
    assert!(
        stderr.contains(&unwrap("report.pdf: PDF files are not read")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&unwrap("broken.docx: cannot read the Word document")),
        "{stderr}"
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("good.txt:413:1: error[GK403]"), "{stdout}");
}

// --------------------------------------------------------------- the CLI

#[test]
fn every_format_and_dump_work_on_documents() {
    let docx = common::fixture("inputs/seed-001.docx");
    let text = common::fixture(&common::seed("001"));
    let dump = |path: &Path| -> Value {
        let output = run(&["dump"], &[path]);
        assert!(output.status.success(), "{output:?}");
        serde_json::from_slice(&output.stdout).unwrap()
    };
    assert_eq!(cells(&dump(&docx)), cells(&dump(&text)));

    // Folders are walked for .docx and .html too.
    let inputs = common::fixture("inputs");
    let short = run(&["check", "--format", "short"], &[&inputs]);
    assert_eq!(short.status.code(), Some(0), "{short:?}");
    let short = String::from_utf8(short.stdout).unwrap();
    assert!(
        short.contains("seed-001.docx:1:1: warning[GK505]"),
        "{short}"
    );
    assert!(short.contains("[第 1 段]"), "{short}");
    // The web page (a correct report, no finding) is linted too.
    let listed = run(&["check", "--format", "json"], &[&inputs]);
    let listed: Value = serde_json::from_slice(&listed.stdout).unwrap();
    let paths: Vec<&str> = listed["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| file["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.iter().any(|path| path.ends_with("seed-004.html")),
        "{paths:?}"
    );

    let human = run(&["check", "--format", "human"], &[&docx]);
    let human = String::from_utf8(human.stdout).unwrap();
    assert!(human.contains("第 1 段"), "{human}");

    let json = run(&["check", "--format", "json", "--lang", "en"], &[&docx]);
    let json: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        json["files"][0]["diagnostics"][0]["location"],
        serde_json::json!({"paragraph": 1, "text": "paragraph 1"})
    );

    // --encoding: a wrong forced encoding is reported, not fatal.
    let gbk = scratch("encoding").join("gbk.txt");
    let seed = common::read_fixture(&common::seed("003"));
    std::fs::write(&gbk, encoding_rs::GBK.encode(&seed).0).unwrap();
    let forced = run(
        &["check", "--format", "short", "--encoding", "gbk"],
        &[&gbk],
    );
    let forced = String::from_utf8(forced.stdout).unwrap();
    assert!(forced.contains(":413:1: error[GK403]"), "{forced}");
    assert!(!forced.contains("GK004"), "{forced}");
    let wrong = run(
        &["check", "--format", "short", "--encoding", "utf-8"],
        &[&gbk],
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8(wrong.stdout).unwrap().contains("GK004"));
    let unknown = run(&["check", "--encoding", "klingon"], &[&gbk]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        String::from_utf8(unknown.stderr)
            .unwrap()
            .contains("unknown encoding")
    );
}

// ----------------------------------------------------------- robustness

#[test]
fn arbitrary_bytes_never_panic() {
    let docx = std::fs::read(common::fixture("inputs/seed-001.docx")).unwrap();
    let page = std::fs::read(common::fixture("inputs/seed-004.html")).unwrap();
    let mut state = 0x2545_f491_u32;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let linter = Linter::builtin().unwrap();
    for round in 0..40 {
        for (name, original) in [("a.docx", &docx), ("a.html", &page), ("a.txt", &page)] {
            let mut bytes = original.clone();
            for _ in 0..(1 + round % 8) {
                let at = next() as usize % bytes.len();
                bytes[at] = next() as u8;
            }
            if round % 5 == 0 {
                bytes.truncate(next() as usize % bytes.len());
            }
            if let Ok(read) = input::load(Path::new(name), &bytes, None) {
                let _ = linter.lint_input(&read, &FileOptions::default());
            }
        }
    }
    // A document part with damaged XML in the middle.
    let xml = read_document_xml(&docx);
    let cut = xml.len() / 2;
    let damaged = zip_of(&[(
        "word/document.xml",
        &format!("{}<<&{}", &xml[..cut], &xml[cut..]),
    )]);
    assert!(input::load(Path::new("d.docx"), &damaged, None).is_err());
}

// --------------------------------------------------------------- helpers

fn run<P: AsRef<Path>>(args: &[&str], paths: &[P]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xxgk-lint"))
        .args(args)
        .args(paths.iter().map(|path| path.as_ref().as_os_str()))
        .output()
        .unwrap()
}

/// `text` without whitespace and miette's margins (messages wrap).
fn unwrap(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect()
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("inputs-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, content) in parts {
        writer.start_file(*name, options).unwrap();
        writer.write_all(content.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn read_document_xml(docx: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The `.docx` with its main part changed by `edit`.
fn rewrite_document_xml(docx: &[u8], edit: impl Fn(&str) -> String) -> Vec<u8> {
    let xml = edit(&read_document_xml(docx));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut parts = Vec::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        let mut content = String::new();
        file.read_to_string(&mut content).unwrap();
        let name = file.name().unwrap().to_string();
        parts.push((
            name.clone(),
            if name == "word/document.xml" {
                xml.clone()
            } else {
                content
            },
        ));
    }
    let parts: Vec<(&str, &str)> = parts
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_str()))
        .collect();
    zip_of(&parts)
}
