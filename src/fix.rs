//! Applying the findings' fixes to a report text (`check --fix`, `--diff`).
//!
//! Fixes are applied in passes, as a compiler's suggestions are: lint,
//! apply every applicable fix whose edits do not overlap another's, lint
//! again, until no fix applies (or [`MAX_PASSES`] is reached). Which fixes
//! apply is their [`Applicability`]:
//!
//! - `Safe` fixes (conversion debris removed) are applied as they are;
//! - `Verified` fixes (a total set to the sum of its parts, blank cells
//!   filled with 0) are tried one at a time on the text with the fixes
//!   accepted before them, and kept only if the text then lints with no
//!   arithmetic finding touching the edited text and no more errors than
//!   before: a total is only "corrected" when every identity it takes part
//!   in then holds, a blank only filled where the sums then hold;
//! - `Unsafe` fixes only with `unsafe_fixes`.
//!
//! The module works on text and does no IO; the command line reads and
//! writes the files (see `input::encode_like` for writing a text back in
//! its file's encoding).

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostic::{Applicability, Category, Diagnostic, Edit};

/// Passes before giving up on reaching a text without applicable fixes.
pub const MAX_PASSES: usize = 10;

/// The outcome of fixing one text.
#[derive(Debug)]
pub struct Fixed {
    /// The text with the accepted fixes applied (the input when none was).
    pub text: String,
    /// The accepted fixes, in the order they were applied.
    pub applied: Vec<Applied>,
    /// The findings of the final text.
    pub diagnostics: Vec<Diagnostic>,
    /// `false` when fixes still applied after [`MAX_PASSES`] passes.
    pub converged: bool,
    /// The edits made by each pass, in the coordinates of the text that
    /// pass started from (sorted, not overlapping).
    pub passes: Vec<Vec<Edit>>,
}

/// One applied fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub code: String,
    pub message: String,
}

impl Fixed {
    /// Whether the text changed.
    #[must_use]
    pub fn changed(&self) -> bool {
        !self.applied.is_empty()
    }

    /// Every change from `original` (the text that was fixed) to the fixed
    /// text as edits on `original`: sorted, not overlapping, each the
    /// stretch of `original` a fix replaced. Applied to `original` they
    /// give [`Fixed::text`], whatever the number of passes.
    #[must_use]
    pub fn edits_on(&self, original: &str) -> Vec<Edit> {
        compose(original.len(), &self.passes)
    }
}

/// A stretch of a text being fixed: a range of the original, or text a fix
/// wrote.
enum Piece {
    Original(Range<usize>),
    Written(String),
}

/// Composes passes of edits (each in the coordinates of the text the pass
/// started from) into edits on the original text.
fn compose(original_len: usize, passes: &[Vec<Edit>]) -> Vec<Edit> {
    let mut pieces = vec![Piece::Original(0..original_len)];
    for edits in passes {
        let mut next = Vec::new();
        let mut at = 0;
        let mut cursor = Cursor::default();
        for edit in edits {
            cursor.take(&pieces, at, edit.span.start, &mut next);
            if !edit.replacement.is_empty() {
                next.push(Piece::Written(edit.replacement.clone()));
            }
            cursor.skip(&pieces, edit.span.end);
            at = edit.span.end;
        }
        cursor.take(&pieces, at, usize::MAX, &mut next);
        pieces = next;
    }
    let mut edits: Vec<Edit> = Vec::new();
    let mut at = 0;
    let mut written = String::new();
    let flush = |end: usize, written: &mut String, at: usize, edits: &mut Vec<Edit>| {
        if end > at || !written.is_empty() {
            edits.push(Edit {
                span: at..end,
                replacement: std::mem::take(written),
            });
        }
    };
    for piece in pieces {
        match piece {
            Piece::Written(text) => written.push_str(&text),
            Piece::Original(range) => {
                flush(range.start, &mut written, at, &mut edits);
                at = range.end;
            }
        }
    }
    flush(original_len, &mut written, at, &mut edits);
    edits.retain(|edit| !edit.span.is_empty() || !edit.replacement.is_empty());
    edits
}

