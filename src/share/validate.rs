//! Checking a bundle before anything of it is written. A bundle comes from
//! someone else's machine, so it is untrusted: its size, shape, names,
//! dates and text are checked here, and the first thing wrong is named in
//! one sentence (which item, which field, what is wrong with it).
//!
//! Notes and questions may hold Markdown only. Any raw HTML is refused,
//! not only the dangerous kinds: Scrutineer's editor writes Markdown, so
//! HTML in a note is a mistake or an attack, and an allow-list of harmless
//! tags here would be a second sanitiser to keep in step with the one in
//! `markdown.rs` (which still cleans whatever is shown).

use std::collections::HashMap;

use pulldown_cmark::{Event, LinkType, Parser, Tag};
use serde::Deserialize;
use serde_json::Value;

use super::format::*;
use crate::flags::Rule;
use crate::parse::PaperKind;
use crate::store::{QuestionStatus, COLOURS};

/// The largest bundle file read: far more than a season's notes.
pub const MAX_BYTES: usize = 32 * 1024 * 1024;
pub const MAX_ANNOTATIONS: usize = 20_000;
pub const MAX_QUESTIONS: usize = 5_000;
/// Of each: dismissals, flags by hand.
pub const MAX_FLAGS: usize = 20_000;
pub const MAX_MEETINGS: usize = 5_000;
const MAX_EVIDENCE: usize = 100;
const MAX_TAGS: usize = 50;
/// Characters of a note, a question, an answer or a quote.
pub const MAX_TEXT: usize = 100_000;
/// Characters of a reason, a label or a quote's context.
const MAX_MEDIUM: usize = 10_000;
/// Characters of a name, a tag, a title, a key.
const MAX_SHORT: usize = 2_000;
/// Pages, positions: far beyond any paper.
const MAX_INDEX: u32 = 1_000_000;
/// Bytes of an item's text an offset may point into.
const MAX_OFFSET: u64 = 1 << 30;

/// Why a bundle was refused, in a councillor's words. Nothing of a
/// refused bundle is written.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("the bundle {path} could not be read: {detail}")]
    Io { path: String, detail: String },
    #[error("{path} is not a bundle file (it is a folder or a device)")]
    NotAFile { path: String },
    #[error("the bundle file is empty")]
    Empty,
    #[error("the bundle is {size}, larger than the {limit} a bundle may be; it was not imported")]
    TooLarge { size: String, limit: String },
    #[error("this is not a Scrutineer bundle: it is a binary file, not text")]
    Binary,
    #[error("the bundle is cut short (it ends part-way, at line {line}): it may not have been copied whole; ask for it again")]
    Truncated { line: usize },
    #[error("this is not a Scrutineer bundle: it is not JSON ({detail})")]
    NotJson { detail: String },
    #[error("the bundle is nested too deeply to be a Scrutineer bundle")]
    TooDeep,
    #[error("this is not a Scrutineer bundle: {0}")]
    WrongFormat(String),
    #[error("this bundle was made by a newer Scrutineer (bundle version {found}; this Scrutineer reads version {supported}): update Scrutineer to import it")]
    Newer { found: u64, supported: u32 },
    #[error("the bundle's version ({0}) is not one Scrutineer writes")]
    BadVersion(String),
    #[error("{at} is not in the form a bundle needs ({detail})")]
    Shape { at: String, detail: String },
    #[error("the bundle holds {count} {what}; a bundle may hold at most {limit}")]
    TooMany {
        what: &'static str,
        count: usize,
        limit: usize,
    },
    #[error("{at}: its {what} is {len} characters long, longer than the {limit} a bundle allows")]
    TooLong {
        at: String,
        what: &'static str,
        len: usize,
        limit: usize,
    },
    #[error("{at}: its {what} is empty")]
    Blank { at: String, what: &'static str },
    #[error("{at}: its {what} contains a control character ({code}); bundles may hold only ordinary text")]
    Control {
        at: String,
        what: &'static str,
        code: String,
    },
    #[error("{at}: its {what} contains HTML ({tag}); bundles may only hold Markdown")]
    Html {
        at: String,
        what: &'static str,
        tag: String,
    },
    #[error("{at}: its {what} links to {url}; links in a bundle may only be http, https or mailto addresses")]
    Link {
        at: String,
        what: &'static str,
        url: String,
    },
    #[error("{at}: its {what} shows an image ({url}); bundles may only hold text")]
    Image {
        at: String,
        what: &'static str,
        url: String,
    },
    #[error("{at}: its document is named by a path or an address ({found}); a bundle names a document only by its fingerprint (urn:sha256:…)")]
    PathSource { at: String, found: String },
    #[error("{at}: its document's fingerprint is not a sha256 (64 hexadecimal digits): {found}")]
    BadSha { at: String, found: String },
    #[error("{at}: its {what} ({value}) is not a date Scrutineer can read")]
    BadDate {
        at: String,
        what: &'static str,
        value: String,
    },
    #[error("{at}: its {what} {value:?} is not one of {allowed}")]
    Unknown {
        at: String,
        what: &'static str,
        value: String,
        allowed: String,
    },
    #[error("{at}: its id {id} is used twice in the bundle (also by {other}); every item has its own id")]
    Duplicate {
        at: String,
        id: String,
        other: String,
    },
    #[error("{at}: {detail}")]
    Inconsistent { at: String, detail: String },
}

