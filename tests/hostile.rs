//! Hostile inputs: files no office would mean to send, which the linter
//! must still get through within bounded time and memory, exiting 0, 1 or
//! 2 with a diagnostic and never panicking.
//!
//! Each input runs the real binary in a child process with an address-space
//! limit (`ulimit -v`) and a wall-clock limit after which it is killed.
//! The limits are generous, for an unoptimised build on a busy two-core
//! machine: they catch a hang or a blow-up (quadratic time, memory growing
//! without bound), not a slow day. Speed itself is measured by
//! `bench/run.sh`, not here.

mod common;

use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

struct Run {
    code: i32,
    json: Value,
    stderr: String,
}

impl Run {
    fn diagnostics(&self) -> Vec<&Value> {
        self.json["files"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|file| file["diagnostics"].as_array().into_iter().flatten())
            .collect()
    }

    fn codes(&self) -> Vec<&str> {
        self.diagnostics()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect()
    }
}

/// Runs `xxgk-lint check --format json FILE ARGS…` with at most `seconds`
/// of wall time and `megabytes` of address space.
fn run_bounded(file: &Path, args: &[&str], seconds: u64, megabytes: u64) -> Run {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -v "$1" || exit 99; shift; exec "$@""#)
        .arg("sh")
        .arg((megabytes * 1024).to_string())
        .arg(env!("CARGO_BIN_EXE_xxgk-lint"))
        .args(["check", "--format", "json", "--no-progress", "-j", "2"])
        .arg(file)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sh");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).unwrap();
        bytes
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        stderr.read_to_string(&mut text).unwrap();
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(seconds) {
            child.kill().ok();
            child.wait().ok();
            panic!("{}: still running after {seconds} s", file.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = out.join().unwrap();
    let stderr = err.join().unwrap();
    let code = status.code().unwrap_or_else(|| {
        panic!(
            "{}: killed by a signal ({status}), out of memory under {megabytes} MB?\n{stderr}",
            file.display()
        )
    });
    assert_ne!(code, 99, "ulimit -v is not available: {stderr}");
    assert!(
        !stderr.contains("panicked"),
        "{}: panicked:\n{stderr}",
        file.display()
    );
    assert!(
        matches!(code, 0..=2),
        "{}: exit code {code}\n{stderr}",
        file.display()
    );
    let json = serde_json::from_slice(&stdout).unwrap_or_else(|error| {
        panic!(
            "{}: the JSON output does not parse ({error}):\n{}",
            file.display(),
            String::from_utf8_lossy(&stdout[..stdout.len().min(2000)])
        )
    });
    Run { code, json, stderr }
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A seed report with its three statistical tables.
fn full_seed() -> String {
    common::read_fixture(&common::seed("000"))
}

/// Byte range of the text from the heading starting with `from` to the
/// heading starting with `to` (lines of their own).
fn between(text: &str, from: &str, to: &str) -> std::ops::Range<usize> {
    let line_start = |heading: &str| {
        text.match_indices(heading)
            .map(|(at, _)| at)
            .find(|&at| at == 0 || text[..at].ends_with('\n'))
            .unwrap_or_else(|| panic!("no heading {heading}"))
    };
    line_start(from)..line_start(to)
}

#[test]
fn fifty_megabytes_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let flat = full_seed().replace(['\r', '\n'], " ");
    let mut text = flat.repeat(50_000_000 / flat.len() + 1);
    let mut end = 50_000_000;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    let path = write(&dir, "one-line.txt", text.as_bytes());
    let run = run_bounded(&path, &[], 600, 6000);
    // One line holds no section heading: said once (a warning), not six
    // parts missing.
    assert!(run.code <= 1, "{}", run.stderr);
    assert!(run.codes().contains(&"GK111"), "{:?}", run.codes());
    assert!(!run.codes().contains(&"GK101"), "{:?}", run.codes());
}

#[test]
fn a_million_tiny_cells() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "某县人民政府2020年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n",
    );
    text.push_str(&"\t1\n".repeat(1_000_000));
    let path = write(&dir, "cells.txt", text.as_bytes());
    let run = run_bounded(&path, &[], 300, 4000);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.diagnostics().is_empty());
}

