//! Paths as the user spells them (`x.txt`, `./x.txt`, `../a/x.txt`, an
//! absolute path) turned into one form, so that a baseline or a SARIF log
//! names a file the same way however it was given.

use std::path::{Component, Path, PathBuf};

/// `path` with `.` dropped and `..` taken back against the component
/// before it, without asking the file system (a `..` after a symbolic
/// link is taken lexically). A leading `..` of a relative path stays.
#[must_use]
pub fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                // `/..` is `/`.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

/// `path` made absolute against the working directory, then normalized.
#[must_use]
pub fn absolute(path: &Path) -> PathBuf {
    normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// `path` relative to the folder `base`, both taken absolute: `x.txt`,
/// `sub/x.txt`, `../other/x.txt`. On Windows, a path on another drive
/// stays absolute.
#[must_use]
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path = absolute(path);
    let base = absolute(base);
    let path_parts: Vec<Component<'_>> = path.components().collect();
    let base_parts: Vec<Component<'_>> = base.components().collect();
    if path_parts.first() != base_parts.first() {
        return path;
    }
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = PathBuf::new();
    for _ in common..base_parts.len() {
        out.push("..");
    }
    for part in &path_parts[common..] {
        out.push(part);
    }
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

/// A path with `/` separators, as baselines and SARIF logs write it.
#[must_use]
pub fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_dots() {
        assert_eq!(
            normalize(Path::new("./a/./b/../c.txt")),
            Path::new("a/c.txt")
        );
        assert_eq!(normalize(Path::new("../a/../../b")), Path::new("../../b"));
        assert_eq!(normalize(Path::new("/../a")), Path::new("/a"));
        assert_eq!(normalize(Path::new("a/..")), Path::new("."));
    }

    #[test]
    fn relative_paths_climb_out_of_the_base() {
        let base = Path::new("/r/archive/2021");
        assert_eq!(
            relative_to(Path::new("/r/archive/2021/x.txt"), base),
            Path::new("x.txt")
        );
        assert_eq!(
            relative_to(Path::new("/r/archive/2020/../2021/sub/x.txt"), base),
            Path::new("sub/x.txt")
        );
        assert_eq!(
            relative_to(Path::new("/r/other/x.txt"), base),
            Path::new("../../other/x.txt")
        );
        assert_eq!(relative_to(base, base), Path::new("."));
    }
}
