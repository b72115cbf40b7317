//! The command line: argument parsing and the subcommands. The only module
//! (with `lsp`) that prints.

mod agencies;
pub(crate) mod annotate;
mod archive;
pub(crate) mod args;
pub(crate) mod check;
mod dump;
mod export;
mod fix;
pub(crate) mod inputs;
pub(crate) mod rules;

use std::io::Read as _;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser as _;
use encoding_rs::Encoding;
use miette::{Diagnostic, Report};
use thiserror::Error;

use crate::engine::Lang;
use crate::input::{Input, InputError};

pub use args::{Cli, Command};

/// How a run ended, mapped to the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// No error-severity finding.
    Success,
    /// At least one error-severity finding (or too many warnings).
    Failure,
    /// Usage, configuration, rule-pack or I/O failure.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        match status {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

/// A failure of the tool itself (not a finding in a report).
#[derive(Debug, Error, Diagnostic)]
pub enum CliError {
    #[error("cannot read {path}")]
    #[diagnostic(code(xxgk::io), help("check that the file exists and is readable"))]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the pattern {pattern} matched no file")]
    #[diagnostic(
        code(xxgk::input),
        help("quote patterns so that the shell does not expand them: '**/*.txt'")
    )]
    NoMatch { pattern: String },
    #[error("invalid pattern {pattern}: {message}")]
    #[diagnostic(code(xxgk::input))]
    Pattern { pattern: String, message: String },
    #[error("{path} already exists")]
    #[diagnostic(code(xxgk::init), help("use --force to overwrite it"))]
    Exists { path: String },
    #[error("cannot write {path}")]
    #[diagnostic(
        code(xxgk::io),
        help("check that the folder exists and that it and the file are writable")
    )]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} changed while it was being fixed; it was not written")]
    #[diagnostic(
        code(xxgk::fix),
        help("run the command again once nothing else edits the file")
    )]
    Changed { path: String },
    /// A format that is not read, or a damaged Word document.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Input(#[from] InputError),
}

impl CliError {
    /// The error as machine formats record it: the path or pattern it is
    /// about, and its message (with its cause) in the user's language.
    pub(crate) fn failure(&self, lang: Lang) -> crate::render::Failure {
        let path = match self {
            CliError::Read { path, .. }
            | CliError::Exists { path }
            | CliError::Write { path, .. }
            | CliError::Changed { path } => path.clone(),
            CliError::NoMatch { pattern } | CliError::Pattern { pattern, .. } => pattern.clone(),
            CliError::Input(error) => error.path().to_string(),
        };
        let localized = self.localized(lang);
        let message = match self {
            CliError::Input(_) => localized.message,
            other => match std::error::Error::source(other) {
                Some(source) => format!("{}: {}", localized.message, io_reason(source, lang)),
                None => localized.message,
            },
        };
        crate::render::Failure { path, message }
    }

    /// The error as shown to the user, in their language.
    pub(crate) fn report(self, lang: Lang) -> Report {
        let mut localized = self.localized(lang);
        if let Some(source) = std::error::Error::source(&self)
            && !matches!(self, CliError::Input(_))
        {
            localized.message = format!("{}: {}", localized.message, io_reason(source, lang));
        }
        Report::new(localized)
    }

    /// The message and help from the catalogue.
    fn localized(&self, lang: Lang) -> miette::MietteDiagnostic {
        use crate::messages as m;
        let path = |path: &String| vec![("path", path.clone())];
        let (message, help) = match self {
            CliError::Input(error) => return error.localized(lang),
            CliError::Read { path: p, .. } => (m::READ.fill(lang, &path(p)), Some(m::READ_HELP)),
            CliError::NoMatch { pattern } => (
                m::NO_MATCH.fill(lang, &[("pattern", pattern.clone())]),
                Some(m::NO_MATCH_HELP),
            ),
            CliError::Pattern { pattern, message } => (
                m::PATTERN.fill(
                    lang,
                    &[("pattern", pattern.clone()), ("message", message.clone())],
                ),
                None,
            ),
            CliError::Exists { path: p } => (m::EXISTS.fill(lang, &path(p)), Some(m::EXISTS_HELP)),
            CliError::Write { path: p, .. } => (m::WRITE.fill(lang, &path(p)), Some(m::WRITE_HELP)),
            CliError::Changed { path: p } => {
                (m::CHANGED.fill(lang, &path(p)), Some(m::CHANGED_HELP))
            }
        };
        let code = Diagnostic::code(self)
            .map(|code| code.to_string())
            .unwrap_or_default();
        let mut diagnostic = miette::MietteDiagnostic::new(message).with_code(code);
        if let Some(help) = help {
            diagnostic = diagnostic.with_help(help.get(lang));
        }
        diagnostic
    }
}

