//! `xxgk-lint check PATH...`: lint in parallel, report in a stable order.

use std::collections::BTreeMap;
use std::io::{IsTerminal as _, Read as _, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{IntoDiagnostic as _, Result};
use rayon::prelude::*;

use super::annotate;
use super::archive::AgencyFiles;
use super::args::{AgencyKindArg, CheckArgs, ConfigArgs, Format, LangArg};
use super::fix::{self, FileFix, FixRequest};
use super::inputs::{self, ConfigMode, Configs, Input};
use super::{CliError, Closable, ExitStatus, decode_input, read_bytes, read_input};
use crate::archive;
use crate::baseline::{self, Baseline};
use crate::config::{Config, FileSettings};
use crate::diagnostic::Diagnostic;
use crate::engine::{Lang, RuleMeta};
use crate::linter::{FileOptions, national_for};
use crate::messages;
use crate::model::{AgencyKind, Report};
use crate::render::{self, FileResult, Sink, Summary};

/// Files linted at once before their results are written: bounds memory
/// on big archives while keeping every core busy.
const CHUNK: usize = 256;

/// One linted file.
struct Outcome {
    display: String,
    text: String,
    /// `None` once the entry is rendered.
    report: Option<Report>,
    diagnostics: Vec<Diagnostic>,
    /// With `--fix` / `--diff`: what was (or would be) fixed.
    fix: Option<FileFix>,
    /// With `--annotate`: what was written.
    annotated: Option<String>,
    /// The file's JSON entry, rendered in the worker thread (JSON output
    /// without a baseline or fixes; the text and report are then dropped).
    rendered: Option<Vec<u8>>,
}

pub(crate) fn run(args: &CheckArgs) -> Result<ExitStatus> {
    let lang_override = args.lang.map(|lang| match lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    });
    let ui = lang_override.unwrap_or_default();
    if args.paths.is_empty() {
        return Err(miette::miette!(
            help = messages::NO_INPUT_HELP.get(ui),
            "{}",
            messages::NO_INPUT.get(ui)
        ));
    }
    if args.unsafe_fixes && !args.fix && !args.diff {
        return Err(miette::miette!(
            help = messages::UNSAFE_ALONE_HELP.get(ui),
            "{}",
            messages::UNSAFE_ALONE.get(ui)
        ));
    }
    if let Some(jobs) = args.jobs {
        // Only the first call configures the global pool; tests call this
        // function several times in one process.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global();
    }
    let mode = config_mode(&args.rules, ui)?;
    let mut configs = Configs::new(mode, args.rules.packs.clone());
    let mut status = ExitStatus::Success;
    let inputs::Expanded {
        mut inputs,
        unread,
        errors: input_errors,
    } = inputs::expand(&args.paths, args.stdin_filename.as_deref(), &mut configs);
    // Inputs that could not be linted, for the machine formats.
    let mut failures = Vec::new();
    let expansion_failed = !input_errors.is_empty();
    for error in input_errors {
        failures.push(error.failure(ui));
        eprintln!("{:?}", error.report(ui));
        status = ExitStatus::Error;
    }
    // Files in formats that are not read, found in folders: each is
    // refused with its own message (a `.doc` that is a saved web page is
    // read), unless the user said to pass over them.
    // Word and WPS save web pages under .doc as well: those are read.
    let (pages, unread): (Vec<PathBuf>, Vec<PathBuf>) = unread
        .into_iter()
        .partition(|path| crate::input::is_web_page_file(path));
    inputs.extend(pages.into_iter().map(Input::File));
    inputs.sort();
    let unread_kinds = extension_counts(&unread, ui);
    if args.skip_unreadable {
        if !unread.is_empty() {
            eprintln!(
                "{}",
                messages::UNREAD_SKIPPED.fill(
                    ui,
                    &[
                        ("count", unread.len().to_string()),
                        ("kinds", unread_kinds.clone())
                    ]
                )
            );
        }
    } else {
        inputs.extend(unread.iter().cloned().map(Input::File));
        inputs.sort();
    }
    if inputs.is_empty() && !expansion_failed {
        let paths = ui.join(&args.paths);
        let message = if args.skip_unreadable && !unread.is_empty() {
            messages::NO_REPORTS_SKIPPED.fill(
                ui,
                &[("paths", paths), ("skipped", unread.len().to_string())],
            )
        } else {
            messages::NO_REPORTS.fill(ui, &[("paths", paths)])
        };
        return Err(miette::miette!(
            code = "xxgk::input::none",
            help = messages::NO_REPORTS_HELP.get(ui),
            "{message}"
        ));
    }
    // The configuration of every file, resolved before linting in parallel.
    let mut jobs: Vec<(Input, Arc<Config>)> = Vec::new();
    for input in inputs {
        // Copies written by an earlier `--annotate` are not reports.
        if args.annotate && !args.annotate_only && annotate::is_copy(input.path()) {
            continue;
        }
        if let Some(config) = configs.for_file(input.path()) {
            jobs.push((input, config));
        }
    }
    if let Some(unknown) = unknown_selector(
        &args.rules.select,
        &args.rules.ignore,
        jobs.iter().map(|(_, config)| config),
    ) {
        return Err(miette::miette!(
            help = messages::UNKNOWN_SELECTOR_HELP.get(ui),
            "{}",
            messages::UNKNOWN_SELECTOR.fill(ui, &[("selector", unknown)])
        ));
    }
    for error in configs.errors.drain(..) {
        eprintln!("{:?}", miette::Report::new(error.localized(ui)));
        status = ExitStatus::Error;
    }
    let stdin_text = if jobs
        .iter()
        .any(|(input, _)| matches!(input, Input::Stdin(_)))
    {
        // Never more than the limit (and one byte to tell it was passed).
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(args.max_file_size.saturating_add(1))
            .read_to_end(&mut bytes)
            .into_diagnostic()?;
        Some(bytes)
    } else {
        None
    };
    let mut baseline = match &args.baseline {
        Some(path) => Some((Baseline::read(path)?, base_dir(path))),
        None => None,
    };
    let mut recorded = Vec::new();

    let format = args.format.unwrap_or(
        if std::io::stdout().is_terminal() && args.output.is_none() {
            Format::Human
        } else {
            Format::Short
        },
    );
    // The language of the run's own words (headlines, the total line):
    // the command line's, else the first configuration's.
    let run_lang = lang_override
        .or_else(|| jobs.first().and_then(|(_, config)| config.lang()))
        .unwrap_or_default();
    let mut sink: Box<dyn Sink> = match format {
        Format::Human => Box::new(render::human::HumanSink {
            style: render::human::Style {
                color: args.output.is_none() && std::io::stdout().is_terminal(),
                width: 100,
                lang: run_lang,
            },
        }),
        Format::Short => Box::new(render::short::ShortSink { lang: run_lang }),
        Format::Json => Box::new(render::json::JsonSink::default()),
        Format::Sarif => Box::new(
            std::env::current_dir()
                .map(|dir| render::sarif::SarifSink::relative_to(&dir))
                .unwrap_or_default(),
        ),
        Format::Github => Box::new(render::github::GithubSink),
        Format::Junit => Box::new(render::junit::JunitSink::default()),
    };
    // `--fix` on standard input prints the fixed text; the findings then
    // go to standard error.
    let fixed_to_stdout = args.fix && stdin_text.is_some();
    let mut out: Closable<Box<dyn Write>> = Closable::new(match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).map_err(|source| CliError::Write {
                path: path.display().to_string(),
                source,
            })?,
        )),
        None if fixed_to_stdout => Box::new(std::io::BufWriter::new(std::io::stderr().lock())),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    });
    let mut fixes = FixTally::default();
    let progress = progress_bar(args, format, jobs.len());
    let mut summary = Summary::default();
    for failure in failures.iter().filter(|_| !args.diff) {
        summary.failed += 1;
        sink.failed(&mut out, failure).into_diagnostic()?;
    }
    let mut rules: BTreeMap<String, RuleMeta> = BTreeMap::new();
    let mut refused_unread = 0;
    // The configurations whose rules are in `rules` already.
    let mut listed: Vec<*const Config> = Vec::new();
    // JSON entries are rendered in the workers; the main thread only writes
    // them in order. A baseline filters the findings first, and fixes
    // change the text: those are rendered here.
    // The cross-report pass: one summary per report (never the report),
    // when several files are checked.
    let mut archive =
        (jobs.len() >= 2 && !args.no_archive && !args.fix && !args.diff && !args.annotate)
            .then(|| Archive::new(args.agencies.as_deref()))
            .transpose()?;
    let summarise = archive.is_some();
    let mut job_index = 0;
    let prerender = matches!(format, Format::Json) && baseline.is_none() && !args.fix && !args.diff;
    // The archive pass summarises each report on this thread: it needs the
    // report and its text.
    let keep_text = args.write_baseline.is_some() || summarise;
    let lint_chunk = |chunk: &[(Input, Arc<Config>)]| -> Vec<Result<Outcome, CliError>> {
        chunk
            .par_iter()
            .map(|(input, config)| {
                let mut outcome =
                    lint_one(input, config, args, lang_override, stdin_text.as_deref());
                if let (true, Ok(outcome)) = (prerender, &mut outcome) {
                    outcome.rendered = Some(render::json::file_entry(&FileResult {
                        path: &outcome.display,
                        text: &outcome.text,
                        report: outcome.report.as_ref(),
                        diagnostics: &outcome.diagnostics,
                    }));
                    // Only the rendered entry is needed from here on
                    // (and the report, for the archive's summary).
                    if !summarise {
                        outcome.report = None;
                    }
                    if !keep_text {
                        outcome.text = String::new();
                    }
                }
                if let Some(bar) = &progress {
                    bar.inc(1);
                }
                outcome
            })
            .collect()
    };
    std::thread::scope(|scope| -> Result<()> {
        // The next chunk is linted while this thread writes the last one.
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        let jobs = &jobs;
        let lint_chunk = &lint_chunk;
        scope.spawn(move || {
            for chunk in jobs.chunks(CHUNK) {
                if sender.send(lint_chunk(chunk)).is_err() {
                    break;
                }
            }
        });
        for (chunk, outcomes) in jobs.chunks(CHUNK).zip(receiver) {
            // The reader of the output has gone (`| head`): stop linting;
            // the exit code says what was found until then.
            if out.closed() {
                break;
            }
            for ((input, config), outcome) in chunk.iter().zip(outcomes) {
                let job = job_index;
                job_index += 1;
                let config: &Config = config;
                let mut outcome = match outcome {
                    Ok(outcome) => outcome,
                    Err(error) => {
                        if unread.binary_search(&input.path().to_path_buf()).is_ok() {
                            refused_unread += 1;
                        }
                        let lang = lang_override.or_else(|| config.lang()).unwrap_or_default();
                        if !args.diff {
                            summary.failed += 1;
                            sink.failed(&mut out, &error.failure(lang))
                                .into_diagnostic()?;
                        }
                        let report = error.report(lang);
                        if let Some(bar) = &progress {
                            bar.suspend(|| eprintln!("{report:?}"));
                        } else {
                            eprintln!("{report:?}");
                        }
                        status = ExitStatus::Error;
                        continue;
                    }
                };
                let pointer: *const Config = config;
                if !listed.contains(&pointer) {
                    listed.push(pointer);
                    for (_, set) in config.linter.variants() {
                        for rule in &set.rules {
                            rules
                                .entry(rule.meta.code.clone())
                                .or_insert_with(|| rule.meta.clone());
                        }
                    }
                }
                if let Some((baseline, dir)) = &mut baseline {
                    let key = baseline_path(dir, &outcome.display);
                    outcome.diagnostics = baseline.filter(
                        &key,
                        &outcome.text,
                        std::mem::take(&mut outcome.diagnostics),
                    );
                }
                if let Some(path) = &args.write_baseline {
                    let key = baseline_path(&base_dir(path), &outcome.display);
                    recorded.extend(
                        outcome
                            .diagnostics
                            .iter()
                            .map(|d| baseline::entry(&key, &outcome.text, d)),
                    );
                }
                if let Some(note) = &outcome.annotated {
                    if let Some(bar) = &progress {
                        bar.suspend(|| eprint!("{note}"));
                    } else {
                        eprint!("{note}");
                    }
                }
                if let Some(file_fix) = &outcome.fix {
                    let lang = lang_override.or_else(|| config.lang()).unwrap_or_default();
                    let notes = fixes.add(&outcome.display, file_fix, lang);
                    if let Some(bar) = &progress {
                        bar.suspend(|| eprint!("{notes}"));
                    } else {
                        eprint!("{notes}");
                    }
                    if let Some(text) = &file_fix.stdout_text {
                        let mut stdout = std::io::stdout().lock();
                        stdout.write_all(text.as_bytes()).into_diagnostic()?;
                        stdout.flush().into_diagnostic()?;
                    }
                    if args.diff {
                        if let Some(diff) = &file_fix.diff {
                            out.write_all(diff.as_bytes()).into_diagnostic()?;
                        }
                        continue;
                    }
                }
                if let (Some(archive), Input::File(path), Some(report)) =
                    (&mut archive, input, outcome.report.as_ref())
                {
                    archive.add(job, path, &outcome.display, report, &outcome.text, config)?;
                }
                summary.add(&outcome.diagnostics);
                if let Some(entry) = &outcome.rendered {
                    sink.prerendered(&mut out, entry).into_diagnostic()?;
                    continue;
                }
                let file = FileResult {
                    path: &outcome.display,
                    text: &outcome.text,
                    report: outcome.report.as_ref(),
                    diagnostics: &outcome.diagnostics,
                };
                sink.file(&mut out, &file).into_diagnostic()?;
            }
        }
        Ok(())
    })?;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if refused_unread > 0 {
        eprintln!(
            "{}",
            messages::UNREAD_HINT.fill(
                ui,
                &[
                    ("count", refused_unread.to_string()),
                    ("kinds", unread_kinds)
                ]
            )
        );
    }
    let mut archive_statistics = None;
    if let Some(archive) = archive {
        let lang_of = |config: &Config| lang_override.or_else(|| config.lang()).unwrap_or_default();
        let (found, statistics) = archive.run(&jobs, lang_of);
        for (job, diagnostics) in found {
            let (input, config) = &jobs[job];
            let Input::File(path) = input else { continue };
            let (settings, options, _) = FileArgs::of(args, lang_override).resolve(config, path);
            let mut diagnostics = settings.apply(diagnostics);
            // The report as it was linted, for the output's context.
            let Ok(read) = read_input(path, args.encoding, args.max_file_size) else {
                continue;
            };
            let display = input.display();
            if let Some((baseline, dir)) = &mut baseline {
                let key = baseline_path(dir, &display);
                diagnostics = baseline.filter(&key, &read.text, diagnostics);
            }
            if let Some(path) = &args.write_baseline {
                let key = baseline_path(&base_dir(path), &display);
                recorded.extend(
                    diagnostics
                        .iter()
                        .map(|d| baseline::entry(&key, &read.text, d)),
                );
            }
            if diagnostics.is_empty() {
                continue;
            }
            let report = config.linter.read(&read.text, &options);
            // Findings of the archive come after every file, in a second
            // entry for the file: the file itself was counted already.
            summary.add(&diagnostics);
            summary.files -= 1;
            let file = FileResult {
                path: &display,
                text: &read.text,
                report: Some(&report),
                diagnostics: &diagnostics,
            };
            sink.file(&mut out, &file).into_diagnostic()?;
        }
        archive_statistics = Some(statistics);
    }
    if !args.diff {
        sink.finish(&mut out, &summary, &rules).into_diagnostic()?;
    }
    out.flush().into_diagnostic()?;
    drop(out);
    if args.fix || args.diff {
        let lang = lang_override.unwrap_or_default();
        eprintln!("{}", fixes.summary(args.diff, lang));
        if args.diff {
            return Ok(match status {
                ExitStatus::Error => status,
                _ if fixes.files > 0 && !args.exit_zero => ExitStatus::Failure,
                _ => ExitStatus::Success,
            });
        }
    }
    if args.statistics {
        let mut statistics = statistics(&summary, &rules);
        if let Some(archive) = &archive_statistics {
            statistics.push_str(&archive_text(archive, lang_override.unwrap_or_default()));
        }
        if matches!(format, Format::Human | Format::Short) && args.output.is_none() {
            super::print_out(&statistics).into_diagnostic()?;
        } else {
            eprint!("{statistics}");
        }
    }
    if let Some(path) = &args.write_baseline {
        baseline::write(path, recorded)?;
        eprintln!(
            "{}",
            messages::BASELINE_WROTE.fill(
                run_lang,
                &[
                    (
                        "count",
                        (summary.errors + summary.warnings + summary.infos).to_string()
                    ),
                    ("path", path.display().to_string())
                ]
            )
        );
        return Ok(if status == ExitStatus::Error {
            status
        } else {
            ExitStatus::Success
        });
    }
    if status == ExitStatus::Error {
        return Ok(status);
    }
    if args.exit_zero {
        return Ok(ExitStatus::Success);
    }
    if summary.errors > 0 || args.max_warnings.is_some_and(|max| summary.warnings > max) {
        return Ok(ExitStatus::Failure);
    }
    Ok(ExitStatus::Success)
}

