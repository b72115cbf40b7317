//! `xxgk-lint.toml`: discovered from each linted file's folder upward (the
//! nearest wins), or given with `--config`. Unknown keys are errors that
//! point at the key. See `docs/configuration.md`.

// Configuration errors carry their source text for miette; they are built
// once per run, so their size does not matter.
#![allow(clippy::result_large_err)]

use crate::messages::{self, Lang, Translated};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use miette::{Diagnostic as MietteDiagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use thiserror::Error;

use crate::diagnostic::{Diagnostic, Severity};
use crate::linter::Linter;
use crate::model::AgencyKind;
use crate::packs::{self, LoadedPack, PackErrors, SeverityOrOff};

/// File names looked for, in order, in each folder.
pub const FILE_NAMES: [&str; 2] = ["xxgk-lint.toml", ".xxgk-lint.toml"];

/// The configuration file as written.
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
#[schemars(title = "xxgk-lint configuration (xxgk-lint.toml)")]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Rule packs: `national` (the default, chosen by report year) or
    /// paths of pack files relative to this file.
    #[serde(default)]
    pub extends: Vec<String>,
    /// Message language: `zh` or `en`.
    #[serde(default)]
    pub lang: Option<String>,
    /// Report year for every file under this config (overrides detection).
    #[serde(default)]
    pub year: Option<i32>,
    /// `government` or `department`, when the agency name does not tell.
    #[serde(default)]
    pub agency_kind: Option<String>,
    /// Codes or code prefixes to report (default: all).
    #[serde(default)]
    pub select: Vec<String>,
    /// Codes or code prefixes not to report.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Severity per code: `off`, `info`, `warning`, `error`.
    #[serde(default)]
    pub severity: BTreeMap<String, SeverityOrOff>,
    /// Files to lint when a folder is given (globs relative to this file;
    /// default: the report extensions).
    #[serde(default)]
    pub include: Vec<String>,
    /// Files never to lint (globs relative to this file).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Settings for some files only, applied in order.
    #[serde(default)]
    pub overrides: Vec<OverrideEntry>,
}

/// `[[overrides]]`.
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverrideEntry {
    /// Globs relative to the config file (`乡镇/**`).
    pub files: Vec<String>,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub agency_kind: Option<String>,
    /// Replaces the selection for these files.
    #[serde(default)]
    pub select: Option<Vec<String>>,
    /// Adds to the ignored codes for these files.
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, SeverityOrOff>,
}

/// A configuration problem.
#[derive(Debug, Error, MietteDiagnostic)]
pub enum ConfigError {
    #[error("cannot read configuration {path}")]
    #[diagnostic(code(xxgk::config::io))]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid configuration: {message}")]
    #[diagnostic(
        code(xxgk::config),
        url("https://github.com/xxgk-lint/xxgk-lint/blob/main/docs/configuration.md")
    )]
    Invalid {
        message: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("{label}")]
        span: SourceSpan,
        label: String,
        #[help]
        help: Option<String>,
    },
    #[error("invalid rule packs {path}")]
    #[diagnostic(code(xxgk::config::packs))]
    Packs {
        /// Where the packs were named: `in xxgk-lint.toml`, `given with
        /// --pack`.
        path: String,
        #[related]
        errors: Vec<packs::PackError>,
    },
}

impl ConfigError {
    /// The problem in the user's language.
    #[must_use]
    pub fn localized(self, lang: Lang) -> Translated {
        match self {
            ConfigError::Read { ref path, .. } => {
                let message = messages::CONFIG_READ.fill(lang, &[("path", path.clone())]);
                Translated::new(self, message, None)
            }
            ConfigError::Invalid { ref message, .. } => {
                let message = messages::CONFIG_INVALID.fill(lang, &[("message", message.clone())]);
                Translated::new(self, message, None)
            }
            ConfigError::Packs { path, errors } => {
                let message = messages::CONFIG_PACKS.fill(lang, &[("path", path.clone())]);
                let related = errors
                    .into_iter()
                    .map(|error| error.localized(lang))
                    .collect();
                Translated::new(
                    ConfigError::Packs {
                        path,
                        errors: Vec::new(),
                    },
                    message,
                    None,
                )
                .with_related(related)
            }
        }
    }
}

/// Settings that apply to one file.
#[derive(Clone, Debug, Default)]
pub struct FileSettings {
    pub year: Option<i32>,
    pub agency_kind: Option<AgencyKind>,
    /// None: every code.
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, SeverityOrOff>,
}

