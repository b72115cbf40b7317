//! The language server spoken to over its stdio, as an editor would:
//! JSON-RPC with `Content-Length` framing, positions in UTF-16 units.
#![cfg(feature = "lsp")]

mod common;

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(60);

/// A minimal LSP client over the server's stdio.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Messages read while waiting for something else.
    backlog: Vec<Value>,
    /// Every `publishDiagnostics` received, in order of arrival.
    published: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start(initialization_options: Value) -> (Client, Value) {
        Client::start_with(
            json!({
                "textDocument": {
                    "publishDiagnostics": {
                        "relatedInformation": true,
                        "codeDescriptionSupport": true,
                    },
                },
                "workspace": { "workspaceEdit": { "documentChanges": false } },
            }),
            initialization_options,
        )
    }

    fn start_with(capabilities: Value, initialization_options: Value) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xxgk-lint"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start xxgk-lint lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = Some(value.parse::<usize>().unwrap());
                    }
                }
                let mut body = vec![0; length.expect("Content-Length header")];
                reader.read_exact(&mut body).unwrap();
                let message: Value = serde_json::from_slice(&body).unwrap();
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming,
            backlog: Vec::new(),
            published: Vec::new(),
            next_id: 1,
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": capabilities,
                "initializationOptions": initialization_options,
            }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let response =
            self.wait_for(|message| message["id"] == json!(id) && message.get("method").is_none());
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// The next message matching `wanted` (earlier ones are kept).
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(at);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.receive(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(message) => self.backlog.push(message),
                Err(error) => panic!("no expected message ({error:?}); got {:#?}", self.backlog),
            }
        }
    }

    fn receive(&mut self, timeout: Duration) -> Result<Value, RecvTimeoutError> {
        let message = self.incoming.recv_timeout(timeout)?;
        if message["method"] == "textDocument/publishDiagnostics" {
            self.published.push(message.clone());
        }
        Ok(message)
    }

    /// Every message that arrives within `quiet`, after the backlog.
    fn drain(&mut self, quiet: Duration) -> Vec<Value> {
        let mut messages = std::mem::take(&mut self.backlog);
        loop {
            match self.receive(quiet) {
                Ok(message) => messages.push(message),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    return messages;
                }
            }
        }
    }

    /// The diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let message = self.wait_for(|message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && message["params"]["version"] == json!(version)
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": "text", "version": 1, "text": text,
            }}),
        );
    }

    fn shutdown(mut self) {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "server exited with {status}");
                return;
            }
            assert!(Instant::now() < deadline, "server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A scratch folder for one test (no configuration file above it but the
/// ones a test writes).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xxgk-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Byte offset of a 0-based line and UTF-16 column, counted here
/// independently of the server's conversion.
fn offset(text: &str, line: u64, character: u64) -> usize {
    let mut start = 0;
    for _ in 0..line {
        start += text[start..].find('\n').unwrap() + 1;
    }
    let mut units = 0;
    for (at, ch) in text[start..].char_indices() {
        if units >= character || ch == '\n' {
            return start + at;
        }
        units += ch.len_utf16() as u64;
    }
    text.len()
}

/// UTF-16 position of a byte offset, counted independently.
fn position(text: &str, at: usize) -> Value {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({
        "line": text[..at].matches('\n').count(),
        "character": text[line_start..at].encode_utf16().count(),
    })
}

fn range(text: &str, span: std::ops::Range<usize>) -> Value {
    json!({ "start": position(text, span.start), "end": position(text, span.end) })
}

/// Applies protocol text edits (non-overlapping) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|edit| {
            let at = |key: &str| {
                let p = &edit["range"][key];
                offset(
                    text,
                    p["line"].as_u64().unwrap(),
                    p["character"].as_u64().unwrap(),
                )
            };
            (
                at("start"),
                at("end"),
                edit["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|(start, _, _)| std::cmp::Reverse(*start));
    let mut out = text.to_string();
    for (start, end, replacement) in spans {
        out.replace_range(start..end, &replacement);
    }
    out
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// Seed 001 with `new.natural` (line 81) changed from 3 to 4: the row
/// total (line 87) and the column balance no longer hold.
fn seed_001_with_error() -> String {
    let text = common::read_fixture(&common::seed("001"));
    let mut lines: Vec<&str> = text.split('\n').collect();
    assert_eq!(lines[80], "\t3");
    lines[80] = "\t4";
    lines.join("\n")
}

fn library_diagnostics(text: &str) -> Vec<xxgk_lint::diagnostic::Diagnostic> {
    let linter = xxgk_lint::Linter::builtin().unwrap();
    linter
        .lint(text, &xxgk_lint::FileOptions::default())
        .diagnostics
}

#[test]
fn open_fix_change_and_shut_down() {
    let dir = scratch("roundtrip");
    let uri = uri_of(&dir.join("001.txt"));
    let text = seed_001_with_error();
    let (mut client, init) = Client::start(Value::Null);
    let capabilities = &init["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(capabilities["textDocumentSync"]["change"], 2);
    assert_eq!(capabilities["hoverProvider"], true);
    assert_eq!(
        capabilities["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix"])
    );

    client.open(&uri, &text);
    let before = client.diagnostics(&uri, 1);
    assert!(codes(&before).contains(&"GK301".to_string()), "{before:#?}");
    let total = before
        .iter()
        .find(|d| d["code"] == "GK302")
        .expect("GK302 on the row total")
        .clone();
    // The total cell: line 87, `\t 3` (1-based), so 0-based line 86.
    assert_eq!(total["range"]["start"]["line"], 86);
    assert_eq!(total["severity"], 1);
    assert_eq!(total["source"], "xxgk-lint");
    assert!(
        total["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("#gk302"),
        "{total}"
    );
    // The six addends of the failed sum.
    let related = total["relatedInformation"].as_array().unwrap();
    assert_eq!(related.len(), 6, "{total:#}");
    assert_eq!(related[0]["location"]["uri"], uri);
    assert_eq!(related[0]["location"]["range"]["start"]["line"], 80);
    assert!(related[0]["message"].as_str().unwrap().contains("= 4"));

    // Quick fixes at the total: exactly one, setting it to 4.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": total["range"],
            "context": { "diagnostics": [total] },
        }),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:#?}");
    let action = &actions[0];
    assert_eq!(action["kind"], "quickfix");
    assert!(action["title"].as_str().unwrap().contains("GK302"));
    // Offered, but not preferred: with the total at 4 the column balance
    // of the total column fails (the wrong cell is the addend).
    assert_eq!(action["isPreferred"], false);
    assert_eq!(action["diagnostics"][0]["code"], "GK302");
    let edits = action["edit"]["changes"][&uri].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["range"], total["range"]);
    assert_eq!(edits[0]["newText"], "4");

    // The edit changes the total and nothing else.
    let fixed = apply(&text, edits);
    let changed: Vec<usize> = text
        .split('\n')
        .zip(fixed.split('\n'))
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(line, _)| line)
        .collect();
    assert_eq!(changed, [86]);
    assert_eq!(text.len(), fixed.len());

    // Send it back as an incremental change: the row total holds again.
    // (With the total at 4 the column balance of the total column and the
    // narrative's count now disagree with the table: new findings.)
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "range": edits[0]["range"], "text": "4" }],
        }),
    );
    let after = client.diagnostics(&uri, 2);
    assert!(!codes(&after).contains(&"GK302".to_string()), "{after:#?}");
    // The server's text is the client's: same findings as the library.
    assert_eq!(
        codes(&after),
        library_diagnostics(&fixed)
            .iter()
            .map(|d| d.code.clone())
            .collect::<Vec<_>>()
    );

    // A second copy: the column balance's (unsafe) fix on the edited cell
    // restores 3, and both arithmetic findings go.
    let other = uri_of(&dir.join("001-b.txt"));
    client.open(&other, &text);
    let before = client.diagnostics(&other, 1);
    let balance = before
        .iter()
        .find(|d| d["code"] == "GK301")
        .unwrap()
        .clone();
    assert_eq!(balance["range"]["start"]["line"], 80);
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": other },
            "range": balance["range"],
            "context": { "diagnostics": [balance], "only": ["quickfix"] },
        }),
    );
    let action = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|action| action["diagnostics"][0]["code"] == "GK301")
        .expect("a fix for GK301");
    assert_eq!(action["isPreferred"], false);
    let edits = action["edit"]["changes"][&other].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    let restored = apply(&text, edits);
    assert_eq!(restored, common::read_fixture(&common::seed("001")));
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": other, "version": 2 },
            "contentChanges": [{ "range": edits[0]["range"], "text": edits[0]["newText"] }],
        }),
    );
    let after = client.diagnostics(&other, 2);
    assert!(after.len() < before.len(), "{after:#?}");
    assert!(
        !after
            .iter()
            .any(|d| d["code"] == "GK301" || d["code"] == "GK302"),
        "{after:#?}"
    );
    // No other kind of action is offered when only refactorings are asked.
    let none = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": total["range"],
            "context": { "diagnostics": [], "only": ["refactor"] },
        }),
    );
    assert_eq!(none, json!([]));

    // Closing clears the document's diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let cleared = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    client.shutdown();
}

