//! `xxgk-lint annotate FILE` and `check --annotate`: a copy of each Word
//! document with the findings as comments and, with `--fixes`, the safe
//! fixes as tracked changes (see `crate::annotate`).
//!
//! The copy is written to a temporary file in its folder, then renamed, so
//! a failed run leaves no broken file; the document itself is only read.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::CliError;
use super::args::CheckArgs;
use crate::annotate;
use crate::diagnostic::Diagnostic;
use crate::engine::Lang;
use crate::input::{Format, Input};

/// The suffix of annotated copies.
pub(crate) const SUFFIX: &str = ".checked.docx";

/// Annotates one document read from `path`; returns the note to print.
/// `lint` gives the findings of another text, as the user sees them (for
/// the fixes).
pub(crate) fn annotate_file(
    args: &CheckArgs,
    path: &Path,
    bytes: &[u8],
    read: &Input,
    diagnostics: &[Diagnostic],
    lang: Lang,
    lint: impl Fn(&str) -> Vec<Diagnostic>,
) -> Result<Option<String>, CliError> {
    let display = path.display().to_string();
    if read.format != Format::Docx && !args.annotate_only {
        return Ok(None);
    }
    let annotated =
        annotate::annotate_linted(&display, bytes, read, diagnostics, lang, args.fixes, lint)?;
    let target = output_path(args, path);
    write_new(path, &target, &annotated.bytes)?;
    let out = target.display();
    let (comments, changes) = (annotated.comments, annotated.changes);
    let mut note = match lang {
        Lang::Zh => format!("{display}：已写入 {out}（{comments} 条批注，{changes} 处修订）\n"),
        Lang::En => {
            format!("{display}: wrote {out} ({comments} comment(s), {changes} tracked change(s))\n")
        }
    };
    if !annotated.not_written.is_empty() {
        let count = annotated.not_written.len();
        note.push_str(&match lang {
            Lang::Zh => format!(
                "{display}：{count} 处修复跨越表格单元格或分段，未写成修订（见对应批注）\n"
            ),
            Lang::En => format!(
                "{display}: {count} fix(es) cross table cells or breaks and were not written as tracked changes (see their comments)\n"
            ),
        });
    }
    Ok(Some(note))
}

/// Whether a file is an annotated copy (not linted again by a batch).
pub(crate) fn is_copy(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.to_ascii_lowercase().ends_with(SUFFIX))
}

/// The file name of the annotated copy of the document named `name`:
/// `报告.docx` → `报告.checked.docx`.
pub(crate) fn copy_name(name: &str) -> String {
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    format!("{stem}{SUFFIX}")
}

/// Where the copy of `path` goes: `-o`, else `NAME.checked.docx` beside it
/// or under `--annotate-dir` (keeping a relative path's folders).
fn output_path(args: &CheckArgs, path: &Path) -> PathBuf {
    if let Some(target) = &args.annotate_to {
        return target.clone();
    }
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = copy_name(&name);
    match &args.annotate_dir {
        Some(dir) => {
            let keeps_folders = path.is_relative()
                && path.components().all(|c| {
                    matches!(
                        c,
                        std::path::Component::Normal(_) | std::path::Component::CurDir
                    )
                });
            match path.parent().filter(|_| keeps_folders) {
                Some(folder) => dir.join(folder).join(file),
                None => dir.join(file),
            }
        }
        None => path.with_file_name(file),
    }
}

/// Writes `bytes` to `target` through a temporary file in its folder; never
/// over the document `source` itself.
fn write_new(source: &Path, target: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let write_error = |error: std::io::Error| CliError::Write {
        path: target.display().to_string(),
        source: error,
    };
    if let (Ok(a), Ok(b)) = (std::fs::canonicalize(source), std::fs::canonicalize(target))
        && a == b
    {
        return Err(write_error(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "this is the document being annotated; choose another output file",
        )));
    }
    let folder = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(write_error)?;
    let mut temporary = tempfile::Builder::new()
        .prefix(".xxgk-lint-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(write_error)?;
    temporary.write_all(bytes).map_err(write_error)?;
    temporary.as_file().sync_all().map_err(write_error)?;
    // Readable by whoever can read the document (a temporary file is
    // private).
    if let Ok(metadata) = std::fs::metadata(source) {
        temporary
            .as_file()
            .set_permissions(metadata.permissions())
            .map_err(write_error)?;
    }
    temporary
        .persist(target)
        .map_err(|error| write_error(error.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_go_beside_the_document_or_into_the_folder() {
        let mut args = CheckArgs::default();
        let path = Path::new("reports/2021/溪口镇.docx");
        assert_eq!(
            output_path(&args, path),
            Path::new("reports/2021/溪口镇.checked.docx")
        );
        args.annotate_dir = Some(PathBuf::from("out"));
        assert_eq!(
            output_path(&args, path),
            Path::new("out/reports/2021/溪口镇.checked.docx")
        );
        assert_eq!(
            output_path(&args, Path::new("/tmp/a.docx")),
            Path::new("out/a.checked.docx")
        );
        assert!(is_copy(Path::new("x/a.Checked.docx")));
        assert!(!is_copy(Path::new("x/a.docx")));
    }
}
