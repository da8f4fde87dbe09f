//! The pure-Rust PDF reader's words with their boxes, and the page text
//! laid out from them the way `pdftotext -layout` lays it out (columns kept
//! apart by spaces, a blank line where the page leaves a gap), so tables
//! and paragraphs read the same where poppler is not installed (most
//! Windows and Mac laptops). pdf-extract hands over each character with
//! its text matrix; words are runs of characters on one baseline with no
//! gap between them.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::{PageWords, Word};

/// Most characters read with their positions; a paper with more (a stream
/// that repeats its text to swell) is read as plain text instead, whose
/// memory stays far lower.
pub(super) const MAX_CHARACTERS: usize = 4_000_000;

/// Collects words page by page from pdf-extract's character stream.
struct Collector {
    /// From PDF space (origin bottom left) to page space (top left).
    flip: Transform,
    page: PageWords,
    word: Option<(Word, f32)>,
    pages: Vec<PageWords>,
    characters: usize,
}

impl Collector {
    fn flush(&mut self) {
        if let Some((w, _)) = self.word.take() {
            if !w.text.trim().is_empty() {
                self.page.words.push(w);
            }
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(&mut self, number: u32, media_box: &MediaBox, _: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        let height = media_box.ury - media_box.lly;
        self.flip = Transform::row_major(1., 0., 0., -1., -media_box.llx, media_box.ury);
        self.page = PageWords { number, width: (media_box.urx - media_box.llx) as f32, height: height as f32, words: Vec::new() };
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.flush();
        self.pages.push(std::mem::take(&mut self.page));
        Ok(())
    }

    fn output_character(&mut self, trm: &Transform, width: f64, spacing: f64, font_size: f64, ch: &str) -> Result<(), OutputError> {
        self.characters += 1;
        if self.characters > MAX_CHARACTERS {
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        let at = trm.post_transform(&self.flip);
        let (x, baseline) = (at.m31 as f32, at.m32 as f32);
        // The matrix scales the font: across for the advance, up for the height.
        let scale = trm.m11.hypot(trm.m12);
        let size = (trm.m21.hypot(trm.m22) * font_size).abs().max(1.0) as f32;
        // The advance includes character spacing, as the pen moves: text
        // spaced out to justify it is still one word per word.
        let advance = ((width * font_size + spacing) * scale).max(0.0) as f32;
        if ch.trim().is_empty() || !x.is_finite() || !baseline.is_finite() {
            self.flush();
            return Ok(());
        }
        // Words by where the characters stand, not by how the PDF draws
        // them: a generator that places every character on its own
        // (charts, tables from spreadsheets) still gives whole words. A
        // gap of a tenth of the font size, a step back, another baseline
        // or another size starts a new word, as in poppler.
        let joins = self.word.as_ref().is_some_and(|(w, s)| {
            let gap = x - w.x1;
            (w.y1 - baseline).abs() < (s * 0.05).max(0.5) && gap < s * 0.1 && gap > -s * 0.2 && (size - s).abs() <= s * 0.05
        });
        if !joins {
            self.flush();
            self.word = Some((Word { text: String::new(), x0: x, y0: baseline - size, x1: x, y1: baseline }, size));
        }
        if let Some((w, _)) = self.word.as_mut() {
            w.text.push_str(ch);
            w.x1 = w.x1.max(x + advance);
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

/// Every page's words, read with pdf-extract; an error where a page cannot
/// be read or there are over `MAX_CHARACTERS`.
pub(super) fn words(doc: &pdf_extract::Document) -> Result<Vec<PageWords>, OutputError> {
    let mut collector =
        Collector { flip: Transform::identity(), page: PageWords::default(), word: None, pages: Vec::new(), characters: 0 };
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    for n in numbers {
        pdf_extract::output_doc_page(doc, &mut collector, n)?;
    }
    Ok(collector.pages)
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
/// superscript ("13th") or a change of font inside a word.
const SPACE_GAP: f32 = 0.15;

/// Spaces at least between two phrases side by side, as `pdftotext
/// -layout` keeps them, so the text table reader sees two cells.
const GUTTER: usize = 3;

/// Past this many phrases on a page, columns come from x alone: placing
/// each phrase against every one before it costs their count squared.
const MAX_PLACED: usize = 4000;

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

/// A page's text laid out from its words as `pdftotext -layout` lays it
/// out: lines by baseline (a superscript stays on its line); on each
/// line, phrases (words at ordinary word spacing, single-spaced); each
/// phrase's column from the text to its left anywhere on the page, so
/// table columns line up and the leftmost text starts at column 0; and
/// blank lines for the vertical gaps, one per font size of gap past the
/// first.
pub(super) fn layout(page: &PageWords) -> String {
    let lines = lines_of(page);
    if lines.is_empty() {
        return String::new();
    }
    let mut phrases: Vec<Phrase> = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let mut words = line.words.iter();
        let Some(first) = words.next() else { continue };
        let mut p = Phrase { line: n, text: first.text.clone(), chars: first.text.chars().count(), x0: first.x0, x1: first.x1, col: 0 };
        for w in words {
            let gap = w.x0 - p.x1;
            let size = size_of(w).max(line.size * 0.5);
            if gap > size * PHRASE_GAP {
                phrases.push(std::mem::replace(
                    &mut p,
                    Phrase { line: n, text: w.text.clone(), chars: w.text.chars().count(), x0: w.x0, x1: w.x1, col: 0 },
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
    place(&mut phrases);
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
            let pad = if len == 0 { p.col } else { p.col.saturating_sub(len).max(1) };
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

/// The page's words in lines: by the top of their box, then grouped while
/// their baselines stay within half a font size of the line's first word
/// (a superscript's top is level with its line's, its baseline is not).
fn lines_of(page: &PageWords) -> Vec<Line<'_>> {
    let mut words: Vec<&Word> = page.words.iter().filter(|w| w.x0.is_finite() && w.y0.is_finite()).collect();
    words.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Line> = Vec::new();
    for w in words {
        match lines.last_mut() {
            Some(line) if (w.y1 - line.base).abs() < line.size * 0.5 => line.words.push(w),
            _ => lines.push(Line { base: w.y1, size: size_of(w), words: vec![w] }),
        }
    }
    for line in &mut lines {
        line.words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    lines.sort_by(|a, b| a.base.total_cmp(&b.base));
    lines
}

/// Each phrase's column: past the end of every phrase wholly to its left
/// (by the gutter), and at least as far along as its start falls within
/// any phrase it overlaps, counted in that phrase's characters. So text
/// keeps its order across the page without a fixed character width, and
/// figures under one another share a column.
fn place(phrases: &mut [Phrase]) {
    if phrases.len() > MAX_PLACED {
        // Columns by x alone, in the page's typical character width.
        let mut widths: Vec<f32> =
            phrases.iter().map(|p| (p.x1 - p.x0) / p.chars.max(1) as f32).filter(|c| *c > 0.5).collect();
        widths.sort_by(f32::total_cmp);
        let cw = widths.get(widths.len() / 2).copied().unwrap_or(5.0).max(1.0);
        let left = phrases.iter().map(|p| p.x0).fold(f32::INFINITY, f32::min);
        for p in phrases.iter_mut() {
            p.col = ((p.x0 - left) / cw).round().max(0.0) as usize;
        }
        return;
    }
    let mut order: Vec<usize> = (0..phrases.len()).collect();
    order.sort_by(|&a, &b| phrases[a].x0.total_cmp(&phrases[b].x0));
    for (i, &a) in order.iter().enumerate() {
        let x = phrases[a].x0;
        let mut col = 0;
        for &b in &order[..i] {
            let q = &phrases[b];
            let at = if x >= q.x1 {
                q.col + q.chars + GUTTER
            } else if q.x1 > q.x0 {
                q.col + (((x - q.x0) / (q.x1 - q.x0)) * q.chars as f32) as usize
            } else {
                q.col
            };
            col = col.max(at);
        }
        phrases[a].col = col;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: f32, y1: f32) -> Word {
        Word { text: text.into(), x0, y0: y1 - 10.0, x1: x0 + 5.0 * text.len() as f32, y1 }
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
        assert!(lines[0].starts_with("Adults") && lines[0].ends_with("10.0"), "the leftmost text starts the line: {text:?}");
        assert!(lines[0].find("10.0").unwrap() >= "Adults".len() + GUTTER, "the columns keep apart: {text:?}");
        assert_eq!(lines[1].find("5.5"), lines[0].find("10.0"), "figures under one another share a column: {text:?}");
        assert_eq!(lines[2..5], ["", "", ""], "a gap of several lines is a paragraph break: {text:?}");
        assert_eq!(lines[5].trim(), "Next");
    }
}