impl FileSettings {
    /// Whether diagnostics of `code` are reported.
    #[must_use]
    pub fn enabled(&self, code: &str) -> bool {
        // The longest matching prefix decides between select and ignore
        // (ruff's rule): `select = ["GK2"]`, `ignore = ["GK20"]`,
        // `select = ["GK207"]` → GK207 on, GK201 off, GK210 on.
        let matching = |prefixes: &[String]| {
            prefixes
                .iter()
                .filter(|p| code.starts_with(p.as_str()))
                .map(String::len)
                .max()
        };
        let selected = match &self.select {
            None => Some(0),
            Some(select) => matching(select),
        };
        let ignored = matching(&self.ignore);
        let chosen = match (selected, ignored) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(selected), Some(ignored)) => selected > ignored,
        };
        chosen && !matches!(self.severity.get(code), Some(SeverityOrOff::Off))
    }

    /// Applies selection and severities to a file's diagnostics.
    #[must_use]
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter(|d| self.enabled(&d.code))
            .map(|mut d| {
                if let Some(severity) = self.severity.get(&d.code).and_then(|s| s.severity()) {
                    d.severity = severity;
                }
                d
            })
            .collect()
    }
}

/// A loaded configuration, with its rule packs compiled.
#[derive(Debug)]
pub struct Config {
    /// The file (none for the built-in defaults).
    pub path: Option<PathBuf>,
    /// Folder globs are relative to.
    pub dir: PathBuf,
    pub file: ConfigFile,
    pub linter: Arc<Linter>,
    include: Option<GlobSet>,
    exclude: GlobSet,
    overrides: Vec<(GlobSet, OverrideEntry)>,
}

impl Config {
    /// The defaults: built-in national packs, every rule.
    ///
    /// # Errors
    /// Only for a broken build (built-in packs are tested).
    pub fn builtin(dir: &Path) -> Result<Config, PackErrors> {
        Ok(Config {
            path: None,
            dir: dir.to_path_buf(),
            file: ConfigFile::default(),
            linter: Arc::new(Linter::builtin()?),
            include: None,
            exclude: GlobSet::empty(),
            overrides: Vec::new(),
        })
    }

