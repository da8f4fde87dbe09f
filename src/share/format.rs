//! The bundle as it is written to disk: one JSON document. Annotations
//! follow the W3C Web Annotation data model (JSON-LD, with a few fields of
//! Scrutineer's own, prefixed `scrutineer:`); questions and flag decisions
//! are Scrutineer's own records. Every struct refuses fields it does not
//! know, so a bundle cannot carry anything this version would silently drop.

use serde::{Deserialize, Serialize};

/// What the `format` field of every bundle says.
pub const FORMAT: &str = "scrutineer-bundle";
/// The bundle version this Scrutineer writes and reads.
pub const VERSION: u32 = 1;
/// The JSON-LD context of a Web Annotation.
pub const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// How an annotation's id is written: this prefix and its uid.
pub const ANNOTATION_URN: &str = "urn:scrutineer:annotation:";
/// A document is named by its fingerprint only, never a path or address.
pub const SHA256_URN: &str = "urn:sha256:";

/// A share bundle: a member's annotations, questions and flag decisions
/// for some meetings, with their name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    /// Always `scrutineer-bundle`.
    pub format: String,
    pub version: u32,
    /// Who made the bundle.
    pub author: String,
    /// RFC 3339.
    pub created: String,
    /// The meetings the bundle was made for.
    pub meetings: Vec<MeetingRef>,
    pub annotations: Vec<WebAnnotation>,
    pub questions: Vec<SharedQuestion>,
    pub flags: SharedFlags,
}

/// A meeting as papers name it: ids differ between libraries, these do not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingRef {
    pub council: Option<String>,
    pub body: String,
    /// ISO date.
    pub date: String,
}

/// A W3C Web Annotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebAnnotation {
    #[serde(rename = "@context")]
    pub context: String,
    /// `urn:scrutineer:annotation:<uid>` (or `urn:uuid:<uid>`).
    pub id: String,
    /// Always "Annotation".
    #[serde(rename = "type")]
    pub kind: String,
    pub creator: Creator,
    /// RFC 3339.
    pub created: String,
    /// RFC 3339: a later one replaces an earlier import of the same id.
    pub modified: String,
    /// "highlighting", "commenting" or "tagging".
    pub motivation: String,
    /// The note (Markdown), one body per tag, and the highlight's name.
    pub body: Vec<TextualBody>,
    pub target: Target,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Creator {
    /// Always "Person".
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
}

/// A body of an annotation: its purpose says which (the note is
/// "commenting" in `text/markdown`, a tag "tagging", the highlight's name
/// "highlighting").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextualBody {
    /// Always "TextualBody".
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    pub purpose: String,
}

/// What an annotation is on: a document by its sha256, where in it
/// (selectors), and the meeting and kind of paper, so that it can be found
/// on another copy of the same meeting's paper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// `urn:sha256:<64 hex digits>`.
    pub source: String,
    pub selector: Vec<Selector>,
    #[serde(
        rename = "scrutineer:meeting",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub meeting: Option<MeetingRef>,
    /// The paper's kind ("agenda", "minutes", ...).
    #[serde(
        rename = "scrutineer:paperKind",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub paper_kind: Option<String>,
}

/// The selectors of a target. The quote and position are in the text of
/// the agenda item the item selector names (Scrutineer reads a paper into
/// items), not in the whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum Selector {
    TextQuoteSelector {
        exact: String,
        prefix: String,
        suffix: String,
    },
    /// Byte offsets in the item's text.
    TextPositionSelector { start: u64, end: u64 },
    /// Which item of which paper in the document, its title and page.
    #[serde(rename = "scrutineer:ItemSelector")]
    Item {
        paper: u32,
        item: u32,
        title: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        page: Option<u32>,
    },
}

