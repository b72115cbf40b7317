//! Message templates: `{name}` placeholders filled by the rule kind.

use std::str::FromStr;

/// The language of messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(text: &str) -> Result<Lang, String> {
        match text {
            "zh" | "zh-CN" | "zh_CN" | "cn" => Ok(Lang::Zh),
            "en" | "en-US" | "en_US" => Ok(Lang::En),
            other => Err(format!("unknown language `{other}` (expected zh or en)")),
        }
    }
}

impl Lang {
    /// Picks the text for this language.
    #[must_use]
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Arguments of a message: placeholder name → text.
pub type Args = Vec<(&'static str, String)>;

/// Fills `{name}` placeholders of `template`; `{{` and `}}` are literal
/// braces. A placeholder without an argument is left as written.
#[must_use]
pub fn render(template: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if let (true, Some(end)) = (tail.starts_with('{'), tail.find('}')) {
            let name = &tail[1..end];
            match args.iter().find(|(key, _)| *key == name) {
                Some((_, value)) => out.push_str(value),
                None => out.push_str(&tail[..=end]),
            }
            rest = &tail[end + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The placeholder names used in `template`.
#[must_use]
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("{{") {
            rest = after;
            continue;
        }
        match tail.find('}') {
            Some(end) => {
                names.push(&tail[1..end]);
                rest = &tail[end + 1..];
            }
            None => break,
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders() {
        let args = vec![
            ("row", "（七）总计".to_string()),
            ("expected", "3".to_string()),
        ];
        assert_eq!(
            render("“{row}”应为 {expected}", &args),
            "“（七）总计”应为 3"
        );
        assert_eq!(
            render("{{literal}} {missing}", &args),
            "{literal} {missing}"
        );
        assert_eq!(
            placeholders("a {row} b {{x}} {expected}"),
            vec!["row", "expected"]
        );
    }
}