#[test]
fn a_hundred_thousand_headings() {
    let dir = tempfile::tempdir().unwrap();
    let headings = [
        "一、总体情况",
        "（一）主动公开",
        "1、规章",
        "二、主动公开政府信息情况",
        "（二）依申请公开",
        "2.其他",
    ];
    let mut text = String::from("某县人民政府2020年政府信息公开工作年度报告\n");
    for i in 0..100_000 {
        text.push_str(headings[i % headings.len()]);
        text.push('\n');
    }
    let path = write(&dir, "headings.txt", text.as_bytes());
    let run = run_bounded(&path, &[], 300, 3000);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // The section written 16,667 times is one section and many repeats,
    // of which a bounded number is listed.
    let repeats = run
        .diagnostics()
        .into_iter()
        .filter(|d| d["code"] == "GK108")
        .collect::<Vec<_>>();
    assert_eq!(repeats.len(), 200, "{:?}", run.codes());
}

#[test]
fn a_number_of_ten_thousand_digits_is_a_table_finding() {
    let dir = tempfile::tempdir().unwrap();
    let seed = full_seed();
    // The first cell holding a plain number gets 10,000 digits.
    let at = seed
        .match_indices("\t0\n")
        .next()
        .map(|(at, _)| at + 1)
        .expect("a zero cell");
    let huge = "9".repeat(10_000);
    let text = format!("{}{huge}{}", &seed[..at], &seed[at + 1..]);
    let path = write(&dir, "digits.txt", text.as_bytes());
    let run = run_bounded(&path, &[], 120, 2000);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let on_cell: Vec<_> = run
        .diagnostics()
        .into_iter()
        .filter(|d| {
            d["category"] == "table"
                && d["span"]["start"].as_u64() == Some(at as u64)
                && d["span"]["end"].as_u64() == Some((at + huge.len()) as u64)
        })
        .collect();
    assert_eq!(on_cell.len(), 1, "{:#?}", run.diagnostics());
}

#[test]
fn dates_in_the_year_99999() {
    let dir = tempfile::tempdir().unwrap();
    let text = "某县人民政府99999年政府信息公开工作年度报告\n\
                一、总体情况\n本报告统计期限为99999年1月1日至99999年12月31日。\n\
                六、其他需要报告的事项\n无。\n某县人民政府\n99999年1月20日\n";
    let path = write(&dir, "year.txt", text.as_bytes());
    let run = run_bounded(&path, &[], 60, 2000);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // A five-digit year is no year: the report year is not known.
    assert!(run.codes().contains(&"GK002"), "{:?}", run.codes());
    // Four-digit extremes are years, checked against the report's.
    let text = text
        .replace("99999年政府", "2020年政府")
        .replace("99999年1月1日", "0000年1月1日")
        .replace("99999年12月31日", "9999年12月31日");
    let path = write(&dir, "extremes.txt", text.as_bytes());
    let run = run_bounded(&path, &[], 60, 2000);
    let wrong_year = run.codes().iter().filter(|c| **c == "GK401").count();
    assert_eq!(wrong_year, 2, "{:?}", run.codes());
}

#[test]
fn nul_bytes_and_binary_junk() {
    let dir = tempfile::tempdir().unwrap();
    let seed = full_seed();
    let mut with_nuls = Vec::new();
    for (i, chunk) in seed.as_bytes().chunks(300).enumerate() {
        with_nuls.extend_from_slice(chunk);
        with_nuls.extend(std::iter::repeat_n(0u8, i % 5 + 1));
    }
    let path = write(&dir, "nul.txt", &with_nuls);
    let run = run_bounded(&path, &[], 60, 2000);
    assert!(!run.diagnostics().is_empty());
    // 5 MB of pseudo-random bytes (a fixed xorshift, so the test is the
    // same every time).
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let junk: Vec<u8> = (0..5_000_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[3]
        })
        .collect();
    let path = write(&dir, "junk.txt", &junk);
    let run = run_bounded(&path, &[], 300, 3000);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.codes().contains(&"GK004"), "{:?}", run.codes());
}