/// How configurations are found: `--config FILE` for every file,
/// `--isolated` the built-in packs (with `--pack`s), else discovery.
///
/// # Errors
/// A broken `--config` file or `--pack`.
pub(crate) fn config_mode(args: &ConfigArgs, lang: Lang) -> Result<ConfigMode> {
    let packs = &args.packs;
    let localized = |error: crate::config::ConfigError| miette::Report::new(error.localized(lang));
    Ok(match (args.config.as_deref(), args.isolated) {
        (Some(path), _) => {
            ConfigMode::Fixed(Arc::new(Config::load(path, packs).map_err(localized)?))
        }
        (None, true) if packs.is_empty() => ConfigMode::Fixed(Arc::new(
            Config::builtin(Path::new("."))
                .map_err(|errors| miette::Report::new(errors.localized(lang)))?,
        )),
        (None, true) => ConfigMode::Fixed(Arc::new(
            Config::parse(Path::new("xxgk-lint.toml"), "", packs).map_err(localized)?,
        )),
        (None, false) => ConfigMode::Discover,
    })
}

/// What the command line sets for every file, over the configuration.
#[derive(Clone, Debug, Default)]
pub(crate) struct FileArgs {
    pub year: Option<i32>,
    pub agency_kind: Option<AgencyKind>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub lang: Option<Lang>,
}

