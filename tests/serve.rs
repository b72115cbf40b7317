//! `xxgk-lint serve` end to end: the service started on a loopback port,
//! every endpoint, every input format and every error status; the answers
//! must be those of the command line on the same file.
#![cfg(feature = "serve")]

mod common;
#[path = "common/package.rs"]
mod package;
#[path = "common/server.rs"]
mod server;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use package::{assert_other_entries_identical, comments, entries, part};
use serde_json::Value;
use server::{Server, multipart};

fn xxgk(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xxgk-lint"))
        .args(args)
        .output()
        .unwrap()
}

/// `xxgk-lint check --isolated --format FORMAT FILE`, parsed.
fn cli_check(path: &Path, format: &str) -> Value {
    let out = xxgk(&[
        "check",
        "--isolated",
        "--format",
        format,
        path.to_str().unwrap(),
    ]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The JSON of the command line with the path it printed replaced by the
/// name the service was given: the only thing that must differ.
fn with_path(mut json: Value, name: &str) -> Value {
    json["files"][0]["path"] = Value::String(name.to_string());
    json
}

/// The inputs of every format: the seeds, a Word document, a web page and
/// a GB18030 text made here.
fn inputs(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(common::fixture("seeds"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    files.push(common::fixture("inputs/seed-001.docx"));
    files.push(common::fixture("inputs/seed-004.html"));
    files.push(gb18030_seed(dir));
    files
}

/// Seed 000 encoded in GB18030.
fn gb18030_seed(dir: &Path) -> std::path::PathBuf {
    let text = common::read_fixture(&common::seed("000"));
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    let path = dir.join("seed-000-gb18030.txt");
    std::fs::write(&path, &bytes).unwrap();
    path
}

#[test]
fn check_answers_what_the_command_line_prints_for_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&["--isolated"]);
    for path in inputs(dir.path()) {
        let name = path.file_name().unwrap().to_str().unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let expected = with_path(cli_check(&path, "json"), name);
        // As a form, the way the page sends it.
        let answer = server.upload("/api/v1/check", name, &bytes, &[]);
        assert_eq!(answer.status, 200, "{name}: {}", answer.text());
        assert_eq!(answer.header("content-type"), Some("application/json"));
        assert_eq!(answer.json(), expected, "{name} (multipart)");
        // As the raw body, with the name in the query.
        let answer = server.post(
            &format!("/api/v1/check?filename={name}"),
            &[("Content-Type", "application/octet-stream")],
            &bytes,
        );
        assert_eq!(answer.status, 200, "{name}: {}", answer.text());
        assert_eq!(answer.json(), expected, "{name} (raw body)");
    }
}

#[test]
fn a_large_report_within_the_limits_is_checked_in_every_form() {
    // A debug build on a busy machine may take long over 4 MB.
    let server = Server::start(&["--isolated", "--timeout", "600"]);
    // 4.2 MB: over the default body limits of the usual web frameworks.
    let large = common::read_fixture(&common::seed("003")).repeat(500);
    assert!(large.len() > 4_000_000);
    let form = server.upload("/api/v1/check", "large.txt", large.as_bytes(), &[]);
    assert_eq!(form.status, 200, "{}", form.text());
    let raw = server.post(
        "/api/v1/check?filename=large.txt",
        &[("Content-Type", "text/plain")],
        large.as_bytes(),
    );
    assert_eq!(raw.status, 200, "{}", raw.text());
    let json = form.json();
    assert_eq!(json, raw.json());
    assert!(
        json["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "GK108"),
        "the repeated sections are found"
    );
}

#[test]
fn the_gb18030_text_is_decoded_and_each_answer_is_its_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&["--isolated"]);
    let path = gb18030_seed(dir.path());
    let answer = server.upload(
        "/api/v1/check",
        "gb.txt",
        &std::fs::read(&path).unwrap(),
        &[],
    );
    let json = answer.json();
    let file = &json["files"][0];
    assert_eq!(file["path"], "gb.txt");
    assert!(file["report"]["year"].is_i64(), "{file}");
    assert!(
        !file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "GK004"),
        "no undecodable bytes: {file}"
    );
    // The same text in UTF-8 reads the same.
    let utf8 = common::read_fixture(&common::seed("000"));
    let same = server.upload("/api/v1/check", "gb.txt", utf8.as_bytes(), &[]);
    assert_eq!(
        same.json()["files"][0]["report"],
        file["report"],
        "decoded like the UTF-8 seed"
    );
}

