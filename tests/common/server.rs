//! A `xxgk-lint serve` started for a test on a free loopback port, and
//! the HTTP requests the tests send it.
#![allow(dead_code)]

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

/// A running service; killed when dropped.
pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// `127.0.0.1:PORT`
    pub addr: String,
    agent: ureq::Agent,
}

/// An answer: status, headers and body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "not JSON ({error}), status {}: {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

impl Server {
    /// Starts `xxgk-lint serve --addr 127.0.0.1:0 ARGS` and reads the
    /// address it bound from its first line of output.
    pub fn start(args: &[&str]) -> Server {
        Server::start_with(args, &[])
    }

    /// As [`Server::start`], with more environment variables.
    pub fn start_with(args: &[&str], envs: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xxgk-lint"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .envs(envs.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("xxgk-lint serve starts");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let addr = first
            .trim()
            .strip_prefix("xxgk-lint serve: listening on http://")
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_else(|| panic!("unexpected first line: {first:?}"))
            .to_string();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        Server {
            child,
            base: format!("http://{addr}"),
            addr,
            agent,
        }
    }

    fn answer(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
        let mut response = response.expect("the service answers");
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(key, value)| {
                (
                    key.as_str().to_string(),
                    value.to_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_vec()
            .unwrap();
        Answer {
            status,
            headers,
            body,
        }
    }

    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = self.agent.get(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        Server::answer(request.call())
    }

    pub fn post(&self, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        let mut request = self.agent.post(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        Server::answer(request.send(body))
    }

    /// Posts `bytes` as the `file` field of a multipart form.
    pub fn upload(&self, path: &str, name: &str, bytes: &[u8], headers: &[(&str, &str)]) -> Answer {
        let (content_type, body) = multipart(name, bytes);
        let mut all = vec![("Content-Type", content_type.as_str())];
        all.extend_from_slice(headers);
        self.post(path, &all, &body)
    }

    /// Posts the file at `file` under its own name.
    pub fn upload_file(&self, path: &str, file: &std::path::Path) -> Answer {
        let name = file.file_name().unwrap().to_str().unwrap();
        self.upload(path, name, &std::fs::read(file).unwrap(), &[])
    }

    /// Sends raw bytes and reads the raw answer (status line, headers and
    /// body as sent).
    pub fn raw(&self, request: &[u8]) -> String {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        stream.write_all(request).unwrap();
        let mut out = Vec::new();
        let _ = stream.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Sends `head`, then each of `parts` a moment apart (as a slow
    /// client would), and reads the answer as soon as there is one.
    pub fn stream(&self, head: &str, parts: impl Iterator<Item = String>) -> String {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        stream.set_nonblocking(true).unwrap();
        let mut out = Vec::new();
        let mut buffer = [0u8; 4096];
        for part in parts {
            if stream.write_all(part.as_bytes()).is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
            if let Ok(read) = stream.read(&mut buffer)
                && read > 0
            {
                out.extend_from_slice(&buffer[..read]);
                break;
            }
        }
        stream.set_nonblocking(false).unwrap();
        let _ = stream.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A multipart/form-data body with one file field: (content type, body).
pub fn multipart(name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "xxgk-lint-test-boundary-5b1f0c";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