impl FileArgs {
    fn of(args: &CheckArgs, lang: Option<Lang>) -> FileArgs {
        FileArgs {
            year: args.year,
            agency_kind: args.agency_kind.map(|kind| match kind {
                AgencyKindArg::Government => AgencyKind::Government,
                AgencyKindArg::Department => AgencyKind::Department,
            }),
            select: args.rules.select.clone(),
            ignore: args.rules.ignore.clone(),
            lang,
        }
    }

    /// The settings, reading options and message language of the file at
    /// `path` under `config`.
    pub(crate) fn resolve(
        &self,
        config: &Config,
        path: &Path,
    ) -> (FileSettings, FileOptions, Lang) {
        let mut settings: FileSettings =
            config.settings_for(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
        if let Some(year) = self.year {
            settings.year = Some(year);
        }
        if let Some(kind) = self.agency_kind {
            settings.agency_kind = Some(kind);
        }
        if !self.select.is_empty() {
            settings.select = Some(self.select.clone());
        }
        settings.ignore.extend(self.ignore.iter().cloned());
        let options = FileOptions {
            year: settings.year,
            agency_kind: settings.agency_kind,
            path: Some(path.to_path_buf()),
        };
        let lang = self.lang.or_else(|| config.lang()).unwrap_or_default();
        (settings, options, lang)
    }
}

/// Reads and lints one input with its configuration.
fn lint_one(
    input: &Input,
    config: &Config,
    args: &CheckArgs,
    lang: Option<Lang>,
    stdin: Option<&[u8]>,
) -> Result<Outcome, CliError> {
    let (settings, options, lang) = FileArgs::of(args, lang).resolve(config, input.path());
    if let Input::Stdin(name) = input {
        super::check_size(name, stdin.unwrap_or_default(), args.max_file_size)?;
    }
    let Some(request) = fix_request(args) else {
        if let (true, Input::File(path)) = (args.annotate, input) {
            let bytes = read_bytes(path, args.max_file_size)?;
            let read = decode_input(path, &bytes, args.encoding)?;
            let linted = config.linter.lint_input_in(&read, &options, lang);
            let diagnostics = settings.apply(linted.diagnostics);
            let lint = |text: &str| {
                settings.apply(config.linter.lint_in(text, &options, lang).diagnostics)
            };
            let annotated =
                annotate::annotate_file(args, path, &bytes, &read, &diagnostics, lang, lint)?;
            return Ok(Outcome {
                display: input.display(),
                diagnostics,
                report: Some(linted.report),
                text: read.text,
                fix: None,
                annotated,
                rendered: None,
            });
        }
        let read = match input {
            Input::File(path) => read_input(path, args.encoding, args.max_file_size)?,
            Input::Stdin(name) => decode_input(name, stdin.unwrap_or_default(), args.encoding)?,
        };
        let linted = config.linter.lint_input_in(&read, &options, lang);
        return Ok(Outcome {
            display: input.display(),
            diagnostics: settings.apply(linted.diagnostics),
            report: Some(linted.report),
            text: read.text,
            fix: None,
            annotated: None,
            rendered: None,
        });
    };
    let (bytes, path) = match input {
        Input::File(path) => (read_bytes(path, args.max_file_size)?, Some(path.as_path())),
        Input::Stdin(_) => (stdin.unwrap_or_default().to_vec(), None),
    };
    let read = decode_input(input.path(), &bytes, args.encoding)?;
    let linted = config.linter.lint_input_in(&read, &options, lang);
    if read.format != crate::input::Format::Text {
        let fixable = linted.diagnostics.iter().any(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.is_safe() || request.unsafe_fixes)
        });
        let diagnostics = settings.apply(linted.diagnostics);
        let not_fixed = fixable.then(|| {
            match lang {
                Lang::Zh => "只修复文本文件；Word 文档和网页请在生成它们的程序中修改",
                Lang::En => "only text files are fixed; change Word documents and web pages in the program that made them",
            }
            .to_string()
        });
        return Ok(Outcome {
            display: input.display(),
            diagnostics,
            report: Some(linted.report),
            text: read.text,
            fix: Some(FileFix {
                not_fixed,
                ..FileFix::default()
            }),
            annotated: None,
            rendered: None,
        });
    }
    let diagnostics = settings.apply(linted.diagnostics);
    let lint = |text: &str| settings.apply(config.linter.lint_in(text, &options, lang).diagnostics);
    let display = input.display();
    let (fixed_text, diagnostics, file_fix) = fix::fix_file(
        request,
        path,
        &display,
        &bytes,
        &read,
        diagnostics,
        lang,
        lint,
    )?;
    let (text, report) = match fixed_text {
        Some(text) => {
            let report = config.linter.read(&text, &options);
            (text, report)
        }
        None => (read.text, linted.report),
    };
    Ok(Outcome {
        display,
        diagnostics,
        report: Some(report),
        text,
        fix: Some(file_fix),
        annotated: None,
        rendered: None,
    })
}