    /// Loads and validates a configuration file, with `packs` (from the
    /// command line) applied after the file's `extends`.
    ///
    /// # Errors
    /// Unreadable file, TOML errors, unknown keys, invalid values or globs,
    /// invalid packs — each pointing at the offending line.
    pub fn load(path: &Path, extra_packs: &[PathBuf]) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Config::parse(path, &text, extra_packs)
    }

    /// Parses configuration text (`path` names it in errors and anchors
    /// relative paths).
    ///
    /// # Errors
    /// As [`Config::load`].
    pub fn parse(path: &Path, text: &str, extra_packs: &[PathBuf]) -> Result<Config, ConfigError> {
        let invalid = |range: std::ops::Range<usize>, message: String, help: Option<String>| {
            ConfigError::Invalid {
                message,
                src: NamedSource::new(path.display().to_string(), text.to_string())
                    .with_language("toml"),
                span: range.into(),
                label: "here".to_string(),
                help,
            }
        };
        let file: ConfigFile = toml::from_str(text).map_err(|error| {
            let help = error
                .message()
                .starts_with("unknown field")
                .then(|| "keys: extends, lang, year, agency_kind, select, ignore, severity, include, exclude, [[overrides]]".to_string());
            invalid(error.span().unwrap_or(0..0), error.message().to_string(), help)
        })?;
        let locate = |key: &str| find_key(text, key);
        if let Some(lang) = &file.lang
            && lang.parse::<crate::engine::Lang>().is_err()
        {
            return Err(invalid(
                locate("lang"),
                format!("unknown language `{lang}`"),
                Some("use \"zh\" or \"en\"".into()),
            ));
        }
        for kind in file
            .agency_kind
            .iter()
            .chain(file.overrides.iter().filter_map(|o| o.agency_kind.as_ref()))
        {
            if AgencyKind::parse(kind).is_none() {
                return Err(invalid(
                    locate("agency_kind"),
                    format!("unknown agency kind `{kind}`"),
                    Some("use \"government\" or \"department\"".into()),
                ));
            }
        }
        let dir = path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let globs = |patterns: &[String], key: &str| -> Result<GlobSet, ConfigError> {
            let mut builder = GlobSetBuilder::new();
            for pattern in patterns {
                // Case-insensitive: archives come from Windows machines,
                // where `派镇2020.TXT` and `.txt` are the same kind of file.
                let glob = GlobBuilder::new(pattern)
                    .case_insensitive(true)
                    .build()
                    .map_err(|error| {
                        invalid(
                            locate(key),
                            format!("invalid glob `{pattern}`: {error}"),
                            None,
                        )
                    })?;
                builder.add(glob);
            }
            builder
                .build()
                .map_err(|error| invalid(locate(key), error.to_string(), None))
        };
        let include = if file.include.is_empty() {
            None
        } else {
            Some(globs(&file.include, "include")?)
        };
        let exclude = globs(&file.exclude, "exclude")?;
        let mut overrides = Vec::new();
        for entry in &file.overrides {
            overrides.push((globs(&entry.files, "files")?, entry.clone()));
        }
        // Rule packs: the file's `extends`, then the command line's.
        let mut loaded: Vec<LoadedPack> = Vec::new();
        let mut pack_errors = Vec::new();
        for name in &file.extends {
            if name == "national" {
                continue;
            }
            let result = if packs::BUILTIN.iter().any(|(id, _)| id == name) {
                packs::builtin(name)
            } else {
                packs::from_file(&dir.join(name))
            };
            match result {
                Ok(pack) => loaded.push(pack),
                Err(mut errors) => {
                    pack_errors.push(packs::PackError::Invalid {
                        message: format!("cannot use pack `{name}`"),
                        src: NamedSource::new(path.display().to_string(), text.to_string())
                            .with_language("toml"),
                        span: locate("extends").into(),
                        label: "extended here".to_string(),
                        help: None,
                    });
                    pack_errors.append(&mut errors.errors);
                }
            }
        }
        let named_by_config = !pack_errors.is_empty();
        for extra in extra_packs {
            match packs::from_file(extra) {
                Ok(pack) => loaded.push(pack),
                Err(mut errors) => pack_errors.append(&mut errors.errors),
            }
        }
        if pack_errors.is_empty() {
            match Linter::with_packs(loaded) {
                Ok(linter) => {
                    if let Some((range, message)) = unknown_code(&file, &linter, text) {
                        return Err(invalid(
                            range,
                            message,
                            Some("`xxgk-lint rules` lists the codes; a prefix (\"GK3\") must begin at least one".into()),
                        ));
                    }
                    return Ok(Config {
                        path: Some(path.to_path_buf()),
                        dir,
                        file,
                        linter: Arc::new(linter),
                        include,
                        exclude,
                        overrides,
                    });
                }
                Err(mut errors) => pack_errors.append(&mut errors.errors),
            }
        }
        Err(ConfigError::Packs {
            path: if named_by_config || extra_packs.is_empty() {
                format!("in {}", path.display())
            } else {
                "given with --pack".to_string()
            },
            errors: pack_errors,
        })
    }

    /// Path of `file` relative to the config folder, with `/` separators.
    fn relative(&self, file: &Path) -> String {
        let file = file.strip_prefix(&self.dir).unwrap_or(file);
        file.to_string_lossy()
            .replace('\\', "/")
            .trim_start_matches("./")
            .to_string()
    }

    /// Whether a file found by walking a folder is linted.
    #[must_use]
    pub fn includes(&self, file: &Path, default_extensions: &[&str]) -> bool {
        let relative = self.relative(file);
        if self.exclude.is_match(&relative) {
            return false;
        }
        match &self.include {
            Some(include) => include.is_match(&relative),
            None => file
                .extension()
                .and_then(|ext| ext.to_str())
                .is_some_and(|ext| default_extensions.contains(&ext.to_ascii_lowercase().as_str())),
        }
    }

    /// Whether a file named explicitly is excluded.
    #[must_use]
    pub fn excludes(&self, file: &Path) -> bool {
        self.exclude.is_match(self.relative(file))
    }

    /// The settings for `file` (the file's own config, then overrides).
    #[must_use]
    pub fn settings_for(&self, file: &Path) -> FileSettings {
        let mut settings = FileSettings {
            year: self.file.year,
            agency_kind: self.file.agency_kind.as_deref().and_then(AgencyKind::parse),
            select: (!self.file.select.is_empty()).then(|| self.file.select.clone()),
            ignore: self.file.ignore.clone(),
            severity: self.file.severity.clone(),
        };
        let relative = self.relative(file);
        for (globs, entry) in &self.overrides {
            if !globs.is_match(&relative) {
                continue;
            }
            if entry.year.is_some() {
                settings.year = entry.year;
            }
            if let Some(kind) = entry.agency_kind.as_deref().and_then(AgencyKind::parse) {
                settings.agency_kind = Some(kind);
            }
            if let Some(select) = &entry.select {
                settings.select = Some(select.clone());
            }
            settings.ignore.extend(entry.ignore.iter().cloned());
            for (code, severity) in &entry.severity {
                settings.severity.insert(code.clone(), *severity);
            }
        }
        settings
    }

    /// Message language set by the file.
    #[must_use]
    pub fn lang(&self) -> Option<crate::engine::Lang> {
        self.file.lang.as_deref().and_then(|lang| lang.parse().ok())
    }
}

