//! The page of `xxgk-lint serve` in a real browser: headless Chromium
//! driven by chromedriver over its WebDriver HTTP API. A report is chosen
//! in the page; its findings must appear in the list and as marks in the
//! text, and the table cell of a wrong total must be highlighted.
//! Screenshots are saved in `target/screenshots/`: `serve-page.png` (the
//! report just checked), `serve-finding.png` (a finding clicked: the text
//! scrolled to it), `serve-tables.png` (its cells in the tables) and
//! `serve-english.png` (the page in English). A Word document's findings
//! must say where they are in it, and its button must give the document
//! with one comment per finding (`serve-annotate.png`).
//!
//! Skipped, with a message, when `chromium` or `chromedriver` is not
//! installed (Debian: `apt-get install chromium chromium-driver`;
//! `.ci/run` installs them).
#![cfg(feature = "serve")]

mod common;
#[path = "common/package.rs"]
mod package;
#[path = "common/server.rs"]
mod server;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use server::Server;
use xxgk_lint::{FileOptions, Linter};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|path| path.is_file())
    })
}

/// chromedriver on a free port; killed when dropped.
struct Driver {
    child: Child,
    base: String,
    agent: ureq::Agent,
    session: Option<String>,
}

impl Driver {
    fn start(program: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(program)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let driver = Driver {
            child,
            base: format!("http://127.0.0.1:{port}"),
            agent,
            session: None,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(mut response) = driver.agent.get(format!("{}/status", driver.base)).call()
                && response.status() == 200
            {
                let status: Value =
                    serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
                if status["value"]["ready"] == true {
                    break;
                }
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    fn send(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let response = match body {
            Some(body) => self
                .agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(body.to_string().as_bytes()),
            None if method == "DELETE" => self.agent.delete(&url).call(),
            None => self.agent.get(&url).call(),
        };
        let mut response = response.expect("chromedriver answers");
        let text = response
            .body_mut()
            .with_config()
            .limit(1 << 28)
            .read_to_string()
            .unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        assert!(
            value["value"].get("error").is_none(),
            "{method} {path}: {value}"
        );
        value["value"].clone()
    }

    fn session_path(&self, path: &str) -> String {
        format!("/session/{}{path}", self.session.as_ref().unwrap())
    }

    fn open(&mut self, profile: &Path) {
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": find("chromium").map(|p| p.display().to_string()).unwrap_or_default(),
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--hide-scrollbars",
                        "--window-size=1440,900", "--lang=zh-CN",
                        format!("--user-data-dir={}", profile.display()),
                    ],
                },
            }},
        });
        let session = self.send("POST", "/session", Some(&capabilities));
        self.session = Some(session["sessionId"].as_str().unwrap().to_string());
    }

    fn go(&self, url: &str) {
        self.send(
            "POST",
            &self.session_path("/url"),
            Some(&json!({ "url": url })),
        );
    }

    fn element(&self, css: &str) -> String {
        let found = self.send(
            "POST",
            &self.session_path("/element"),
            Some(&json!({ "using": "css selector", "value": css })),
        );
        found[ELEMENT].as_str().unwrap().to_string()
    }

    fn type_into(&self, element: &str, text: &str) {
        self.send(
            "POST",
            &self.session_path(&format!("/element/{element}/value")),
            Some(&json!({ "text": text })),
        );
    }

    fn click(&self, element: &str) {
        self.send(
            "POST",
            &self.session_path(&format!("/element/{element}/click")),
            Some(&json!({})),
        );
    }

    fn script(&self, script: &str) -> Value {
        self.send(
            "POST",
            &self.session_path("/execute/sync"),
            Some(&json!({ "script": script, "args": [] })),
        )
    }

    fn wait_for(&self, script: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let value = self.script(script);
            if !value.is_null() && value != false && value != 0 {
                return value;
            }
            assert!(Instant::now() < deadline, "never true: {script}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screenshot(&self, path: &Path) {
        let encoded = self.send("GET", &self.session_path("/screenshot"), None);
        let png = base64_decode(encoded.as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if self.session.is_some() {
            let path = self.session_path("");
            let _ = self.agent.delete(format!("{}{path}", self.base)).call();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes().filter_map(value) {
        buffer = (buffer << 6) | u32::from(c);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).unwrap());
        }
    }
    out
}

/// Seed 003 with the grand total of new applications off by 5: a wrong
/// total whose cell the page must highlight. Returns the text, the cell
/// key and the wrong value.
fn wrong_total() -> (String, String, String) {
    let text = common::read_fixture(&common::seed("003"));
    let linter = Linter::builtin().unwrap();
    let report = linter.read(&text, &FileOptions::default());
    let table = report
        .tables
        .iter()
        .find(|table| table.key == "applications")
        .unwrap();
    let cell = table
        .cells
        .iter()
        .find(|cell| cell.key == "new.total")
        .expect("seed 003 has applications.new.total");
    let value: i64 = cell.text.trim().parse().unwrap();
    let wrong = (value + 5).to_string();
    let mut changed = text.clone();
    changed.replace_range(cell.span.clone(), &wrong);
    (changed, "new.total".to_string(), wrong)
}

