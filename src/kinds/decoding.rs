//! `decoding`: bytes of the file that could not be decoded and were
//! replaced by U+FFFD (“�”) — a file saved in another encoding than the
//! one detected, a damaged file, or characters lost by an earlier
//! conversion.
//!
//! Each run of replacement characters in the text is one finding, at most
//! `max` per report (default 20). When the text was read from a file, the
//! byte offset and the bytes are those of the file; a replacement
//! character that was already in the file (or in a text given as is) is
//! reported at its offset in the text, with its own bytes (`EF BF BD`).
//!
//! Parameters: `max`.
//!
//! Placeholders: `{offset}` (byte offset), `{bytes}` (the bytes in hex),
//! `{encoding}` (the encoding the file was read in).
//!
//! ```toml
//! [rule.params]
//! max = 20
//! ```

use serde::Deserialize;

use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::engine::{Ctx, Finding};
use crate::input::replacement_runs;

pub struct Decoding;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "twenty")]
    max: usize,
}

fn twenty() -> usize {
    20
}

struct Compiled {
    max: usize,
}

impl Kind for Decoding {
    fn name(&self) -> &'static str {
        "decoding"
    }

    fn summary(&self) -> &'static str {
        "Bytes of the file that could not be decoded (replaced by U+FFFD), with their byte offset."
    }

    fn summary_zh(&self) -> &'static str {
        "文件中无法解码的字节（以 U+FFFD 代替），并给出其字节位置。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["offset", "bytes", "encoding"]
    }

    fn params_schema(&self) -> schemars::Schema {
        schemars::schema_for!(Params)
    }

    fn compile(
        &self,
        table: &toml::Table,
        _env: &CompileEnv<'_>,
    ) -> Result<Box<dyn Check>, ParamError> {
        let params: Params = params(table)?;
        Ok(Box::new(Compiled { max: params.max }))
    }
}

impl Check for Compiled {
    fn run(&self, cx: &mut Ctx<'_>) {
        let encoding = cx.input.map_or("UTF-8", |input| input.encoding.name());
        for run in replacement_runs(cx.text).into_iter().take(self.max) {
            let (offset, bytes) = match cx.input.and_then(|input| input.decode_error_at(&run)) {
                Some(error) => {
                    let mut bytes = hex(&error.bytes);
                    if error.len > error.bytes.len() {
                        bytes.push_str(" …");
                    }
                    (error.offset, bytes)
                }
                None => (run.start, hex("\u{fffd}".as_bytes())),
            };
            cx.emit(Finding {
                span: run,
                args: vec![
                    ("offset", offset.to_string()),
                    ("bytes", bytes),
                    ("encoding", encoding.to_string()),
                ],
                ..Finding::default()
            });
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}
