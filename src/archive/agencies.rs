//! The agencies file: stable ids for the agencies of an archive, the
//! names and paths each is known by, and its parent.
//!
//! `xxgk-agencies.toml`:
//!
//! ```toml
//! [[agency]]
//! id = "milin-paizhen"                 # stable id (required)
//! name = "米林县派镇人民政府"           # display name
//! aliases = ["派镇", "米林县派镇"]       # names as reports write them
//! paths = ["派镇/**"]                   # glob patterns, relative to this file
//! level = "township"                    # township, county, city, department
//! parent = "milin"                      # id of the parent agency
//! ```
//!
//! or `xxgk-agencies.csv` with the header `id,name,aliases,paths,level,parent`
//! (lists separated by `;`). The file is found like the configuration:
//! the nearest one in the folder of a report or above it; `--agencies FILE`
//! gives one for every report.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The file names looked for, in order.
pub const FILE_NAMES: [&str; 2] = ["xxgk-agencies.toml", "xxgk-agencies.csv"];

/// One agency of the file.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgencyEntry {
    /// Stable id, used in place of the name to link reports.
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// Names reports write (compared after normalisation).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Glob patterns of report paths, relative to the file's folder.
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(default)]
    pub level: Option<String>,
    #[serde(default)]
    pub parent: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct AgenciesFile {
    #[serde(default)]
    agency: Vec<AgencyEntry>,
}

/// A loaded agencies file.
#[derive(Debug)]
pub struct Agencies {
    pub path: PathBuf,
    dir: PathBuf,
    pub entries: Vec<AgencyEntry>,
    patterns: Vec<Vec<glob::Pattern>>,
    names: Vec<Vec<String>>,
}

/// A problem with an agencies file.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{path}: {message}")]
#[diagnostic(
    code(xxgk::agencies),
    help("see docs/archives.md for the format of the agencies file")
)]
pub struct AgenciesError {
    pub path: String,
    pub message: String,
}

const LEVELS: [&str; 4] = ["township", "county", "city", "department"];

impl Agencies {
    /// Reads an agencies file (`.csv` by its extension, else TOML).
    ///
    /// # Errors
    /// An unreadable file, a syntax error, an unknown key or level, a
    /// duplicate id, an invalid pattern.
    pub fn load(path: &Path) -> Result<Agencies, AgenciesError> {
        let error = |message: String| AgenciesError {
            path: path.display().to_string(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
        let csv = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("csv"));
        let entries = if csv {
            parse_csv(&text).map_err(error)?
        } else {
            toml::from_str::<AgenciesFile>(&text)
                .map_err(|e| error(e.to_string()))?
                .agency
        };
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        Agencies::new(path.to_path_buf(), dir, entries).map_err(error)
    }

    fn new(path: PathBuf, dir: PathBuf, entries: Vec<AgencyEntry>) -> Result<Agencies, String> {
        let mut patterns = Vec::new();
        let mut names = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for entry in &entries {
            if entry.id.trim().is_empty() {
                return Err("an agency has an empty `id`".to_string());
            }
            if !seen.insert(entry.id.clone()) {
                return Err(format!("the id `{}` is given twice", entry.id));
            }
            if let Some(level) = &entry.level
                && !LEVELS.contains(&level.as_str())
            {
                return Err(format!(
                    "agency `{}`: unknown level `{level}` (township, county, city, department)",
                    entry.id
                ));
            }
            let mut compiled = Vec::new();
            for pattern in &entry.paths {
                compiled.push(glob::Pattern::new(pattern).map_err(|e| {
                    format!("agency `{}`: invalid pattern `{pattern}`: {e}", entry.id)
                })?);
            }
            patterns.push(compiled);
            names.push(
                entry
                    .name
                    .iter()
                    .chain(&entry.aliases)
                    .map(|name| super::normalize_name(name))
                    .collect(),
            );
        }
        if let Some(entry) = entries.iter().find(|entry| {
            entry
                .parent
                .as_ref()
                .is_some_and(|parent| !seen.contains(parent))
        }) {
            return Err(format!(
                "agency `{}`: parent `{}` is not an id of the file",
                entry.id,
                entry.parent.as_deref().unwrap_or_default()
            ));
        }
        Ok(Agencies {
            path,
            dir,
            entries,
            patterns,
            names,
        })
    }

    /// The nearest agencies file in `dir` or a folder above it.
    #[must_use]
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        absolute.ancestors().find_map(|folder| {
            FILE_NAMES
                .iter()
                .map(|name| folder.join(name))
                .find(|candidate| candidate.is_file())
        })
    }

