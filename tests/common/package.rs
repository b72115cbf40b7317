//! Reading a Word package in tests: its zip entries (raw and unpacked),
//! a part's text, the comments of `word/comments.xml`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Read as _;

use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// A zip entry: raw (compressed) bytes, method, CRC and content.
#[derive(Debug, PartialEq, Eq)]
pub struct Entry {
    pub raw: Vec<u8>,
    pub method: String,
    pub crc: u32,
    pub content: Vec<u8>,
}

pub fn entries(bytes: &[u8]) -> BTreeMap<String, Entry> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for index in 0..archive.len() {
        let mut raw = Vec::new();
        let (name, method, crc) = {
            let mut file = archive.by_index_raw(index).unwrap();
            file.read_to_end(&mut raw).unwrap();
            (
                file.name().unwrap().to_string(),
                format!("{:?}", file.compression()),
                file.crc32(),
            )
        };
        let mut content = Vec::new();
        archive
            .by_index(index)
            .unwrap()
            .read_to_end(&mut content)
            .unwrap();
        out.insert(
            name,
            Entry {
                raw,
                method,
                crc,
                content,
            },
        );
    }
    out
}

/// The parts of a package that annotating may change (the last three
/// only gain elements).
pub const ANNOTATED_PARTS: [&str; 4] = [
    "word/document.xml",
    "word/comments.xml",
    "word/_rels/document.xml.rels",
    "[Content_Types].xml",
];

/// Every entry of `after` but [`ANNOTATED_PARTS`] is that of `before`,
/// byte for byte (compressed and not), and the only entries it adds are
/// annotated parts.
pub fn assert_other_entries_identical(
    before: &BTreeMap<String, Entry>,
    after: &BTreeMap<String, Entry>,
    what: &str,
) {
    for (name, entry) in before {
        if !ANNOTATED_PARTS.contains(&name.as_str()) {
            assert_eq!(after.get(name), Some(entry), "{what}: {name} changed");
        }
    }
    let new: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert!(
        new.iter().all(|k| ANNOTATED_PARTS.contains(&k.as_str())),
        "{what}: unexpected new parts {new:?}"
    );
}

pub fn part(bytes: &[u8], name: &str) -> String {
    String::from_utf8(entries(bytes).remove(name).unwrap().content).unwrap()
}

/// A comment of comments.xml.
#[derive(Debug)]
pub struct Comment {
    pub id: String,
    pub author: String,
    pub initials: String,
    pub text: String,
}

pub fn attribute(event: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    event
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned())
}

pub fn text_of(event: &quick_xml::events::BytesText<'_>) -> String {
    event
        .xml_content(quick_xml::XmlVersion::Implicit1_0)
        .into_owned()
}

pub fn reference(event: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(ch)) = event.resolve_char_ref() {
        return ch.to_string();
    }
    match &**event {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "\u{fffd}",
    }
    .to_string()
}

pub fn comments(xml: &str) -> Vec<Comment> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<Comment> = Vec::new();
    let mut in_text = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.local_name().as_ref() == "comment" => out.push(Comment {
                id: attribute(&e, "id").unwrap(),
                author: attribute(&e, "author").unwrap_or_default(),
                initials: attribute(&e, "initials").unwrap_or_default(),
                text: String::new(),
            }),
            Event::Start(e) if e.local_name().as_ref() == "t" => in_text = true,
            Event::End(e) if e.local_name().as_ref() == "t" => in_text = false,
            Event::End(e) if e.local_name().as_ref() == "p" => {
                if let Some(last) = out.last_mut() {
                    last.text.push('\n');
                }
            }
            Event::Text(t) if in_text => out.last_mut().unwrap().text.push_str(&text_of(&t)),
            Event::GeneralRef(r) if in_text => {
                out.last_mut().unwrap().text.push_str(&reference(&r));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}
