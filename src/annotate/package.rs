//! The package (the zip) of an annotated document: the new main document
//! part, the comments part, its relationship and content type; every other
//! part copied as it is, compressed bytes and all.

use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;

use super::{AnnotateError, W_NS, max_id};
use crate::input::docx::{self, DocxProblem};

const CONTENT_TYPES: &str = "[Content_Types].xml";
const COMMENTS_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_CONTENT: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

/// The parts of a package that annotating reads or changes.
pub(super) struct Package<'a> {
    bytes: &'a [u8],
    /// The main document part.
    main: String,
    /// The relationships of the main part: its name, and its text if it
    /// exists.
    rels_name: String,
    rels: Option<String>,
    content_types: String,
    /// The comments part: its name, and its text if it exists.
    comments_name: String,
    comments: Option<String>,
    /// The comments part must be related to the main part.
    add_relationship: bool,
}

impl<'a> Package<'a> {
    pub fn read(bytes: &'a [u8], main: &str) -> Result<Package<'a>, AnnotateError> {
        let mut archive = docx::open(bytes)?;
        let names: Vec<String> = archive
            .file_names()
            .filter_map(Result::ok)
            .map(std::borrow::Cow::into_owned)
            .collect();
        let mut text_of = |name: &str| -> Result<Option<String>, AnnotateError> {
            if !names.iter().any(|n| n == name) {
                return Ok(None);
            }
            let raw = docx::read_raw_part(&mut archive, name)?;
            let text = String::from_utf8(raw)
                .map_err(|_| AnnotateError::Damaged(format!("{name}: not UTF-8 XML")))?;
            docx::part_root(&text).map_err(|problem| match problem {
                DocxProblem::Damaged { reason } => {
                    AnnotateError::Damaged(format!("{name}: {reason}"))
                }
                other => other.into(),
            })?;
            Ok(Some(text))
        };
        let content_types = text_of(CONTENT_TYPES)?
            .ok_or_else(|| AnnotateError::Damaged(format!("the package has no {CONTENT_TYPES}")))?;
        let (folder, file) = main.rsplit_once('/').unwrap_or(("", main));
        let rels_name = if folder.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{folder}/_rels/{file}.rels")
        };
        let rels = text_of(&rels_name)?;
        let related = match &rels {
            Some(rels) => docx::part_root(rels)?
                .children
                .into_iter()
                .find(|(name, attrs)| {
                    name == "Relationship" && attr(attrs, "Type") == Some(COMMENTS_TYPE)
                })
                .and_then(|(_, attrs)| attr(&attrs, "Target").map(|t| resolve(folder, t))),
            None => None,
        };
        let add_relationship = related.is_none();
        let comments_name = related.unwrap_or_else(|| {
            if folder.is_empty() {
                "comments.xml".to_string()
            } else {
                format!("{folder}/comments.xml")
            }
        });
        let comments = text_of(&comments_name)?;
        Ok(Package {
            bytes,
            main: main.to_string(),
            rels_name,
            rels,
            content_types,
            comments_name,
            comments,
            add_relationship,
        })
    }

    /// The largest annotation id of the existing comments.
    pub fn max_id(&self) -> u64 {
        self.comments.as_deref().map_or(0, max_id)
    }

    /// The package with `document` as its main part and `comments` added.
    pub fn write(&mut self, document: &str, comments: &[String]) -> Result<Vec<u8>, AnnotateError> {
        let mut replaced: Vec<(String, String)> = vec![(self.main.clone(), document.to_string())];
        let mut added: Vec<(String, String)> = Vec::new();
        if !comments.is_empty() {
            let (comments_part, existed) = self.comments_part(comments)?;
            if existed {
                replaced.push((self.comments_name.clone(), comments_part));
            } else {
                added.push((self.comments_name.clone(), comments_part));
            }
            if self.add_relationship {
                let (rels, existed) = self.relationship()?;
                if existed {
                    replaced.push((self.rels_name.clone(), rels));
                } else {
                    added.push((self.rels_name.clone(), rels));
                }
            }
            if let Some(types) = self.content_type()? {
                replaced.push((CONTENT_TYPES.to_string(), types));
            }
        }
        let zip_error = |error: zip::result::ZipError| AnnotateError::Damaged(error.to_string());
        let mut archive = docx::open(self.bytes)?;
        let mut writer =
            zip::ZipWriter::new(Cursor::new(Vec::with_capacity(self.bytes.len() + 4096)));
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for index in 0..archive.len() {
            let file = archive.by_index_raw(index).map_err(zip_error)?;
            let name = file.name().map_err(zip_error)?.into_owned();
            if let Some((_, content)) = replaced.iter().find(|(part, _)| *part == name) {
                let options = match file.last_modified() {
                    Some(time) => options.last_modified_time(time),
                    None => options,
                };
                drop(file);
                writer.start_file(name, options).map_err(zip_error)?;
                writer
                    .write_all(content.as_bytes())
                    .map_err(|error| AnnotateError::Damaged(error.to_string()))?;
            } else {
                writer.raw_copy_file(file).map_err(zip_error)?;
            }
        }
        for (name, content) in added {
            writer.start_file(name, options).map_err(zip_error)?;
            writer
                .write_all(content.as_bytes())
                .map_err(|error| AnnotateError::Damaged(error.to_string()))?;
        }
        Ok(writer.finish().map_err(zip_error)?.into_inner())
    }