/// Reads and checks a bundle from its bytes. Nothing is written anywhere.
pub fn read_bundle(bytes: &[u8]) -> Result<Bundle, BundleError> {
    if bytes.len() > MAX_BYTES {
        return Err(BundleError::TooLarge {
            size: megabytes(bytes.len() as u64),
            limit: megabytes(MAX_BYTES as u64),
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(BundleError::Empty);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| BundleError::Binary)?;
    if text.contains('\0') {
        return Err(BundleError::Binary);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        if e.to_string().contains("recursion limit") {
            BundleError::TooDeep
        } else if e.is_eof() {
            BundleError::Truncated { line: e.line() }
        } else {
            BundleError::NotJson {
                detail: format!(
                    "{} at line {}, column {}",
                    what_went_wrong(&e),
                    e.line(),
                    e.column()
                ),
            }
        }
    })?;
    let bundle = from_value(&value)?;
    check(&bundle)?;
    Ok(bundle)
}

/// serde_json's message without its position (said separately).
fn what_went_wrong(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

pub(crate) fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

const TOP: &[&str] = &[
    "format",
    "version",
    "author",
    "created",
    "meetings",
    "annotations",
    "questions",
    "flags",
];

/// The typed bundle from its JSON, each item on its own so a mistake is
/// named with its place ("annotation 3").
fn from_value(value: &Value) -> Result<Bundle, BundleError> {
    let obj = value.as_object().ok_or_else(|| {
        BundleError::WrongFormat("it is not a bundle (a JSON object) but some other JSON".into())
    })?;
    match obj.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(Value::String(f)) => {
            return Err(BundleError::WrongFormat(format!(
                "its format is {:?}, not {FORMAT:?}",
                shown(f)
            )))
        }
        _ => {
            return Err(BundleError::WrongFormat(format!(
                "it does not say it is a {FORMAT}"
            )))
        }
    }
    match obj.get("version") {
        Some(Value::Number(n)) if n.as_u64() == Some(u64::from(VERSION)) => {}
        Some(Value::Number(n)) if n.as_u64().is_some_and(|v| v > u64::from(VERSION)) => {
            return Err(BundleError::Newer {
                found: n.as_u64().unwrap_or_default(),
                supported: VERSION,
            })
        }
        Some(v) => return Err(BundleError::BadVersion(shown(&v.to_string()))),
        None => return Err(BundleError::BadVersion("none given".into())),
    }
    if let Some(k) = obj.keys().find(|k| !TOP.contains(&k.as_str())) {
        return Err(BundleError::Shape {
            at: "the bundle".into(),
            detail: format!("unknown field `{}`", shown(k)),
        });
    }
    let field = |name: &'static str| {
        obj.get(name).ok_or_else(|| BundleError::Shape {
            at: "the bundle".into(),
            detail: format!("missing field `{name}`"),
        })
    };
    let list = |name: &'static str,
                what: &'static str,
                limit: usize|
     -> Result<&Vec<Value>, BundleError> {
        let arr = field(name)?.as_array().ok_or_else(|| BundleError::Shape {
            at: "the bundle".into(),
            detail: format!("`{name}` is not a list"),
        })?;
        if arr.len() > limit {
            return Err(BundleError::TooMany {
                what,
                count: arr.len(),
                limit,
            });
        }
        Ok(arr)
    };
    let one = |at: String, e: serde_json::Error| BundleError::Shape {
        at,
        detail: shown(&e.to_string()),
    };
    let meetings = list("meetings", "meetings", MAX_MEETINGS)?
        .iter()
        .enumerate()
        .map(|(i, m)| MeetingRef::deserialize(m).map_err(|e| one(format!("meeting {}", i + 1), e)))
        .collect::<Result<Vec<_>, _>>()?;
    let annotations = list("annotations", "annotations", MAX_ANNOTATIONS)?
        .iter()
        .enumerate()
        .map(|(i, a)| {
            WebAnnotation::deserialize(a).map_err(|e| one(format!("annotation {}", i + 1), e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let questions = list("questions", "questions", MAX_QUESTIONS)?
        .iter()
        .enumerate()
        .map(|(i, q)| {
            SharedQuestion::deserialize(q).map_err(|e| one(format!("question {}", i + 1), e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let flags = field("flags")?;
    let flags_obj = flags.as_object().ok_or_else(|| BundleError::Shape {
        at: "the bundle".into(),
        detail: "`flags` is not an object".into(),
    })?;
    if let Some(k) = flags_obj.keys().find(|k| *k != "dismissed" && *k != "hand") {
        return Err(BundleError::Shape {
            at: "the bundle's flags".into(),
            detail: format!("unknown field `{}`", shown(k)),
        });
    }
    let flag_list = |name: &'static str, what: &'static str| -> Result<&Vec<Value>, BundleError> {
        let arr = flags_obj
            .get(name)
            .and_then(Value::as_array)
            .ok_or_else(|| BundleError::Shape {
                at: "the bundle's flags".into(),
                detail: format!("`{name}` is missing or not a list"),
            })?;
        if arr.len() > MAX_FLAGS {
            return Err(BundleError::TooMany {
                what,
                count: arr.len(),
                limit: MAX_FLAGS,
            });
        }
        Ok(arr)
    };
    let dismissed = flag_list("dismissed", "dismissed flags")?
        .iter()
        .enumerate()
        .map(|(i, d)| {
            SharedDismissal::deserialize(d).map_err(|e| one(format!("dismissed flag {}", i + 1), e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let hand = flag_list("hand", "flags by hand")?
        .iter()
        .enumerate()
        .map(|(i, h)| {
            SharedHandFlag::deserialize(h).map_err(|e| one(format!("flag by hand {}", i + 1), e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let string = |name: &'static str| -> Result<String, BundleError> {
        field(name)?
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| BundleError::Shape {
                at: "the bundle".into(),
                detail: format!("`{name}` is not text"),
            })
    };
    Ok(Bundle {
        format: FORMAT.into(),
        version: VERSION,
        author: string("author")?,
        created: string("created")?,
        meetings,
        annotations,
        questions,
        flags: SharedFlags { dismissed, hand },
    })
}

/// Checks a bundle's contents: names, dates, ids, known values, text.
/// Run on every bundle read, on every bundle imported, and on every
/// bundle made (so what Scrutineer writes, Scrutineer reads).
pub fn check(b: &Bundle) -> Result<(), BundleError> {
    let top = "the bundle".to_string();
    if b.format != FORMAT {
        return Err(BundleError::WrongFormat(format!(
            "its format is {:?}, not {FORMAT:?}",
            shown(&b.format)
        )));
    }
    if b.version != VERSION {
        return Err(BundleError::Newer {
            found: u64::from(b.version),
            supported: VERSION,
        });
    }
    name(&top, "author's name", &b.author)?;
    timestamp(&top, "date", &b.created)?;
    for (lim, count, what) in [
        (MAX_MEETINGS, b.meetings.len(), "meetings"),
        (MAX_ANNOTATIONS, b.annotations.len(), "annotations"),
        (MAX_QUESTIONS, b.questions.len(), "questions"),
        (MAX_FLAGS, b.flags.dismissed.len(), "dismissed flags"),
        (MAX_FLAGS, b.flags.hand.len(), "flags by hand"),
    ] {
        if count > lim {
            return Err(BundleError::TooMany {
                what,
                count,
                limit: lim,
            });
        }
    }
    for (i, m) in b.meetings.iter().enumerate() {
        meeting(&format!("meeting {}", i + 1), m)?;
    }
    let mut uids: HashMap<String, String> = HashMap::new();
    for (i, a) in b.annotations.iter().enumerate() {
        let p = a.parts(i)?;
        if let Some(other) = uids.insert(p.uid.clone(), annotation_at(i, a)) {
            return Err(BundleError::Duplicate {
                at: annotation_at(i, a),
                id: p.uid,
                other,
            });
        }
    }
    let mut qids: HashMap<&str, String> = HashMap::new();
    for (i, q) in b.questions.iter().enumerate() {
        let at = question_at(i, q);
        question(&at, q, &uids)?;
        if let Some(other) = qids.insert(&q.uid, at.clone()) {
            return Err(BundleError::Duplicate {
                at,
                id: q.uid.clone(),
                other,
            });
        }
    }
    let mut keys: HashMap<&str, String> = HashMap::new();
    for (i, d) in b.flags.dismissed.iter().enumerate() {
        let at = format!("dismissed flag {}", i + 1);
        flag_key(&at, "flag", &d.key, true)?;
        // A flag added by hand goes (with its dismissal) in `flags.hand`,
        // by its uid; a row number here would name one of the member's own.
        if d.key.starts_with("by_hand|") {
            return Err(BundleError::Inconsistent {
                at,
                detail: "it names a flag added by hand by its number in another library".into(),
            });
        }
        text(&at, "reason", &d.reason, MAX_MEDIUM, true)?;
        timestamp(&at, "date", &d.when)?;
        name(&at, "author's name", &d.author)?;
        if let Some(other) = keys.insert(&d.key, at.clone()) {
            return Err(BundleError::Duplicate {
                at,
                id: shown(&d.key),
                other,
            });
        }
    }
    let mut hids: HashMap<&str, String> = HashMap::new();
    for (i, h) in b.flags.hand.iter().enumerate() {
        let at = format!("flag by hand {}", i + 1);
        uid(&at, &h.uid)?;
        flag_key(&at, "budget line or figure", &h.target, false)?;
        text(&at, "note", &h.note, MAX_MEDIUM, true)?;
        timestamp(&at, "date", &h.when)?;
        name(&at, "author's name", &h.author)?;
        if let Some(d) = &h.dismissed {
            text(&at, "reason for dismissing", &d.reason, MAX_MEDIUM, true)?;
            timestamp(&at, "date dismissed", &d.when)?;
        }
        if let Some(other) = hids.insert(&h.uid, at.clone()) {
            return Err(BundleError::Duplicate {
                at,
                id: h.uid.clone(),
                other,
            });
        }
    }
    Ok(())
}

/// "annotation 3 (“the forecast overspend…”)": the place and a few words,
/// so the member can find it.
fn annotation_at(i: usize, a: &WebAnnotation) -> String {
    let quote = a.target.selector.iter().find_map(|s| match s {
        Selector::TextQuoteSelector { exact, .. } => Some(exact.as_str()),
        _ => None,
    });
    match quote {
        Some(q) if !q.trim().is_empty() => {
            format!("annotation {} (\u{201c}{}\u{201d})", i + 1, snippet(q))
        }
        _ => format!("annotation {}", i + 1),
    }
}

fn question_at(i: usize, q: &SharedQuestion) -> String {
    let first = q.text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.is_empty() {
        format!("question {}", i + 1)
    } else {
        format!("question {} (\u{201c}{}\u{201d})", i + 1, snippet(first))
    }
}

/// The first few words of untrusted text, safe to print anywhere.
fn snippet(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= 40 {
        return shown(&s);
    }
    // Forty characters, cut back to a whole word where that leaves some.
    let cut: String = s.chars().take(40).collect();
    let whole = s[cut.len()..].starts_with(' ');
    let cut = match cut.rfind(' ') {
        Some(i) if !whole && i > 0 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", shown(cut.trim_end()))
}

/// Untrusted text echoed in a message: control characters shown as
/// escapes, at most 60 characters.
fn shown(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(60)
        .flat_map(|c| {
            if c.is_control() || is_bidi(c) {
                c.escape_unicode().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

impl WebAnnotation {
    /// Its parts as the library stores them, checked. `i` is its place in
    /// the bundle (from 0), for messages.
    pub fn parts(&self, i: usize) -> Result<AnnotationParts, BundleError> {
        let at = annotation_at(i, self);
        if self.context != ANNO_CONTEXT {
            return Err(BundleError::Unknown {
                at,
                what: "@context",
                value: shown(&self.context),
                allowed: ANNO_CONTEXT.into(),
            });
        }
        if self.kind != "Annotation" {
            return Err(BundleError::Unknown {
                at,
                what: "type",
                value: shown(&self.kind),
                allowed: "Annotation".into(),
            });
        }
        let id = self
            .id
            .strip_prefix(ANNOTATION_URN)
            .or_else(|| self.id.strip_prefix("urn:uuid:"))
            .ok_or_else(|| BundleError::Inconsistent {
                at: at.clone(),
                detail: format!(
                    "its id {:?} is not urn:scrutineer:annotation:… or urn:uuid:…",
                    shown(&self.id)
                ),
            })?;
        uid(&at, id)?;
        if self.creator.kind != "Person" {
            return Err(BundleError::Unknown {
                at,
                what: "creator's type",
                value: shown(&self.creator.kind),
                allowed: "Person".into(),
            });
        }
        name(&at, "creator's name", &self.creator.name)?;
        timestamp(&at, "creation date", &self.created)?;
        timestamp(&at, "date modified", &self.modified)?;
        known(
            &at,
            "motivation",
            &self.motivation,
            &["highlighting", "commenting", "tagging"],
        )?;
        if self.body.len() > MAX_TAGS + 2 {
            return Err(BundleError::Inconsistent {
                at,
                detail: format!(
                    "it has {} bodies; an annotation has at most {}",
                    self.body.len(),
                    MAX_TAGS + 2
                ),
            });
        }
        let (mut note, mut tags, mut colour) = (None, Vec::new(), None);
        for b in &self.body {
            if b.kind != "TextualBody" {
                return Err(BundleError::Unknown {
                    at,
                    what: "body's type",
                    value: shown(&b.kind),
                    allowed: "TextualBody".into(),
                });
            }
            match b.purpose.as_str() {
                "commenting" => {
                    if let Some(f) = b
                        .format
                        .as_deref()
                        .filter(|f| *f != "text/markdown" && *f != "text/plain")
                    {
                        return Err(BundleError::Unknown {
                            at,
                            what: "note's format",
                            value: shown(f),
                            allowed: "text/markdown".into(),
                        });
                    }
                    if note.replace(b.value.as_str()).is_some() {
                        return Err(BundleError::Inconsistent {
                            at,
                            detail: "it has two notes; an annotation has one".into(),
                        });
                    }
                    markdown(&at, "note", &b.value)?;
                }
                "tagging" => {
                    name(&at, "tag", &b.value)?;
                    tags.push(b.value.trim().to_string());
                }
                "highlighting" => {
                    known(&at, "highlight", &b.value, COLOURS)?;
                    if colour.replace(b.value.clone()).is_some() {
                        return Err(BundleError::Inconsistent {
                            at,
                            detail: "it has two highlights; an annotation has one".into(),
                        });
                    }
                }
                other => {
                    return Err(BundleError::Unknown {
                        at,
                        what: "body's purpose",
                        value: shown(other),
                        allowed: "commenting, tagging, highlighting".into(),
                    })
                }
            }
        }
        let sha = sha256(&at, &self.target.source)?;
        let (mut quote, mut position, mut item) = (None, None, None);
        if self.target.selector.len() > 3 {
            return Err(BundleError::Inconsistent {
                at,
                detail: "its target has more selectors than the three Scrutineer writes".into(),
            });
        }
        for s in &self.target.selector {
            let twice = match s {
                Selector::TextQuoteSelector {
                    exact,
                    prefix,
                    suffix,
                } => quote.replace((exact, prefix, suffix)).is_some(),
                Selector::TextPositionSelector { start, end } => {
                    position.replace((*start, *end)).is_some()
                }
                Selector::Item {
                    paper,
                    item: it,
                    title,
                    page,
                } => item.replace((*paper, *it, title, *page)).is_some(),
            };
            if twice {
                return Err(BundleError::Inconsistent {
                    at,
                    detail: "its target has the same kind of selector twice".into(),
                });
            }
        }
        let (Some((exact, prefix, suffix)), Some((start, end)), Some((paper, it, title, page))) =
            (quote, position, item)
        else {
            return Err(BundleError::Inconsistent {
                at,
                detail: "its target lacks a TextQuoteSelector, a TextPositionSelector or a scrutineer:ItemSelector".into(),
            });
        };
        if exact.trim().is_empty() {
            return Err(BundleError::Blank { at, what: "quote" });
        }
        text(&at, "quote", exact, MAX_TEXT, true)?;
        text(&at, "text before the quote", prefix, MAX_MEDIUM, true)?;
        text(&at, "text after the quote", suffix, MAX_MEDIUM, true)?;
        text(&at, "item's title", title, MAX_SHORT, false)?;
        if start >= end || end > MAX_OFFSET {
            return Err(BundleError::Inconsistent {
                at,
                detail: format!(
                    "its position in the text ({start} to {end}) is not a stretch of text"
                ),
            });
        }
        for (what, n) in [("paper's position", paper), ("item's position", it)] {
            if n > MAX_INDEX {
                return Err(BundleError::Inconsistent {
                    at,
                    detail: format!("its {what} ({n}) is beyond any paper"),
                });
            }
        }
        page_number(&at, page)?;
        if let Some(m) = &self.target.meeting {
            meeting(&at, m)?;
        }
        if let Some(k) = &self.target.paper_kind {
            if PaperKind::from_str_opt(k).is_none() {
                let allowed = PaperKind::ALL
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(BundleError::Unknown {
                    at,
                    what: "paper's kind",
                    value: shown(k),
                    allowed,
                });
            }
        }
        Ok(AnnotationParts {
            uid: id.to_string(),
            author: self.creator.name.trim().to_string(),
            sha256: sha,
            paper_position: paper,
            item_position: it,
            item_title: title.clone(),
            page,
            exact: exact.clone(),
            prefix: prefix.clone(),
            suffix: suffix.clone(),
            start,
            end,
            note: note.unwrap_or("").trim().to_string(),
            tags,
            colour: colour.ok_or_else(|| BundleError::Inconsistent {
                at,
                detail: "it names no highlight (a body with purpose \"highlighting\")".into(),
            })?,
            created: self.created.clone(),
            modified: self.modified.clone(),
            meeting: self.target.meeting.clone(),
            paper_kind: self.target.paper_kind.clone(),
        })
    }
}

fn question(
    at: &str,
    q: &SharedQuestion,
    annotations: &HashMap<String, String>,
) -> Result<(), BundleError> {
    uid(at, &q.uid)?;
    name(at, "author's name", &q.author)?;
    meeting(at, &q.meeting)?;
    if q.position == 0 || q.position > MAX_INDEX {
        return Err(BundleError::Inconsistent {
            at: at.into(),
            detail: format!(
                "its place in the running order ({}) is not one from 1",
                q.position
            ),
        });
    }
    markdown(at, "text", &q.text)?;
    text(at, "addressee", &q.to, MAX_SHORT, false)?;
    let statuses: Vec<&str> = [
        QuestionStatus::Draft,
        QuestionStatus::Ready,
        QuestionStatus::Asked,
        QuestionStatus::Answered,
        QuestionStatus::FollowUp,
    ]
    .iter()
    .map(|s| s.as_str())
    .collect();
    known(at, "status", &q.status, &statuses)?;
    markdown(at, "answer", &q.answer)?;
    if let Some(a) = &q.answer_annotation {
        if !annotations.contains_key(a) {
            return Err(BundleError::Inconsistent {
                at: at.into(),
                detail: "its answer quotes a note that is not in the bundle".into(),
            });
        }
    }
    timestamp(at, "creation date", &q.created)?;
    timestamp(at, "date modified", &q.modified)?;
    if q.evidence.len() > MAX_EVIDENCE {
        return Err(BundleError::Inconsistent {
            at: at.into(),
            detail: format!(
                "it cites {} pieces of evidence; a question cites at most {MAX_EVIDENCE}",
                q.evidence.len()
            ),
        });
    }
    for (n, e) in q.evidence.iter().enumerate() {
        let at = format!("{at}, evidence {}", n + 1);
        known(
            &at,
            "kind",
            &e.kind,
            &["quote", "flag", "line", "figure", "item"],
        )?;
        match (e.kind.as_str(), &e.annotation, &e.target) {
            ("quote", Some(a), _) if annotations.contains_key(a) => {}
            ("quote", Some(_), _) => {
                return Err(BundleError::Inconsistent {
                    at,
                    detail: "it quotes a note that is not in the bundle".into(),
                })
            }
            // The note it quoted was deleted: its words stay in the label.
            ("quote", None, _) => {}
            (_, _, Some(t)) => flag_key(&at, "key", t, false)?,
            _ => {
                return Err(BundleError::Inconsistent {
                    at,
                    detail: "it names nothing it cites (no key)".into(),
                })
            }
        }
        text(&at, "label", &e.label, MAX_MEDIUM, true)?;
        page_number(&at, e.page)?;
    }
    Ok(())
}

fn meeting(at: &str, m: &MeetingRef) -> Result<(), BundleError> {
    name(at, "meeting's body", &m.body)?;
    if let Some(c) = &m.council {
        name(at, "meeting's council", c)?;
    }
    date(at, "meeting's date", &m.date)
}

fn page_number(at: &str, page: Option<u32>) -> Result<(), BundleError> {
    match page {
        Some(p) if p == 0 || p > MAX_INDEX => Err(BundleError::Inconsistent {
            at: at.into(),
            detail: format!("its page ({p}) is not a page of a paper"),
        }),
        _ => Ok(()),
    }
}

/// An id as Scrutineer makes them: letters, digits and hyphens.
fn uid(at: &str, id: &str) -> Result<(), BundleError> {
    if (8..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        Ok(())
    } else {
        Err(BundleError::Inconsistent {
            at: at.into(),
            detail: format!(
                "its id {:?} is not an id Scrutineer makes (8 to 64 letters, digits or hyphens)",
                shown(id)
            ),
        })
    }
}

/// The sha256 in a target's source; paths and addresses are refused by
/// name, since a bundle must never point Scrutineer at a file or a site.
fn sha256(at: &str, source: &str) -> Result<String, BundleError> {
    if let Some(hex) = source.strip_prefix(SHA256_URN) {
        if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(hex.to_ascii_lowercase());
        }
        return Err(BundleError::BadSha {
            at: at.into(),
            found: shown(hex),
        });
    }
    let lower = source.trim().to_ascii_lowercase();
    let pathlike = lower.contains(':')
        || lower.contains('/')
        || lower.contains('\\')
        || lower.contains("..")
        || lower.starts_with('~');
    if pathlike {
        Err(BundleError::PathSource {
            at: at.into(),
            found: shown(source),
        })
    } else {
        Err(BundleError::BadSha {
            at: at.into(),
            found: shown(source),
        })
    }
}

/// A key of a flag, budget line or figure: short plain text. A
/// dismissal's key starts with a rule's name.
fn flag_key(at: &str, what: &'static str, key: &str, rule: bool) -> Result<(), BundleError> {
    text(at, what, key, MAX_SHORT, false)?;
    if key.trim().is_empty() {
        return Err(BundleError::Blank {
            at: at.into(),
            what,
        });
    }
    if rule {
        let first = key.split('|').next().unwrap_or("");
        if serde_json::from_value::<Rule>(Value::String(first.to_string())).is_err() {
            return Err(BundleError::Inconsistent {
                at: at.into(),
                detail: format!(
                    "its key {:?} does not name one of Scrutineer's flags",
                    shown(key)
                ),
            });
        }
    }
    Ok(())
}

fn known(at: &str, what: &'static str, value: &str, allowed: &[&str]) -> Result<(), BundleError> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(BundleError::Unknown {
            at: at.into(),
            what,
            value: shown(value),
            allowed: allowed.join(", "),
        })
    }
}

fn timestamp(at: &str, what: &'static str, value: &str) -> Result<(), BundleError> {
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|_| ())
        .map_err(|_| BundleError::BadDate {
            at: at.into(),
            what,
            value: shown(value),
        })
}

fn date(at: &str, what: &'static str, value: &str) -> Result<(), BundleError> {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(|_| ())
        .map_err(|_| BundleError::BadDate {
            at: at.into(),
            what,
            value: shown(value),
        })
}

/// A name or a tag: one line of ordinary text, not empty.
fn name(at: &str, what: &'static str, value: &str) -> Result<(), BundleError> {
    if value.trim().is_empty() {
        return Err(BundleError::Blank {
            at: at.into(),
            what,
        });
    }
    text(at, what, value, 200, false)?;
    if let Some(c) = value.chars().find(|c| is_bidi(*c)) {
        return Err(BundleError::Control {
            at: at.into(),
            what,
            code: format!("U+{:04X}", c as u32),
        });
    }
    Ok(())
}

/// Text within a length, with no control characters (line breaks and
/// tabs allowed where `lines`).
fn text(
    at: &str,
    what: &'static str,
    value: &str,
    limit: usize,
    lines: bool,
) -> Result<(), BundleError> {
    // Bytes first: a cheap bound before counting characters.
    if value.len() > limit * 4 || value.chars().count() > limit {
        return Err(BundleError::TooLong {
            at: at.into(),
            what,
            len: value.chars().count(),
            limit,
        });
    }
    let allowed = |c: char| lines && matches!(c, '\n' | '\r' | '\t');
    if let Some(c) = value.chars().find(|c| c.is_control() && !allowed(*c)) {
        return Err(BundleError::Control {
            at: at.into(),
            what,
            code: format!("U+{:04X}", c as u32),
        });
    }
    Ok(())
}

/// Markdown as Scrutineer renders it, with no raw HTML, no image, and
/// links only to http, https and mailto addresses.
fn markdown(at: &str, what: &'static str, value: &str) -> Result<(), BundleError> {
    text(at, what, value, MAX_TEXT, true)?;
    for event in Parser::new_ext(value, crate::markdown::OPTIONS) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                return Err(BundleError::Html {
                    at: at.into(),
                    what,
                    tag: tag_of(&h),
                })
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let url = dest_url.trim().to_ascii_lowercase();
                let ok = link_type == LinkType::Email
                    || ["http://", "https://", "mailto:"]
                        .iter()
                        .any(|s| url.starts_with(s));
                if !ok {
                    return Err(BundleError::Link {
                        at: at.into(),
                        what,
                        url: shown(&dest_url),
                    });
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                return Err(BundleError::Image {
                    at: at.into(),
                    what,
                    url: shown(&dest_url),
                })
            }
            _ => {}
        }
    }
    Ok(())
}

/// The tag of a piece of raw HTML, as "<script>", for the message.
fn tag_of(html: &str) -> String {
    let Some(i) = html.find('<') else {
        return shown(html.trim());
    };
    let rest = &html[i + 1..];
    if rest.starts_with("!--") {
        return "<!-- -->".into();
    }
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '!' | '?' | '-'))
        .take(20)
        .collect();
    format!("<{}>", name.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_of_any_kind_is_named() {
        for (md, tag) in [
            ("Hi <script>alert(1)</script>", "<script>"),
            ("<iframe src=x></iframe>", "<iframe>"),
            ("x <img src=x onerror=alert(1)> y", "<img>"),
            ("<b>bold</b>", "<b>"),
            ("<!-- hidden -->", "<!-- -->"),
        ] {
            match markdown("note 1", "note", md) {
                Err(BundleError::Html { tag: t, .. }) => assert_eq!(t, tag, "{md}"),
                other => panic!("{md}: {other:?}"),
            }
        }
    }

    #[test]
    fn markdown_links_are_http_https_or_mailto_only() {
        assert!(markdown("n", "note", "See [the report](https://example.gov.uk/r.pdf) and <mailto:a@b.org> or <clerk@kent.gov.uk>").is_ok());
        for bad in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](file:///etc/passwd)",
            "[x](data:text/html,hi)",
            "[x](../../secret)",
            "[x](#top)",
        ] {
            assert!(
                matches!(markdown("n", "note", bad), Err(BundleError::Link { .. })),
                "{bad}"
            );
        }
        assert!(matches!(
            markdown("n", "note", "![x](http://example.com/beacon.png)"),
            Err(BundleError::Image { .. })
        ));
        assert!(
            markdown("n", "note", "a < b and 3 > 2, **bold**, `<code>`").is_ok(),
            "angle brackets in prose and code are not HTML"
        );
    }

    #[test]
    fn sources_name_a_sha256_and_never_a_path() {
        let sha = "ab".repeat(32);
        assert_eq!(
            sha256("a", &format!("urn:sha256:{}", sha.to_uppercase())).unwrap(),
            sha
        );
        for path in [
            "file:///etc/passwd",
            "../../etc/passwd",
            "C:\\Users\\me\\pack.pdf",
            "http://example.com/pack.pdf",
            "/home/me/pack.pdf",
        ] {
            assert!(
                matches!(sha256("a", path), Err(BundleError::PathSource { .. })),
                "{path}"
            );
        }
        assert!(matches!(
            sha256("a", "urn:sha256:1234"),
            Err(BundleError::BadSha { .. })
        ));
        assert!(matches!(
            sha256("a", &format!("urn:sha256:{}", "g".repeat(64))),
            Err(BundleError::BadSha { .. })
        ));
    }

    #[test]
    fn control_characters_and_bidi_overrides_are_refused_in_names() {
        assert!(matches!(
            name("a", "name", "Cllr\u{1b}[31m X"),
            Err(BundleError::Control { .. })
        ));
        assert!(matches!(
            name("a", "name", "Cllr \u{202E}X"),
            Err(BundleError::Control { .. })
        ));
        assert!(matches!(
            text("a", "note", "line\nline\tcol", 100, true),
            Ok(())
        ));
        assert!(matches!(
            text("a", "note", "bell\u{7}", 100, true),
            Err(BundleError::Control { .. })
        ));
    }

    #[test]
    fn messages_echo_at_most_a_short_safe_snippet() {
        let s = shown(&format!("\u{1b}[2J{}", "x".repeat(100)));
        assert!(
            !s.contains('\u{1b}') && s.ends_with('…') && s.chars().count() < 80,
            "{s}"
        );
    }
}
