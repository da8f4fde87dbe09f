//! The pure-Rust PDF reader's words with their boxes, and the page text
//! laid out from them the way `pdftotext -layout` lays it out (columns kept
//! apart by spaces, a blank line where the page leaves a gap), so tables
//! and paragraphs read the same where poppler is not installed (most
//! Windows and Mac laptops). pdf-extract hands over each character with
//! its text matrix; words are runs of characters on one baseline with no
//! gap between them, read in the direction they run (a quarter-turned
//! table too).
//!
//! Where pdf-extract misreads a document, the document is mended before
//! it reads it (`prepare`): forms drawn where the page puts them,
//! annotations drawn on their page, the `'` and `"` operators spelled
//! out. This module knows nothing of what the words mean.

use pdf_extract::content::{Content, Operation};
use pdf_extract::{
    Dictionary, Document, MediaBox, Object, ObjectId, OutputDev, OutputError, Stream, Transform,
};

use super::{PageWords, Word};

/// Most characters read with their positions; a paper with more (a stream
/// that repeats its text to swell) is read as plain text instead, whose
/// memory stays far lower.
pub(super) const MAX_CHARACTERS: usize = 4_000_000;

/// Collects words page by page from pdf-extract's character stream.
struct Collector {
    /// From PDF space (origin bottom left) to page space (top left, as
    /// the page is shown, turned by its /Rotate).
    flip: Transform,
    /// The page being read's /Rotate, in quarter turns clockwise.
    turns: u8,
    /// The page being read's /CropBox, the part of it that is shown.
    crop: Option<[f32; 4]>,
    page: PageWords,
    /// How each of the page's words is turned (`Turn`), in order.
    turns_of_words: Vec<u8>,
    /// The word being read, in its own frame (`to_frame`), with its font
    /// size, turn and where its last character starts.
    word: Option<(Word, f32, u8, f32)>,
    pages: Vec<(PageWords, Vec<u8>)>,
    characters: usize,
}