/// The nearest configuration file at or above `dir`.
#[must_use]
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let mut current = Some(dir);
    while let Some(folder) = current {
        for name in FILE_NAMES {
            let candidate = folder.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        current = folder.parent();
    }
    None
}

/// Byte range of a top-level or nested key (first occurrence) for errors.
/// The first code of the configuration that names no rule (a severity
/// key, or a `select` / `ignore` entry that begins no code), with where it
/// is written and the message.
fn unknown_code(
    file: &ConfigFile,
    linter: &Linter,
    text: &str,
) -> Option<(std::ops::Range<usize>, String)> {
    let known = linter.codes();
    let severities = std::iter::once(&file.severity)
        .chain(file.overrides.iter().map(|entry| &entry.severity))
        .flat_map(BTreeMap::keys);
    for code in severities {
        if !known.contains(code) {
            return Some((find_key(text, code), format!("unknown rule code `{code}`")));
        }
    }
    let selections = file.select.iter().chain(&file.ignore).chain(
        file.overrides
            .iter()
            .flat_map(|entry| entry.select.iter().flatten().chain(&entry.ignore)),
    );
    for prefix in selections {
        if !known.iter().any(|code| code.starts_with(prefix.as_str())) {
            let quoted = format!("\"{prefix}\"");
            let range = text.find(&quoted).map_or(0..0, |at| at..at + quoted.len());
            return Some((
                range,
                format!("`{prefix}` is no rule code nor the start of one"),
            ));
        }
    }
    None
}

fn find_key(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with('=') {
            let start = offset + (line.len() - trimmed.len());
            return start..start + key.len();
        }
        offset += line.len();
    }
    0..0
}

/// The commented starter configuration written by `xxgk-lint init`.
pub const STARTER: &str = r#"#:schema https://github.com/xxgk-lint/xxgk-lint/raw/main/docs/schema/config.schema.json
# xxgk-lint configuration. Applies to the reports in this folder and below;
# a xxgk-lint.toml in a subfolder replaces it there. Every key is optional.
# Reference: docs/configuration.md

# Rule packs: "national" (built in; the 2019 or 2021 rules by report year)
# and provincial packs, as paths relative to this file.
extends = ["national"]

# Message language: "zh" or "en".
# lang = "zh"

# Codes (or code prefixes, such as "GK2") to report; the default is all.
# select = ["GK"]
# Codes (or prefixes) not to report.
# ignore = ["GK103"]

# Change the severity of single rules: "off", "info", "warning" or "error".
[severity]
# GK404 = "error"     # published after the statutory deadline
# GK506 = "off"       # page footers in PDF text

# Which files in a folder are linted (globs relative to this file, any
# letter case). By default every .txt, .docx, .html and .htm file.
# include = ["**/*.txt", "**/*.docx", "**/*.html", "**/*.htm"]
# exclude = ["archive/**"]

# Settings for some files only.
# [[overrides]]
# files = ["乡镇/**"]
# agency_kind = "government"
# severity = { GK404 = "off" }
"#;

impl Severity {
    /// Parses `info`, `warning` or `error`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(select: Option<&[&str]>, ignore: &[&str]) -> FileSettings {
        FileSettings {
            select: select.map(|s| s.iter().map(|c| (*c).to_string()).collect()),
            ignore: ignore.iter().map(|c| (*c).to_string()).collect(),
            ..FileSettings::default()
        }
    }

    #[test]
    fn the_longest_prefix_decides() {
        let s = settings(Some(&["GK2", "GK207"]), &["GK20"]);
        assert!(s.enabled("GK207"));
        assert!(!s.enabled("GK201"));
        assert!(s.enabled("GK210"));
        assert!(!s.enabled("GK301"));
        let s = settings(None, &["GK1"]);
        assert!(!s.enabled("GK101"));
        assert!(s.enabled("GK201"));
    }

    #[test]
    fn unknown_keys_point_at_their_line() {
        let text = "select = [\"GK1\"]\nseverty = { GK101 = \"off\" }\n";
        let error = Config::parse(Path::new("xxgk-lint.toml"), text, &[]).unwrap_err();
        let ConfigError::Invalid { span, message, .. } = error else {
            panic!("{error:?}")
        };
        assert!(message.contains("severty"), "{message}");
        assert_eq!(span.offset(), text.find("severty").unwrap());
    }

    #[test]
    fn the_starter_configuration_is_valid() {
        let config = Config::parse(Path::new("xxgk-lint.toml"), STARTER, &[]).unwrap();
        assert_eq!(config.file.extends, vec!["national"]);
    }
}
