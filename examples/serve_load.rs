//! A bounded load test of `xxgk-lint serve` (driven by `bench/serve_load.sh`).
//!
//! ```sh
//! cargo run --release --example serve_load -- --addr 127.0.0.1:PORT \
//!     --bin target/release/xxgk-lint --requests 2000 --concurrency 16 \
//!     --max-seconds 600 FILE...
//! ```
//!
//! Sends `--requests` check requests (the files in turn, each under a name
//! of its own) from `--concurrency` threads, stopping early after
//! `--max-seconds`. Every answer must be 200 and equal what
//! `xxgk-lint check --isolated --format json` prints for its file, with
//! the request's name as path: an answer lost, refused or given for
//! another file is an error. Prints the latency percentiles, the
//! throughput and the error count, and exits 1 on any error.

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

struct Options {
    addr: String,
    bin: PathBuf,
    requests: usize,
    concurrency: usize,
    max_seconds: u64,
    files: Vec<PathBuf>,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        addr: String::new(),
        bin: PathBuf::from("target/release/xxgk-lint"),
        requests: 2000,
        concurrency: 16,
        max_seconds: 600,
        files: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--addr" => options.addr = value()?,
            "--bin" => options.bin = PathBuf::from(value()?),
            "--requests" => options.requests = value()?.parse().map_err(|e| format!("{e}"))?,
            "--concurrency" => {
                options.concurrency = value()?.parse().map_err(|e| format!("{e}"))?;
            }
            "--max-seconds" => {
                options.max_seconds = value()?.parse().map_err(|e| format!("{e}"))?;
            }
            _ => options.files.push(PathBuf::from(arg)),
        }
    }
    if options.addr.is_empty() || options.files.is_empty() {
        return Err("usage: serve_load --addr HOST:PORT [--bin XXGK_LINT] [--requests N] [--concurrency N] [--max-seconds S] FILE...".into());
    }
    Ok(options)
}

/// A file to send and the answer it must get (path left out).
struct Case {
    name: String,
    bytes: Vec<u8>,
    expected: Value,
}

fn case(bin: &PathBuf, path: &PathBuf) -> Result<Case, String> {
    let out = Command::new(bin)
        .args(["check", "--isolated", "--format", "json"])
        .arg(path)
        .output()
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    let mut expected: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("{}: check printed no JSON: {e}", path.display()))?;
    expected["files"][0]["path"] = Value::Null;
    Ok(Case {
        name: path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned(),
        bytes: std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?,
        expected,
    })
}

fn multipart(name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "xxgk-lint-load-boundary-41c7";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Sends request `index`; its latency, or what was wrong with its answer.
fn send(agent: &ureq::Agent, url: &str, cases: &[Case], index: usize) -> Result<Duration, String> {
    let case = &cases[index % cases.len()];
    let name = format!("{index:05}-{}", case.name);
    let (content_type, body) = multipart(&name, &case.bytes);
    let started = Instant::now();
    let mut response = agent
        .post(url)
        .header("Content-Type", &content_type)
        .send(&body[..])
        .map_err(|e| format!("request {index}: {e}"))?;
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .with_config()
        .limit(1 << 30)
        .read_to_string()
        .map_err(|e| format!("request {index}: {e}"))?;
    let elapsed = started.elapsed();
    if status != 200 {
        return Err(format!("request {index}: status {status}: {text}"));
    }
    let mut answer: Value =
        serde_json::from_str(&text).map_err(|e| format!("request {index}: not JSON: {e}"))?;
    if answer["files"][0]["path"] != name.as_str() {
        return Err(format!(
            "request {index}: the answer is for {}, not {name}",
            answer["files"][0]["path"]
        ));
    }
    answer["files"][0]["path"] = Value::Null;
    if answer != case.expected {
        return Err(format!(
            "request {index}: the answer differs from check's for {}",
            case.name
        ));
    }
    Ok(elapsed)
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "an index into a list of at most a few thousand latencies"
    )]
    let at = ((sorted.len() as f64 * fraction).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[at]
}

fn main() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let cases: Vec<Case> = match options
        .files
        .iter()
        .map(|path| case(&options.bin, path))
        .collect()
    {
        Ok(cases) => cases,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let url = format!("http://{}/api/v1/check", options.addr);
    let next = AtomicUsize::new(0);
    let latencies = Mutex::new(Vec::with_capacity(options.requests));
    let errors = Mutex::new(Vec::new());
    let deadline = Instant::now() + Duration::from_secs(options.max_seconds);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..options.concurrency.max(1) {
            scope.spawn(|| {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(120)))
                    .build()
                    .into();
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    if index >= options.requests || Instant::now() > deadline {
                        break;
                    }
                    match send(&agent, &url, &cases, index) {
                        Ok(elapsed) => latencies.lock().unwrap().push(elapsed),
                        Err(message) => errors.lock().unwrap().push(message),
                    }
                }
            });
        }
    });
    let wall = started.elapsed();
    let mut latencies = latencies.into_inner().unwrap();
    let errors = errors.into_inner().unwrap();
    latencies.sort();
    let done = latencies.len() + errors.len();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("files:        {}", cases.len());
    println!(
        "requests:     {done} of {} (concurrency {})",
        options.requests, options.concurrency
    );
    println!("wall time:    {:.2} s", wall.as_secs_f64());
    #[allow(clippy::cast_precision_loss, reason = "a count of requests")]
    let throughput = done as f64 / wall.as_secs_f64();
    println!("throughput:   {throughput:.1} requests/s");
    println!(
        "latency:      p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.90)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default())
    );
    println!("errors:       {}", errors.len());
    for message in errors.iter().take(10) {
        println!("  {message}");
    }
    if !errors.is_empty() || done < options.requests {
        if done < options.requests {
            println!(
                "stopped after {} s: {done} requests sent",
                options.max_seconds
            );
        }
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