/// A `--select` or `--ignore` entry that begins no code of the packs in
/// use (a typo would otherwise silence everything or nothing).
pub(crate) fn unknown_selector<'a>(
    select: &[String],
    ignore: &[String],
    configs: impl IntoIterator<Item = &'a Arc<Config>>,
) -> Option<String> {
    if select.is_empty() && ignore.is_empty() {
        return None;
    }
    let mut known = std::collections::BTreeSet::new();
    let mut seen: Vec<&Arc<Config>> = Vec::new();
    for config in configs {
        if !seen.iter().any(|other| Arc::ptr_eq(other, config)) {
            seen.push(config);
            known.extend(config.linter.codes());
        }
    }
    if known.is_empty() {
        return None;
    }
    select
        .iter()
        .chain(ignore)
        .find(|prefix| !known.iter().any(|code| code.starts_with(prefix.as_str())))
        .cloned()
}

fn fix_request(args: &CheckArgs) -> Option<FixRequest> {
    (args.fix || args.diff).then_some(FixRequest {
        diff: args.diff,
        unsafe_fixes: args.unsafe_fixes,
    })
}

/// Fixes counted over the run, for the closing line.
#[derive(Default)]
struct FixTally {
    /// Fixes applied (or that would be).
    fixes: usize,
    /// Files changed (or that would be).
    files: usize,
}