#[test]
fn invalid_utf8_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let seed = full_seed();
    let mut at = seed.len() / 2;
    while !seed.is_char_boundary(at) {
        at += 1;
    }
    let mut bytes = seed.as_bytes()[..at].to_vec();
    bytes.extend_from_slice(b"\xff\xfe\xc3");
    bytes.extend_from_slice(&seed.as_bytes()[at..]);
    let path = write(&dir, "invalid.txt", &bytes);
    let run = run_bounded(&path, &[], 60, 2000);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let decoding: Vec<_> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d["code"] == "GK004")
        .collect();
    assert_eq!(decoding.len(), 1, "{decoding:#?}");
    let message = decoding[0]["message"].as_str().unwrap();
    assert!(message.contains(&at.to_string()), "{message}");
    // The rest of the report is still read: its tables are there.
    assert!(
        run.json["files"][0]["report"]["template"].is_string(),
        "{}",
        run.json
    );
}

#[test]
fn every_table_repeated_a_thousand_times() {
    let dir = tempfile::tempdir().unwrap();
    let seed = full_seed();
    let tables = between(&seed, "二、", "五、");
    let text = format!(
        "{}{}{}",
        &seed[..tables.start],
        seed[tables.clone()].repeat(1000),
        &seed[tables.end..]
    );
    let path = write(&dir, "tables.txt", text.as_bytes());
    let run = run_bounded(&path, &[], 300, 3000);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let repeats: Vec<_> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d["code"] == "GK108")
        .collect();
    // Three sections pasted 999 more times each: at most 200 listed, and
    // the last one says how many more there are.
    assert_eq!(repeats.len(), 200, "{:?}", run.codes());
    let last = repeats.last().unwrap()["message"].as_str().unwrap();
    assert!(last.contains("另有 2797 处"), "{last}");
}

#[test]
fn a_word_repeated_a_million_times_is_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("某县人民政府2020年政府信息公开工作年度报告\n一、总体情况\n本年度");
    text.push_str(&"行政".repeat(1_000_000));
    text.push_str("诉讼。\n");
    let path = write(&dir, "word.txt", text.as_bytes());
    let run = run_bounded(&path, &[], 120, 2000);
    let doubled: Vec<_> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d["code"] == "GK502")
        .collect();
    assert_eq!(doubled.len(), 1, "{doubled:#?}");
    let span = &doubled[0]["span"];
    assert_eq!(
        span["end"].as_u64().unwrap() - span["start"].as_u64().unwrap(),
        "行政".len() as u64 * 1_000_000
    );
}

#[test]
fn files_over_the_size_limit_are_refused_and_the_others_linted() {
    let dir = tempfile::tempdir().unwrap();
    let seed = full_seed();
    let big = write(&dir, "big.txt", seed.repeat(40).as_bytes());
    let small = write(&dir, "small.txt", seed.as_bytes());
    let run = run_bounded(
        &big,
        &[small.to_str().unwrap(), "--max-file-size", "100KB"],
        60,
        2000,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let files = run.json["files"].as_array().unwrap();
    let refused = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("big.txt"))
        .unwrap();
    let error = refused["error"].as_str().unwrap();
    assert!(
        error.contains("100000") && error.contains("big.txt"),
        "{error}"
    );
    assert_eq!(run.json["summary"]["failed"], 1);
    let linted = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("small.txt"))
        .unwrap();
    assert!(!linted["diagnostics"].as_array().unwrap().is_empty());
    // The default limit lets a real report through.
    let run = run_bounded(&big, &[], 60, 2000);
    assert_eq!(run.json["summary"]["failed"], 0, "{}", run.stderr);
}