/// The operating system's reason for an I/O failure, in the user's
/// language where it is a common one.
fn io_reason(source: &(dyn std::error::Error + 'static), lang: Lang) -> String {
    use std::io::ErrorKind;
    let kind = source
        .downcast_ref::<std::io::Error>()
        .map(std::io::Error::kind);
    match (lang, kind) {
        (Lang::Zh, Some(ErrorKind::NotFound)) => crate::messages::NOT_FOUND.zh.to_string(),
        (Lang::Zh, Some(ErrorKind::PermissionDenied)) => {
            crate::messages::PERMISSION_DENIED.zh.to_string()
        }
        (Lang::Zh, Some(ErrorKind::IsADirectory)) => crate::messages::IS_A_DIRECTORY.zh.to_string(),
        (Lang::En, Some(ErrorKind::NotFound)) => crate::messages::NOT_FOUND.en.to_string(),
        _ => source.to_string(),
    }
}

/// Runs the command line and returns the exit code.
#[must_use]
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match run(cli) {
        Ok(status) => status,
        // The reader of the output has gone (`| head`): what it wanted it
        // has; that is no failure of the tool.
        Err(report) if is_broken_pipe(&report) => ExitStatus::Success,
        Err(report) => {
            eprintln!("{report:?}");
            ExitStatus::Error
        }
    };
    status.into()
}

/// Whether an error is the closing of standard output by its reader.
fn is_broken_pipe(report: &Report) -> bool {
    report.chain().any(|error| {
        error
            .downcast_ref::<std::io::Error>()
            .is_some_and(|error| error.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes `text` to standard output. A reader that has gone (`| head`)
/// ends the output quietly: the rest is dropped, and the command's exit
/// code stays what its work says.
///
/// # Errors
/// Other write errors (a full disk).
pub(crate) fn print_out(text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// A writer that turns its reader's going away into the end of output:
/// later writes are dropped, and [`Closable::closed`] tells the caller to
/// stop producing more.
pub(crate) struct Closable<W> {
    inner: W,
    closed: bool,
}

impl<W: std::io::Write> Closable<W> {
    pub(crate) fn new(inner: W) -> Closable<W> {
        Closable {
            inner,
            closed: false,
        }
    }

    pub(crate) fn closed(&self) -> bool {
        self.closed
    }

    fn absorb<T>(&mut self, result: std::io::Result<T>, none: T) -> std::io::Result<T> {
        match result {
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(none)
            }
            other => other,
        }
    }
}

impl<W: std::io::Write> std::io::Write for Closable<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(bytes.len());
        }
        let result = self.inner.write(bytes);
        self.absorb(result, bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.absorb(result, ())
    }
}

fn run(cli: Cli) -> Result<ExitStatus, Report> {
    match cli.command {
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Annotate(args)) => check::run(&args.into_check()),
        Some(Command::Dump(args)) => dump::run(&args),
        Some(Command::Init(args)) => init(&args),
        Some(Command::Rules(args)) => rules::rules(&args),
        Some(Command::Explain(args)) => rules::explain(&args),
        Some(Command::Test(args)) => rules::test(&args),
        Some(Command::Agencies(args)) => agencies::run(&args),
        Some(Command::Export(args)) => export::run(&args),
        #[cfg(feature = "lsp")]
        Some(Command::Lsp) => {
            crate::lsp::run_stdio()?;
            Ok(ExitStatus::Success)
        }
        #[cfg(feature = "serve")]
        Some(Command::Serve(args)) => crate::serve::run(&args),
        None => check::run(&cli.check),
    }
}

/// `xxgk-lint init`: writes the starter configuration.
fn init(args: &args::InitArgs) -> Result<ExitStatus, Report> {
    let path = args.dir.join(crate::config::FILE_NAMES[0]);
    if path.exists() && !args.force {
        return Err(CliError::Exists {
            path: path.display().to_string(),
        }
        .into());
    }
    std::fs::write(&path, crate::config::STARTER).map_err(|source| CliError::Write {
        path: path.display().to_string(),
        source,
    })?;
    print_out(&format!(
        "{}\n",
        crate::messages::WROTE.fill(args.lang(), &[("path", path.display().to_string())])
    ))
    .map_err(|source| CliError::Write {
        path: "-".into(),
        source,
    })?;
    Ok(ExitStatus::Success)
}

/// Reads a report file (text in any supported encoding, .docx, .html).
pub(crate) fn read_input(
    path: &Path,
    encoding: Option<&'static Encoding>,
    limit: u64,
) -> Result<Input, CliError> {
    let bytes = read_bytes(path, limit)?;
    Ok(crate::input::load(path, &bytes, encoding)?)
}

/// The bytes of a report file, refused when there are more than `limit`.
/// The limit holds while reading too, for files whose size the file
/// system does not know (a named pipe, a device).
pub(crate) fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, CliError> {
    let read_error = |source| CliError::Read {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let known = file.metadata().map(|meta| meta.len()).unwrap_or(0);
    if known > limit {
        return Err(too_large(path, known, limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(known).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    check_size(path, &bytes, limit)?;
    Ok(bytes)
}

/// Refuses `bytes` read from `path` when there are more than `limit`.
pub(crate) fn check_size(path: &Path, bytes: &[u8], limit: u64) -> Result<(), CliError> {
    let size = bytes.len() as u64;
    if size > limit {
        return Err(too_large(path, size, limit));
    }
    Ok(())
}

fn too_large(path: &Path, size: u64, limit: u64) -> CliError {
    InputError::TooLarge {
        path: path.display().to_string(),
        size,
        limit,
    }
    .into()
}

/// Reads a report given as bytes (standard input): as a text file unless
/// its name says otherwise.
pub(crate) fn decode_input(
    name: &Path,
    bytes: &[u8],
    encoding: Option<&'static Encoding>,
) -> Result<Input, CliError> {
    Ok(crate::input::load(name, bytes, encoding)?)
}