#[test]
fn utf16_columns_are_exact_after_han_and_astral_characters() {
    let dir = scratch("utf16");
    let uri = uri_of(&dir.join("003.txt"));
    let text = common::read_fixture(&common::seed("003"));
    // Line 5 has a doubled word (GK502) after Chinese text; put an astral
    // character (two UTF-16 units, four bytes) and ASCII before it.
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    lines[4] = format!("𠀀ab{}", lines[4]);
    let text = lines.join("\n");
    let expected = library_diagnostics(&text)
        .into_iter()
        .find(|d| d.code == "GK502")
        .expect("GK502 on line 5");
    let line_start = text.match_indices('\n').nth(3).unwrap().0 + 1;
    let prefix = &text[line_start..expected.span.start];
    assert!(prefix.contains('𠀀') && prefix.contains("ab") && prefix.contains("行政"));
    let characters = prefix.chars().count();
    let units = prefix.encode_utf16().count();
    assert_eq!(units, characters + 1, "one astral character");
    assert!(prefix.len() > units, "multi-byte text before the span");

    let (mut client, _) = Client::start(Value::Null);
    client.open(&uri, &text);
    let published = client.diagnostics(&uri, 1);
    let doubled = published
        .iter()
        .find(|d| d["code"] == "GK502")
        .expect("GK502 published");
    assert_eq!(
        doubled["range"],
        json!({
            "start": { "line": 4, "character": units },
            "end": { "line": 4, "character": units + text[expected.span.clone()].encode_utf16().count() },
        })
    );
    // Every published range is the library's span in UTF-16.
    let library = library_diagnostics(&text);
    assert_eq!(published.len(), library.len());
    for (lsp, lib) in published.iter().zip(&library) {
        assert_eq!(lsp["code"], lib.code.as_str());
        assert_eq!(lsp["range"], range(&text, lib.span.clone()), "{}", lib.code);
    }
    client.shutdown();
}

