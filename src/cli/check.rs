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
use super::{CliError, ExitStatus, decode_input, read_bytes, read_input};
use crate::archive;
use crate::baseline::{self, Baseline};
use crate::config::{Config, FileSettings};
use crate::diagnostic::Diagnostic;
use crate::engine::{Lang, RuleMeta};
use crate::linter::FileOptions;
use crate::linter::national_for;
use crate::model::{AgencyKind, Report};
use crate::render::{self, FileResult, Sink, Summary};

/// Files linted at once before their results are written: bounds memory
/// on big archives while keeping every core busy.
const CHUNK: usize = 256;

/// One linted file.
struct Outcome {
    display: String,
    text: String,
    report: Report,
    diagnostics: Vec<Diagnostic>,
    /// With `--fix` / `--diff`: what was (or would be) fixed.
    fix: Option<FileFix>,
    /// With `--annotate`: what was written.
    annotated: Option<String>,
}

pub(crate) fn run(args: &CheckArgs) -> Result<ExitStatus> {
    if args.paths.is_empty() {
        return Err(miette::miette!(
            help = "give report files, folders or quoted glob patterns, e.g. `xxgk-lint check reports/`",
            "no input files"
        ));
    }
    if args.unsafe_fixes && !args.fix && !args.diff {
        return Err(miette::miette!(
            help = "add --fix to apply them, or --diff to see them",
            "--unsafe-fixes only chooses which fixes --fix or --diff apply"
        ));
    }
    if let Some(jobs) = args.jobs {
        // Only the first call configures the global pool; tests call this
        // function several times in one process.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global();
    }
    let mode = config_mode(&args.rules)?;
    let mut configs = Configs::new(mode, args.rules.packs.clone());
    let mut status = ExitStatus::Success;
    let (inputs, input_errors) =
        inputs::expand(&args.paths, args.stdin_filename.as_deref(), &mut configs);
    let lang_override = args.lang.map(|lang| match lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    });
    // Inputs that could not be linted, for the machine formats.
    let mut failures = Vec::new();
    for error in input_errors {
        failures.push(error.failure(lang_override.unwrap_or_default()));
        eprintln!("{:?}", miette::Report::new(error));
        status = ExitStatus::Error;
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
            help = "`xxgk-lint rules` lists the codes; a prefix (GK3) must begin at least one",
            "`{unknown}` (--select / --ignore) is no rule code nor the start of one"
        ));
    }
    for error in configs.errors.drain(..) {
        eprintln!("{:?}", miette::Report::new(error));
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
    let mut sink: Box<dyn Sink> = match format {
        Format::Human => Box::new(render::human::HumanSink {
            style: render::human::Style {
                color: args.output.is_none() && std::io::stdout().is_terminal(),
                width: 100,
            },
        }),
        Format::Short => Box::new(render::short::ShortSink),
        Format::Json => Box::new(render::json::JsonSink::default()),
        Format::Sarif => Box::new(render::sarif::SarifSink::default()),
        Format::Github => Box::new(render::github::GithubSink),
        Format::Junit => Box::new(render::junit::JunitSink::default()),
    };
    // `--fix` on standard input prints the fixed text; the findings then
    // go to standard error.
    let fixed_to_stdout = args.fix && stdin_text.is_some();
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).map_err(|source| CliError::Write {
                path: path.display().to_string(),
                source,
            })?,
        )),
        None if fixed_to_stdout => Box::new(std::io::BufWriter::new(std::io::stderr().lock())),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut fixes = FixTally::default();
    let progress = progress_bar(args, format, jobs.len());
    let mut summary = Summary::default();
    for failure in failures.iter().filter(|_| !args.diff) {
        summary.failed += 1;
        sink.failed(&mut out, failure).into_diagnostic()?;
    }
    let mut rules: BTreeMap<String, RuleMeta> = BTreeMap::new();
    // The cross-report pass: one summary per report (never the report),
    // when several files are checked.
    let mut archive =
        (jobs.len() >= 2 && !args.no_archive && !args.fix && !args.diff && !args.annotate)
            .then(|| Archive::new(args.agencies.as_deref()))
            .transpose()?;
    let mut job_index = 0;
    for chunk in jobs.chunks(CHUNK) {
        let outcomes: Vec<Result<Outcome, CliError>> = chunk
            .par_iter()
            .map(|(input, config)| {
                let outcome = lint_one(input, config, args, lang_override, stdin_text.as_deref());
                if let Some(bar) = &progress {
                    bar.inc(1);
                }
                outcome
            })
            .collect();
        for ((input, config), outcome) in chunk.iter().zip(outcomes) {
            let job = job_index;
            job_index += 1;
            let config: &Config = config;
            let mut outcome = match outcome {
                Ok(outcome) => outcome,
                Err(error) => {
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
            for (_, set) in config.linter.variants() {
                for rule in &set.rules {
                    rules
                        .entry(rule.meta.code.clone())
                        .or_insert_with(|| rule.meta.clone());
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
            if let (Some(archive), Input::File(path)) = (&mut archive, input) {
                archive.add(job, path, &outcome, config)?;
            }
            summary.add(&outcome.diagnostics);
            let file = FileResult {
                path: &outcome.display,
                text: &outcome.text,
                report: Some(&outcome.report),
                diagnostics: &outcome.diagnostics,
            };
            sink.file(&mut out, &file).into_diagnostic()?;
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
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
            print!("{statistics}");
        } else {
            eprint!("{statistics}");
        }
    }
    if let Some(path) = &args.write_baseline {
        baseline::write(path, recorded)?;
        eprintln!(
            "wrote {} finding(s) to {}",
            summary.errors + summary.warnings + summary.infos,
            path.display()
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
pub(crate) fn config_mode(args: &ConfigArgs) -> Result<ConfigMode> {
    let packs = &args.packs;
    Ok(match (args.config.as_deref(), args.isolated) {
        (Some(path), _) => ConfigMode::Fixed(Arc::new(Config::load(path, packs)?)),
        (None, true) if packs.is_empty() => {
            ConfigMode::Fixed(Arc::new(Config::builtin(Path::new("."))?))
        }
        (None, true) => ConfigMode::Fixed(Arc::new(Config::parse(
            Path::new("xxgk-lint.toml"),
            "",
            packs,
        )?)),
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
                report: linted.report,
                text: read.text,
                fix: None,
                annotated,
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
            report: linted.report,
            text: read.text,
            fix: None,
            annotated: None,
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
            report: linted.report,
            text: read.text,
            fix: Some(FileFix {
                not_fixed,
                ..FileFix::default()
            }),
            annotated: None,
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
        report,
        text,
        fix: Some(file_fix),
        annotated: None,
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

    fn add(&mut self, job: usize, path: &Path, outcome: &Outcome, config: &Config) -> Result<()> {
        let report = &outcome.report;
        let pack = national_for(report.year(), report.template.as_deref());
        let Some(rules) = config.linter.rules(pack) else {
            return Ok(());
        };
        let agencies = self.agencies.for_report(path)?;
        let identity = archive::Identity::of(report, Some(path), agencies.as_deref());
        self.summaries.push(archive::Summary::of(
            &outcome.display,
            report,
            &outcome.text,
            identity,
            rules,
        ));
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
    let mut out = match lang {
        Lang::Zh => format!(
            "跨年度核对：{} 份报告与同一机关上一年度报告比较；{} 份没有上一年度报告（跨年度规则未检查）；{} 份未能识别机关或年度；{} 处因单元格空白或非数字未核对\n",
            statistics.compared,
            statistics.without_previous,
            statistics.unidentified,
            statistics.not_evaluated
        ),
        Lang::En => format!(
            "cross-year: {} report(s) compared with last year's report of the same agency; {} without last year's report (cross-year rules not checked); {} without a known agency or year; {} comparison(s) not made (blank or text cells)\n",
            statistics.compared,
            statistics.without_previous,
            statistics.unidentified,
            statistics.not_evaluated
        ),
    };
    for (id, year, files) in &statistics.duplicates {
        out.push_str(&match lang {
            Lang::Zh => format!(
                "  {id} {year}年有多份报告，只用第一份：{}\n",
                files.join("、")
            ),
            Lang::En => format!(
                "  {id} {year}: several reports, the first is used: {}\n",
                files.join(", ")
            ),
        });
    }
    out
}

/// The folder baseline paths are relative to.
fn base_dir(baseline: &Path) -> PathBuf {
    let dir = baseline
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// A file's path in a baseline: relative to the baseline's folder, `/`
/// separators, so the baseline works from any working directory.
fn baseline_path(dir: &Path, display: &str) -> String {
    let absolute = std::path::absolute(display).unwrap_or_else(|_| PathBuf::from(display));
    let relative = absolute.strip_prefix(dir).map_or(absolute.as_path(), |p| p);
    relative.to_string_lossy().replace('\\', "/")
}