/// Walks the pieces of a text by position in it.
#[derive(Default)]
struct Cursor {
    /// The piece the position is in, and where that piece starts.
    index: usize,
    start: usize,
}

impl Cursor {
    /// Copies the stretch `from..to` of the text (`to` clamped to its end)
    /// into `out`.
    fn take(&mut self, pieces: &[Piece], from: usize, to: usize, out: &mut Vec<Piece>) {
        let mut from = from;
        while self.index < pieces.len() && from < to {
            let piece = &pieces[self.index];
            let len = match piece {
                Piece::Original(range) => range.len(),
                Piece::Written(text) => text.len(),
            };
            let end = self.start + len;
            if from >= end {
                self.index += 1;
                self.start = end;
                continue;
            }
            let cut = to.min(end);
            let (a, b) = (from - self.start, cut - self.start);
            out.push(match piece {
                Piece::Original(range) => Piece::Original(range.start + a..range.start + b),
                Piece::Written(text) => Piece::Written(text[a..b].to_string()),
            });
            from = cut;
            if cut == end {
                self.index += 1;
                self.start = end;
            }
        }
    }

    /// Moves to position `to` without copying.
    fn skip(&mut self, pieces: &[Piece], to: usize) {
        while self.index < pieces.len() {
            let len = match &pieces[self.index] {
                Piece::Original(range) => range.len(),
                Piece::Written(text) => text.len(),
            };
            if self.start + len > to {
                break;
            }
            self.start += len;
            self.index += 1;
        }
    }
}

/// Applies the fixes of the findings to `text` until none applies.
/// `diagnostics` are the findings of `text`; `lint` gives those of another
/// text. `lint` must return the findings as the user sees them (after
/// selection and severities), so that a fix of a silenced rule is not
/// applied.
pub fn fix_text(
    text: &str,
    diagnostics: Vec<Diagnostic>,
    unsafe_fixes: bool,
    mut lint: impl FnMut(&str) -> Vec<Diagnostic>,
) -> Fixed {
    let mut current = text.to_string();
    let mut diagnostics = diagnostics;
    let mut applied = Vec::new();
    let mut passes = Vec::new();
    for _ in 0..MAX_PASSES {
        let candidates = candidates(&diagnostics, unsafe_fixes);
        // Fixes applied without checking first, then each verified one on
        // top of those accepted before it.
        let mut accepted: Vec<&Candidate<'_>> = candidates
            .iter()
            .filter(|candidate| candidate.applicability != Applicability::Verified)
            .collect();
        // The text and findings of exactly the accepted fixes, once a
        // verified one was accepted.
        let mut verified: Option<(String, Vec<Diagnostic>, Vec<Edit>)> = None;
        let mut counts_before = None;
        for candidate in candidates
            .iter()
            .filter(|candidate| candidate.applicability == Applicability::Verified)
        {
            let before = counts_before
                .get_or_insert_with(|| {
                    if accepted.is_empty() {
                        counts(&diagnostics)
                    } else {
                        counts(&lint(&apply(&current, &accepted).0))
                    }
                })
                .clone();
            let mut trial_set = accepted.clone();
            trial_set.push(candidate);
            trial_set.sort_by_key(|c| c.start());
            let (trial, spans, made) = apply(&current, &trial_set);
            let position = trial_set
                .iter()
                .position(|c| std::ptr::eq(*c, candidate))
                .expect("the candidate is in its own trial");
            let found = lint(&trial);
            let after = counts(&found);
            if holds(
                candidate.diagnostic,
                &before,
                &after,
                &found,
                &spans[position],
            ) {
                accepted = trial_set;
                counts_before = Some(after);
                verified = Some((trial, found, made));
            }
        }
        if accepted.is_empty() {
            // Nothing (more) applies: the text is stable.
            return Fixed {
                text: current,
                applied,
                diagnostics,
                converged: true,
                passes,
            };
        }
        applied.extend(accepted.iter().map(|candidate| Applied {
            code: candidate.diagnostic.code.clone(),
            message: candidate.message.to_string(),
        }));
        let made;
        (current, diagnostics, made) = match verified {
            Some(done) => done,
            None => {
                let (text, _, made) = apply(&current, &accepted);
                let found = lint(&text);
                (text, found, made)
            }
        };
        passes.push(made);
    }
    Fixed {
        text: current,
        applied,
        diagnostics,
        converged: false,
        passes,
    }
}