#[test]
fn every_fix_is_offered_with_edits_on_its_spans_only() {
    let dir = scratch("fixes");
    let (mut client, _) = Client::start(Value::Null);
    // Seed 001 edited (two arithmetic fixes, conversion debris), a blank
    // cell and a garbled date.
    let mut blank = common::read_fixture(&common::seed("001"));
    blank = blank.replacen("\t0\n\t0\n\t 0\u{a0}\n", "\t0\n\t\n\t 0\u{a0}\n", 1);
    let garbled = common::read_fixture(&common::seed("003")).replace("2020年1月20日", "202011日");
    let texts = [
        ("a.txt", seed_001_with_error()),
        ("b.txt", blank),
        ("c.txt", garbled),
    ];
    let mut seen = Vec::new();
    let mut preferred = Vec::new();
    for (name, text) in &texts {
        let uri = uri_of(&dir.join(name));
        client.open(&uri, text);
        client.diagnostics(&uri, 1);
        let end = position(text, text.len());
        let actions = client.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": { "start": { "line": 0, "character": 0 }, "end": end },
                "context": { "diagnostics": [] },
            }),
        );
        let all = library_diagnostics(text);
        let library: Vec<_> = all.iter().filter(|d| d.fix.is_some()).cloned().collect();
        let actions = actions.as_array().unwrap();
        assert_eq!(actions.len(), library.len(), "{name}: {actions:#?}");
        for (action, finding) in actions.iter().zip(&library) {
            let fix = finding.fix.as_ref().unwrap();
            assert_eq!(action["diagnostics"][0]["code"], finding.code.as_str());
            // Preferred: safe, or verified and holding once applied.
            let sound = xxgk_lint::fix::is_sound(text, &all, finding, library_diagnostics);
            assert_eq!(action["isPreferred"], sound, "{name} {}", finding.code);
            preferred.push((finding.code.clone(), sound));
            let edits = action["edit"]["changes"][&uri].as_array().unwrap();
            let expected: Vec<Value> = fix
                .edits
                .iter()
                .map(|edit| json!({ "range": range(text, edit.span.clone()), "newText": edit.replacement }))
                .collect();
            assert_eq!(edits, &expected, "{name} {}", finding.code);
            seen.push(finding.code.clone());
        }
    }
    seen.sort();
    seen.dedup();
    // Sums, blank cells, conversion debris, garbled dates.
    for code in ["GK301", "GK302", "GK501"] {
        assert!(seen.contains(&code.to_string()), "{seen:?}");
    }
    assert!(seen.len() >= 5, "{seen:?}");
    // Debris removal is always preferred; a blank that was 0 filled with 0
    // holds; the total set to a sum with a wrong addend does not (the
    // column would then fail).
    assert!(
        preferred.contains(&("GK501".to_string(), true)),
        "{preferred:?}"
    );
    assert!(
        preferred.contains(&("GK207".to_string(), true)),
        "{preferred:?}"
    );
    assert!(
        preferred.contains(&("GK302".to_string(), false)),
        "{preferred:?}"
    );
    client.shutdown();
}

