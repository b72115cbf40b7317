//! Baselines: findings recorded once and ignored afterwards, so that a big
//! archive can adopt the linter gradually. A finding is matched by file,
//! code and a fingerprint of the text it points at — not by line number, so
//! edits elsewhere in the report do not resurrect it.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::diagnostic::Diagnostic;

/// The version of the baseline format (2: fingerprints include the line
/// with words above the finding).
const VERSION: u32 = 2;

/// One recorded finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub code: String,
    pub fingerprint: String,
    /// For people reading the file; not used for matching.
    #[serde(default)]
    pub message: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    entries: Vec<Entry>,
}

#[derive(Debug, Error, miette::Diagnostic)]
pub enum BaselineError {
    #[error("cannot read baseline {path}")]
    #[diagnostic(code(xxgk::baseline::io), help("create it with --write-baseline"))]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("baseline {path} is not a valid baseline file: {message}")]
    #[diagnostic(code(xxgk::baseline), help("recreate it with --write-baseline"))]
    Invalid { path: String, message: String },
    #[error("cannot write baseline {path}")]
    #[diagnostic(code(xxgk::baseline::io))]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// The recorded findings, as counts per (path, code, fingerprint).
#[derive(Clone, Debug, Default)]
pub struct Baseline {
    counts: HashMap<(String, String, String), usize>,
}

impl Baseline {
    /// Reads a baseline file.
    ///
    /// # Errors
    /// An unreadable or malformed file.
    pub fn read(path: &Path) -> Result<Baseline, BaselineError> {
        let dir = base_dir(path);
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let file: BaselineFile =
            serde_json::from_str(&text).map_err(|error| BaselineError::Invalid {
                path: path.display().to_string(),
                message: error.to_string(),
            })?;
        if file.version != VERSION {
            return Err(BaselineError::Invalid {
                path: path.display().to_string(),
                message: format!(
                    "it is version {}, this xxgk-lint reads version {VERSION} (its fingerprints changed)",
                    file.version
                ),
            });
        }
        let mut counts = HashMap::new();
        for entry in file.entries {
            // Spelled as this version writes them (older versions could
            // store absolute paths or `./` and `..` segments).
            let key = if Path::new(&entry.path).is_absolute() {
                key_path(&dir, Path::new(&entry.path))
            } else {
                crate::paths::slashed(&crate::paths::normalize(Path::new(&entry.path)))
            };
            *counts
                .entry((key, entry.code, entry.fingerprint))
                .or_insert(0) += 1;
        }
        Ok(Baseline { counts })
    }

    /// Drops the findings of `path` that the baseline records (each
    /// recorded finding absorbs one current finding).
    #[must_use]
    pub fn filter(
        &mut self,
        path: &str,
        text: &str,
        diagnostics: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter(|diagnostic| {
                let key = (
                    path.to_string(),
                    diagnostic.code.clone(),
                    fingerprint(text, diagnostic),
                );
                match self.counts.get_mut(&key) {
                    Some(count) if *count > 0 => {
                        *count -= 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect()
    }
}

/// The folder a baseline's paths are relative to: the baseline file's
/// own, made absolute.
#[must_use]
pub fn base_dir(baseline: &Path) -> std::path::PathBuf {
    let dir = baseline
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    crate::paths::absolute(dir)
}

/// A linted file's path as a baseline records it: relative to the
/// baseline's folder `dir`, `/` separators.
#[must_use]
pub fn key_path(dir: &Path, file: &Path) -> String {
    crate::paths::slashed(&crate::paths::relative_to(file, dir))
}

/// Writes the findings of a run as a baseline.
///
/// # Errors
/// The file cannot be written.
pub fn write(path: &Path, mut entries: Vec<Entry>) -> Result<(), BaselineError> {
    entries.sort_by(|a, b| {
        (&a.path, &a.code, &a.fingerprint).cmp(&(&b.path, &b.code, &b.fingerprint))
    });
    let file = BaselineFile {
        version: VERSION,
        entries,
    };
    let text = serde_json::to_string_pretty(&file).expect("a baseline serialises") + "\n";
    std::fs::write(path, text).map_err(|source| BaselineError::Write {
        path: path.display().to_string(),
        source,
    })
}

/// The entry for one finding.
#[must_use]
pub fn entry(path: &str, text: &str, diagnostic: &Diagnostic) -> Entry {
    Entry {
        path: path.to_string(),
        code: diagnostic.code.clone(),
        fingerprint: fingerprint(text, diagnostic),
        message: diagnostic.message.clone(),
    }
}

/// A fingerprint of what a finding points at: its code, the text of its
/// span, the text of the line around it, and the nearest line above that
/// holds words (whitespace ignored). The line with words tells apart the
/// findings on look-alike lines: the blank cells of two rows are both a
/// TAB alone on their line, but under different row labels.
#[must_use]
pub fn fingerprint(text: &str, diagnostic: &Diagnostic) -> String {
    let start = crate::source::floor_char_boundary(text, diagnostic.span.start);
    let end = crate::source::floor_char_boundary(text, diagnostic.span.end.max(start));
    let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |at| end + at);
    let mut hash = Fnv::default();
    hash.write(diagnostic.code.as_bytes());
    hash.write(b"\0");
    hash.write_text(&text[start..end]);
    hash.write(b"\0");
    hash.write_text(&text[line_start..line_end]);
    hash.write(b"\0");
    hash.write_text(heading_line(&text[..line_start]));
    format!("{:016x}", hash.0)
}

/// The last line of `before` that holds a letter or a Han character (not
/// only numbers, blanks and punctuation), looking back at most a few dozen
/// lines; empty if there is none.
fn heading_line(before: &str) -> &str {
    before
        .lines()
        .rev()
        .take(MAX_LOOK_BACK)
        .find(|line| line.chars().any(char::is_alphabetic))
        .unwrap_or("")
}

/// Lines looked back for [`heading_line`]: more than the cells of the
/// longest table row, far less than a report.
const MAX_LOOK_BACK: usize = 40;

/// FNV-1a, 64 bits: stable across platforms and versions.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_text(&mut self, text: &str) {
        for ch in text
            .chars()
            .filter(|c| !crate::model::quantity::is_space(*c))
        {
            let mut buffer = [0; 4];
            self.write(ch.encode_utf8(&mut buffer).as_bytes());
        }
    }
}