impl FixTally {
    /// Counts one file's fixes; returns the notes to print about it.
    fn add(&mut self, display: &str, file_fix: &FileFix, lang: Lang) -> String {
        self.fixes += file_fix.applied;
        self.files += usize::from(file_fix.applied > 0);
        let mut notes = String::new();
        if let Some(reason) = &file_fix.not_fixed {
            notes.push_str(&match lang {
                Lang::Zh => format!("{display}：未修复：{reason}\n"),
                Lang::En => format!("{display}: not fixed: {reason}\n"),
            });
        }
        if file_fix.unstable {
            notes.push_str(&match lang {
                Lang::Zh => format!(
                    "{display}：修复 {} 轮后仍有可修复的问题，已停止\n",
                    crate::fix::MAX_PASSES
                ),
                Lang::En => format!(
                    "{display}: fixes still applied after {} passes; stopped\n",
                    crate::fix::MAX_PASSES
                ),
            });
        }
        notes
    }

    fn summary(&self, diff: bool, lang: Lang) -> String {
        let (fixes, files) = (self.fixes, self.files);
        match (diff, lang) {
            (false, Lang::Zh) => format!("已修复 {fixes} 处（{files} 个文件）"),
            (false, Lang::En) => format!("fixed {fixes} finding(s) in {files} file(s)"),
            (true, Lang::Zh) => format!("可修复 {fixes} 处（{files} 个文件），未写入"),
            (true, Lang::En) => {
                format!("{fixes} fix(es) would be applied to {files} file(s); nothing written")
            }
        }
    }
}