impl Collector {
    fn flush(&mut self) {
        if let Some((w, _, turn, _)) = self.word.take() {
            if !w.text.trim().is_empty() {
                self.page.words.push(frame_to_page(turn, w));
                self.turns_of_words.push(turn);
            }
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        number: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        let MediaBox { llx, lly, urx, ury } = *media_box;
        // The page as shown is its crop box, within its media box, as
        // poppler measures it.
        let (llx, lly, urx, ury) = match self.crop {
            Some([x0, y0, x1, y1]) => {
                let (x0, y0, x1, y1) = (
                    llx.max(f64::from(x0)),
                    lly.max(f64::from(y0)),
                    urx.min(f64::from(x1)),
                    ury.min(f64::from(y1)),
                );
                if x1 > x0 && y1 > y0 {
                    (x0, y0, x1, y1)
                } else {
                    (llx, lly, urx, ury)
                }
            }
            None => (llx, lly, urx, ury),
        };
        let (width, height) = (urx - llx, ury - lly);
        // A page turned for landscape tables is read as it is shown, so its
        // lines run across as on screen.
        let (flip, width, height) = match self.turns {
            1 => (
                Transform::row_major(0., 1., 1., 0., -lly, -llx),
                height,
                width,
            ),
            2 => (
                Transform::row_major(-1., 0., 0., 1., urx, -lly),
                width,
                height,
            ),
            3 => (
                Transform::row_major(0., -1., -1., 0., ury, urx),
                height,
                width,
            ),
            _ => (
                Transform::row_major(1., 0., 0., -1., -llx, ury),
                width,
                height,
            ),
        };
        self.flip = flip;
        self.page = PageWords {
            number,
            width: width as f32,
            height: height as f32,
            words: Vec::new(),
        };
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.flush();
        self.pages.push((
            std::mem::take(&mut self.page),
            std::mem::take(&mut self.turns_of_words),
        ));
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        self.characters += 1;
        if self.characters > MAX_CHARACTERS {
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        let at = trm.post_transform(&self.flip);
        // Text turned a quarter (a table set sideways, a page number up
        // the margin) is read in its own direction, as poppler reads it;
        // text at a slant is left out, as letter by letter it would only
        // scatter through the lines.
        let (across, down) = (at.m11 as f32, at.m12 as f32);
        let turn = if across.abs() >= down.abs() {
            if across > 0.0 {
                0
            } else {
                2
            }
        } else if down > 0.0 {
            1
        } else {
            3
        };
        if across.abs().min(down.abs()) > across.abs().max(down.abs()) * 0.2 {
            self.flush();
            return Ok(());
        }
        let (x, baseline) = to_frame(turn, at.m31 as f32, at.m32 as f32);
        // The matrix scales the font: across for the advance, up for the height.
        let scale = trm.m11.hypot(trm.m12);
        let size = (trm.m21.hypot(trm.m22) * font_size).abs().max(1.0) as f32;
        // The advance includes character spacing, as the pen moves: text
        // spaced out to justify it is still one word per word.
        let advance = ((width * font_size + spacing) * scale).max(0.0) as f32;
        // A character wholly off the page (text parked outside the crop
        // box) is not printed, and poppler leaves it out too.
        let (px, py) = (at.m31 as f32, at.m32 as f32);
        let reach = advance / across.hypot(down).max(f32::EPSILON);
        let (dx, dy) = (across * reach, down * reach);
        if px.max(px + dx) < 0.0
            || py.max(py + dy) < 0.0
            || px.min(px + dx) > self.page.width
            || py.min(py + dy) > self.page.height
        {
            self.flush();
            return Ok(());
        }
        if ch.trim().is_empty() || !x.is_finite() || !baseline.is_finite() {
            self.flush();
            return Ok(());
        }
        // Words by where the characters stand, not by how the PDF draws
        // them: a generator that places every character on its own
        // (charts, tables from spreadsheets) still gives whole words. A
        // gap of a tenth of the font size, another baseline or another
        // size starts a new word, as in poppler; so does a step back, onto
        // the last character or before it (text drawn twice, or a column
        // drawn right to left). A character drawn a little into the last
        // one, past its start (a missing glyph pulled back by a `TJ`
        // kern), still joins it, as poppler joins such pieces of a word.
        let joins = self.word.as_ref().is_some_and(|(w, s, t, last)| {
            let gap = x - w.x1;
            *t == turn
                && (w.y1 - baseline).abs() < (s * 0.05).max(0.5)
                && gap < s * 0.1
                && (gap > -s * 0.2 || x > last + s * 0.1)
                && (size - s).abs() <= s * 0.05
        });
        if !joins {
            self.flush();
            self.word = Some((
                Word {
                    text: String::new(),
                    x0: x,
                    y0: baseline - size,
                    x1: x,
                    y1: baseline,
                },
                size,
                turn,
                x,
            ));
        }
        if let Some((w, _, _, last)) = self.word.as_mut() {
            w.text.push_str(ch);
            w.x1 = w.x1.max(x + advance);
            *last = x;
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    /// A new text position ends no word by itself: where the next
    /// character stands decides.
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// An affine matrix as PDF writes it: `[a b c d e f]`.
type Matrix = [f32; 6];

const IDENTITY: Matrix = [1., 0., 0., 1., 0., 0.];

/// `first` then `then`, as `cm` concatenates a matrix onto the CTM.
fn concat(first: &Matrix, then: &Matrix) -> Matrix {
    let ([a, b, c, d, e, f], [p, q, r, s, t, u]) = (first, then);
    [
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    ]
}

fn matrix(operands: &[Object]) -> Option<Matrix> {
    let mut m = [0.; 6];
    if operands.len() != 6 {
        return None;
    }
    for (slot, o) in m.iter_mut().zip(operands) {
        *slot = o.as_float().ok().filter(|v| v.is_finite())?;
    }
    Some(m)
}

/// Mends, before pdf-extract reads the document, what it would misread
/// (`spell_out_cid_widths`, `place_forms`, `spell_out_quotes`), looking at
/// each content stream once: most papers need nothing, and a stream that
/// needs nothing is not rewritten.
pub(super) fn prepare(doc: &mut Document) {
    spell_out_cid_widths(doc);
    let annotations = draw_annotations(doc);
    let mut drawing = Vec::new();
    let mut quoted = Vec::new();
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    for page in pages {
        let mut draws = false;
        for id in doc.get_page_contents(page) {
            let Some(data) = stream_bytes(doc, id) else {
                continue;
            };
            draws |= data.windows(2).any(|w| w == b"Do");
            if has_quote_operator(&data) {
                quoted.push(id);
            }
        }
        if draws {
            drawing.push(page);
        }
    }
    let forms: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(id, object)| match object {
            Object::Stream(s)
                if s.dict
                    .get(b"Subtype")
                    .and_then(Object::as_name)
                    .is_ok_and(|n| n == b"Form") =>
            {
                Some(*id)
            }
            _ => None,
        })
        .collect();
    place_forms(doc, &drawing, &annotations);
    quoted.extend(
        forms
            .into_iter()
            .filter(|&id| stream_bytes(doc, id).is_some_and(|data| has_quote_operator(&data))),
    );
    quoted.sort_unstable();
    quoted.dedup();
    spell_out_quotes(doc, &quoted);
}

/// Most glyph widths written out over a whole paper by
/// `spell_out_cid_widths`: a CID is at most 65,535, and a few fonts with
/// every width set by range stay well under this.
const MAX_SPELLED_WIDTHS: usize = 1 << 20;

/// pdf-extract misreads the widths of a CID font (a Type0 font, as
/// Acrobat's PDFMaker embeds TrueType text in the Kent appendices): of
/// `/W`'s two forms, `first [w1 w2 ...]` and `first last w` (one width for
/// a range of CIDs), it reads the range as empty, so those glyphs take the
/// default width (a whole em unless `/DW` says otherwise) and a line set in
/// them runs far wider than printed, its words overlapping. Each CID font's `/W` is rewritten in the first
/// form, one width for each CID of a range; its numbers are resolved where
/// they are references and entries that are not numbers dropped, as
/// pdf-extract would panic on them. A `/DW` written as a real (500.0),
/// which it would pass over for 1000, is written as an integer.
fn spell_out_cid_widths(doc: &mut Document) {
    let mut budget = MAX_SPELLED_WIDTHS;
    let ids: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| holds_misread_widths(o, doc, 0))
        .map(|(id, _)| *id)
        .collect();
    for id in ids {
        // Taken out while it is mended, so the rest of the document can
        // still be read to resolve its references.
        let Some(mut object) = doc
            .objects
            .get_mut(&id)
            .map(|o| std::mem::replace(o, Object::Null))
        else {
            continue;
        };
        spell_out_widths_in(&mut object, doc, 0, &mut budget);
        doc.objects.insert(id, object);
    }
}

/// How deep dictionaries and arrays are searched for a CID font written
/// inside another object (a Type0 font's /DescendantFonts, written direct).
const FONT_DEPTH: u8 = 8;

/// Whether `object` is, or holds within it, a CID font whose `/W` or
/// `/DW` pdf-extract would misread.
fn holds_misread_widths(object: &Object, doc: &Document, depth: u8) -> bool {
    if depth > FONT_DEPTH {
        return false;
    }
    let dict = match object {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        Object::Array(a) => return a.iter().any(|o| holds_misread_widths(o, doc, depth + 1)),
        _ => return false,
    };
    if is_cid_font(dict) {
        let w = dict.get(b"W").ok().map(|w| resolve(doc, w));
        let widths_read_right = match w {
            None => true,
            Some(Object::Array(w)) => cid_widths_read_right(w),
            Some(_) => false,
        };
        let dw_read_right = dict
            .get(b"DW")
            .ok()
            .is_none_or(|dw| matches!(dw, Object::Integer(_)));
        if !widths_read_right || !dw_read_right {
            return true;
        }
    }
    dict.iter()
        .any(|(_, v)| holds_misread_widths(v, doc, depth + 1))
}

fn is_cid_font(dict: &Dictionary) -> bool {
    dict.get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|n| n == b"CIDFontType0" || n == b"CIDFontType2")
}

/// An object, or what it refers to.
fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(object),
        _ => object,
    }
}

/// Whether pdf-extract reads a `/W` as written: only `first [w1 w2 ...]`
/// entries, every number written out.
fn cid_widths_read_right(w: &[Object]) -> bool {
    w.len() % 2 == 0
        && w.chunks(2).all(|entry| {
            matches!(entry[0], Object::Integer(_))
                && matches!(&entry[1], Object::Array(list) if list.iter().all(|n| matches!(n, Object::Integer(_) | Object::Real(_))))
        })
}

