//! What the commands that look at several reports at once share: finding
//! the agencies file of each report.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::archive::Agencies;
use crate::archive::agencies::AgenciesError;

/// The agencies file of each report: the one given, else the nearest.
#[derive(Debug, Default)]
pub(crate) struct AgencyFiles {
    fixed: Option<Arc<Agencies>>,
    by_dir: HashMap<PathBuf, Option<Arc<Agencies>>>,
    by_file: HashMap<PathBuf, Arc<Agencies>>,
}

impl AgencyFiles {
    /// With `given` for every report, or discovery.
    pub(crate) fn new(given: Option<&Path>) -> Result<AgencyFiles, AgenciesError> {
        Ok(AgencyFiles {
            fixed: given.map(Agencies::load).transpose()?.map(Arc::new),
            ..AgencyFiles::default()
        })
    }

    /// The agencies file that applies to the report at `path`.
    pub(crate) fn for_report(
        &mut self,
        path: &Path,
    ) -> Result<Option<Arc<Agencies>>, AgenciesError> {
        if let Some(fixed) = &self.fixed {
            return Ok(Some(Arc::clone(fixed)));
        }
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        if let Some(found) = self.by_dir.get(&dir) {
            return Ok(found.clone());
        }
        let found = match Agencies::discover(&dir) {
            Some(file) => match self.by_file.get(&file) {
                Some(loaded) => Some(Arc::clone(loaded)),
                None => {
                    let loaded = Arc::new(Agencies::load(&file)?);
                    self.by_file.insert(file, Arc::clone(&loaded));
                    Some(loaded)
                }
            },
            None => None,
        };
        self.by_dir.insert(dir, found.clone());
        Ok(found)
    }
}

/// One report read for `agencies` or `export`.
pub(crate) struct Read<'a> {
    pub display: String,
    pub path: &'a Path,
    pub text: String,
    pub report: crate::model::Report,
    pub config: &'a crate::config::Config,
}

/// Reads every report the paths name (in parallel, a chunk at a time, in
/// path order) and gives each to `each`. Files that cannot be read are
/// reported on standard error; the result is then [`ExitStatus::Error`].
pub(crate) fn each_report(
    paths: &[String],
    rules: &super::args::ConfigArgs,
    encoding: Option<&'static encoding_rs::Encoding>,
    mut each: impl FnMut(Read<'_>) -> miette::Result<()>,
) -> miette::Result<super::ExitStatus> {
    use rayon::prelude::*;

    use super::inputs::{self, Configs, Input};
    let lang = crate::engine::Lang::default();
    if paths.is_empty() {
        return Err(miette::miette!(
            help = crate::messages::NO_INPUT_HELP.get(lang),
            "{}",
            crate::messages::NO_INPUT.get(lang)
        ));
    }
    let mode = super::check::config_mode(rules, lang)?;
    let mut configs = Configs::new(mode, rules.packs.clone());
    let inputs::Expanded {
        inputs: mut found,
        unread,
        errors,
    } = inputs::expand(paths, None, &mut configs);
    let mut status = super::ExitStatus::Success;
    for error in errors {
        eprintln!("{:?}", error.report(lang));
        status = super::ExitStatus::Error;
    }
    // Files in formats that are not read are refused, as by `check`.
    for path in unread {
        if crate::input::is_web_page_file(&path) {
            found.push(Input::File(path));
        } else {
            let error = super::CliError::Read {
                path: path.display().to_string(),
                source: std::io::Error::other(crate::messages::UNREADABLE_FORMAT.get(lang)),
            };
            eprintln!("{:?}", error.report(lang));
            status = super::ExitStatus::Error;
        }
    }
    let mut jobs = Vec::new();
    for input in found {
        if let Input::File(path) = &input
            && let Some(config) = configs.for_file(path)
        {
            jobs.push((input.display(), path.clone(), config));
        }
    }
    for error in configs.errors.drain(..) {
        eprintln!("{:?}", miette::Report::new(error.localized(lang)));
        status = super::ExitStatus::Error;
    }
    for chunk in jobs.chunks(256) {
        let reads: Vec<_> = chunk
            .par_iter()
            .map(|(_, path, config)| {
                let input = super::read_input(path, encoding, super::args::DEFAULT_MAX_FILE_SIZE)?;
                let (_, options, _) = super::check::FileArgs::default().resolve(config, path);
                let report = config.linter.read(&input.text, &options);
                Ok::<_, super::CliError>((input.text, report))
            })
            .collect();
        for ((display, path, config), read) in chunk.iter().zip(reads) {
            match read {
                Ok((text, report)) => each(Read {
                    display: display.clone(),
                    path,
                    text,
                    report,
                    config,
                })?,
                Err(error) => {
                    eprintln!("{:?}", error.report(crate::engine::Lang::Zh));
                    status = super::ExitStatus::Error;
                }
            }
        }
    }
    Ok(status)
}