#[test]
fn hover_shows_cell_keys_identities_and_dates() {
    let dir = scratch("hover");
    let uri = uri_of(&dir.join("001.txt"));
    let text = seed_001_with_error();
    let (mut client, _) = Client::start(Value::Null);
    client.open(&uri, &text);
    let total = client
        .diagnostics(&uri, 1)
        .into_iter()
        .find(|d| d["code"] == "GK302")
        .unwrap();
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": total["range"]["start"] }),
    );
    let markdown = hover["contents"]["value"].as_str().unwrap();
    assert!(markdown.contains("applications.new.total"), "{markdown}");
    assert!(
        markdown.contains("一、本年新收政府信息公开申请数量"),
        "{markdown}"
    );
    assert!(markdown.contains("值：3"), "{markdown}");
    assert!(markdown.contains("GK302"), "{markdown}");
    assert!(markdown.contains("计算值：4"), "{markdown}");
    assert_eq!(hover["range"], total["range"]);

    // A cell that is not a total: key and value only.
    let natural = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 80, "character": 1 } }),
    );
    let markdown = natural["contents"]["value"].as_str().unwrap();
    assert!(markdown.contains("applications.new.natural"), "{markdown}");
    assert!(
        markdown.contains("值：4") && !markdown.contains("GK30"),
        "{markdown}"
    );

    // Plain text: nothing.
    let nothing = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 0 } }),
    );
    assert_eq!(nothing, Value::Null);

    // The signing date of seed 003 (line 413).
    let uri = uri_of(&dir.join("003.txt"));
    let text = common::read_fixture(&common::seed("003"));
    client.open(&uri, &text);
    client.diagnostics(&uri, 1);
    let date = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 412, "character": 3 } }),
    );
    let markdown = date["contents"]["value"].as_str().unwrap();
    assert!(markdown.contains("2020-01-20"), "{markdown}");
    assert!(markdown.contains("落款"), "{markdown}");
    assert!(markdown.contains("GK403"), "{markdown}");
    client.shutdown();
}

#[test]
fn english_when_the_client_asks() {
    let dir = scratch("english");
    let uri = uri_of(&dir.join("001.txt"));
    let (mut client, _) = Client::start(json!({ "lang": "en" }));
    client.open(&uri, &seed_001_with_error());
    let total = client
        .diagnostics(&uri, 1)
        .into_iter()
        .find(|d| d["code"] == "GK302")
        .unwrap();
    assert!(
        total["message"]
            .as_str()
            .unwrap()
            .starts_with("the total of"),
        "{total}"
    );
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": total["range"]["start"] }),
    );
    let markdown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        markdown.contains("Value: 3") && markdown.contains("Computed: 4"),
        "{markdown}"
    );
    client.shutdown();
}

/// A report of about 3,000 lines: seed 002 with its overview repeated.
fn long_report() -> String {
    let text = common::read_fixture(&common::seed("002"));
    let lines: Vec<&str> = text.split('\n').collect();
    let heading = lines
        .iter()
        .position(|line| line.trim_start().starts_with("一、"))
        .expect("overview heading");
    let overview: Vec<&str> = lines[heading + 1..]
        .iter()
        .take_while(|line| !line.trim_start().starts_with("二、"))
        .copied()
        .collect();
    assert!(!overview.is_empty());
    let mut out: Vec<&str> = lines[..=heading].to_vec();
    while out.len() + lines.len() - heading < 3000 {
        out.extend(&overview);
    }
    out.extend(&lines[heading + 1..]);
    out.join("\n")
}