fn spell_out_widths_in(object: &mut Object, doc: &Document, depth: u8, budget: &mut usize) {
    if depth > FONT_DEPTH {
        return;
    }
    let dict = match object {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &mut s.dict,
        Object::Array(a) => {
            for o in a {
                spell_out_widths_in(o, doc, depth + 1, budget);
            }
            return;
        }
        _ => return,
    };
    if is_cid_font(dict) {
        let w = dict.get(b"W").ok().map(|w| resolve(doc, w));
        if let Some(w) = w.filter(|w| !matches!(w, Object::Array(w) if cid_widths_read_right(w))) {
            let spelled = match w {
                Object::Array(w) => spell_out_cid_width_entries(w, doc, budget),
                _ => Vec::new(),
            };
            dict.set("W", Object::Array(spelled));
        }
        let dw = dict
            .get(b"DW")
            .ok()
            .filter(|dw| !matches!(dw, Object::Integer(_)))
            .map(|dw| resolve(doc, dw).as_float().ok().filter(|v| v.is_finite()));
        match dw {
            Some(Some(v)) => dict.set("DW", Object::Integer(v.round() as i64)),
            Some(None) => {
                dict.remove(b"DW");
            }
            None => {}
        }
    }
    for (_, v) in dict.iter_mut() {
        spell_out_widths_in(v, doc, depth + 1, budget);
    }
}

/// A `/W` array in the form pdf-extract reads: `first [w1 w2 ...]` only,
/// each range `first last w` spelled out (at most `budget` widths in all;
/// past it, the glyphs keep the default width), reading stopped at the
/// first entry that is not numbers.
fn spell_out_cid_width_entries(w: &[Object], doc: &Document, budget: &mut usize) -> Vec<Object> {
    const MAX_CID: i64 = 0xFFFF;
    let number = |o: &Object| resolve(doc, o).as_float().ok().filter(|v| v.is_finite());
    let cid = |o: &Object| match resolve(doc, o) {
        Object::Integer(i) => Some(*i),
        Object::Real(r) if r.is_finite() && r.fract() == 0.0 => Some(*r as i64),
        _ => None,
    };
    let width = |v: f32| {
        if v.fract() == 0.0 {
            Object::Integer(v as i64)
        } else {
            Object::Real(v)
        }
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < w.len() {
        let Some(first) = cid(&w[i]).filter(|c| (0..=MAX_CID).contains(c)) else {
            break;
        };
        match resolve(doc, &w[i + 1]) {
            Object::Array(list) => {
                let widths: Vec<Object> = list.iter().map_while(|o| number(o).map(width)).collect();
                out.push(Object::Integer(first));
                out.push(Object::Array(widths));
                i += 2;
            }
            last => {
                let (Some(last), Some(v)) = (cid(last), w.get(i + 2).and_then(number)) else {
                    break;
                };
                let count = (last.min(MAX_CID) - first + 1).max(0) as usize;
                let count = count.min(*budget);
                *budget -= count;
                if count > 0 {
                    out.push(Object::Integer(first));
                    out.push(Object::Array(vec![width(v); count]));
                }
                i += 3;
            }
        }
    }
    out
}

/// A stream's content, unpacked; None where its filter is one lopdf
/// cannot undo.
fn stream_bytes(doc: &Document, id: ObjectId) -> Option<Vec<u8>> {
    let stream = doc.get_object(id).and_then(Object::as_stream).ok()?;
    if stream.dict.has(b"Filter") {
        stream.decompressed_content().ok()
    } else {
        Some(stream.content.clone())
    }
}

/// Annotations with an appearance (a typed note or stamp, "Item 153b";
/// a filled form field) are drawn on the page, as poppler draws them:
/// pdf-extract reads only the page's content. Each appearance is given
/// its place (its box fitted to the annotation's /Rect) and drawn by a
/// content stream added to the page. Returns the appearances so placed.
fn draw_annotations(doc: &mut Document) -> std::collections::HashSet<ObjectId> {
    let mut placed = std::collections::HashSet::new();
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    for page in pages {
        let mut shown = Vec::new();
        for annotation in annotations_of(doc, page) {
            let Some((form, at)) = appearance(doc, &annotation) else {
                continue;
            };
            // One appearance drawn for two annotations keeps its first place.
            if placed.insert(form) {
                let Some(data) = stream_bytes(doc, form) else {
                    continue;
                };
                let [a, b, c, d, e, f] = at;
                let mut content = format!("{a} {b} {c} {d} {e} {f} cm\n").into_bytes();
                content.extend_from_slice(&data);
                if let Ok(Object::Stream(stream)) = doc.get_object_mut(form) {
                    stream.set_plain_content(content);
                }
                shown.push(form);
            }
        }
        if shown.is_empty() {
            continue;
        }
        let mut draw = String::new();
        for &form in &shown {
            let name = format!("ScrutineerAnnotation{}_{}", form.0, form.1);
            if add_xobject(doc, page, name.as_bytes(), form).is_some() {
                draw.push_str(&format!("/{name} Do\n"));
            }
        }
        let stream = doc.add_object(Stream::new(Dictionary::new(), draw.into_bytes()));
        let Ok(Object::Dictionary(dict)) = doc.get_object_mut(page) else {
            continue;
        };
        let contents = match dict.get(b"Contents") {
            Ok(Object::Array(parts)) => parts
                .iter()
                .cloned()
                .chain([Object::Reference(stream)])
                .collect(),
            Ok(other) => vec![other.clone(), Object::Reference(stream)],
            Err(_) => vec![Object::Reference(stream)],
        };
        dict.set("Contents", Object::Array(contents));
    }
    placed
}

/// A page's annotations that are not hidden.
fn annotations_of(doc: &Document, page: ObjectId) -> Vec<Dictionary> {
    let Ok(dict) = doc.get_dictionary(page) else {
        return Vec::new();
    };
    let annots = match dict.get(b"Annots") {
        Ok(Object::Reference(id)) => doc.get_object(*id).and_then(Object::as_array).ok(),
        Ok(Object::Array(a)) => Some(a),
        _ => None,
    };
    annots
        .into_iter()
        .flatten()
        .filter_map(|a| match a {
            Object::Reference(id) => doc.get_dictionary(*id).ok(),
            Object::Dictionary(d) => Some(d),
            _ => None,
        })
        // Flags 2 and 32: hidden, not shown on screen.
        .filter(|a| {
            a.get(b"F")
                .and_then(Object::as_i64)
                .map_or(true, |f| f & (2 | 32) == 0)
        })
        .cloned()
        .collect()
}

/// An annotation's normal appearance (a form) and where it is drawn: its
/// box, turned by its /Matrix, fitted to the annotation's /Rect.
fn appearance(doc: &Document, annotation: &Dictionary) -> Option<(ObjectId, Matrix)> {
    let number = |o: &Object| o.as_float().ok().filter(|v| v.is_finite());
    let rect: Vec<f32> = annotation
        .get(b"Rect")
        .and_then(Object::as_array)
        .ok()?
        .iter()
        .filter_map(number)
        .collect();
    let normal = annotation
        .get(b"AP")
        .and_then(Object::as_dict)
        .ok()?
        .get(b"N")
        .ok()?;
    let form = match normal {
        Object::Reference(id) => match doc.get_object(*id).ok()? {
            Object::Stream(_) => *id,
            // States (a check box's on and off): the one /AS names.
            Object::Dictionary(states) => states
                .get(annotation.get(b"AS").and_then(Object::as_name).ok()?)
                .ok()?
                .as_reference()
                .ok()?,
            _ => return None,
        },
        Object::Dictionary(states) => states
            .get(annotation.get(b"AS").and_then(Object::as_name).ok()?)
            .ok()?
            .as_reference()
            .ok()?,
        _ => return None,
    };
    let stream = doc.get_object(form).and_then(Object::as_stream).ok()?;
    let bbox: Vec<f32> = stream
        .dict
        .get(b"BBox")
        .and_then(Object::as_array)
        .ok()?
        .iter()
        .filter_map(number)
        .collect();
    let own = stream
        .dict
        .get(b"Matrix")
        .and_then(Object::as_array)
        .ok()
        .and_then(|m| matrix(m))
        .unwrap_or(IDENTITY);
    let ([r0, r1, r2, r3], [b0, b1, b2, b3]) = (
        <[f32; 4]>::try_from(rect).ok()?,
        <[f32; 4]>::try_from(bbox).ok()?,
    );
    // The box's corners through /Matrix, and the box they span.
    let corners = [(b0, b1), (b0, b3), (b2, b1), (b2, b3)].map(|(x, y)| {
        (
            own[0] * x + own[2] * y + own[4],
            own[1] * x + own[3] * y + own[5],
        )
    });
    let (x0, x1) = corners
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), c| {
            (lo.min(c.0), hi.max(c.0))
        });
    let (y0, y1) = corners
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), c| {
            (lo.min(c.1), hi.max(c.1))
        });
    let (rx0, rx1, ry0, ry1) = (r0.min(r2), r0.max(r2), r1.min(r3), r1.max(r3));
    if x1 - x0 <= 0.0 || y1 - y0 <= 0.0 {
        return None;
    }
    let (sx, sy) = ((rx1 - rx0) / (x1 - x0), (ry1 - ry0) / (y1 - y0));
    let fit = [sx, 0., 0., sy, rx0 - x0 * sx, ry0 - y0 * sy];
    Some((form, concat(&own, &fit)))
}