/// A question for a meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedQuestion {
    pub uid: String,
    /// Who wrote it.
    pub author: String,
    pub meeting: MeetingRef,
    /// Place in its author's running order for the meeting, from 1.
    pub position: u32,
    /// Markdown.
    pub text: String,
    pub to: String,
    /// "draft", "ready", "asked", "answered" or "follow_up".
    pub status: String,
    pub answer: String,
    /// The uid of an annotation (in this bundle) quoting the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_annotation: Option<String>,
    pub created: String,
    pub modified: String,
    pub evidence: Vec<SharedEvidence>,
}

/// A piece of a question's evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedEvidence {
    /// "quote", "flag", "line", "figure" or "item".
    pub kind: String,
    /// For a quote: the uid of an annotation in this bundle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotation: Option<String>,
    /// A flag's, line's, figure's or item's key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// What it said when it was cited.
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedFlags {
    pub dismissed: Vec<SharedDismissal>,
    pub hand: Vec<SharedHandFlag>,
}

/// A flag dismissed, by its key (which names the paper's sha256).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedDismissal {
    pub key: String,
    pub reason: String,
    /// RFC 3339.
    pub when: String,
    pub author: String,
}

/// A flag added by hand on a budget line or a figure (by its key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedHandFlag {
    pub uid: String,
    pub target: String,
    pub note: String,
    /// RFC 3339.
    pub when: String,
    pub author: String,
    /// Its author later dismissed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dismissed: Option<HandDismissal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandDismissal {
    pub reason: String,
    pub when: String,
}

/// An annotation's parts as the library stores them, read from a
/// (validated) Web Annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotationParts {
    pub uid: String,
    pub author: String,
    pub sha256: String,
    pub paper_position: u32,
    pub item_position: u32,
    pub item_title: String,
    pub page: Option<u32>,
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
    pub start: u64,
    pub end: u64,
    pub note: String,
    pub tags: Vec<String>,
    pub colour: String,
    pub created: String,
    pub modified: String,
    pub meeting: Option<MeetingRef>,
    pub paper_kind: Option<String>,
}

impl AnnotationParts {
    /// The Web Annotation of a stored annotation.
    pub fn to_web(&self) -> WebAnnotation {
        let mut body = Vec::new();
        if !self.note.is_empty() {
            body.push(TextualBody {
                kind: "TextualBody".into(),
                value: self.note.clone(),
                format: Some("text/markdown".into()),
                purpose: "commenting".into(),
            });
        }
        for t in &self.tags {
            body.push(TextualBody {
                kind: "TextualBody".into(),
                value: t.clone(),
                format: None,
                purpose: "tagging".into(),
            });
        }
        body.push(TextualBody {
            kind: "TextualBody".into(),
            value: self.colour.clone(),
            format: None,
            purpose: "highlighting".into(),
        });
        let motivation = if !self.note.is_empty() {
            "commenting"
        } else if !self.tags.is_empty() {
            "tagging"
        } else {
            "highlighting"
        };
        WebAnnotation {
            context: ANNO_CONTEXT.into(),
            id: format!("{ANNOTATION_URN}{}", self.uid),
            kind: "Annotation".into(),
            creator: Creator {
                kind: "Person".into(),
                name: self.author.clone(),
            },
            created: self.created.clone(),
            modified: self.modified.clone(),
            motivation: motivation.into(),
            body,
            target: Target {
                source: format!("{SHA256_URN}{}", self.sha256),
                selector: vec![
                    Selector::TextQuoteSelector {
                        exact: self.exact.clone(),
                        prefix: self.prefix.clone(),
                        suffix: self.suffix.clone(),
                    },
                    Selector::TextPositionSelector {
                        start: self.start,
                        end: self.end,
                    },
                    Selector::Item {
                        paper: self.paper_position,
                        item: self.item_position,
                        title: self.item_title.clone(),
                        page: self.page,
                    },
                ],
                meeting: self.meeting.clone(),
                paper_kind: self.paper_kind.clone(),
            },
        }
    }
}
