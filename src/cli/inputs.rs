//! Turning command-line paths into the list of reports to lint: files,
//! folders (walked, honouring .gitignore and the configuration's
//! include/exclude), glob patterns and standard input.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::CliError;
use crate::config::{self, Config, ConfigError};

/// Extensions of report files found when walking a folder.
pub const REPORT_EXTENSIONS: [&str; 4] = ["txt", "docx", "html", "htm"];

/// Extensions of report formats that are not read (old Word and WPS
/// documents, PDF, OFD, RTF, saved MHTML pages). Found while walking a
/// folder they are refused, each with its own message, unless
/// `--skip-unreadable` says to pass over them: an archive of old `.doc`
/// files must not pass as checked.
pub const UNREAD_EXTENSIONS: [&str; 9] = [
    "doc", "wps", "wpt", "dot", "pdf", "ofd", "rtf", "mht", "mhtml",
];

/// What the command line's paths name.
#[derive(Default)]
pub struct Expanded {
    /// The reports to lint.
    pub inputs: Vec<Input>,
    /// Files in a format that is not read, found while walking a folder.
    pub unread: Vec<PathBuf>,
    /// Paths and patterns that could not be expanded.
    pub errors: Vec<CliError>,
}

/// One report to lint.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    File(PathBuf),
    /// Standard input, with the name it is shown (and configured) under.
    Stdin(PathBuf),
}

impl Input {
    /// The path shown in the output.
    #[must_use]
    pub fn display(&self) -> String {
        let path = match self {
            Input::File(path) | Input::Stdin(path) => path,
        };
        let text = path.display().to_string();
        text.strip_prefix("./").map(str::to_string).unwrap_or(text)
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        match self {
            Input::File(path) | Input::Stdin(path) => path,
        }
    }
}

/// How configurations are found.
pub enum ConfigMode {
    /// Nearest xxgk-lint.toml above each file.
    Discover,
    /// One configuration for all files.
    Fixed(Arc<Config>),
}

/// Loads and caches configurations.
pub struct Configs {
    mode: ConfigMode,
    packs: Vec<PathBuf>,
    cache: HashMap<Option<PathBuf>, Arc<Config>>,
    /// The configuration file found for each folder (discovery looks at
    /// every folder above; the files of a folder share the answer).
    discovered: HashMap<PathBuf, Option<PathBuf>>,
    /// Configuration problems met so far (reported once each).
    pub errors: Vec<ConfigError>,
    failed: BTreeSet<PathBuf>,
}

impl Configs {
    pub fn new(mode: ConfigMode, packs: Vec<PathBuf>) -> Configs {
        Configs {
            mode,
            packs,
            cache: HashMap::new(),
            discovered: HashMap::new(),
            errors: Vec::new(),
            failed: BTreeSet::new(),
        }
    }

    /// The configuration for a file, or `None` when it is broken.
    pub fn for_file(&mut self, file: &Path) -> Option<Arc<Config>> {
        let folder = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let found = match &self.mode {
            ConfigMode::Fixed(config) => return Some(Arc::clone(config)),
            ConfigMode::Discover => match self.discovered.get(folder) {
                Some(found) => found.clone(),
                None => {
                    let found = config::discover(&absolute(folder));
                    self.discovered.insert(folder.to_path_buf(), found.clone());
                    found
                }
            },
        };
        if let Some(path) = &found
            && self.failed.contains(path)
        {
            return None;
        }
        if let Some(config) = self.cache.get(&found) {
            return Some(Arc::clone(config));
        }
        let loaded = match &found {
            Some(path) => Config::load(path, &self.packs),
            None if self.packs.is_empty() => {
                Config::builtin(Path::new(".")).map_err(|errors| ConfigError::Packs {
                    path: "built into xxgk-lint".into(),
                    errors: errors.errors,
                })
            }
            None => Config::parse(Path::new("xxgk-lint.toml"), "", &self.packs),
        };
        match loaded {
            Ok(config) => {
                let config = Arc::new(config);
                self.cache.insert(found, Arc::clone(&config));
                Some(config)
            }
            Err(error) => {
                self.errors.push(error);
                if let Some(path) = found {
                    self.failed.insert(path);
                }
                None
            }
        }
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Whether a command-line argument is a glob pattern.
fn is_pattern(text: &str) -> bool {
    text.contains(['*', '?', '['])
}

/// Expands the command line's paths; problems are collected, the rest
/// still linted.
pub fn expand(args: &[String], stdin_name: Option<&Path>, configs: &mut Configs) -> Expanded {
    let mut inputs = BTreeSet::new();
    let mut unread = BTreeSet::new();
    let mut errors = Vec::new();
    for arg in args {
        if arg == "-" {
            let name = stdin_name.map_or_else(|| PathBuf::from("-"), Path::to_path_buf);
            inputs.insert(Input::Stdin(name));
            continue;
        }
        let path = Path::new(arg);
        if path.is_file() {
            inputs.insert(Input::File(path.to_path_buf()));
            continue;
        }
        if path.is_dir() {
            walk(path, configs, &mut inputs, &mut unread, &mut errors);
            continue;
        }
        if is_pattern(arg) {
            match glob::glob(arg) {
                Ok(paths) => {
                    let mut matched = false;
                    for entry in paths {
                        match entry {
                            Ok(found) if found.is_file() => {
                                matched = true;
                                inputs.insert(Input::File(found));
                            }
                            Ok(found) if found.is_dir() => {
                                matched = true;
                                walk(&found, configs, &mut inputs, &mut unread, &mut errors);
                            }
                            Ok(_) => {}
                            Err(error) => errors.push(CliError::Read {
                                path: error.path().display().to_string(),
                                source: std::io::Error::other(error.to_string()),
                            }),
                        }
                    }
                    if !matched {
                        errors.push(CliError::NoMatch {
                            pattern: arg.clone(),
                        });
                    }
                }
                Err(error) => errors.push(CliError::Pattern {
                    pattern: arg.clone(),
                    message: error.msg.to_string(),
                }),
            }
            continue;
        }
        errors.push(CliError::Read {
            path: arg.clone(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory"),
        });
    }
    Expanded {
        inputs: inputs.into_iter().collect(),
        unread: unread.into_iter().collect(),
        errors,
    }
}

/// The report files below a folder, honouring .gitignore files and the
/// configuration that applies to each file; files in a format that is not
/// read go to `unread`.
fn walk(
    dir: &Path,
    configs: &mut Configs,
    inputs: &mut BTreeSet<Input>,
    unread: &mut BTreeSet<PathBuf>,
    errors: &mut Vec<CliError>,
) {
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .sort_by_file_name(std::ffi::OsStr::cmp)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let path = entry.into_path();
                let Some(config) = configs.for_file(&path) else {
                    continue;
                };
                let full = absolute(&path);
                if config.includes(&full, &REPORT_EXTENSIONS) {
                    inputs.insert(Input::File(path));
                } else if config.includes(&full, &UNREAD_EXTENSIONS) {
                    unread.insert(path);
                }
            }
            Err(error) => errors.push(CliError::Read {
                path: dir.display().to_string(),
                source: std::io::Error::other(error.to_string()),
            }),
        }
    }
}