/// Names a form in a page's resources (its own: inherited ones are
/// copied onto the page first), so the page's content can draw it.
fn add_xobject(doc: &mut Document, page: ObjectId, name: &[u8], form: ObjectId) -> Option<()> {
    let own = doc
        .get_dictionary(page)
        .ok()?
        .get(b"Resources")
        .ok()
        .cloned();
    let resources_id = match own {
        Some(Object::Reference(id)) => Some(id),
        Some(Object::Dictionary(_)) => None,
        Some(_) => return None,
        None => {
            let (_, inherited) = doc.get_page_resources(page).ok()?;
            let copy = inherited
                .first()
                .and_then(|&id| doc.get_dictionary(id).ok())
                .cloned()
                .unwrap_or_default();
            doc.get_object_mut(page)
                .ok()?
                .as_dict_mut()
                .ok()?
                .set("Resources", Object::Dictionary(copy));
            None
        }
    };
    let resources = match resources_id {
        Some(id) => doc.get_object(id).ok()?.as_dict().ok()?,
        None => doc
            .get_dictionary(page)
            .ok()?
            .get(b"Resources")
            .ok()?
            .as_dict()
            .ok()?,
    };
    let xobjects_id = match resources.get(b"XObject") {
        Ok(Object::Reference(id)) => Some(*id),
        _ => None,
    };
    let xobjects: &mut Dictionary = match xobjects_id {
        Some(id) => doc.get_object_mut(id).ok()?.as_dict_mut().ok()?,
        None => {
            let resources = match resources_id {
                Some(id) => doc.get_object_mut(id).ok()?.as_dict_mut().ok()?,
                None => doc
                    .get_object_mut(page)
                    .ok()?
                    .as_dict_mut()
                    .ok()?
                    .get_mut(b"Resources")
                    .ok()?
                    .as_dict_mut()
                    .ok()?,
            };
            if !matches!(resources.get(b"XObject"), Ok(Object::Dictionary(_))) {
                resources.set("XObject", Object::Dictionary(Dictionary::new()));
            }
            resources.get_mut(b"XObject").ok()?.as_dict_mut().ok()?
        }
    };
    xobjects.set(name.to_vec(), Object::Reference(form));
    Some(())
}