#[test]
fn a_hundred_edits_never_leave_stale_diagnostics() {
    let dir = scratch("stale");
    let uri = uri_of(&dir.join("long.txt"));
    let mut text = long_report();
    assert!(text.split('\n').count() >= 3000);
    let linter = xxgk_lint::Linter::builtin().unwrap();
    let report = linter
        .lint(&text, &xxgk_lint::FileOptions::default())
        .report;
    let cell = report
        .table("applications")
        .and_then(|table| table.cell("new.total"))
        .expect("applications.new.total")
        .clone();
    let (mut client, _) = Client::start(json!({ "debounceMs": 5 }));
    client.open(&uri, &text);
    let mut versions = vec![text.clone()];
    let mut span = cell.span.clone();
    for version in 2..=101 {
        let replacement = (version % 7).to_string();
        let change_range = range(&text, span.clone());
        text.replace_range(span.clone(), &replacement);
        span = span.start..span.start + replacement.len();
        versions.push(text.clone());
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": change_range, "text": replacement }],
            }),
        );
        // Irregular pauses, so that some lints start (and are overtaken by
        // newer edits) while typing goes on.
        std::thread::sleep(Duration::from_millis(version % 13));
        if version == 50 {
            // One pause long enough for a publish in the middle.
            client.diagnostics(&uri, 50);
        }
    }
    client.diagnostics(&uri, 101);
    client.drain(Duration::from_millis(500));
    let published: Vec<&Value> = client
        .published
        .iter()
        .filter(|m| m["params"]["uri"] == uri)
        .collect();
    // The last publish is of the last version.
    assert_eq!(published.last().unwrap()["params"]["version"], 101);
    assert!(published.iter().any(|m| m["params"]["version"] == 50));
    let mut previous = 0;
    for message in published {
        let version = message["params"]["version"].as_i64().unwrap();
        assert!(version > previous, "versions out of order");
        previous = version;
        // Each publish holds the findings of exactly that version's text.
        let source = &versions[usize::try_from(version).unwrap() - 1];
        let expected: Vec<(String, Value, String)> = linter
            .lint(source, &xxgk_lint::FileOptions::default())
            .diagnostics
            .iter()
            .map(|d| {
                let mut text = d.message.clone();
                if let Some(help) = &d.help {
                    text = format!("{text}\n{help}");
                }
                (d.code.clone(), range(source, d.span.clone()), text)
            })
            .collect();
        let got: Vec<(String, Value, String)> = message["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["range"].clone(),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(got, expected, "version {version}");
    }
    client.shutdown();
}

#[test]
fn configuration_is_reloaded_and_a_broken_file_is_a_diagnostic() {
    let dir = scratch("config");
    let config = dir.join("xxgk-lint.toml");
    let config_uri = uri_of(&config);
    std::fs::write(&config, "ignore = [\"GK403\"]\n").unwrap();
    let nested = dir.join("reports/2020");
    std::fs::create_dir_all(&nested).unwrap();
    let uri = uri_of(&nested.join("003.txt"));
    let text = common::read_fixture(&common::seed("003"));
    let (mut client, _) = Client::start(Value::Null);
    client.open(&uri, &text);
    let ignored = client.diagnostics(&uri, 1);
    assert!(
        !codes(&ignored).contains(&"GK403".to_string()),
        "{ignored:#?}"
    );
    assert!(!ignored.is_empty());

    let changed = |client: &mut Client| {
        client.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": config_uri, "type": 2 }] }),
        );
    };
    // Broken: a diagnostic on the configuration file, defaults for the report.
    std::fs::write(&config, "ignore = [\"GK403\"\nyear = 2020\n").unwrap();
    changed(&mut client);
    let problem = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == config_uri
    });
    let diagnostics = problem["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{problem:#}");
    assert_eq!(diagnostics[0]["source"], "xxgk-lint");
    assert_eq!(diagnostics[0]["severity"], 1);
    assert!(diagnostics[0]["range"]["start"]["line"].as_u64().unwrap() <= 1);
    let defaults = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["code"] == "GK403"))
    });
    assert_eq!(defaults["params"]["version"], 1);

    // Fixed: the configuration diagnostic is cleared and applies again.
    std::fs::write(&config, "ignore = [\"GK403\", \"GK502\"]\n").unwrap();
    changed(&mut client);
    let cleared = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == config_uri
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    let reloaded = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["diagnostics"].as_array().is_some_and(|d| {
                !d.iter()
                    .any(|d| d["code"] == "GK403" || d["code"] == "GK502")
            })
    });
    assert_eq!(reloaded["params"]["version"], 1);
    client.shutdown();
}

