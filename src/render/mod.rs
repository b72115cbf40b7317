//! Output formats. Renderers see only diagnostics, source texts and rule
//! metadata; each writes files one by one (results stream; the corpus is
//! never held in memory) and finishes with what only the end knows.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod short;

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::RuleMeta;
use crate::model::Report;

/// One linted file, as renderers see it.
#[derive(Debug)]
pub struct FileResult<'a> {
    /// The path as given (or as found when walking a folder).
    pub path: &'a str,
    pub text: &'a str,
    pub report: Option<&'a Report>,
    pub diagnostics: &'a [Diagnostic],
}

/// An input that could not be linted.
#[derive(Clone, Debug)]
pub struct Failure {
    /// The path or pattern as given.
    pub path: String,
    /// What went wrong, in the output language.
    pub message: String,
}

/// Totals of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Inputs that could not be linted.
    pub failed: usize,
    /// Count per code.
    pub codes: BTreeMap<String, usize>,
}

impl Summary {
    /// Adds a file's diagnostics.
    pub fn add(&mut self, diagnostics: &[Diagnostic]) {
        self.files += 1;
        for diagnostic in diagnostics {
            match diagnostic.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            *self.codes.entry(diagnostic.code.clone()).or_default() += 1;
        }
    }
}

/// An output format.
pub trait Sink {
    /// Writes one file's results.
    ///
    /// # Errors
    /// Write errors.
    fn file(&mut self, out: &mut dyn Write, file: &FileResult<'_>) -> io::Result<()>;
    /// Writes one file's results rendered ahead of time, in a worker
    /// thread (only the JSON format does so: [`json::file_entry`]).
    ///
    /// # Errors
    /// Write errors; formats that render nothing ahead refuse.
    fn prerendered(&mut self, out: &mut dyn Write, entry: &[u8]) -> io::Result<()> {
        let _ = (out, entry);
        Err(io::Error::other("this format renders no entries ahead"))
    }
    /// Records an input that could not be linted (a missing or unreadable
    /// file, a PDF), so that machine formats show it too. The formats for
    /// people leave it to the error printed on standard error.
    ///
    /// # Errors
    /// Write errors.
    fn failed(&mut self, out: &mut dyn Write, failure: &Failure) -> io::Result<()> {
        let _ = (out, failure);
        Ok(())
    }
    /// Writes what follows the last file (nothing, for the formats that
    /// are a line per finding).
    ///
    /// # Errors
    /// Write errors.
    fn finish(
        &mut self,
        out: &mut dyn Write,
        summary: &Summary,
        rules: &BTreeMap<String, RuleMeta>,
    ) -> io::Result<()> {
        let _ = (out, summary, rules);
        Ok(())
    }
}