    /// The comments part with `comments` added, and whether it existed.
    fn comments_part(&self, comments: &[String]) -> Result<(String, bool), AnnotateError> {
        let Some(existing) = &self.comments else {
            let mut part = format!("{XML_DECLARATION}<w:comments xmlns:w=\"{W_NS}\">");
            for comment in comments {
                part.push_str(comment);
            }
            part.push_str("</w:comments>");
            return Ok((part, false));
        };
        let root = docx::part_root(existing)?;
        let declare = if root.prefix == "w" {
            String::new()
        } else {
            format!(" xmlns:w=\"{W_NS}\"")
        };
        let new: String = comments
            .iter()
            .map(|comment| comment.replacen("<w:comment ", &format!("<w:comment{declare} "), 1))
            .collect();
        Ok((insert_in_root(existing, &root.element, &new), true))
    }

    /// The relationships of the main part with one to the comments part,
    /// and whether the relationships part existed.
    fn relationship(&self) -> Result<(String, bool), AnnotateError> {
        let target = relative(&self.main, &self.comments_name);
        let Some(rels) = &self.rels else {
            let part = format!(
                "{XML_DECLARATION}<Relationships xmlns=\"{RELS_NS}\"><Relationship Id=\"rId1\" Type=\"{COMMENTS_TYPE}\" Target=\"{target}\"/></Relationships>"
            );
            return Ok((part, false));
        };
        let root = docx::part_root(rels)?;
        let used: Vec<String> = root
            .children
            .iter()
            .filter_map(|(_, attrs)| attr(attrs, "Id").map(str::to_string))
            .collect();
        let id = (1..)
            .map(|n| format!("rId{n}"))
            .find(|id| !used.contains(id))
            .unwrap_or_default();
        let tag = if root.prefix.is_empty() {
            "Relationship".to_string()
        } else {
            format!("{}:Relationship", root.prefix)
        };
        let new = format!("<{tag} Id=\"{id}\" Type=\"{COMMENTS_TYPE}\" Target=\"{target}\"/>");
        Ok((insert_in_root(rels, &root.element, &new), true))
    }

    /// The content types with the comments part's, when it is missing.
    fn content_type(&self) -> Result<Option<String>, AnnotateError> {
        let root = docx::part_root(&self.content_types)?;
        let part_name = format!("/{}", self.comments_name);
        let declared = root.children.iter().any(|(name, attrs)| {
            name == "Override"
                && attr(attrs, "PartName").is_some_and(|p| p.eq_ignore_ascii_case(&part_name))
        });
        if declared {
            return Ok(None);
        }
        let tag = if root.prefix.is_empty() {
            "Override".to_string()
        } else {
            format!("{}:Override", root.prefix)
        };
        let new = format!("<{tag} PartName=\"{part_name}\" ContentType=\"{COMMENTS_CONTENT}\"/>");
        Ok(Some(insert_in_root(
            &self.content_types,
            &root.element,
            &new,
        )))
    }
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// `xml` with `new` appended to the content of its document element.
fn insert_in_root(xml: &str, root: &docx::XmlRange, new: &str) -> String {
    if root.self_closing() {
        let tag = &xml[root.outer.clone()];
        let open = tag.trim_end_matches('>').trim_end_matches('/').trim_end();
        let name = open
            .trim_start_matches('<')
            .split(char::is_whitespace)
            .next()
            .unwrap_or_default();
        return format!(
            "{}{open}>{new}</{name}>{}",
            &xml[..root.outer.start],
            &xml[root.outer.end..]
        );
    }
    let at = root.inner.end;
    format!("{}{new}{}", &xml[..at], &xml[at..])
}

/// A relationship's target as a part name (`comments.xml` from
/// `word/document.xml` is `word/comments.xml`).
fn resolve(folder: &str, target: &str) -> String {
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_string();
    }
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            piece => parts.push(piece),
        }
    }
    parts.join("/")
}

/// The target of a relationship from `from` to the part `to`.
fn relative(from: &str, to: &str) -> String {
    let folder = from.rsplit_once('/').map_or("", |(folder, _)| folder);
    match to
        .strip_prefix(folder)
        .and_then(|rest| rest.strip_prefix('/'))
    {
        Some(rest) if !folder.is_empty() => rest.to_string(),
        _ => format!("/{to}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_main_part() {
        assert_eq!(resolve("word", "comments.xml"), "word/comments.xml");
        assert_eq!(resolve("word", "../custom/c.xml"), "custom/c.xml");
        assert_eq!(resolve("word", "/word/c.xml"), "word/c.xml");
        assert_eq!(
            relative("word/document.xml", "word/comments.xml"),
            "comments.xml"
        );
        assert_eq!(relative("document.xml", "comments.xml"), "/comments.xml");
    }

    #[test]
    fn content_is_appended_inside_the_root() {
        let xml = "<?xml version=\"1.0\"?><Types a=\"1\"/>";
        let root = docx::part_root(xml).unwrap();
        assert_eq!(
            insert_in_root(xml, &root.element, "<X/>"),
            "<?xml version=\"1.0\"?><Types a=\"1\"><X/></Types>"
        );
        let xml = "<r:Types xmlns:r=\"u\"><a/></r:Types>";
        let root = docx::part_root(xml).unwrap();
        assert_eq!(
            insert_in_root(xml, &root.element, "<X/>"),
            "<r:Types xmlns:r=\"u\"><a/><X/></r:Types>"
        );
    }
}
