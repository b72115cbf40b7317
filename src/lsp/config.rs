//! Where the server gets its settings: one small trait, [`ConfigProvider`].
//!
//! The server asks the provider for the settings of each document (by its
//! path) and tells it when configuration files changed on disk; it never
//! reads configuration itself. [`ProjectConfig`] implements it with the
//! project's configuration module: the nearest `xxgk-lint.toml` (or
//! `.xxgk-lint.toml`) above the document, with its packs, selection,
//! severities and overrides — exactly what `xxgk-lint check` uses.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, Config, ConfigError, FileSettings};
use crate::diagnostic::Diagnostic;
use crate::engine::Lang;
use crate::{FileOptions, Linter};

/// File names of configuration files, in order of preference within one
/// folder.
pub const CONFIG_FILE_NAMES: [&str; 2] = config::FILE_NAMES;

/// Everything needed to lint one document.
#[derive(Debug)]
pub struct Settings {
    pub linter: Arc<Linter>,
    pub options: FileOptions,
    /// Selection and severities for the document.
    pub file: FileSettings,
    pub lang: Lang,
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
        Settings {
            linter: Arc::new(Linter::builtin().expect("the built-in packs are valid")),
            options: FileOptions::default(),
            file: FileSettings::default(),
            lang,
            source: None,
        }
    }

    /// Applies the selection and severities to a document's findings.
    #[must_use]
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        self.file.apply(diagnostics)
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

/// The project's configuration, as `xxgk-lint check` reads it.
pub struct ProjectConfig {
    lang: Lang,
    defaults: Option<Arc<Config>>,
    /// Loaded files by path (or the problem that stops them).
    files: HashMap<PathBuf, Result<Arc<Config>, ConfigProblem>>,
}

impl ProjectConfig {
    #[must_use]
    pub fn new(lang: Lang) -> ProjectConfig {
        ProjectConfig {
            lang,
            defaults: None,
            files: HashMap::new(),
        }
    }

    fn defaults(&mut self) -> Arc<Config> {
        self.defaults
            .get_or_insert_with(|| {
                Arc::new(Config::builtin(Path::new(".")).expect("the built-in packs are valid"))
            })
            .clone()
    }

    fn settings(&self, config: &Config, document: Option<&Path>) -> Settings {
        let file = document
            .map(|path| config.settings_for(path))
            .unwrap_or_default();
        Settings {
            linter: Arc::clone(&config.linter),
            options: FileOptions {
                year: file.year,
                agency_kind: file.agency_kind,
                path: document.map(Path::to_path_buf),
            },
            lang: config.lang().unwrap_or(self.lang),
            file,
            source: config.path.clone(),
        }
    }
}

/// The problem of a configuration file, placed in that file when it says
/// where.
fn problem(path: &Path, error: &ConfigError) -> ConfigProblem {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let (span, message) = match error {
        ConfigError::Invalid { span, message, .. } => (
            Some(span.offset()..span.offset() + span.len()),
            message.clone(),
        ),
        ConfigError::Packs { errors, .. } => {
            let details: Vec<String> = errors.iter().map(ToString::to_string).collect();
            (Some(0..0), format!("{error}: {}", details.join("; ")))
        }
        ConfigError::Read { .. } => (None, error.to_string()),
    };
    ConfigProblem {
        path: path.to_path_buf(),
        text,
        span,
        message,
    }
}

impl ConfigProvider for ProjectConfig {
    fn resolve(&mut self, path: Option<&Path>) -> Resolution {
        let found = path.and_then(Path::parent).and_then(discover);
        let Some(config_path) = found else {
            let defaults = self.defaults();
            return Resolution {
                settings: Arc::new(self.settings(&defaults, path)),
                problem: None,
            };
        };
        let loaded = self
            .files
            .entry(config_path.clone())
            .or_insert_with(|| {
                Config::load(&config_path, &[])
                    .map(Arc::new)
                    .map_err(|error| problem(&config_path, &error))
            })
            .clone();
        match loaded {
            Ok(config) => Resolution {
                settings: Arc::new(self.settings(&config, path)),
                problem: None,
            },
            Err(problem) => {
                // Usable settings (the defaults) and the problem to show.
                let defaults = self.defaults();
                Resolution {
                    settings: Arc::new(self.settings(&defaults, path)),
                    problem: Some(problem),
                }
            }
        }
    }

    fn invalidate(&mut self) {
        self.files.clear();
    }
}

/// The nearest configuration file in `folder` or above.
#[must_use]
pub fn discover(folder: &Path) -> Option<PathBuf> {
    config::discover(folder)
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
        let mut provider = ProjectConfig::new(Lang::Zh);
        let resolution = provider.resolve(Some(&nested.join("report.txt")));
        assert!(resolution.problem.is_none());
        assert_eq!(resolution.settings.file.ignore, ["GK403"]);
        assert_eq!(
            resolution.settings.source.as_deref(),
            Some(root.join("xxgk-lint.toml").as_path())
        );

        // A nearer file wins.
        std::fs::write(nested.join("xxgk-lint.toml"), "year = 2020\n").unwrap();
        let nearer = provider.resolve(Some(&nested.join("report.txt")));
        assert!(nearer.settings.file.ignore.is_empty());
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
        assert!(
            broken.settings.file.ignore.is_empty(),
            "defaults after an error"
        );

        let outside = provider.resolve(None);
        assert!(outside.problem.is_none() && outside.settings.source.is_none());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
