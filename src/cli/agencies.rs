//! `xxgk-lint agencies PATH…`: who wrote the reports of an archive, as the
//! cross-report rules see it (id, name, level, years, files), so that the
//! agencies file can be corrected where names changed between years.

use std::collections::BTreeMap;
use std::io::Write as _;

use miette::{IntoDiagnostic as _, Result};
use serde_json::json;

use super::ExitStatus;
use super::archive::{AgencyFiles, each_report};
use super::args::AgenciesArgs;
use crate::archive::{Identity, Summary, unify_ids};
use crate::engine::RuleSet;

/// One agency as listed.
#[derive(Default)]
struct Listed {
    names: Vec<String>,
    level: Option<String>,
    parent: Option<String>,
    mapped: bool,
    /// (year, file)
    files: Vec<(Option<i32>, String)>,
}

pub(crate) fn run(args: &AgenciesArgs) -> Result<ExitStatus> {
    let mut agencies = AgencyFiles::new(args.agencies.as_deref())?;
    let mut summaries = Vec::new();
    let none = RuleSet::default();
    let status = each_report(&args.paths, &args.rules, args.encoding, |read| {
        let found = agencies.for_report(read.path)?;
        let identity = Identity::of(&read.report, Some(read.path), found.as_deref());
        summaries.push(Summary::of(
            &read.display,
            &read.report,
            &read.text,
            identity,
            &none,
        ));
        Ok(())
    })?;
    unify_ids(&mut summaries);
    let mut listed: BTreeMap<String, Listed> = BTreeMap::new();
    for summary in &summaries {
        let identity = &summary.identity;
        let id = identity.id.clone().unwrap_or_else(|| "?".to_string());
        let entry = listed.entry(id).or_default();
        if let Some(name) = &identity.name
            && !entry.names.contains(name)
        {
            entry.names.push(name.clone());
        }
        if entry.level.is_none() {
            entry.level.clone_from(&identity.level);
        }
        if entry.parent.is_none() {
            entry.parent.clone_from(&identity.parent);
        }
        entry.mapped |= identity.mapped;
        entry.files.push((identity.year, summary.path.clone()));
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        let list: Vec<_> = listed
            .iter()
            .map(|(id, entry)| {
                json!({
                    "id": if id == "?" { None } else { Some(id) },
                    "names": entry.names,
                    "level": entry.level,
                    "parent": entry.parent,
                    "mapped": entry.mapped,
                    "years": years(entry),
                    "files": entry.files.iter().map(|(year, file)| json!({"year": year, "path": file})).collect::<Vec<_>>(),
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &list).into_diagnostic()?;
        writeln!(out).into_diagnostic()?;
        return Ok(status);
    }
    writeln!(out, "id\tname\tlevel\tyears\tfiles").into_diagnostic()?;
    for (id, entry) in &listed {
        let years: Vec<String> = years(entry).iter().map(ToString::to_string).collect();
        let files: Vec<&str> = entry.files.iter().map(|(_, file)| file.as_str()).collect();
        writeln!(
            out,
            "{id}\t{}\t{}\t{}\t{}",
            entry.names.join(" / "),
            entry.level.as_deref().unwrap_or("?"),
            years.join(","),
            files.join(" ")
        )
        .into_diagnostic()?;
    }
    Ok(status)
}

fn years(entry: &Listed) -> Vec<i32> {
    let mut years: Vec<i32> = entry.files.iter().filter_map(|(year, _)| *year).collect();
    years.sort_unstable();
    years.dedup();
    years
}