/// pdf-extract draws a form XObject (a header, footer or page number
/// added in Acrobat, a stamp) as if at the page's corner: it drops where
/// the page puts it (the `cm` before `Do`) and the form's own /Matrix.
/// A form drawn at one place only gets that place written into it (a `cm`
/// before its content), so its words stand where they are printed; one
/// drawn at several places is left as it was.
fn place_forms(
    doc: &mut Document,
    drawing: &[ObjectId],
    placed_already: &std::collections::HashSet<ObjectId>,
) {
    // Each form's one placement, or None once it has two.
    let mut placed: std::collections::HashMap<ObjectId, Option<Matrix>> =
        std::collections::HashMap::new();
    for &page in drawing {
        let Ok(data) = doc.get_page_content(page) else {
            continue;
        };
        let Ok(content) = Content::decode(&data) else {
            continue;
        };
        drop(data);
        let forms = forms_of(doc, page);
        if forms.is_empty() {
            continue;
        }
        let (mut ctm, mut saved) = (IDENTITY, Vec::new());
        for op in &content.operations {
            match op.operator.as_str() {
                "q" => saved.push(ctm),
                "Q" => ctm = saved.pop().unwrap_or(ctm),
                "cm" => {
                    if let Some(m) = matrix(&op.operands) {
                        ctm = concat(&m, &ctm);
                    }
                }
                "Do" => {
                    let Some(&(id, own)) = op
                        .operands
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|n| forms.get(n))
                    else {
                        continue;
                    };
                    let at = concat(&own, &ctm);
                    placed
                        .entry(id)
                        .and_modify(|p| {
                            if *p != Some(at) {
                                *p = None
                            }
                        })
                        .or_insert(Some(at));
                }
                _ => {}
            }
        }
    }
    for (id, at) in placed {
        let Some(at) = at.filter(|m| *m != IDENTITY && !placed_already.contains(&id)) else {
            continue;
        };
        let Some(data) = stream_bytes(doc, id) else {
            continue;
        };
        let Ok(Object::Stream(stream)) = doc.get_object_mut(id) else {
            continue;
        };
        let [a, b, c, d, e, f] = at;
        let mut placed = format!("{a} {b} {c} {d} {e} {f} cm\n").into_bytes();
        placed.extend_from_slice(&data);
        stream.set_plain_content(placed);
    }
}

/// The form XObjects a page can draw, by name: their object and /Matrix.
fn forms_of(
    doc: &Document,
    page: ObjectId,
) -> std::collections::HashMap<Vec<u8>, (ObjectId, Matrix)> {
    let mut forms = std::collections::HashMap::new();
    let Ok((own, inherited)) = doc.get_page_resources(page) else {
        return forms;
    };
    // The page's own resources, else the nearest inherited, as pdf-extract reads them.
    let resources = own.or_else(|| {
        inherited
            .first()
            .and_then(|&id| doc.get_dictionary(id).ok())
    });
    let Some(xobjects) = resources.and_then(|r| r.get(b"XObject").ok()) else {
        return forms;
    };
    let xobjects = match xobjects {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    };
    for (name, object) in xobjects.into_iter().flat_map(|d| d.iter()) {
        let Ok(id) = object.as_reference() else {
            continue;
        };
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
            continue;
        };
        if stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Form")
        {
            let own = stream
                .dict
                .get(b"Matrix")
                .and_then(Object::as_array)
                .ok()
                .and_then(|m| matrix(m))
                .unwrap_or(IDENTITY);
            forms.insert(name.clone(), (id, own));
        }
    }
    forms
}

/// pdf-extract skips the `'` and `"` operators (next line, then show
/// text), so their text is lost and every line after them on the page
/// stands a line too high. Content streams that use them (Ghostscript
/// writes them) are spelled out with the operators it follows: `T*` then
/// `Tj`, with `Tw` and `Tc` first for `"`.
fn spell_out_quotes(doc: &mut Document, quoted: &[ObjectId]) {
    for &id in quoted {
        let Some(data) = stream_bytes(doc, id) else {
            continue;
        };
        let Ok(content) = Content::decode(&data) else {
            continue;
        };
        drop(data);
        let mut operations = Vec::with_capacity(content.operations.len());
        for op in content.operations {
            match (op.operator.as_str(), op.operands.len()) {
                ("'", 1) => {
                    operations.push(Operation::new("T*", vec![]));
                    operations.push(Operation::new("Tj", op.operands));
                }
                ("\"", 3) => {
                    let mut operands = op.operands.into_iter();
                    let (Some(word), Some(character), Some(text)) =
                        (operands.next(), operands.next(), operands.next())
                    else {
                        continue;
                    };
                    operations.push(Operation::new("Tw", vec![word]));
                    operations.push(Operation::new("Tc", vec![character]));
                    operations.push(Operation::new("T*", vec![]));
                    operations.push(Operation::new("Tj", vec![text]));
                }
                _ => operations.push(op),
            }
        }
        let Ok(bytes) = (Content { operations }).encode() else {
            continue;
        };
        if let Ok(Object::Stream(stream)) = doc.get_object_mut(id) {
            stream.set_plain_content(bytes);
        }
    }
}

