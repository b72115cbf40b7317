//! Where the server gets its settings: one small trait, [`ConfigProvider`].
//!
//! The server asks the provider for the settings of each document (by its
//! path) and tells it when configuration files changed on disk; it never
//! reads configuration itself. [`StandInConfig`] is a minimal provider: it
//! finds the nearest `xxgk-lint.toml` (or `.xxgk-lint.toml`) upward from
//! the document's folder, parses it with `toml`, and understands only
//! `ignore = ["GK403", …]` and `year = 2020`. The project's configuration
//! module replaces it by implementing the same trait.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::engine::Lang;
use crate::{FileOptions, Linter};

/// File names of configuration files, in order of preference within one
/// folder.
pub const CONFIG_FILE_NAMES: [&str; 2] = ["xxgk-lint.toml", ".xxgk-lint.toml"];

/// Everything needed to lint one document.
#[derive(Debug)]
pub struct Settings {
    pub linter: Arc<Linter>,
    pub options: FileOptions,
    /// Codes dropped from the results.
    pub ignore: Vec<String>,
    /// The configuration file these settings come from (`None`: built-in
    /// defaults).
    pub source: Option<PathBuf>,
}

impl Settings {
    /// The built-in national packs, no configuration.
    ///
    /// # Panics
    /// Only if a built-in pack is broken (caught by the test suite).
    #[must_use]
    pub fn builtin(lang: Lang) -> Settings {
        let mut linter = Linter::builtin().expect("the built-in packs are valid");
        linter.lang = lang;
        Settings {
            linter: Arc::new(linter),
            options: FileOptions::default(),
            ignore: Vec::new(),
            source: None,
        }
    }

    /// Whether a finding survives the settings' selection.
    #[must_use]
    pub fn keeps(&self, diagnostic: &Diagnostic) -> bool {
        !self.ignore.iter().any(|code| code == &diagnostic.code)
    }
}

/// A configuration file that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigProblem {
    /// The file at fault.
    pub path: PathBuf,
    /// Its text (to place the span), empty when it could not be read.
    pub text: String,
    /// Byte range of the fault in `text`, when known.
    pub span: Option<Range<usize>>,
    pub message: String,
}

/// The settings for a document, and the configuration problem that made
/// the provider fall back to defaults, if any.
#[derive(Clone, Debug)]
pub struct Resolution {
    pub settings: Arc<Settings>,
    pub problem: Option<ConfigProblem>,
}

/// The source of settings for the server.
pub trait ConfigProvider {
    /// The settings for the document at `path` (`None` for a document that
    /// is not a file on disk, such as an unsaved buffer).
    ///
    /// A broken configuration is not an error: the provider returns usable
    /// settings (the defaults) together with the problem, which the server
    /// shows as a diagnostic on the configuration file.
    fn resolve(&mut self, path: Option<&Path>) -> Resolution;

    /// Forgets everything read from disk: configuration files changed.
    fn invalidate(&mut self);

    /// Whether `path` may affect settings (so that a change to it reloads
    /// them).
    fn is_config_file(&self, path: &Path) -> bool {
        path.extension().is_some_and(|ext| ext == "toml")
    }
}

/// The minimal provider used until the configuration module is wired in.
pub struct StandInConfig {
    lang: Lang,
    defaults: Option<Arc<Settings>>,
    /// Parsed files by path.
    files: HashMap<PathBuf, Resolution>,
}

impl StandInConfig {
    #[must_use]
    pub fn new(lang: Lang) -> StandInConfig {
        StandInConfig {
            lang,
            defaults: None,
            files: HashMap::new(),
        }
    }

    fn defaults(&mut self) -> Arc<Settings> {
        let lang = self.lang;
        self.defaults
            .get_or_insert_with(|| Arc::new(Settings::builtin(lang)))
            .clone()
    }

    fn load(&mut self, path: &Path) -> Resolution {
        let defaults = self.defaults();
        let problem = |text: String, span: Option<Range<usize>>, message: String| Resolution {
            settings: defaults.clone(),
            problem: Some(ConfigProblem {
                path: path.to_path_buf(),
                text,
                span,
                message,
            }),
        };
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => {
                return problem(String::new(), None, format!("无法读取配置文件：{error}"));
            }
        };
        match toml::from_str::<StandInFile>(&text) {
            Ok(file) => Resolution {
                settings: Arc::new(Settings {
                    linter: defaults.linter.clone(),
                    options: FileOptions {
                        year: file.year,
                        ..defaults.options
                    },
                    ignore: file.ignore,
                    source: Some(path.to_path_buf()),
                }),
                problem: None,
            },
            Err(error) => {
                let message = error.message().trim_end().to_string();
                problem(text, error.span(), message)
            }
        }
    }
}

/// The keys the stand-in understands; others are accepted and ignored.
#[derive(Deserialize)]
struct StandInFile {
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    year: Option<i32>,
}

impl ConfigProvider for StandInConfig {
    fn resolve(&mut self, path: Option<&Path>) -> Resolution {
        let Some(config) = path.and_then(Path::parent).and_then(discover) else {
            return Resolution {
                settings: self.defaults(),
                problem: None,
            };
        };
        if let Some(resolution) = self.files.get(&config) {
            return resolution.clone();
        }
        let resolution = self.load(&config);
        self.files.insert(config, resolution.clone());
        resolution
    }

    fn invalidate(&mut self) {
        self.files.clear();
    }

    fn is_config_file(&self, path: &Path) -> bool {
        path.file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| CONFIG_FILE_NAMES.contains(&name))
    }
}

/// The nearest configuration file in `folder` or above.
#[must_use]
pub fn discover(folder: &Path) -> Option<PathBuf> {
    folder.ancestors().find_map(|dir| {
        CONFIG_FILE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_file_wins_and_broken_files_fall_back_with_a_span() {
        let root = std::env::temp_dir().join(format!("xxgk-lsp-config-{}", std::process::id()));
        let nested = root.join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(root.join("xxgk-lint.toml"), "ignore = [\"GK403\"]\n").unwrap();
        let mut provider = StandInConfig::new(Lang::Zh);
        let resolution = provider.resolve(Some(&nested.join("report.txt")));
        assert!(resolution.problem.is_none());
        assert_eq!(resolution.settings.ignore, ["GK403"]);
        assert_eq!(
            resolution.settings.source.as_deref(),
            Some(root.join("xxgk-lint.toml").as_path())
        );

        // A nearer file wins.
        std::fs::write(nested.join("xxgk-lint.toml"), "year = 2020\n").unwrap();
        let nearer = provider.resolve(Some(&nested.join("report.txt")));
        assert!(nearer.settings.ignore.is_empty());
        assert_eq!(nearer.settings.options.year, Some(2020));

        std::fs::write(nested.join("xxgk-lint.toml"), "ignore = [\"GK403\"\n").unwrap();
        // Read files are cached until invalidated.
        let cached = provider.resolve(Some(&nested.join("report.txt")));
        assert!(cached.problem.is_none());
        provider.invalidate();
        let broken = provider.resolve(Some(&nested.join("report.txt")));
        let problem = broken.problem.expect("a parse error");
        assert_eq!(problem.path, nested.join("xxgk-lint.toml"));
        assert!(problem.span.is_some(), "{problem:?}");
        assert!(broken.settings.ignore.is_empty(), "defaults after an error");

        let outside = provider.resolve(None);
        assert!(outside.problem.is_none() && outside.settings.source.is_none());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
