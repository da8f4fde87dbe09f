//! Anchoring a member's annotation to the text of an item, as the W3C Web
//! Annotation model does: a TextQuoteSelector (the exact words, with a few
//! words either side) and a TextPositionSelector (where they stand in the
//! item's text), and the page. When the text changes (a revised report, a
//! re-published pack), the annotation is found again: at its place
//! (exact), elsewhere or reworded (moved), or not at all (orphan, kept
//! with its quote, never deleted).

use serde::{Deserialize, Serialize};

use crate::money::figures::{ceil_boundary, floor_boundary};

/// How many bytes of context a quote keeps on each side.
const CONTEXT: usize = 32;

/// Where an annotation stands in an item's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Selectors {
    /// TextQuoteSelector.
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
    /// TextPositionSelector: byte offsets into the item's text.
    pub start: usize,
    pub end: usize,
}

impl Selectors {
    /// The selectors of `text[start..end]`, with its context.
    pub fn at(text: &str, start: usize, end: usize) -> Option<Self> {
        if start >= end
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            return None;
        }
        let before = floor_boundary(text, start.saturating_sub(CONTEXT));
        let after = ceil_boundary(text, end + CONTEXT);
        Some(Self {
            exact: text[start..end].to_string(),
            prefix: text[before..start].to_string(),
            suffix: text[end..after].to_string(),
            start,
            end,
        })
    }

    /// The selectors of the first place `quote` stands in `text`, spaces
    /// and line breaks counting as one.
    pub fn of_quote(text: &str, quote: &str) -> Option<Self> {
        let (start, end) = find_loose(text, quote.trim(), 0)?;
        Self::at(text, start, end)
    }
}

/// A cell of a budget table as the paper prints it: the first line of
/// `text` that starts with the row's label (loosely spaced) and then
/// holds the cell's words, which are what is marked. Tables are shown as
/// tables, but the text they were read from is what annotations point at.
pub fn cell_in(text: &str, label: &str, cell: &str) -> Option<(usize, usize)> {
    let (label, cell) = (label.trim(), cell.trim());
    if label.is_empty() || cell.is_empty() {
        return None;
    }
    // A whole cell: not "2,500" inside "12,500".
    let whole = |s: usize, e: usize| {
        let part = |c: char| c.is_alphanumeric() || matches!(c, ',' | '.' | '£' | '%');
        !text[..s].chars().next_back().is_some_and(part)
            && !text[e..].chars().next().is_some_and(part)
    };
    let mut from = 0;
    while let Some((_, label_end)) = find_loose(text, label, from) {
        let line_end = text[label_end..]
            .find('\n')
            .map_or(text.len(), |i| label_end + i);
        let mut at = label_end;
        while let Some((s, e)) = find_loose(&text[..line_end], cell, at) {
            if whole(s, e) {
                return Some((s, e));
            }
            at = e;
        }
        from = label_end;
    }
    None
}

/// What became of an annotation's anchor in the text it is shown on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AnchorState {
    /// Its words where they were.
    Exact,
    /// Found elsewhere, or reworded (`Anchor::now` says what it reads now).
    Moved,
    /// The passage is gone; the annotation is kept with its quote.
    Orphan,
    /// A colleague's annotation on a paper this library does not hold
    /// (nor another copy of it): it anchors by itself once that paper is
    /// imported.
    Waiting,
}

/// An annotation found again in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub state: AnchorState,
    /// Where it stands now (byte offsets); None for an orphan.
    pub span: Option<(usize, usize)>,
    /// The words at that place now, where they differ from the quote.
    pub now: Option<String>,
}

/// `needle` in `hay` from `from`, runs of white space in either matching
/// any run of white space: (start, end) in `hay`.
fn find_loose(hay: &str, needle: &str, from: usize) -> Option<(usize, usize)> {
    let words: Vec<&str> = needle.split_whitespace().collect();
    let first = *words.first()?;
    let mut at = from;
    while let Some(i) = hay.get(at..).and_then(|h| h.find(first)).map(|i| i + at) {
        let mut end = i + first.len();
        let mut ok = true;
        for w in &words[1..] {
            let rest = &hay[end..];
            let trimmed = rest.trim_start();
            if trimmed.len() == rest.len() || !trimmed.starts_with(w) {
                ok = false;
                break;
            }
            end += rest.len() - trimmed.len() + w.len();
        }
        if ok {
            return Some((i, end));
        }
        at = i + first.len();
    }
    None
}

