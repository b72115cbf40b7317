//! `check --fix` and `check --diff`: the findings' fixes applied to the
//! files (see `crate::fix` for which fixes apply).
//!
//! A file is rewritten only when it can be rewritten exactly: plain text,
//! no undecodable bytes, and an encoding that gives the file's bytes back,
//! so that every byte outside the fixed spans stays as it was (encoding,
//! byte order mark, line endings). The new bytes go to a temporary file in
//! the same folder, which then replaces the file; nothing is written if
//! the file changed since it was read.

use std::io::Write as _;
use std::path::Path;

use super::CliError;
use crate::diagnostic::Diagnostic;
use crate::engine::Lang;
use crate::fix::{self, Fixed};
use crate::input::{self, Input};

/// What `--fix` / `--diff` asked for.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FixRequest {
    /// `--diff`: show the changes, write nothing.
    pub diff: bool,
    pub unsafe_fixes: bool,
}

/// What fixing one file did.
#[derive(Debug, Default)]
pub(crate) struct FileFix {
    /// Fixes applied (or, with `--diff`, that would be).
    pub applied: usize,
    /// `--diff`: the unified diff of the file, when it would change.
    pub diff: Option<String>,
    /// Standard input with `--fix`: the fixed text, printed instead of
    /// written.
    pub stdout_text: Option<String>,
    /// Why a file with applicable fixes was not fixed.
    pub not_fixed: Option<String>,
    /// Fixes still applied after the last pass.
    pub unstable: bool,
}

/// Fixes one report. `bytes` are the file's bytes as read, `path` the file
/// to write (`None` for standard input), `diagnostics` the findings of
/// `read.text` as `lint` gives them. Returns the new text when it changed
/// (written, or shown as a diff) with its findings, else the findings of
/// the text as it is, and what was done.
#[allow(clippy::too_many_arguments, reason = "one call site, the check loop")]
pub(crate) fn fix_file(
    request: FixRequest,
    path: Option<&Path>,
    display: &str,
    bytes: &[u8],
    read: &Input,
    diagnostics: Vec<Diagnostic>,
    lang: Lang,
    lint: impl Fn(&str) -> Vec<Diagnostic>,
) -> Result<(Option<String>, Vec<Diagnostic>, FileFix), CliError> {
    let fixed: Fixed = fix::fix_text(&read.text, diagnostics, request.unsafe_fixes, &lint);
    let mut outcome = FileFix {
        unstable: !fixed.converged,
        ..FileFix::default()
    };
    let to_stdout = path.is_none() && !request.diff;
    if !fixed.changed() {
        if to_stdout {
            outcome.stdout_text = Some(read.text.clone());
        }
        return Ok((None, fixed.diagnostics, outcome));
    }
    let new_bytes = match input::encode_like(read, bytes, &fixed.text) {
        Ok(new_bytes) => new_bytes,
        Err(problem) => {
            outcome.not_fixed = Some(describe(&problem, lang));
            if to_stdout {
                outcome.stdout_text = Some(read.text.clone());
            }
            return Ok((None, lint(&read.text), outcome));
        }
    };
    outcome.applied = fixed.applied.len();
    if request.diff {
        outcome.diff = Some(
            similar::TextDiff::from_lines(read.text.as_str(), fixed.text.as_str())
                .unified_diff()
                .header(display, display)
                .to_string(),
        );
    } else if let Some(path) = path {
        write_if_unchanged(path, bytes, &new_bytes)?;
    } else {
        outcome.stdout_text = Some(fixed.text.clone());
    }
    Ok((Some(fixed.text), fixed.diagnostics, outcome))
}

fn describe(problem: &input::EncodeProblem, lang: Lang) -> String {
    use input::EncodeProblem as P;
    match lang {
        Lang::En => problem.to_string(),
        Lang::Zh => match problem {
            P::NotText(format) => {
                format!("只修复文本文件；{format} 文档请在生成它的程序中修改")
            }
            P::Undecodable => "文件含无法解码的字节，重写会丢失它们".to_string(),
            P::NotReproducible(encoding) => {
                format!("按 {encoding} 重新编码不能还原文件原有的字节")
            }
            P::Unmappable(encoding) => format!("修复后的文本含 {encoding} 无法编码的字符"),
        },
    }
}

/// Replaces `path` with `new_bytes` through a temporary file in the same
/// folder, unless the file no longer holds `old_bytes`.
fn write_if_unchanged(path: &Path, old_bytes: &[u8], new_bytes: &[u8]) -> Result<(), CliError> {
    let write_error = |source| CliError::Write {
        path: path.display().to_string(),
        source,
    };
    // Write through a symbolic link, not over it.
    let target = std::fs::canonicalize(path).map_err(write_error)?;
    let now = std::fs::read(&target).map_err(write_error)?;
    if now != old_bytes {
        return Err(CliError::Changed {
            path: path.display().to_string(),
        });
    }
    let folder = target.parent().unwrap_or(Path::new("."));
    let mut temporary = tempfile::Builder::new()
        .prefix(".xxgk-lint-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(write_error)?;
    temporary.write_all(new_bytes).map_err(write_error)?;
    temporary.as_file().sync_all().map_err(write_error)?;
    let permissions = std::fs::metadata(&target)
        .map_err(write_error)?
        .permissions();
    temporary
        .as_file()
        .set_permissions(permissions)
        .map_err(write_error)?;
    temporary
        .persist(&target)
        .map_err(|error| write_error(error.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_it_was_read_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.txt");
        std::fs::write(&path, "edited meanwhile").unwrap();
        let error = write_if_unchanged(&path, b"as read", b"fixed").unwrap_err();
        assert!(matches!(error, CliError::Changed { .. }), "{error:?}");
        assert_eq!(std::fs::read(&path).unwrap(), b"edited meanwhile");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn a_file_is_replaced_whole_keeping_its_permissions_and_links() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.txt");
        std::fs::write(&path, "as read").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        write_if_unchanged(&link, b"as read", b"fixed").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"fixed");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