/// Whether a content stream uses `'` or `"` as an operator: either
/// character outside a string or a comment.
fn has_quote_operator(data: &[u8]) -> bool {
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'(' => {
                // A literal string: balanced brackets, backslash escapes.
                let mut depth = 1;
                i += 1;
                while i < data.len() && depth > 0 {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                continue;
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 1,
            b'<' => {
                while i < data.len() && data[i] != b'>' {
                    i += 1;
                }
            }
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'\'' | b'"' => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// Every page's text, laid out (`page_text`), and its words with their
/// boxes, read with pdf-extract; an error where a page cannot be read or
/// there are over `MAX_CHARACTERS`.
pub(super) fn read(
    doc: &pdf_extract::Document,
) -> Result<(Vec<String>, Vec<PageWords>), OutputError> {
    let mut collector = Collector {
        flip: Transform::identity(),
        turns: 0,
        crop: None,
        page: PageWords::default(),
        turns_of_words: Vec::new(),
        word: None,
        pages: Vec::new(),
        characters: 0,
    };
    let pages: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
    for (n, id) in pages {
        collector.turns = quarter_turns(doc, id);
        collector.crop = crop_box(doc, id);
        pdf_extract::output_doc_page(doc, &mut collector, n)?;
    }
    let mut budget = PLACING_BUDGET;
    Ok(collector
        .pages
        .into_iter()
        .map(|(page, turns)| (page_text(&page, &turns, &mut budget), page))
        .unzip())
}

/// Where a point on the page stands in the frame of text turned `turn`
/// quarters clockwise: (along its lines, down across them), so turned
/// text reads left to right and top to bottom like any other.
fn to_frame(turn: u8, x: f32, y: f32) -> (f32, f32) {
    match turn {
        1 => (y, -x),
        2 => (-x, -y),
        3 => (-y, x),
        _ => (x, y),
    }
}

/// A word's box in its frame, back on the page.
fn frame_to_page(turn: u8, w: Word) -> Word {
    let (x0, y0, x1, y1) = match turn {
        1 => (-w.y1, w.x0, -w.y0, w.x1),
        2 => (-w.x1, -w.y1, -w.x0, -w.y0),
        3 => (w.y0, -w.x1, w.y1, -w.x0),
        _ => (w.x0, w.y0, w.x1, w.y1),
    };
    Word {
        text: w.text,
        x0,
        y0,
        x1,
        y1,
    }
}

/// A word's box on the page, in the frame of its turn.
fn page_to_frame(turn: u8, w: &Word) -> Word {
    let (x0, y0, x1, y1) = match turn {
        1 => (w.y0, -w.x1, w.y1, -w.x0),
        2 => (-w.x1, -w.y1, -w.x0, -w.y0),
        3 => (-w.y1, w.x0, -w.y0, w.x1),
        _ => (w.x0, w.y0, w.x1, w.y1),
    };
    Word {
        text: w.text.clone(),
        x0,
        y0,
        x1,
        y1,
    }
}

/// A page's text: its upright words laid out, then those of each other
/// turn laid out in their own frame, the turn with most text first (a
/// table set sideways on the page leads; a page number up the margin
/// follows the text).
fn page_text(page: &PageWords, turns: &[u8], budget: &mut usize) -> String {
    let mut chars = [0usize; 4];
    for (w, &t) in page.words.iter().zip(turns) {
        chars[usize::from(t & 3)] += w.text.len();
    }
    let mut order: Vec<u8> = (0..4).filter(|&t| chars[usize::from(t)] > 0).collect();
    order.sort_by_key(|&t| (std::cmp::Reverse(chars[usize::from(t)]), t));
    let mut parts = Vec::new();
    for turn in order {
        let text = if turn == 0 {
            layout_words(
                page.words
                    .iter()
                    .zip(turns)
                    .filter(|(_, &t)| t == 0)
                    .map(|(w, _)| w)
                    .collect(),
                budget,
            )
        } else {
            let framed: Vec<Word> = page
                .words
                .iter()
                .zip(turns)
                .filter(|(_, &t)| t == turn)
                .map(|(w, _)| page_to_frame(turn, w))
                .collect();
            layout_words(framed.iter().collect(), budget)
        };
        parts.push(text);
    }
    parts.join("\n")
}

/// A page's /CropBox (its own or inherited), as [x0 y0 x1 y1].
fn crop_box(doc: &Document, page: ObjectId) -> Option<[f32; 4]> {
    let mut node = doc.get_dictionary(page).ok();
    for _ in 0..32 {
        let dict = node?;
        if let Ok(b) = dict.get(b"CropBox").and_then(Object::as_array) {
            let v: Vec<f32> = b
                .iter()
                .filter_map(|o| o.as_float().ok().filter(|v| v.is_finite()))
                .collect();
            let [a, b, c, d] = <[f32; 4]>::try_from(v).ok()?;
            return Some([a.min(c), b.min(d), a.max(c), b.max(d)]);
        }
        node = dict
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .ok();
    }
    None
}

/// A page's /Rotate (its own or inherited from the page tree), in quarter
/// turns clockwise; anything but a multiple of 90 is no turn.
fn quarter_turns(doc: &Document, page: ObjectId) -> u8 {
    let mut node = doc.get_dictionary(page).ok();
    // A few levels up at most: a page tree that loops is not followed.
    for _ in 0..32 {
        let Some(dict) = node else { break };
        if let Ok(rotate) = dict.get(b"Rotate").and_then(Object::as_i64) {
            return if rotate % 90 == 0 {
                (rotate / 90).rem_euclid(4) as u8
            } else {
                0
            };
        }
        node = dict
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .ok();
    }
    0
}

/// A word's font size, from its box (`output_character` makes the box
/// exactly one font size tall, standing on the baseline).
fn size_of(w: &Word) -> f32 {
    (w.y1 - w.y0).max(1.0)
}

/// Words nearer than this (in font sizes) on one line read as one phrase,
/// printed with single spaces; wider gaps part columns. Word gaps, even in
/// justified text, stay under it; the gutters of tables are wider.
const PHRASE_GAP: f32 = 1.1;

/// A gap narrower than this (in font sizes) is no space at all: a
/// superscript ("13th") or a change of size inside a word. Any wider gap
/// already parted the words (`output_character`), so it is a space.
const SPACE_GAP: f32 = 0.1;

/// Spaces at least between two phrases side by side, as `pdftotext
/// -layout` keeps them, so the text table reader sees two cells.
const GUTTER: usize = 3;

/// How many times, over a whole paper, a phrase may be set against one it
/// overlaps (`place`); past that, columns come from x alone. Real pages
/// overlap a few dozen lines at a time; a page built to overlap them all
/// would otherwise cost its phrases' count squared.
const PLACING_BUDGET: usize = 50_000_000;

/// Words on one baseline, left to right, and where their line stands.
struct Line<'a> {
    base: f32,
    size: f32,
    words: Vec<&'a Word>,
}

/// A phrase: words on one line close enough to be read together.
struct Phrase {
    line: usize,
    text: String,
    chars: usize,
    x0: f32,
    x1: f32,
    col: usize,
}

/// Text laid out from its words as `pdftotext -layout` lays it
/// out: lines by baseline (a superscript stays on its line); on each
/// line, phrases (words at ordinary word spacing, single-spaced); each
/// phrase's column from the text to its left anywhere on the page, so
/// table columns line up and the leftmost text starts at column 0; and
/// blank lines for the vertical gaps, one per font size of gap past the
/// first. The words all read left to right (turned words come here in
/// their own frame).
fn layout_words(words: Vec<&Word>, budget: &mut usize) -> String {
    let lines = lines_of(words);
    if lines.is_empty() {
        return String::new();
    }
    let mut phrases: Vec<Phrase> = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let mut words = line.words.iter();
        let Some(first) = words.next() else { continue };
        let mut p = Phrase {
            line: n,
            text: first.text.clone(),
            chars: first.text.chars().count(),
            x0: first.x0,
            x1: first.x1,
            col: 0,
        };
        for w in words {
            let gap = w.x0 - p.x1;
            let size = size_of(w).max(line.size * 0.5);
            if gap > size * PHRASE_GAP {
                phrases.push(std::mem::replace(
                    &mut p,
                    Phrase {
                        line: n,
                        text: w.text.clone(),
                        chars: w.text.chars().count(),
                        x0: w.x0,
                        x1: w.x1,
                        col: 0,
                    },
                ));
                continue;
            }
            if gap > size * SPACE_GAP {
                p.text.push(' ');
                p.chars += 1;
            }
            p.text.push_str(&w.text);
            p.chars += w.text.chars().count();
            p.x1 = p.x1.max(w.x1);
        }
        phrases.push(p);
    }
    place(&mut phrases, budget);
    let mut out = String::new();
    let mut at = 0;
    for (n, line) in lines.iter().enumerate() {
        if n > 0 {
            // One line break per font size between baselines, as poppler
            // does (at most five): a paragraph's space becomes a blank line.
            let gap = ((line.base - lines[n - 1].base) / lines[n - 1].size).floor() as usize;
            out.push_str(&"\n".repeat(gap.clamp(1, 5) - 1));
        }
        let mut text = String::new();
        let mut len = 0;
        while at < phrases.len() && phrases[at].line == n {
            let p = &phrases[at];
            let pad = if len == 0 {
                p.col
            } else {
                p.col.saturating_sub(len).max(1)
            };
            // A page wider than any real one is not padded out to its edge.
            let pad = pad.min(400);
            text.push_str(&" ".repeat(pad));
            text.push_str(&p.text);
            len += pad + p.chars;
            at += 1;
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out
}

/// The page's words in lines: by the top of their letters, then grouped while
/// their baselines stay within half the line's first font size of its
/// first word's, as poppler groups them. Then a line of a few small words
/// that each touch a word of the line beside it, a little above or below
/// its baseline, is that line's superscripts or subscripts ("13th").
fn lines_of(mut words: Vec<&Word>) -> Vec<Line<'_>> {
    words.retain(|w| w.x0.is_finite() && w.y0.is_finite());
    // The top of a word as poppler boxes it: a typical ascent, not the
    // whole font size, above the baseline, so a large figure beside two
    // lines of smaller text is not read first and does not take both.
    let top = |w: &Word| w.y1 - 0.9 * size_of(w);
    words.sort_by(|a, b| top(a).total_cmp(&top(b)).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Line> = Vec::new();
    for w in words {
        match lines.last_mut() {
            Some(line) if (w.y1 - line.base).abs() < line.size * 0.5 => line.words.push(w),
            _ => lines.push(Line {
                base: w.y1,
                size: size_of(w),
                words: vec![w],
            }),
        }
    }
    // From here a line stands where its largest word stands: a raised word
    // read first must not set the line's spacing from the next.
    for line in &mut lines {
        if let Some(big) = line
            .words
            .iter()
            .max_by(|a, b| size_of(a).total_cmp(&size_of(b)))
        {
            (line.base, line.size) = (big.y1, size_of(big));
        }
    }
    lines.sort_by(|a, b| a.base.total_cmp(&b.base));
    let mut merged: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines {
        match merged.last_mut() {
            Some(prev) if rides_on(&line, prev) => prev.words.extend(line.words),
            Some(prev) if rides_on(prev, &line) => {
                let small = std::mem::replace(prev, line);
                prev.words.extend(small.words);
            }
            _ => merged.push(line),
        }
    }
    for line in &mut merged {
        line.words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    merged
}

/// Whether `small` is raised or lowered text belonging to `line`: a few
/// words, each smaller than and touching a word of `line`, with baselines
/// within two thirds of `line`'s font size.
fn rides_on(small: &Line, line: &Line) -> bool {
    small.words.len() <= 8
        && (small.base - line.base).abs() < line.size * 0.67
        && small.words.iter().all(|w| {
            let size = size_of(w);
            line.words.iter().any(|o| {
                let reach = size_of(o) * 0.3;
                size < size_of(o) * 0.9
                    && ((w.x0 - o.x1).abs() < reach || (o.x0 - w.x1).abs() < reach)
            })
        })
}

/// Each phrase's column: past the end of every phrase wholly to its left
/// (by the gutter), and at least as far along as its start falls within
/// any phrase it overlaps, counted in that phrase's characters. So text
/// keeps its order across the page without a fixed character width, and
/// figures under one another share a column.
fn place(phrases: &mut [Phrase], budget: &mut usize) {
    let n = phrases.len();
    let mut by_start: Vec<usize> = (0..n).collect();
    by_start.sort_by(|&a, &b| phrases[a].x0.total_cmp(&phrases[b].x0));
    let mut by_end: Vec<usize> = (0..n).collect();
    by_end.sort_by(|&a, &b| phrases[a].x1.total_cmp(&phrases[b].x1));
    let mut placed = vec![false; n];
    // Sweeping left to right: the furthest column any phrase wholly to the
    // left reaches, and the placed phrases still overlapping.
    let (mut ended, mut past) = (0, 0);
    let mut open: Vec<usize> = Vec::new();
    for (i, &a) in by_start.iter().enumerate() {
        let x = phrases[a].x0;
        while ended < n && phrases[by_end[ended]].x1 <= x {
            let q = &phrases[by_end[ended]];
            if placed[by_end[ended]] {
                past = past.max(q.col + q.chars + GUTTER);
            }
            ended += 1;
        }
        open.retain(|&q| phrases[q].x1 > x);
        if open.len() > *budget {
            place_by_x(phrases, &by_start[i..]);
            *budget = 0;
            return;
        }
        *budget -= open.len();
        let mut col = past;
        for &q in &open {
            let q = &phrases[q];
            let at = if q.x1 > q.x0 {
                q.col + (((x - q.x0) / (q.x1 - q.x0)) * q.chars as f32) as usize
            } else {
                q.col
            };
            col = col.max(at);
        }
        phrases[a].col = col;
        placed[a] = true;
        open.push(a);
    }
}

/// Columns by x alone, in the page's typical character width, for the
/// phrases `rest` (after any already placed).
fn place_by_x(phrases: &mut [Phrase], rest: &[usize]) {
    let mut widths: Vec<f32> = phrases
        .iter()
        .map(|p| (p.x1 - p.x0) / p.chars.max(1) as f32)
        .filter(|c| *c > 0.5)
        .collect();
    widths.sort_by(f32::total_cmp);
    let cw = widths
        .get(widths.len() / 2)
        .copied()
        .unwrap_or(5.0)
        .max(1.0);
    let left = phrases.iter().map(|p| p.x0).fold(f32::INFINITY, f32::min);
    for &i in rest {
        phrases[i].col = ((phrases[i].x0 - left) / cw).round().max(0.0) as usize;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(page: &PageWords) -> String {
        let mut budget = PLACING_BUDGET;
        layout_words(page.words.iter().collect(), &mut budget)
    }

    fn word(text: &str, x0: f32, y1: f32) -> Word {
        Word {
            text: text.into(),
            x0,
            y0: y1 - 10.0,
            x1: x0 + 5.0 * text.len() as f32,
            y1,
        }
    }

    #[test]
    fn columns_stay_apart_and_gaps_make_blank_lines() {
        let page = PageWords {
            number: 1,
            width: 600.0,
            height: 800.0,
            words: vec![
                word("Adults", 50.0, 100.0),
                word("10.0", 300.0, 100.0),
                word("Children", 50.0, 112.0),
                word("5.5", 300.0, 112.0),
                word("Next", 50.0, 160.0),
            ],
        };
        let text = layout(&page);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 6, "{text:?}");
        assert!(
            lines[0].starts_with("Adults") && lines[0].ends_with("10.0"),
            "the leftmost text starts the line: {text:?}"
        );
        assert!(
            lines[0].find("10.0").unwrap() >= "Adults".len() + GUTTER,
            "the columns keep apart: {text:?}"
        );
        assert_eq!(
            lines[1].find("5.5"),
            lines[0].find("10.0"),
            "figures under one another share a column: {text:?}"
        );
        assert_eq!(
            lines[2..5],
            ["", "", ""],
            "a gap of several lines is a paragraph break: {text:?}"
        );
        assert_eq!(lines[5].trim(), "Next");
    }

    #[test]
    fn a_raised_ordinal_stays_on_its_line_and_joins_its_number() {
        // "13" in 12 pt, "th" in 8 pt raised 5 pt: its box's top is above
        // the line's, so it is read first.
        let page = PageWords {
            number: 1,
            width: 600.0,
            height: 800.0,
            words: vec![
                Word {
                    text: "Tuesday".into(),
                    x0: 50.0,
                    y0: 88.0,
                    x1: 92.0,
                    y1: 100.0,
                },
                Word {
                    text: "13".into(),
                    x0: 95.0,
                    y0: 88.0,
                    x1: 107.0,
                    y1: 100.0,
                },
                Word {
                    text: "th".into(),
                    x0: 107.0,
                    y0: 87.0,
                    x1: 113.0,
                    y1: 95.0,
                },
                Word {
                    text: "March".into(),
                    x0: 116.0,
                    y0: 88.0,
                    x1: 146.0,
                    y1: 100.0,
                },
            ],
        };
        assert_eq!(layout(&page), "Tuesday 13th March\n");
    }

    #[test]
    fn cid_widths_by_range_are_spelled_out_and_what_is_not_numbers_dropped() {
        let mut doc = Document::with_version("1.5");
        let width = doc.add_object(Object::Integer(500));
        let n = |i: i64| Object::Integer(i);
        let w = vec![
            n(0),
            Object::Array(vec![n(750)]),
            n(3),
            n(5),
            Object::Reference(width),
            n(7),
            Object::Array(vec![Object::Real(2.5), n(600)]),
            // A range backwards is empty; one past the last CID stops there.
            n(9),
            n(8),
            n(100),
            n(65_534),
            n(i64::from(u32::MAX)),
            n(400),
            n(12),
            Object::Name(b"oops".to_vec()),
            n(13),
        ];
        let mut budget = MAX_SPELLED_WIDTHS;
        let spelled = spell_out_cid_width_entries(&w, &doc, &mut budget);
        let list = |v: Vec<Object>| Object::Array(v);
        assert_eq!(
            spelled,
            vec![
                n(0),
                list(vec![n(750)]),
                n(3),
                list(vec![n(500), n(500), n(500)]),
                n(7),
                list(vec![Object::Real(2.5), n(600)]),
                n(65_534),
                list(vec![n(400), n(400)]),
            ]
        );
        assert!(cid_widths_read_right(&spelled));
        assert!(!cid_widths_read_right(&w));
        assert_eq!(
            budget,
            MAX_SPELLED_WIDTHS - 5,
            "ranges count against the budget"
        );
        let mut small = 2;
        assert_eq!(
            spell_out_cid_width_entries(&[n(1), n(10), n(300)], &doc, &mut small),
            vec![n(1), list(vec![n(300), n(300)])]
        );
        assert_eq!(small, 0, "past the budget, a range is cut short");
    }

    #[test]
    fn quote_operators_are_found_outside_strings_only() {
        assert!(has_quote_operator(
            b"BT /F1 12 Tf 14 TL (Minutes) Tj (of the meeting)' ET"
        ));
        assert!(has_quote_operator(b"BT 1 0 (spaced) \" ET"));
        assert!(!has_quote_operator(
            b"BT (the Council's \\(budget\\) \"plan\") Tj <27> Tj ET % it's"
        ));
    }

    #[test]
    fn a_page_of_phrases_all_overlapping_is_placed_within_its_budget() {
        // Every line as wide as the page, each one a word: set against one
        // another they would cost their count squared.
        let n = 12_000;
        let words: Vec<Word> = (0..n)
            .map(|i| Word {
                text: "x".repeat(40),
                x0: (i % 7) as f32,
                y0: i as f32 * 12.0,
                x1: 500.0,
                y1: i as f32 * 12.0 + 10.0,
            })
            .collect();
        let page = PageWords {
            number: 1,
            width: 600.0,
            height: n as f32 * 12.0,
            words,
        };
        let started = std::time::Instant::now();
        let text = layout(&page);
        assert_eq!(text.lines().count(), n, "every line is kept");
        assert!(
            started.elapsed().as_secs() < 5,
            "placing stops at its budget: {:?}",
            started.elapsed()
        );
    }
}