/// How well the text around a place agrees with the saved context: the
/// bytes of the prefix and of the suffix that agree (each up to CONTEXT).
fn context_scores(text: &str, start: usize, end: usize, s: &Selectors) -> (usize, usize) {
    let before = &text[floor_boundary(text, start.saturating_sub(s.prefix.len()))..start];
    let after = &text[end..ceil_boundary(text, end + s.suffix.len())];
    let prefix = before
        .bytes()
        .rev()
        .zip(s.prefix.bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = after
        .bytes()
        .zip(s.suffix.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    (prefix, suffix)
}

/// Whether the words found with these context scores are where they were:
/// the text after them is unchanged (text added above them moves nothing
/// a reader would call moved); at the very end of the text, the text
/// before them is.
fn in_place(s: &Selectors, (prefix, suffix): (usize, usize)) -> bool {
    if s.suffix.is_empty() {
        prefix == s.prefix.len()
    } else {
        suffix == s.suffix.len()
    }
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Finds a saved anchor again in `text`:
/// - exact: the quote stands at its saved place with its context;
/// - moved: the quote stands elsewhere (the place whose context agrees
///   best), or a passage shares most of its words (reworded: `now` holds
///   the new words);
/// - orphan: neither.
pub fn reanchor(s: &Selectors, text: &str) -> Anchor {
    if text.get(s.start..s.end) == Some(s.exact.as_str())
        && in_place(s, context_scores(text, s.start, s.end, s))
    {
        return Anchor {
            state: AnchorState::Exact,
            span: Some((s.start, s.end)),
            now: None,
        };
    }
    let mut best: Option<(usize, usize, (usize, usize))> = None;
    let mut from = 0;
    while let Some((a, b)) = find_loose(text, &s.exact, from) {
        let score = context_scores(text, a, b, s);
        if best.is_none_or(|(_, _, sc)| score.0 + score.1 > sc.0 + sc.1) {
            best = Some((a, b, score));
        }
        from = a + 1;
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    if let Some((a, b, score)) = best {
        // The quote followed by the same text, wherever it now stands
        // (text added above it), is an exact match; elsewhere, it moved.
        let state = if in_place(s, score) {
            AnchorState::Exact
        } else {
            AnchorState::Moved
        };
        return Anchor {
            state,
            span: Some((a, b)),
            now: None,
        };
    }
    match fuzzy(s, text) {
        Some((a, b)) => Anchor {
            state: AnchorState::Moved,
            span: Some((a, b)),
            now: Some(text[a..b].to_string()),
        },
        None => Anchor {
            state: AnchorState::Orphan,
            span: None,
            now: None,
        },
    }
}

/// The stretch of `text` (a run of whole words as long as the quote, give
/// or take a fifth) sharing the most words with the quote, if it shares
/// at least two thirds of them.
fn fuzzy(s: &Selectors, text: &str) -> Option<(usize, usize)> {
    let want = words(&s.exact);
    if want.len() < 3 {
        return None;
    }
    // Word boundaries of the text.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(a)) => {
                spans.push((a, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(a) = start {
        spans.push((a, text.len()));
    }
    let lower: Vec<String> = spans
        .iter()
        .map(|&(a, b)| text[a..b].to_lowercase())
        .collect();
    let n = want.len();
    let mut best: Option<(usize, usize, usize)> = None; // (shared, first word, last word)
    for len in [n, n * 4 / 5, n * 6 / 5].into_iter().filter(|l| *l >= 2) {
        for i in 0..lower.len().saturating_sub(len - 1) {
            let window = &lower[i..i + len];
            let mut pool: Vec<&String> = want.iter().collect();
            let shared = window
                .iter()
                .filter(|w| match pool.iter().position(|p| p == w) {
                    Some(k) => {
                        pool.swap_remove(k);
                        true
                    }
                    None => false,
                })
                .count();
            if best.is_none_or(|(b, _, _)| shared > b) {
                best = Some((shared, i, i + len - 1));
            }
        }
    }
    let (shared, first, last) = best?;
    // Two thirds of the quote's words, and of the passage's.
    let span_words = last - first + 1;
    (shared * 3 >= n * 2 && shared * 3 >= span_words * 2).then(|| (spans[first].0, spans[last].1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The Cabinet noted the forecast overspend of £4.6m on adult social care. \
        Officers were asked to bring a recovery plan to the next meeting. \
        The Chair thanked the officers.";

    #[test]
    fn a_cell_is_found_on_its_row_not_elsewhere() {
        let text = "Forecast 3.520 overall.\nAdults   12.0   3.520\nChildren - Asylum   0.550   3.520  -0.1\n";
        let (s, e) = cell_in(text, "Children - Asylum", "3.520").unwrap();
        assert_eq!(&text[s..e], "3.520");
        assert!(
            s > text.find("Children").unwrap(),
            "on the Asylum row, not the first 3.520"
        );
        assert_eq!(
            cell_in(text, "Children - Asylum", "12.0"),
            None,
            "a value of another row is not this row's"
        );
        assert_eq!(cell_in(text, "Libraries", "3.520"), None);
        let row = "Highways   12,500   2,500\n";
        let (s, e) = cell_in(row, "Highways", "2,500").unwrap();
        assert_eq!(
            (s, &row[s..e]),
            (row.rfind("2,500").unwrap(), "2,500"),
            "the whole cell, not the end of 12,500"
        );
    }

    #[test]
    fn a_quote_is_selected_with_its_context() {
        let s = Selectors::of_quote(TEXT, "bring a recovery\n plan").expect("found, spaces loose");
        assert_eq!(s.exact, "bring a recovery plan");
        assert!(s.prefix.ends_with("asked to "));
        assert!(s.suffix.starts_with(" to the next"));
        assert_eq!(&TEXT[s.start..s.end], "bring a recovery plan");
        assert!(Selectors::of_quote(TEXT, "no such words").is_none());
    }

    #[test]
    fn unchanged_text_is_exact() {
        let s = Selectors::of_quote(TEXT, "recovery plan").unwrap();
        assert_eq!(reanchor(&s, TEXT).state, AnchorState::Exact);
    }

    #[test]
    fn text_inserted_above_leaves_it_exact_and_a_moved_passage_is_moved() {
        let s = Selectors::of_quote(TEXT, "recovery plan").unwrap();
        let revised = format!("A new opening paragraph was added. {TEXT}");
        let a = reanchor(&s, &revised);
        assert_eq!(
            a.state,
            AnchorState::Exact,
            "the quote and its context are unchanged"
        );
        let (x, y) = a.span.unwrap();
        assert_eq!(&revised[x..y], "recovery plan");
        let s = Selectors::of_quote(TEXT, "The Chair thanked the officers.").unwrap();
        let moved = "The Chair thanked the officers. The Cabinet noted the forecast overspend of £4.6m on adult social care.";
        let a = reanchor(&s, moved);
        assert_eq!(
            (a.state, a.now),
            (AnchorState::Moved, None),
            "the same words in another place"
        );
    }

    #[test]
    fn reworded_text_is_found_by_its_words_and_says_what_it_reads_now() {
        let s = Selectors::of_quote(
            TEXT,
            "Officers were asked to bring a recovery plan to the next meeting",
        )
        .unwrap();
        let revised = TEXT.replace(
            "Officers were asked to bring a recovery plan",
            "Officers were instructed to bring a full recovery plan",
        );
        let a = reanchor(&s, &revised);
        assert_eq!(a.state, AnchorState::Moved);
        assert!(
            a.now
                .as_deref()
                .is_some_and(|n| n.contains("instructed") && n.contains("recovery plan")),
            "{a:?}"
        );
    }

    #[test]
    fn removed_text_leaves_an_orphan() {
        let s = Selectors::of_quote(
            TEXT,
            "Officers were asked to bring a recovery plan to the next meeting",
        )
        .unwrap();
        let revised = "The Cabinet noted the forecast overspend of £4.6m on adult social care. The Chair thanked the officers.";
        assert_eq!(reanchor(&s, revised).state, AnchorState::Orphan);
    }

    #[test]
    fn of_two_places_the_one_in_its_context_wins() {
        let text = "Item 1: the report was noted. Item 2: the report was noted with concern.";
        let s = Selectors::at(
            text,
            text.rfind("the report was noted").unwrap(),
            text.rfind("the report was noted").unwrap() + 20,
        )
        .unwrap();
        let revised = format!("Preface. {text}");
        let (x, _) = reanchor(&s, &revised).span.unwrap();
        assert_eq!(x, revised.rfind("the report was noted").unwrap());
    }
}