#[test]
fn the_page_shows_findings_in_the_text_the_list_and_the_tables() {
    let (Some(chromium), Some(chromedriver)) = (find("chromium"), find("chromedriver")) else {
        eprintln!(
            "skipped: the browser test needs chromium and chromedriver (apt-get install chromium chromium-driver)"
        );
        return;
    };
    assert!(chromium.is_file());
    let dir = tempfile::tempdir().unwrap();
    let (text, key, wrong) = wrong_total();
    let report = dir.path().join("003-wrong-total.txt");
    std::fs::write(&report, &text).unwrap();

    let server = Server::start(&["--isolated"]);
    // What the page must show: the findings of the service's own answer.
    let expected = server
        .upload("/api/v1/check", "003-wrong-total.txt", text.as_bytes(), &[])
        .json();
    let diagnostics = expected["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .clone();
    assert!(diagnostics.iter().any(|d| d["category"] == "arithmetic"));

    let mut driver = Driver::start(&chromedriver);
    driver.open(&dir.path().join("profile"));
    driver.go(&format!("{}/", server.base));
    assert_eq!(
        driver.script("return document.documentElement.lang"),
        "zh-CN"
    );
    let input = driver.element("#file");
    driver.type_into(&input, report.to_str().unwrap());
    driver.wait_for("return document.querySelectorAll('#findings li.finding').length");

    // Every finding is in the list, in order, with its code and message.
    let listed = driver.script(
        "return Array.from(document.querySelectorAll('#findings li.finding')).map(li => [li.querySelector('.code').textContent, li.querySelector('.message').textContent])",
    );
    let wanted: Vec<Value> = diagnostics
        .iter()
        .map(|d| json!([d["code"], d["message"]]))
        .collect();
    assert_eq!(listed, Value::Array(wanted));
    // Every finding is marked in the text, and a mark holds the text its
    // span points at.
    let marked = driver.script(
        "const ids = new Set(); for (const m of document.querySelectorAll('#text [data-ids]')) for (const id of m.dataset.ids.split(',')) ids.add(Number(id)); return Array.from(ids).sort((a, b) => a - b)",
    );
    let all: Vec<Value> = (0..diagnostics.len()).map(|i| json!(i)).collect();
    assert_eq!(
        marked,
        Value::Array(all),
        "every finding marked in the text"
    );
    assert_eq!(
        driver.script("return document.getElementById('text').textContent"),
        expected_text(&server, &text),
        "the text shown is the text as read"
    );
    // The wrong total's cell is highlighted as an error, with the value.
    let cell = driver.script(&format!(
        "const td = document.querySelector('#tables td[data-key=\"{key}\"]'); return td ? [td.className, td.textContent] : null"
    ));
    assert!(
        cell[0].as_str().unwrap().contains("bad")
            && cell[0].as_str().unwrap().contains("sev-error"),
        "{cell}"
    );
    assert_eq!(cell[1], wrong.as_str());
    // Addends of the failed sum are framed.
    assert!(
        driver
            .script("return document.querySelectorAll('#tables td.addend').length")
            .as_u64()
            .unwrap()
            > 0
    );
    // The summary counts what the service counted.
    let errors = expected["summary"]["errors"].as_u64().unwrap();
    let chip =
        driver.script("return document.querySelector('#counts .sev-error strong').textContent");
    assert_eq!(chip, errors.to_string().as_str());
    driver.screenshot(&screenshots().join("serve-page.png"));

    // Clicking the wrong total in the list marks its cell and its text.
    let index = diagnostics
        .iter()
        .position(|d| d["category"] == "arithmetic")
        .unwrap();
    let entry = driver.element(&format!("#finding-{index} button"));
    driver.click(&entry);
    driver.wait_for(&format!(
        "return document.querySelector('#tables td[data-key=\"{key}\"]').classList.contains('active') && document.querySelector('#text .active') !== null"
    ));
    // The text scrolled to the finding's mark.
    let visible = driver.script(
        "const pane = document.getElementById('text').getBoundingClientRect(); const mark = document.querySelector('#text .active').getBoundingClientRect(); return mark.top >= pane.top && mark.bottom <= pane.bottom",
    );
    assert_eq!(visible, true, "the mark is scrolled into the text pane");
    driver.screenshot(&screenshots().join("serve-finding.png"));
    driver.script(&format!(
        "document.querySelector('#tables td[data-key=\"{key}\"]').scrollIntoView({{block: 'center'}}); return true"
    ));
    driver.screenshot(&screenshots().join("serve-tables.png"));

    // English on request: the page and the findings.
    let switch = driver.element("#lang-switch");
    driver.click(&switch);
    driver.wait_for("return document.documentElement.lang === 'en' && document.querySelector('#findings li.finding .message') !== null && !/[\\u4e00-\\u9fff]/.test(document.querySelector('#list-title').textContent)");
    let english = server
        .upload(
            "/api/v1/check?lang=en",
            "003-wrong-total.txt",
            text.as_bytes(),
            &[],
        )
        .json();
    let first = english["files"][0]["diagnostics"][0]["message"].clone();
    driver.wait_for(&format!(
        "return document.querySelector('#findings li.finding .message').textContent === {first}"
    ));
    driver.script("window.scrollTo(0, 0); return true");
    driver.screenshot(&screenshots().join("serve-english.png"));

    // A Word document: each finding says where it is in the document.
    let docx = common::fixture("inputs/seed-001.docx");
    let expected = server
        .upload(
            "/api/v1/check?lang=en",
            "seed-001.docx",
            &std::fs::read(&docx).unwrap(),
            &[],
        )
        .json();
    let places: Vec<&str> = expected["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["location"]["text"].as_str().unwrap())
        .collect();
    assert!(!places.is_empty());
    driver.type_into(&driver.element("#file"), docx.to_str().unwrap());
    driver.wait_for("return document.getElementById('file-name').textContent === 'seed-001.docx' && document.querySelectorAll('#findings li.finding').length > 0");
    let shown = driver.script(
        "return Array.from(document.querySelectorAll('#findings li.finding .where')).map(w => w.textContent)",
    );
    let shown = list(&shown, |w| w.as_str().unwrap().to_string());
    assert_eq!(shown.len(), places.len());
    for (shown, place) in shown.iter().zip(&places) {
        assert!(shown.ends_with(place), "{shown} names {place}");
    }

    // A Word document can be downloaded with its findings as comments.
    assert_eq!(
        driver.script(
            "const box = document.getElementById('annotate-box'); return !box.hidden && box.getBoundingClientRect().width > 0 && document.getElementById('download-docx').textContent"
        ),
        "Download the Word document with comments"
    );
    // The download is caught in the page rather than saved: the blob the
    // button makes and the name it gives.
    driver.script(
        "window.caught = []; URL.createObjectURL = (blob) => { window.caught.push({ blob }); return 'blob:caught'; }; HTMLAnchorElement.prototype.click = function () { window.caught[window.caught.length - 1].name = this.download; }; return true",
    );
    driver.click(&driver.element("#annotate-fixes"));
    driver.click(&driver.element("#download-docx"));
    let name = driver.wait_for("return window.caught.length > 0 && window.caught[0].name");
    assert_eq!(name, "seed-001.checked.docx");
    let bytes = driver.script(
        "return window.caught[0].blob.arrayBuffer().then((buffer) => Array.from(new Uint8Array(buffer)))",
    );
    let bytes = list(&bytes, |byte| u8::try_from(byte.as_u64().unwrap()).unwrap());
    let comments = annotated_comments(&bytes);
    assert_eq!(
        comments.len(),
        places.len(),
        "one comment per finding: {comments:?}"
    );
    assert!(
        comments.iter().all(|comment| comment.contains("rule: ")),
        "in the page's language: {comments:?}"
    );
    assert!(
        driver
            .script("return document.getElementById('status').hidden")
            .as_bool()
            .unwrap()
    );
    driver.screenshot(&screenshots().join("serve-annotate.png"));

    // A text file has no such button.
    driver.type_into(&driver.element("#file"), report.to_str().unwrap());
    driver.wait_for(
        "return document.getElementById('file-name').textContent === '003-wrong-total.txt'",
    );
    assert_eq!(
        driver.script("return document.getElementById('annotate-box').hidden"),
        true
    );
    // The button speaks Chinese by default.
    driver.click(&driver.element("#lang-switch"));
    driver.wait_for("return document.documentElement.lang === 'zh-CN'");
    assert_eq!(
        driver.script("return document.getElementById('download-docx').textContent"),
        "下载带批注的 Word 文档"
    );
}

/// The items of a JSON array, each made by `each`.
fn list<T>(array: &Value, each: impl Fn(&Value) -> T) -> Vec<T> {
    array.as_array().unwrap().iter().map(each).collect()
}

/// The texts of the comments by xxgk-lint in a Word document.
fn annotated_comments(docx: &[u8]) -> Vec<String> {
    package::comments(&package::part(docx, "word/comments.xml"))
        .into_iter()
        .filter(|comment| comment.author == "xxgk-lint")
        .map(|comment| comment.text)
        .collect()
}

/// The text the service read from the report.
fn expected_text(server: &Server, text: &str) -> Value {
    server
        .upload("/api/v1/check?model=1", "r.txt", text.as_bytes(), &[])
        .json()["text"]
        .clone()
}

fn screenshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots")
}
