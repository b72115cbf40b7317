//! The main loop: document state, the lint worker, publishing.
//!
//! The main thread owns every open document and answers requests. Linting
//! runs on a worker thread: changes are debounced (the worker waits until
//! the edits pause), and each result carries the document's revision (a
//! server-wide counter bumped by every edit and every configuration
//! reload). A result is published only if its revision is still the
//! document's latest, so a slow lint never overwrites the diagnostics of a
//! newer edit. Requests that need the current text analysed (hover, code
//! actions) analyse it on the spot when the worker has not caught up.

use std::collections::{BTreeMap, HashMap};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::str::FromStr as _;
use std::sync::Arc;
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, select, unbounded};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use serde::Deserialize;
use serde_json::{Value, json};

use super::config::{ConfigProblem, ConfigProvider, ProjectConfig, Settings};
use super::convert::{self, DiagnosticSupport, Positions};
use super::handlers;
use crate::Linted;
use crate::diagnostic::Diagnostic;
use crate::engine::Lang;
use crate::source::LineIndex;

/// How long the worker waits for edits to pause before linting.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(50);

/// A failure of the protocol connection (not of a document).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ServerError {
    #[error("language server protocol error: {0}")]
    #[diagnostic(code(xxgk::lsp))]
    Protocol(#[from] lsp_server::ProtocolError),
    #[error("language server I/O error")]
    #[diagnostic(code(xxgk::lsp))]
    Io(#[from] std::io::Error),
    #[error("the client sent `exit` before `shutdown`")]
    #[diagnostic(code(xxgk::lsp))]
    ExitWithoutShutdown,
}

/// What `initializationOptions` may say.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InitOptions {
    /// `zh` (default) or `en`: the language of messages and hover text.
    #[serde(default)]
    lang: Option<String>,
    /// Debounce delay in milliseconds.
    #[serde(default)]
    debounce_ms: Option<u64>,
}

/// Runs the server on `connection` until `shutdown` and `exit`, with the
/// stand-in configuration provider.
///
/// # Errors
/// Protocol failures (a client that breaks the protocol, a closed stream).
pub fn run(connection: Connection) -> Result<(), ServerError> {
    run_with(connection, |lang| Box::new(ProjectConfig::new(lang)))
}

/// Runs the server with the configuration provider `make_config` builds
/// for the message language the client asked for.
///
/// # Errors
/// Protocol failures.
pub fn run_with(
    connection: Connection,
    make_config: impl FnOnce(Lang) -> Box<dyn ConfigProvider>,
) -> Result<(), ServerError> {
    let (id, params) = connection.initialize_start()?;
    // Read the two parts the server uses on their own, so that an odd
    // value elsewhere in the parameters does not lose them.
    let client_capabilities: lsp::ClientCapabilities = params
        .get("capabilities")
        .and_then(|value| serde_json::from_value(value.clone()).ok())
        .unwrap_or_default();
    let init: InitOptions = params
        .get("initializationOptions")
        .and_then(|value| serde_json::from_value(value.clone()).ok())
        .unwrap_or_default();
    let lang = init
        .lang
        .as_deref()
        .and_then(|lang| Lang::from_str(lang).ok())
        .unwrap_or_default();
    let debounce = init
        .debounce_ms
        .map_or(DEFAULT_DEBOUNCE, Duration::from_millis);
    let result = json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "xxgk-lint", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result)?;

    let (jobs, job_receiver) = unbounded::<Job>();
    let (result_sender, results) = unbounded::<Outcome>();
    let worker = std::thread::Builder::new()
        .name("xxgk-lint-worker".into())
        .spawn(move || worker(&job_receiver, &result_sender, debounce))?;
    let mut server = Server {
        connection,
        config: make_config(lang),
        lang,
        client: ClientSupport::from(&client_capabilities),
        documents: HashMap::new(),
        config_problems: BTreeMap::new(),
        jobs,
        next_revision: 1,
        next_request: 1,
    };
    server.register_watchers();
    let outcome = server.main_loop(&results);
    drop(server);
    let _ = worker.join();
    outcome
}

