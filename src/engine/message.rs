//! Message templates, re-exported from the catalogue's module where they
//! live with the language type.

pub use crate::messages::{Args, Lang, placeholders, render};