#[test]
fn versioned_edits_and_plain_diagnostics_as_the_client_declares() {
    let dir = scratch("versioned");
    let uri = uri_of(&dir.join("001.txt"));
    let (mut client, _) = Client::start_with(
        json!({ "workspace": { "workspaceEdit": { "documentChanges": true } } }),
        Value::Null,
    );
    client.open(&uri, &seed_001_with_error());
    let total = client
        .diagnostics(&uri, 1)
        .into_iter()
        .find(|d| d["code"] == "GK302")
        .unwrap();
    // Not declared: no related information, no documentation link.
    assert!(total.get("relatedInformation").is_none(), "{total}");
    assert!(total.get("codeDescription").is_none(), "{total}");
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": total["range"],
            "context": { "diagnostics": [total] },
        }),
    );
    let change = &actions[0]["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"], json!({ "uri": uri, "version": 1 }));
    assert_eq!(change["edits"][0]["newText"], "4");
    client.shutdown();
}

#[test]
fn exit_without_shutdown_is_an_error_exit() {
    let (mut client, _) = Client::start(Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();
    assert!(!status.success());
}

/// Re-lint time of a 3,000-line report, inside the server: the analysis
/// alone (lint and conversion) and an edit's round trip to its publish.
/// A measurement, not a check: `cargo test --release --test lsp -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement; run in release mode"]
fn relint_time_of_a_long_report() {
    use std::str::FromStr as _;
    let text = std::sync::Arc::new(long_report());
    let settings = std::sync::Arc::new(xxgk_lint::lsp::Settings::builtin(
        xxgk_lint::engine::Lang::Zh,
    ));
    let uri = lsp_types::Uri::from_str("file:///tmp/long.txt").unwrap();
    let mut times = Vec::new();
    let mut lint_only = Vec::new();
    for revision in 0..30 {
        let start = Instant::now();
        let linted = settings.linter.lint(&text, &settings.options);
        lint_only.push(start.elapsed());
        assert!(!linted.diagnostics.is_empty());
        let start = Instant::now();
        let analysis = xxgk_lint::lsp::server::analyze(
            uri.clone(),
            revision,
            1,
            text.clone(),
            settings.clone(),
            xxgk_lint::lsp::convert::DiagnosticSupport::default(),
        );
        times.push(start.elapsed());
        assert!(!analysis.lsp_diagnostics.is_empty());
    }
    lint_only.sort();
    eprintln!(
        "lint alone: min {:?}, median {:?}",
        lint_only[0],
        lint_only[lint_only.len() / 2]
    );
    times.sort();
    eprintln!(
        "analysis of {} lines: min {:?}, median {:?}, max {:?}",
        text.split('\n').count(),
        times[0],
        times[times.len() / 2],
        times[times.len() - 1]
    );

    let dir = scratch("timing");
    let uri = uri_of(&dir.join("long.txt"));
    let (mut client, _) = Client::start(json!({ "debounceMs": 0 }));
    client.open(&uri, &text);
    client.diagnostics(&uri, 1);
    let mut round_trips = Vec::new();
    for version in 2..=31 {
        let start = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                // Insert a space at the start, then delete it again.
                "contentChanges": [{ "range": {
                    "start": { "line": 0, "character": 0 },
                    "end": { "line": 0, "character": version % 2 },
                }, "text": if version % 2 == 0 { " " } else { "" } }],
            }),
        );
        client.diagnostics(&uri, version);
        round_trips.push(start.elapsed());
    }
    round_trips.sort();
    eprintln!(
        "edit to publish (no debounce): median {:?}, max {:?}",
        round_trips[round_trips.len() / 2],
        round_trips[round_trips.len() - 1]
    );
    client.shutdown();
}