#[test]
fn model_is_the_dump_and_text_is_the_text_as_read() {
    let server = Server::start(&["--isolated"]);
    for relative in [common::seed("003"), "inputs/seed-001.docx".to_string()] {
        let path = common::fixture(&relative);
        let answer = server.upload_file("/api/v1/check?model=1", &path);
        assert_eq!(answer.status, 200, "{}", answer.text());
        let mut json = answer.json();
        let dump: Value =
            serde_json::from_slice(&xxgk(&["dump", path.to_str().unwrap()]).stdout).unwrap();
        assert_eq!(json["model"], dump, "{relative}: model = dump");
        let text =
            String::from_utf8(xxgk(&["dump", "--text", path.to_str().unwrap()]).stdout).unwrap();
        assert_eq!(
            json["text"],
            text.as_str(),
            "{relative}: text = dump --text"
        );
        // Every table of the model has its layout; every bound cell its
        // span there, and the span is the cell's text.
        let tables =
            |value: &Value| -> Vec<String> { value.as_object().unwrap().keys().cloned().collect() };
        assert_eq!(tables(&json["layout"]), tables(&dump["tables"]));
        let mut cells = 0;
        for (table, content) in dump["tables"].as_object().unwrap() {
            if content.is_null() {
                continue;
            }
            let layout = &json["layout"][table];
            assert!(layout["blocks"].is_array(), "{table}: {layout}");
            for (key, cell) in content["cells"].as_object().unwrap() {
                let span = &layout["spans"][key];
                let start = usize::try_from(span["start"].as_u64().unwrap()).unwrap();
                let end = usize::try_from(span["end"].as_u64().unwrap()).unwrap();
                assert_eq!(
                    text[start..end].trim(),
                    cell["text"].as_str().unwrap(),
                    "{table}.{key}"
                );
                let row = key.split('.').next().unwrap();
                assert!(
                    layout["blocks"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|block| block["rows"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .any(|r| r["key"] == row)),
                    "{table}: row {row} in the layout"
                );
                cells += 1;
            }
        }
        assert!(cells > 50, "{relative}: {cells} cells");
        // Without model=1, the contract alone.
        for key in ["model", "text", "layout"] {
            json.as_object_mut().unwrap().remove(key);
        }
        let plain = server.upload_file("/api/v1/check", &path).json();
        assert_eq!(json, plain);
    }
}

#[test]
fn a_report_without_tables_has_their_titles_and_no_cells() {
    let server = Server::start(&["--isolated"]);
    let json = server
        .upload(
            "/api/v1/check?model=1",
            "short.txt",
            "某某县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n".as_bytes(),
            &[],
        )
        .json();
    for (key, table) in json["model"]["tables"].as_object().unwrap() {
        assert!(table.is_null(), "{key}: {table}");
        let layout = &json["layout"][key];
        assert!(
            !layout["title"].as_str().unwrap().is_empty(),
            "{key}: {layout}"
        );
        assert_eq!(layout["blocks"], Value::Array(Vec::new()));
    }
}

#[test]
fn sarif_is_what_the_command_line_prints_and_validates() {
    let server = Server::start(&["--isolated"]);
    let path = common::fixture(&common::seed("003"));
    let name = path.file_name().unwrap().to_str().unwrap();
    let answer = server.upload_file("/api/v1/check?format=sarif", &path);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(
        answer.header("content-type"),
        Some("application/sarif+json")
    );
    let sarif = answer.json();
    let cli = cli_check(&path, "sarif").to_string().replace(
        &xxgk_lint::render::sarif::uri(path.to_str().unwrap()),
        &xxgk_lint::render::sarif::uri(name),
    );
    assert_eq!(sarif, serde_json::from_str::<Value>(&cli).unwrap());
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
    let schema: Value =
        serde_json::from_str(&common::read_fixture("sarif/sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn messages_follow_lang_and_accept_language() {
    let server = Server::start(&["--isolated"]);
    let bytes = std::fs::read(common::fixture(&common::seed("003"))).unwrap();
    let path = common::fixture(&common::seed("003"));
    let english = xxgk(&[
        "check",
        "--isolated",
        "--lang",
        "en",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]);
    let english: Value = with_path(serde_json::from_slice(&english.stdout).unwrap(), "r.txt");
    let chinese = with_path(cli_check(&path, "json"), "r.txt");
    assert_ne!(english, chinese);
    let by_query = server.upload("/api/v1/check?lang=en", "r.txt", &bytes, &[]);
    assert_eq!(by_query.json(), english);
    let by_header = server.upload(
        "/api/v1/check",
        "r.txt",
        &bytes,
        &[("Accept-Language", "en-GB,en;q=0.9")],
    );
    assert_eq!(by_header.json(), english);
    let preferred = server.upload(
        "/api/v1/check",
        "r.txt",
        &bytes,
        &[("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")],
    );
    assert_eq!(preferred.json(), chinese);
}

#[test]
fn rules_and_explanations_are_those_of_the_command_line() {
    let server = Server::start(&["--isolated"]);
    let rules = server.get("/api/v1/rules", &[]);
    assert_eq!(rules.status, 200);
    let cli: Value = serde_json::from_slice(&xxgk(&["rules", "--json"]).stdout).unwrap();
    assert_eq!(rules.json(), cli);
    let old = server.get("/api/v1/rules?year=2020", &[]).json();
    let cli_old: Value =
        serde_json::from_slice(&xxgk(&["rules", "--json", "--year", "2020"]).stdout).unwrap();
    assert_eq!(old, cli_old);
    for lang in ["zh", "en"] {
        let rule = server.get(&format!("/api/v1/rules/GK302?lang={lang}"), &[]);
        assert_eq!(rule.status, 200);
        let json = rule.json();
        let explain = xxgk(&["explain", "GK302", "--lang", lang]);
        assert_eq!(
            json["explanation"],
            String::from_utf8(explain.stdout).unwrap().as_str()
        );
        assert_eq!(json["code"], "GK302");
        assert_eq!(
            cli.as_array()
                .unwrap()
                .iter()
                .find(|r| r["code"] == "GK302")
                .unwrap()["name"],
            json["name"]
        );
    }
    let missing = server.get("/api/v1/rules/GK999?lang=en", &[]);
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["error"]["code"], "unknown-rule");
}

/// The media type of Word documents.
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A fixed date for annotated copies, so that the service's and the
/// command line's can be compared byte for byte.
const EPOCH: (&str, &str) = ("SOURCE_DATE_EPOCH", "1738314000");

/// Tracked changes by `xxgk-lint` in a main part: (insertions, deletions).
fn our_changes(document: &str) -> (usize, usize) {
    let count = |tag: &str| {
        document
            .match_indices(tag)
            .filter(|(at, _)| {
                let rest = &document[*at..];
                let end = rest.find('>').unwrap_or(rest.len());
                rest[..end].contains("w:author=\"xxgk-lint\"")
            })
            .count()
    };
    (count("<w:ins "), count("<w:del "))
}

#[test]
fn annotate_answers_the_copy_annotate_writes_with_a_comment_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_with(&["--isolated"], &[EPOCH]);
    // Seed 000 has safe fixes: blank cells filled, conversion debris
    // removed.
    for relative in [
        "inputs/seed-001.docx",
        "annotate/seed-003.docx",
        "annotate/seed-000.docx",
    ] {
        let path = common::fixture(relative);
        let name = path.file_name().unwrap().to_str().unwrap();
        let stem = name.strip_suffix(".docx").unwrap();
        let original = std::fs::read(&path).unwrap();
        let before = entries(&original);
        let earlier = before.get("word/comments.xml").map_or(0, |entry| {
            comments(std::str::from_utf8(&entry.content).unwrap()).len()
        });
        let findings = cli_check(&path, "json")["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .len();
        assert!(findings > 0, "{relative}: a finding to annotate");
        for fixes in [false, true] {
            let query = if fixes { "?fixes=1" } else { "" };
            let answer = server.upload_file(&format!("/api/v1/annotate{query}"), &path);
            assert_eq!(answer.status, 200, "{relative}: {}", answer.text());
            assert_eq!(answer.header("content-type"), Some(DOCX));
            assert_eq!(
                answer.header("content-disposition"),
                Some(format!("attachment; filename*=UTF-8''{stem}.checked.docx").as_str())
            );
            assert_eq!(answer.header("cache-control"), Some("no-store"));
            // One new comment per finding of `check`, by xxgk-lint.
            let all = comments(&part(&answer.body, "word/comments.xml"));
            assert_eq!(all.len() - earlier, findings, "{relative}{query}");
            assert_eq!(
                all.iter().filter(|c| c.author == "xxgk-lint").count(),
                findings,
                "{relative}{query}"
            );
            // Every other entry of the zip is the document's own, byte for
            // byte.
            assert_other_entries_identical(
                &before,
                &entries(&answer.body),
                &format!("{relative}{query}"),
            );
            let (inserted, deleted) = our_changes(&part(&answer.body, "word/document.xml"));
            if !fixes {
                assert_eq!((inserted, deleted), (0, 0), "{relative}: no fixes asked");
            } else if relative.ends_with("seed-000.docx") {
                assert!(inserted > 0 && deleted > 0, "{relative}: tracked changes");
            }
            // Exactly the copy `xxgk-lint annotate` writes.
            let out = dir.path().join(format!("{stem}-{fixes}.docx"));
            let cli = Command::new(env!("CARGO_BIN_EXE_xxgk-lint"))
                .args(["annotate", "--isolated", "-o", out.to_str().unwrap()])
                .args(fixes.then_some("--fixes"))
                .arg(&path)
                .env(EPOCH.0, EPOCH.1)
                .output()
                .unwrap();
            assert!(
                matches!(cli.status.code(), Some(0 | 1)),
                "{}",
                String::from_utf8_lossy(&cli.stderr)
            );
            assert!(
                std::fs::read(&out).unwrap() == answer.body,
                "{relative}{query}: the copy of `annotate`"
            );
            // The raw body, named in the query, gives the same copy.
            let raw = server.post(
                &format!(
                    "/api/v1/annotate?filename={name}{}",
                    if fixes { "&fixes=1" } else { "" }
                ),
                &[("Content-Type", DOCX)],
                &original,
            );
            assert_eq!(raw.status, 200, "{}", raw.text());
            assert!(raw.body == answer.body, "{relative}{query}: raw body");
        }
    }
    // A name in Chinese is percent-encoded in UTF-8.
    let answer = server.upload(
        "/api/v1/annotate?lang=en",
        "溪口镇 2021.docx",
        &std::fs::read(common::fixture("inputs/seed-001.docx")).unwrap(),
        &[],
    );
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.header("content-disposition"),
        Some("attachment; filename*=UTF-8''%E6%BA%AA%E5%8F%A3%E9%95%87%202021.checked.docx")
    );
    let english = comments(&part(&answer.body, "word/comments.xml"));
    assert!(
        english
            .iter()
            .all(|c| c.author != "xxgk-lint" || c.text.contains("rule: ")),
        "comments in English"
    );
}

/// The error answer: its status, its JSON, its code and its message.
fn assert_error(answer: &server::Answer, status: u16, code: &str) -> String {
    assert_eq!(answer.status, status, "{}", answer.text());
    assert_eq!(answer.header("content-type"), Some("application/json"));
    let json = answer.json();
    assert_eq!(json["error"]["status"], status);
    assert_eq!(json["error"]["code"], code, "{json}");
    let message = json["error"]["message"].as_str().unwrap().to_string();
    assert!(!message.is_empty());
    message
}

fn has_han(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn refused_requests_have_their_status_and_a_message_in_the_language_asked() {
    let server = Server::start(&[
        "--isolated",
        "--max-body-size",
        "64KB",
        "--max-file-size",
        "32KB",
    ]);
    let check = "/api/v1/check";
    // Over the body limit, declared: refused before the body is sent (a
    // client that waits for `100 Continue`, as curl does for large files).
    let declared = server.raw(
        format!(
            "POST {check} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    assert!(declared.starts_with("HTTP/1.1 413"), "{declared}");
    let body = &declared[declared.find("\r\n\r\n").unwrap() + 4..];
    let json: Value = serde_json::from_str(body).unwrap();
    assert_eq!(json["error"]["code"], "body-too-large");
    assert!(
        has_han(json["error"]["message"].as_str().unwrap()),
        "Chinese by default: {json}"
    );
    // Over the body limit, sent without a length: stopped once past it.
    let streamed = server.stream(
        &format!(
            "POST {check}?lang=en HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        ),
        (0..12).map(|_| format!("{:x}\r\n{}\r\n", 8000, "a".repeat(8000))),
    );
    assert!(streamed.starts_with("HTTP/1.1 413"), "{streamed}");
    assert!(streamed.contains("\"body-too-large\""), "{streamed}");
    let big = vec![b'a'; 100_000];
    // Over the file limit, under the body limit.
    let message = assert_error(
        &server.upload(&format!("{check}?lang=en"), "big.txt", &big[..40_000], &[]),
        413,
        "too-large",
    );
    assert!(
        !has_han(&message) && message.contains("big.txt"),
        "{message}"
    );
    // A request type that is not a file.
    let message = assert_error(
        &server.post(
            check,
            &[
                ("Content-Type", "application/json"),
                ("Accept-Language", "en"),
            ],
            b"{}",
        ),
        415,
        "wrong-type",
    );
    assert!(!has_han(&message), "{message}");
    // A picture.
    assert_error(
        &server.upload(check, "scan.png", b"\x89PNG\r\n\x1a\n0000", &[]),
        415,
        "unsupported-format",
    );
    // A PDF, whatever its name.
    let message = assert_error(
        &server.upload(check, "report.txt", b"%PDF-1.7\n%junk\n", &[]),
        415,
        "pdf",
    );
    assert!(message.contains("PDF") && has_han(&message), "{message}");
    // An old Word file.
    assert_error(
        &server.upload(
            check,
            "report.doc",
            &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0],
            &[],
        ),
        415,
        "old-word",
    );
    // Garbage named .docx, and a broken zip.
    assert_error(
        &server.upload(check, "report.docx", &[0x13, 0x37, 0xfe, 0x00, 0x42], &[]),
        422,
        "damaged",
    );
    assert_error(
        &server.upload(check, "report.docx", b"PK\x03\x04garbage garbage", &[]),
        422,
        "damaged",
    );
    // A form that is not one, a form without the file, an empty body.
    assert_error(
        &server.post(
            check,
            &[("Content-Type", "multipart/form-data; boundary=nope")],
            b"this is not a form",
        ),
        400,
        "bad-multipart",
    );
    let (content_type, _) = multipart("x.txt", b"");
    let no_file = "--xxgk-lint-test-boundary-5b1f0c\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\nhello\r\n--xxgk-lint-test-boundary-5b1f0c--\r\n";
    assert_error(
        &server.post(
            check,
            &[("Content-Type", content_type.as_str())],
            no_file.as_bytes(),
        ),
        400,
        "missing-file",
    );
    assert_error(
        &server.post(check, &[("Content-Type", "text/plain")], b""),
        400,
        "missing-file",
    );
    // Parameters.
    let message = assert_error(
        &server.upload(&format!("{check}?format=xml&lang=en"), "a.txt", b"x", &[]),
        400,
        "bad-format",
    );
    assert!(message.contains("xml") && !has_han(&message), "{message}");
    assert_error(
        &server.upload(&format!("{check}?modle=1"), "a.txt", b"x", &[]),
        400,
        "bad-query",
    );
    assert_error(
        &server.upload(&format!("{check}?year=twenty"), "a.txt", b"x", &[]),
        400,
        "bad-year",
    );
    // Addresses and methods.
    assert_error(&server.get("/api/v2/check", &[]), 404, "not-found");
    assert_error(&server.get(check, &[]), 405, "method-not-allowed");
    // Still serving after all that.
    let fine = server.upload(check, "a.txt", b"2023\xe5\xb9\xb4", &[]);
    assert_eq!(fine.status, 200);
}

#[test]
fn annotate_refuses_text_and_web_pages_with_the_message_of_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&["--isolated"]);
    let annotate = "/api/v1/annotate";
    let text = std::fs::read(common::fixture(&common::seed("001"))).unwrap();
    let page = std::fs::read(common::fixture("inputs/seed-004.html")).unwrap();
    for (name, bytes) in [("report.txt", &text), ("report.html", &page)] {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        for lang in ["zh", "en"] {
            let answer = server.upload(&format!("{annotate}?lang={lang}"), name, bytes, &[]);
            let message = assert_error(&answer, 415, "needs-docx");
            let help = answer.json()["error"]["help"].as_str().unwrap().to_string();
            assert_eq!(has_han(&message), lang == "zh", "{message}");
            // The command line says the same of the same file.
            let cli = Command::new(env!("CARGO_BIN_EXE_xxgk-lint"))
                .args(["annotate", "--isolated", "--lang", lang, name])
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert_eq!(cli.status.code(), Some(2));
            let flat = |text: &str| -> String {
                text.chars()
                    .filter(|c| !c.is_whitespace() && !"│×╰─".contains(*c))
                    .collect()
            };
            let stderr = flat(&String::from_utf8_lossy(&cli.stderr));
            assert!(
                stderr.contains(&flat(&message)) && stderr.contains(&flat(&help)),
                "{message} / {help} in {stderr}"
            );
        }
    }
    // The other refusals and parameters are those of check.
    assert_error(
        &server.upload(annotate, "report.docx", b"%PDF-1.7\n", &[]),
        415,
        "pdf",
    );
    assert_error(
        &server.upload(annotate, "report.docx", b"PK\x03\x04garbage", &[]),
        422,
        "damaged",
    );
    let docx = std::fs::read(common::fixture("inputs/seed-001.docx")).unwrap();
    assert_error(
        &server.upload(&format!("{annotate}?fixes=yes"), "r.docx", &docx, &[]),
        400,
        "bad-fixes",
    );
    assert_error(
        &server.upload(&format!("{annotate}?format=sarif"), "r.docx", &docx, &[]),
        400,
        "bad-query",
    );
    assert_error(&server.get(annotate, &[]), 405, "method-not-allowed");
}

#[test]
fn a_token_guards_the_api_but_not_the_page_or_the_health_check() {
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "s3cret-token\n").unwrap();
    let server = Server::start(&["--isolated", "--token-file", token_file.to_str().unwrap()]);
    let seed = common::read_fixture(&common::seed("001"));
    for headers in [
        vec![],
        vec![("Authorization", "Bearer wrong-token!")],
        vec![("Authorization", "Basic czNjcmV0LXRva2Vu")],
        vec![("Authorization", "Bearer s3cret-token-and-more")],
    ] {
        let answer = server.upload("/api/v1/check", "r.txt", seed.as_bytes(), &headers);
        assert_error(&answer, 401, "unauthorized");
        assert!(
            answer
                .header("www-authenticate")
                .is_some_and(|value| value.starts_with("Bearer")),
        );
        assert_error(
            &server.upload("/api/v1/annotate", "r.docx", seed.as_bytes(), &headers),
            401,
            "unauthorized",
        );
        assert_error(&server.get("/api/v1/rules", &headers), 401, "unauthorized");
        assert_error(&server.get("/metrics", &headers), 401, "unauthorized");
    }
    let good = [("Authorization", "Bearer s3cret-token")];
    assert_eq!(
        server
            .upload("/api/v1/check", "r.txt", seed.as_bytes(), &good)
            .status,
        200
    );
    assert_eq!(server.get("/api/v1/rules", &good).status, 200);
    assert_eq!(server.get("/metrics", &good).status, 200);
    assert_eq!(server.get("/healthz", &[]).json()["status"], "ok");
    assert_eq!(server.get("/", &[]).status, 200);
}

#[test]
fn metrics_count_requests_latency_and_outcomes_but_no_names() {
    let server = Server::start(&["--isolated"]);
    let seeds = ["000", "001", "003"];
    let mut errors = 0;
    let mut clean = 0;
    let mut warnings = 0;
    for seed in seeds {
        let json = server
            .upload(
                "/api/v1/check",
                "secret-name.txt",
                common::read_fixture(&common::seed(seed)).as_bytes(),
                &[],
            )
            .json();
        let summary = &json["summary"];
        if summary["errors"].as_u64().unwrap() > 0 {
            errors += 1;
        } else if summary["warnings"].as_u64().unwrap() + summary["infos"].as_u64().unwrap() > 0 {
            warnings += 1;
        } else {
            clean += 1;
        }
    }
    server.upload("/api/v1/check", "secret-name.pdf", b"%PDF-1.4", &[]);
    server.get("/healthz", &[]);
    server.get("/no/such/secret-path", &[]);
    let metrics = server.get("/metrics", &[]);
    assert_eq!(metrics.status, 200);
    assert!(
        metrics
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/plain; version=0.0.4"))
    );
    let text = metrics.text();
    let line = |needle: &str| {
        text.lines()
            .find(|line| line.starts_with(needle))
            .unwrap_or_else(|| panic!("no {needle} in\n{text}"))
            .rsplit(' ')
            .next()
            .unwrap()
            .parse::<f64>()
            .unwrap()
    };
    assert_eq!(
        line("xxgk_lint_http_requests_total{route=\"/api/v1/check\",status=\"200\"}"),
        3.0
    );
    assert_eq!(
        line("xxgk_lint_http_requests_total{route=\"/api/v1/check\",status=\"415\"}"),
        1.0
    );
    assert_eq!(
        line("xxgk_lint_http_requests_total{route=\"other\",status=\"404\"}"),
        1.0
    );
    assert_eq!(
        line("xxgk_lint_http_request_duration_seconds_count{route=\"/api/v1/check\"}"),
        4.0
    );
    assert_eq!(
        line("xxgk_lint_http_request_duration_seconds_bucket{route=\"/api/v1/check\",le=\"+Inf\"}"),
        4.0
    );
    assert_eq!(
        line("xxgk_lint_files_total{outcome=\"errors\"}"),
        f64::from(errors)
    );
    assert_eq!(
        line("xxgk_lint_files_total{outcome=\"warnings\"}"),
        f64::from(warnings)
    );
    assert_eq!(
        line("xxgk_lint_files_total{outcome=\"clean\"}"),
        f64::from(clean)
    );
    assert_eq!(line("xxgk_lint_files_total{outcome=\"refused\"}"), 1.0);
    assert_eq!(line("xxgk_lint_checks_in_flight"), 0.0);
    assert!(!text.contains("secret"), "{text}");
}

#[test]
fn the_page_is_embedded_and_strict() {
    let server = Server::start(&["--isolated"]);
    let page = server.get("/", &[]);
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let policy = page.header("content-security-policy").unwrap().to_string();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert!(
        page.header("access-control-allow-origin").is_none(),
        "no CORS"
    );
    let html = page.text();
    assert!(html.contains("<html lang=\"zh-CN\">"), "Chinese by default");
    assert!(html.contains("src=\"app.js\"") && html.contains("href=\"app.css\""));
    // No inline script or style, nothing from elsewhere.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(!html.contains("style="), "no inline style");
    assert!(!html.contains("<style"), "no inline style");
    for (path, kind) in [("/app.js", "text/javascript"), ("/app.css", "text/css")] {
        let asset = server.get(path, &[]);
        assert_eq!(asset.status, 200);
        assert!(asset.header("content-type").unwrap().starts_with(kind));
        let body = asset.text();
        assert!(
            !body.contains("http://") && !body.contains("https://"),
            "{path} loads nothing from elsewhere"
        );
    }
    assert!(!html.contains("http://") && !html.contains("https://"));
    // Answers are compressed when the client can read gzip.
    let raw = server.raw(
        b"GET /app.js HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n",
    );
    assert!(
        raw.to_ascii_lowercase().contains("content-encoding: gzip"),
        "{}",
        &raw[..300.min(raw.len())]
    );
    // An API answer is never kept by a cache.
    let rules = server.get("/api/v1/rules", &[]);
    assert_eq!(rules.header("cache-control"), Some("no-store"));
}

#[test]
fn a_busy_service_refuses_and_a_slow_body_times_out() {
    let server = Server::start(&[
        "--isolated",
        "--jobs",
        "1",
        "--queue",
        "0",
        "--timeout",
        "2",
    ]);
    // A body that never arrives in full: 408 once the time is up.
    let started = Instant::now();
    let answer = server.raw(
        b"POST /api/v1/check?filename=a.txt HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\nConnection: close\r\n\r\nonly a part",
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"body-timeout\""), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(20));
    // One slow report takes the only worker; with no queue the next
    // request is refused at once.
    let slow: String = common::read_fixture(&common::seed("003")).repeat(60);
    let slow_server = std::thread::scope(|scope| {
        let first =
            scope.spawn(|| server.upload("/api/v1/check", "slow.txt", slow.as_bytes(), &[]));
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut refused = None;
        while Instant::now() < deadline && !first.is_finished() {
            let metrics = server.get("/metrics", &[]).text();
            if metrics.contains("xxgk_lint_checks_in_flight 1") {
                refused = Some(server.upload("/api/v1/check", "b.txt", b"2023", &[]));
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        (first.join().unwrap(), refused)
    });
    let (first, refused) = slow_server;
    // The slow report finished, or ran out of time (503 too); never lost.
    assert!(matches!(first.status, 200 | 503), "{}", first.text());
    let refused = refused.expect("the slow report was seen in flight");
    assert_error(&refused, 503, "busy");
}

#[test]
fn shutdown_finishes_the_request_in_flight() {
    let mut server = Server::start(&["--isolated"]);
    let seed = common::read_fixture(&common::seed("001"));
    let (content_type, body) = multipart("r.txt", seed.as_bytes());
    let mut stream = std::net::TcpStream::connect(&server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    use std::io::{Read as _, Write as _};
    let head = format!(
        "POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&body[..body.len() / 2]).unwrap();
    stream.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let killed = Command::new("kill")
        .args(["-TERM", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(300));
    stream.write_all(&body[body.len() / 2..]).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"version\""), "{answer}");
    // Then it stops by itself, successfully, and takes no new request.
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert!(std::net::TcpStream::connect(&server.addr).is_err());
}

#[test]
fn configuration_and_packs_are_those_of_check() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("xxgk-lint.toml");
    std::fs::write(&config, "lang = \"en\"\nignore = [\"GK4\"]\n").unwrap();
    let server = Server::start(&["--config", config.to_str().unwrap()]);
    let path = common::fixture(&common::seed("003"));
    let answer = server
        .upload(
            "/api/v1/check",
            "r.txt",
            &std::fs::read(&path).unwrap(),
            &[],
        )
        .json();
    let out = xxgk(&[
        "check",
        "--config",
        config.to_str().unwrap(),
        "--format",
        "json",
        path.to_str().unwrap(),
    ]);
    let expected = with_path(serde_json::from_slice(&out.stdout).unwrap(), "r.txt");
    assert_eq!(answer, expected);
    let codes: Vec<&str> = answer["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        !codes.is_empty() && codes.iter().all(|code| !code.starts_with("GK4")),
        "{codes:?}"
    );
    // A broken configuration stops the service before it listens.
    std::fs::write(&config, "lnag = \"en\"\n").unwrap();
    let out = xxgk(&[
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--config",
        config.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lnag"));
}