/// A fix that may be applied in this pass.
struct Candidate<'a> {
    diagnostic: &'a Diagnostic,
    message: &'a str,
    edits: &'a [Edit],
    applicability: Applicability,
}

impl Candidate<'_> {
    fn start(&self) -> usize {
        self.edits.first().map_or(0, |edit| edit.span.start)
    }
}

/// The applicable fixes of `diagnostics`, in text order, none of whose
/// edits overlaps an earlier one's (the later ones wait for the next
/// pass).
fn candidates(diagnostics: &[Diagnostic], unsafe_fixes: bool) -> Vec<Candidate<'_>> {
    let mut all: Vec<Candidate<'_>> = diagnostics
        .iter()
        .filter_map(|diagnostic| {
            let fix = diagnostic.fix.as_ref()?;
            let allowed = unsafe_fixes || fix.is_safe();
            (allowed && !fix.edits.is_empty() && edits_are_ordered(&fix.edits)).then_some(
                Candidate {
                    diagnostic,
                    message: &fix.message,
                    edits: &fix.edits,
                    applicability: fix.applicability,
                },
            )
        })
        .collect();
    all.sort_by_key(|candidate| (candidate.start(), candidate.diagnostic.code.clone()));
    let mut chosen: Vec<Candidate<'_>> = Vec::new();
    for candidate in all {
        let clashes = chosen.iter().any(|other| {
            candidate
                .edits
                .iter()
                .any(|edit| other.edits.iter().any(|o| overlaps(&edit.span, &o.span)))
        });
        if !clashes {
            chosen.push(candidate);
        }
    }
    chosen
}

/// A fix's own edits must be in order and apart to be applied.
fn edits_are_ordered(edits: &[Edit]) -> bool {
    edits
        .windows(2)
        .all(|pair| pair[0].span.end <= pair[1].span.start && pair[0].span != pair[1].span)
}

/// Two edits clash when their spans share a byte, or when they insert at
/// the same place (their order would be arbitrary).
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

/// Applies the candidates' edits to `text` (candidates sorted by start,
/// not overlapping). Returns the new text, for each candidate the spans its
/// replacements occupy in it, and the edits made (in `text`).
fn apply(text: &str, candidates: &[&Candidate<'_>]) -> (String, Vec<Vec<Range<usize>>>, Vec<Edit>) {
    let mut edits: Vec<(usize, &Edit)> = candidates
        .iter()
        .enumerate()
        .flat_map(|(index, candidate)| candidate.edits.iter().map(move |edit| (index, edit)))
        .collect();
    edits.sort_by_key(|(_, edit)| (edit.span.start, edit.span.end));
    let mut out = String::with_capacity(text.len() + 16);
    let mut spans = vec![Vec::new(); candidates.len()];
    let mut made = Vec::new();
    let mut at = 0;
    for (index, edit) in edits {
        let span = edit.span.start.min(text.len())..edit.span.end.min(text.len());
        if span.start < at || !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end)
        {
            continue;
        }
        out.push_str(&text[at..span.start]);
        let start = out.len();
        out.push_str(&edit.replacement);
        spans[index].push(start..out.len());
        made.push(Edit {
            span: span.clone(),
            replacement: edit.replacement.clone(),
        });
        at = span.end;
    }
    out.push_str(&text[at..]);
    (out, spans, made)
}

/// How many findings of each code.
fn counts(diagnostics: &[Diagnostic]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for diagnostic in diagnostics {
        *counts.entry(diagnostic.code.clone()).or_insert(0) += 1;
    }
    counts
}