fn progress_bar(args: &CheckArgs, format: Format, files: usize) -> Option<indicatif::ProgressBar> {
    let wanted = !args.no_progress
        && files > 30
        && matches!(format, Format::Human | Format::Short)
        && std::io::stderr().is_terminal();
    wanted.then(|| {
        let bar = indicatif::ProgressBar::new(files as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {elapsed}")
        {
            bar.set_style(style);
        }
        bar
    })
}

fn statistics(summary: &Summary, rules: &BTreeMap<String, RuleMeta>) -> String {
    let mut counts: Vec<(&String, &usize)> = summary.codes.iter().collect();
    counts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut out = String::new();
    for (code, count) in counts {
        let name = rules.get(code).map_or("", |meta| meta.name.as_str());
        out.push_str(&format!("{count:>6}  {code}  {name}\n"));
    }
    out
}

/// The folder baseline paths are relative to.
fn base_dir(baseline: &Path) -> PathBuf {
    crate::baseline::base_dir(baseline)
}

/// A file's path in a baseline: relative to the baseline's folder, `/`
/// separators, so the baseline works from any working directory and
/// however the file was named (`x.txt`, `./x.txt`, `../d/x.txt`, an
/// absolute path).
fn baseline_path(dir: &Path, display: &str) -> String {
    crate::baseline::key_path(dir, Path::new(display))
}

/// The cross-report pass of a run: the summaries of the reports.
struct Archive {
    agencies: AgencyFiles,
    summaries: Vec<archive::Summary>,
    /// The job of each summary.
    jobs: Vec<usize>,
    /// The national pack of each summary's report.
    packs: Vec<&'static str>,
}

impl Archive {
    fn new(agencies: Option<&Path>) -> Result<Archive> {
        Ok(Archive {
            agencies: AgencyFiles::new(agencies)?,
            summaries: Vec::new(),
            jobs: Vec::new(),
            packs: Vec::new(),
        })
    }

    fn add(
        &mut self,
        job: usize,
        path: &Path,
        display: &str,
        report: &Report,
        text: &str,
        config: &Config,
    ) -> Result<()> {
        let pack = national_for(report.year(), report.template.as_deref());
        let Some(rules) = config.linter.rules(pack) else {
            return Ok(());
        };
        let agencies = self.agencies.for_report(path)?;
        let identity = archive::Identity::of(report, Some(path), agencies.as_deref());
        self.summaries
            .push(archive::Summary::of(display, report, text, identity, rules));
        self.jobs.push(job);
        self.packs.push(pack);
        Ok(())
    }

    /// The findings by job, and what was compared.
    fn run(
        mut self,
        jobs: &[(Input, Arc<Config>)],
        lang_of: impl Fn(&Config) -> Lang,
    ) -> (Vec<(usize, Vec<Diagnostic>)>, archive::Statistics) {
        archive::unify_ids(&mut self.summaries);
        let (found, statistics) = archive::cross_year(&self.summaries, |index| {
            let config = &jobs[self.jobs[index]].1;
            Some(archive::RulesFor {
                rules: config.linter.rules(self.packs[index])?,
                templates: config.linter.templates(),
                lang: lang_of(config),
            })
        });
        let found = found
            .into_iter()
            .map(|(index, diagnostics)| (self.jobs[index], diagnostics))
            .collect();
        (found, statistics)
    }
}

/// What the cross-report pass compared, for `--statistics`.
fn archive_text(statistics: &archive::Statistics, lang: Lang) -> String {
    let mut out = messages::ARCHIVE_STATISTICS.fill(
        lang,
        &[
            ("compared", statistics.compared.to_string()),
            ("without", statistics.without_previous.to_string()),
            ("unidentified", statistics.unidentified.to_string()),
            ("not_evaluated", statistics.not_evaluated.to_string()),
        ],
    );
    out.push('\n');
    for (id, year, files) in &statistics.duplicates {
        out.push_str(&messages::ARCHIVE_DUPLICATE.fill(
            lang,
            &[
                ("id", id.clone()),
                ("year", year.to_string()),
                ("files", lang.join(files)),
            ],
        ));
        out.push('\n');
    }
    out
}

/// `.doc 3 个、.pdf 1 个` / `.doc ×3, .pdf ×1`: the formats of files that
/// are not read, by extension.
fn extension_counts(paths: &[PathBuf], lang: Lang) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for path in paths {
        let extension = path
            .extension()
            .and_then(|ext| ext.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        *counts.entry(format!(".{extension}")).or_default() += 1;
    }
    let items: Vec<String> = counts
        .into_iter()
        .map(|(extension, count)| match lang {
            Lang::Zh => format!("{extension} {count} 个"),
            Lang::En => format!("{extension} ×{count}"),
        })
        .collect();
    lang.join(&items)
}