fn capabilities() -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(lsp::PositionEncodingKind::UTF16),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                will_save: None,
                will_save_wait_until: None,
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
                resolve_provider: Some(false),
            },
        )),
        ..lsp::ServerCapabilities::default()
    }
}

/// What the client said it understands.
#[derive(Clone, Copy, Debug, Default)]
struct ClientSupport {
    diagnostics: DiagnosticSupport,
    versioned_edits: bool,
    watch_registration: bool,
}

impl From<&lsp::ClientCapabilities> for ClientSupport {
    fn from(capabilities: &lsp::ClientCapabilities) -> Self {
        let publish = capabilities
            .text_document
            .as_ref()
            .and_then(|text| text.publish_diagnostics.as_ref());
        let workspace = capabilities.workspace.as_ref();
        ClientSupport {
            diagnostics: DiagnosticSupport {
                related_information: publish.and_then(|p| p.related_information).unwrap_or(false),
                code_description: publish
                    .and_then(|p| p.code_description_support)
                    .unwrap_or(false),
            },
            versioned_edits: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|edit| edit.document_changes)
                .unwrap_or(false),
            watch_registration: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|watch| watch.dynamic_registration)
                .unwrap_or(false),
        }
    }
}

/// One analysis of one revision of a document.
#[derive(Debug)]
pub struct Analysis {
    pub uri: lsp::Uri,
    pub revision: u64,
    /// The client's version of the text analysed.
    pub version: i32,
    pub text: Arc<String>,
    pub linted: Linted,
    /// The findings kept by the settings, in the order of `lsp_diagnostics`.
    pub diagnostics: Vec<Diagnostic>,
    pub lsp_diagnostics: Vec<lsp::Diagnostic>,
    pub settings: Arc<Settings>,
}

impl Analysis {
    /// Position conversions for the analysed text.
    #[must_use]
    pub fn positions(&self) -> Positions<'_> {
        Positions {
            text: &self.text,
            index: &self.linted.report.line_index,
        }
    }
}

/// Lints one text and converts the findings for the protocol.
#[must_use]
pub fn analyze(
    uri: lsp::Uri,
    revision: u64,
    version: i32,
    text: Arc<String>,
    settings: Arc<Settings>,
    support: DiagnosticSupport,
) -> Analysis {
    let mut linted = settings
        .linter
        .lint_in(&text, &settings.options, settings.lang);
    let diagnostics: Vec<Diagnostic> = settings.apply(std::mem::take(&mut linted.diagnostics));
    let positions = Positions {
        text: &text,
        index: &linted.report.line_index,
    };
    let lsp_diagnostics = diagnostics
        .iter()
        .map(|diagnostic| convert::diagnostic(diagnostic, &positions, &uri, support))
        .collect();
    Analysis {
        uri,
        revision,
        version,
        text,
        linted,
        diagnostics,
        lsp_diagnostics,
        settings,
    }
}

/// A lint request for the worker.
struct Job {
    uri: lsp::Uri,
    revision: u64,
    version: i32,
    text: Arc<String>,
    settings: Arc<Settings>,
    support: DiagnosticSupport,
}

enum Outcome {
    Done(Box<Analysis>),
    Failed { uri: lsp::Uri, message: String },
}