    /// The agency of a report: by its path first, else by its name.
    #[must_use]
    pub fn find(&self, path: Option<&Path>, name: Option<&str>) -> Option<&AgencyEntry> {
        if let Some(path) = path {
            let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            let dir = std::path::absolute(&self.dir).unwrap_or_else(|_| self.dir.clone());
            let relative = absolute
                .strip_prefix(&dir)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .ok();
            let given = path.to_string_lossy().replace('\\', "/");
            if let Some(index) = self.patterns.iter().position(|patterns| {
                patterns.iter().any(|pattern| {
                    pattern.matches(&given) || relative.as_ref().is_some_and(|r| pattern.matches(r))
                })
            }) {
                return Some(&self.entries[index]);
            }
        }
        let name = super::normalize_name(name?);
        self.names
            .iter()
            .position(|names| names.contains(&name))
            .map(|index| &self.entries[index])
    }
}

/// Reads the CSV form: a header naming the columns (any order; `id`
/// required), lists separated by `;`.
fn parse_csv(text: &str) -> Result<Vec<AgencyEntry>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let known = ["id", "name", "aliases", "paths", "level", "parent"];
    if let Some(unknown) = headers.iter().find(|h| !known.contains(h)) {
        return Err(format!(
            "unknown column `{unknown}` (id, name, aliases, paths, level, parent)"
        ));
    }
    let column = |name: &str| headers.iter().position(|h| h == name);
    let Some(id_column) = column("id") else {
        return Err("the header has no `id` column".to_string());
    };
    let mut entries = Vec::new();
    for (at, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("line {}: {e}", at + 2))?;
        let get = |name: &str| {
            column(name)
                .and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let list = |name: &str| {
            get(name)
                .map(|v| {
                    v.split(';')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        entries.push(AgencyEntry {
            id: record.get(id_column).unwrap_or_default().trim().to_string(),
            name: get("name"),
            aliases: list("aliases"),
            paths: list("paths"),
            level: get("level"),
            parent: get("parent"),
        });
    }
    Ok(entries)
}

/// The JSON Schema of the TOML form.
#[must_use]
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(AgenciesFile)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_and_toml_say_the_same() {
        let csv = "id,name,aliases,paths,level,parent\nmilin,米林县人民政府,,,county,\npaizhen,米林县派镇人民政府,派镇;派镇人民政府,派镇/**,township,milin\n";
        let toml_text = r#"
[[agency]]
id = "milin"
name = "米林县人民政府"
level = "county"
[[agency]]
id = "paizhen"
name = "米林县派镇人民政府"
aliases = ["派镇", "派镇人民政府"]
paths = ["派镇/**"]
level = "township"
parent = "milin"
"#;
        let from_csv = parse_csv(csv).unwrap();
        let from_toml = toml::from_str::<AgenciesFile>(toml_text).unwrap().agency;
        assert_eq!(from_csv, from_toml);
        let agencies = Agencies::new(PathBuf::from("a.csv"), PathBuf::from("."), from_csv).unwrap();
        assert_eq!(
            agencies.find(None, Some("派 镇")).map(|e| e.id.as_str()),
            Some("paizhen")
        );
        assert_eq!(
            agencies
                .find(Some(Path::new("派镇/2020.txt")), Some("别的名字"))
                .map(|e| e.id.as_str()),
            Some("paizhen")
        );
    }

    #[test]
    fn a_bad_file_is_refused_with_its_reason() {
        for (entries, wanted) in [
            (
                vec![
                    AgencyEntry {
                        id: "a".into(),
                        ..AgencyEntry::default()
                    };
                    2
                ],
                "given twice",
            ),
            (
                vec![AgencyEntry {
                    id: "a".into(),
                    level: Some("village".into()),
                    ..AgencyEntry::default()
                }],
                "unknown level",
            ),
            (
                vec![AgencyEntry {
                    id: "a".into(),
                    parent: Some("b".into()),
                    ..AgencyEntry::default()
                }],
                "parent `b`",
            ),
        ] {
            let error =
                Agencies::new(PathBuf::from("a.toml"), PathBuf::from("."), entries).unwrap_err();
            assert!(error.contains(wanted), "{error}");
        }
        assert!(parse_csv("name\nx\n").unwrap_err().contains("no `id`"));
        assert!(
            parse_csv("id,colour\nx,red\n")
                .unwrap_err()
                .contains("unknown column")
        );
    }
}