/// A verified fix of `diagnostic` holds when it removed a finding of its
/// own code, added none of any code (a mis-read row, a sum that now
/// fails), and no arithmetic finding touches the text it wrote (`edited`,
/// in the new text whose findings are `found`).
fn holds(
    diagnostic: &Diagnostic,
    before: &BTreeMap<String, usize>,
    after: &BTreeMap<String, usize>,
    found: &[Diagnostic],
    edited: &[Range<usize>],
) -> bool {
    let count =
        |counts: &BTreeMap<String, usize>, code: &str| counts.get(code).copied().unwrap_or(0);
    count(after, &diagnostic.code) < count(before, &diagnostic.code)
        && after.iter().all(|(code, n)| *n <= count(before, code))
        && !found
            .iter()
            .any(|d| d.category == Category::Arithmetic && touches_any(d, edited))
}

/// Whether the fix of `diagnostic`, one of the findings `diagnostics` of
/// `text`, may be applied without review: always for a safe fix, never for
/// an unsafe one, and for a verified one if it holds once applied alone
/// (what an editor offers as the preferred quick fix).
pub fn is_sound(
    text: &str,
    diagnostics: &[Diagnostic],
    diagnostic: &Diagnostic,
    lint: impl FnOnce(&str) -> Vec<Diagnostic>,
) -> bool {
    let Some(fix) = &diagnostic.fix else {
        return false;
    };
    match fix.applicability {
        Applicability::Safe => true,
        Applicability::Unsafe => false,
        Applicability::Verified => {
            if fix.edits.is_empty() || !edits_are_ordered(&fix.edits) {
                return false;
            }
            let candidate = Candidate {
                diagnostic,
                message: &fix.message,
                edits: &fix.edits,
                applicability: fix.applicability,
            };
            let (trial, spans, _) = apply(text, &[&candidate]);
            let found = lint(&trial);
            holds(
                diagnostic,
                &counts(diagnostics),
                &counts(&found),
                &found,
                &spans[0],
            )
        }
    }
}

/// Whether the finding's span or one of its labels touches one of `spans`
/// (adjacent counts: an edit that empties a cell leaves an empty span).
fn touches_any(diagnostic: &Diagnostic, spans: &[Range<usize>]) -> bool {
    let touches = |a: &Range<usize>| spans.iter().any(|b| a.start <= b.end && b.start <= a.end);
    touches(&diagnostic.span) || diagnostic.labels.iter().any(|label| touches(&label.span))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(span: Range<usize>, replacement: &str) -> Edit {
        Edit {
            span,
            replacement: replacement.to_string(),
        }
    }

    fn apply_all(text: &str, edits: &[Edit]) -> String {
        let mut out = String::new();
        let mut at = 0;
        for edit in edits {
            out.push_str(&text[at..edit.span.start]);
            out.push_str(&edit.replacement);
            at = edit.span.end;
        }
        out.push_str(&text[at..]);
        out
    }

    #[test]
    fn passes_compose_into_edits_on_the_original() {
        let original = "合计\t5\t\t2\n页脚\n";
        // Pass 1: 5 → 7, the blank filled; pass 2 (on the new text): the
        // footer line removed and the 7 just written changed again.
        let first = vec![edit(7..8, "7"), edit(9..9, "0")];
        let after_first = apply_all(original, &first);
        assert_eq!(after_first, "合计\t7\t0\t2\n页脚\n");
        let footer = after_first.find("页脚").unwrap();
        let second = vec![edit(7..8, "9"), edit(footer..footer + 7, "")];
        let fixed = apply_all(&after_first, &second);
        let composed = compose(original.len(), &[first, second]);
        assert_eq!(apply_all(original, &composed), fixed);
        let footer = original.find("页脚").unwrap();
        assert_eq!(
            composed,
            vec![
                edit(7..8, "9"),
                edit(9..9, "0"),
                edit(footer..footer + 7, "")
            ]
        );
    }
}