/// Lints jobs once edits pause for `debounce`; of several jobs for one
/// document only the latest is linted.
fn worker(jobs: &Receiver<Job>, results: &Sender<Outcome>, debounce: Duration) {
    let mut pending: Vec<Job> = Vec::new();
    while let Ok(job) = jobs.recv() {
        pending.push(job);
        loop {
            match jobs.recv_timeout(debounce) {
                Ok(job) => pending.push(job),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        // Keep the last job of each document, in order of arrival.
        let mut latest: Vec<Job> = Vec::new();
        for job in pending.drain(..) {
            latest.retain(|other| other.uri != job.uri);
            latest.push(job);
        }
        for job in latest {
            let uri = job.uri.clone();
            let analysed = std::panic::catch_unwind(AssertUnwindSafe(|| {
                analyze(
                    job.uri,
                    job.revision,
                    job.version,
                    job.text,
                    job.settings,
                    job.support,
                )
            }));
            let outcome = match analysed {
                Ok(analysis) => Outcome::Done(Box::new(analysis)),
                Err(panic) => Outcome::Failed {
                    uri,
                    message: panic
                        .downcast_ref::<&str>()
                        .map(ToString::to_string)
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_default(),
                },
            };
            if results.send(outcome).is_err() {
                return;
            }
        }
    }
}

/// An open document.
struct Document {
    text: Arc<String>,
    version: i32,
    /// Bumped by every edit and configuration reload.
    revision: u64,
    path: Option<PathBuf>,
    settings: Arc<Settings>,
    config_problem: Option<ConfigProblem>,
    /// The latest analysis (possibly of an older revision).
    analysis: Option<Arc<Analysis>>,
    /// The revision whose diagnostics were published last.
    published: u64,
}

struct Server {
    connection: Connection,
    config: Box<dyn ConfigProvider>,
    lang: Lang,
    client: ClientSupport,
    documents: HashMap<lsp::Uri, Document>,
    /// Configuration files with a published problem.
    config_problems: BTreeMap<PathBuf, lsp::Uri>,
    jobs: Sender<Job>,
    next_revision: u64,
    next_request: i32,
}

impl Server {
    fn main_loop(&mut self, results: &Receiver<Outcome>) -> Result<(), ServerError> {
        loop {
            select! {
                recv(self.connection.receiver) -> message => {
                    let Ok(message) = message else {
                        // The client went away without `exit`.
                        return Ok(());
                    };
                    match message {
                        Message::Request(request) => {
                            if self.connection.handle_shutdown(&request)? {
                                return Ok(());
                            }
                            self.on_request(request);
                        }
                        Message::Notification(notification) => {
                            if notification.method == lsp::notification::Exit::METHOD {
                                return Err(ServerError::ExitWithoutShutdown);
                            }
                            self.on_notification(notification);
                        }
                        Message::Response(_) => {}
                    }
                }
                recv(results) -> outcome => {
                    if let Ok(outcome) = outcome {
                        self.on_outcome(outcome);
                    }
                }
            }
        }
    }

    fn send(&self, message: impl Into<Message>) {
        // The writer thread only stops when the connection is gone.
        let _ = self.connection.sender.send(message.into());
    }

    fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params));
    }

    fn register_watchers(&mut self) {
        if !self.client.watch_registration {
            return;
        }
        let options = lsp::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String("**/*.toml".into()),
                kind: None,
            }],
        };
        let params = lsp::RegistrationParams {
            registrations: vec![lsp::Registration {
                id: "xxgk-lint-config".into(),
                method: lsp::notification::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let id = RequestId::from(format!("xxgk-lint/{}", self.next_request));
        self.next_request += 1;
        self.send(Request::new(
            id,
            lsp::request::RegisterCapability::METHOD.into(),
            params,
        ));
    }

    // ---- notifications -------------------------------------------------

    fn on_notification(&mut self, notification: Notification) {
        use lsp::notification as n;
        match notification.method.as_str() {
            n::DidOpenTextDocument::METHOD => {
                if let Ok(params) = parse::<lsp::DidOpenTextDocumentParams>(notification.params) {
                    self.did_open(params.text_document);
                }
            }
            n::DidChangeTextDocument::METHOD => {
                if let Ok(params) = parse::<lsp::DidChangeTextDocumentParams>(notification.params) {
                    self.did_change(params);
                }
            }
            n::DidCloseTextDocument::METHOD => {
                if let Ok(params) = parse::<lsp::DidCloseTextDocumentParams>(notification.params) {
                    self.did_close(&params.text_document.uri);
                }
            }
            n::DidSaveTextDocument::METHOD => {
                if let Ok(params) = parse::<lsp::DidSaveTextDocumentParams>(notification.params) {
                    let path = convert::uri_to_path(&params.text_document.uri);
                    if path.is_some_and(|path| self.config.is_config_file(&path)) {
                        self.reload_config();
                    }
                }
            }
            n::DidChangeWatchedFiles::METHOD => {
                if let Ok(params) = parse::<lsp::DidChangeWatchedFilesParams>(notification.params) {
                    let relevant = params.changes.iter().any(|change| {
                        convert::uri_to_path(&change.uri)
                            .is_some_and(|path| self.config.is_config_file(&path))
                    });
                    if relevant {
                        self.reload_config();
                    }
                }
            }
            _ => {}
        }
    }

    fn did_open(&mut self, item: lsp::TextDocumentItem) {
        let path = convert::uri_to_path(&item.uri);
        // Configuration files are watched, not linted as reports.
        if path
            .as_deref()
            .is_some_and(|path| self.config.is_config_file(path))
        {
            return;
        }
        let resolution = self.config.resolve(path.as_deref());
        let revision = self.bump();
        self.documents.insert(
            item.uri.clone(),
            Document {
                text: Arc::new(item.text),
                version: item.version,
                revision,
                path,
                settings: resolution.settings,
                config_problem: resolution.problem,
                analysis: None,
                published: 0,
            },
        );
        self.schedule(&item.uri);
        self.publish_config_problems();
    }

    fn did_change(&mut self, params: lsp::DidChangeTextDocumentParams) {
        let revision = self.bump();
        let uri = params.text_document.uri;
        let Some(document) = self.documents.get_mut(&uri) else {
            return;
        };
        let text = Arc::make_mut(&mut document.text);
        for change in params.content_changes {
            convert::apply_change(text, change);
        }
        document.version = params.text_document.version;
        document.revision = revision;
        self.schedule(&uri);
    }

    fn did_close(&mut self, uri: &lsp::Uri) {
        if self.documents.remove(uri).is_some() {
            self.notify::<lsp::notification::PublishDiagnostics>(lsp::PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics: Vec::new(),
                version: None,
            });
            self.publish_config_problems();
        }
    }

    /// Configuration changed on disk: read it again and re-lint every open
    /// document.
    fn reload_config(&mut self) {
        self.config.invalidate();
        let uris: Vec<lsp::Uri> = self.documents.keys().cloned().collect();
        for uri in uris {
            let revision = self.bump();
            let Some(document) = self.documents.get_mut(&uri) else {
                continue;
            };
            let resolution = self.config.resolve(document.path.as_deref());
            document.settings = resolution.settings;
            document.config_problem = resolution.problem;
            document.revision = revision;
            self.schedule(&uri);
        }
        self.publish_config_problems();
    }

    /// Shows each broken configuration file used by an open document as a
    /// diagnostic on that file, and clears the files that were fixed.
    fn publish_config_problems(&mut self) {
        let mut current: BTreeMap<PathBuf, &ConfigProblem> = BTreeMap::new();
        for document in self.documents.values() {
            if let Some(problem) = &document.config_problem {
                current.insert(problem.path.clone(), problem);
            }
        }
        let mut published = BTreeMap::new();
        for (path, problem) in &current {
            let Some(uri) = convert::path_to_uri(path) else {
                continue;
            };
            let index = LineIndex::new(&problem.text);
            let positions = Positions {
                text: &problem.text,
                index: &index,
            };
            let span = problem.span.clone().unwrap_or(0..0);
            let diagnostic = lsp::Diagnostic {
                range: positions.range(&span),
                severity: Some(lsp::DiagnosticSeverity::ERROR),
                code: Some(lsp::NumberOrString::String("config".into())),
                source: Some(convert::SOURCE.into()),
                message: format!(
                    "{}{}",
                    self.lang.pick(
                        "配置文件无效，已改用默认设置：",
                        "invalid configuration, using the defaults: "
                    ),
                    problem.message
                ),
                ..lsp::Diagnostic::default()
            };
            self.notify::<lsp::notification::PublishDiagnostics>(lsp::PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics: vec![diagnostic],
                version: None,
            });
            published.insert(path.clone(), uri);
        }
        for (path, uri) in std::mem::take(&mut self.config_problems) {
            if !published.contains_key(&path) {
                self.notify::<lsp::notification::PublishDiagnostics>(
                    lsp::PublishDiagnosticsParams {
                        uri,
                        diagnostics: Vec::new(),
                        version: None,
                    },
                );
            }
        }
        self.config_problems = published;
    }

    fn bump(&mut self) -> u64 {
        let revision = self.next_revision;
        self.next_revision += 1;
        revision
    }

    fn schedule(&self, uri: &lsp::Uri) {
        let Some(document) = self.documents.get(uri) else {
            return;
        };
        let _ = self.jobs.send(Job {
            uri: uri.clone(),
            revision: document.revision,
            version: document.version,
            text: document.text.clone(),
            settings: document.settings.clone(),
            support: self.client.diagnostics,
        });
    }

    // ---- results -------------------------------------------------------

    fn on_outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Done(analysis) => self.accept(Arc::new(*analysis)),
            Outcome::Failed { uri, message } => {
                self.notify::<lsp::notification::ShowMessage>(lsp::ShowMessageParams {
                    typ: lsp::MessageType::ERROR,
                    message: format!("xxgk-lint failed on {}: {message}", uri.as_str()),
                });
            }
        }
    }

    /// Keeps and publishes `analysis` if it is of the document's latest
    /// revision; drops it otherwise.
    fn accept(&mut self, analysis: Arc<Analysis>) {
        let Some(document) = self.documents.get_mut(&analysis.uri) else {
            return;
        };
        if document.revision != analysis.revision {
            return;
        }
        document.analysis = Some(analysis.clone());
        if document.published == analysis.revision {
            return;
        }
        document.published = analysis.revision;
        self.notify::<lsp::notification::PublishDiagnostics>(lsp::PublishDiagnosticsParams {
            uri: analysis.uri.clone(),
            diagnostics: analysis.lsp_diagnostics.clone(),
            version: Some(analysis.version),
        });
    }

    /// The analysis of the document's current text, made now if the worker
    /// has not produced it yet.
    fn current(&mut self, uri: &lsp::Uri) -> Option<Arc<Analysis>> {
        let document = self.documents.get(uri)?;
        if let Some(analysis) = &document.analysis
            && analysis.revision == document.revision
        {
            return Some(analysis.clone());
        }
        let analysis = Arc::new(analyze(
            uri.clone(),
            document.revision,
            document.version,
            document.text.clone(),
            document.settings.clone(),
            self.client.diagnostics,
        ));
        self.accept(analysis.clone());
        Some(analysis)
    }

    // ---- requests ------------------------------------------------------

    fn on_request(&mut self, request: Request) {
        use lsp::request as r;
        let id = request.id;
        let response = match request.method.as_str() {
            r::HoverRequest::METHOD => parse::<lsp::HoverParams>(request.params).map(|params| {
                let position = params.text_document_position_params;
                let hover = self
                    .current(&position.text_document.uri)
                    .and_then(|analysis| handlers::hover(&analysis, position.position, self.lang));
                json!(hover)
            }),
            r::CodeActionRequest::METHOD => {
                parse::<lsp::CodeActionParams>(request.params).map(|params| {
                    let actions = self
                        .current(&params.text_document.uri)
                        .map(|analysis| {
                            handlers::code_actions(
                                &analysis,
                                params.range,
                                params.context.only.as_deref(),
                                self.client.versioned_edits,
                            )
                        })
                        .unwrap_or_default();
                    json!(actions)
                })
            }
            _ => {
                self.send(Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("unsupported request `{}`", request.method),
                ));
                return;
            }
        };
        let response = match response {
            Ok(value) => Response::new_ok(id, value),
            Err(message) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
        };
        self.send(response);
    }
}

/// Parses request or notification parameters.
fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, String> {
    serde_json::from_value(params).map_err(|error| error.to_string())
}
