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

/// A page's text laid out from its words: lines by baseline, words placed
/// at the column their x gives, a blank line for a gap of more than a line.
pub(super) fn layout(page: &PageWords) -> String {
    let mut words: Vec<&Word> = page.words.iter().collect();
    if words.is_empty() {
        return String::new();
    }
    words.sort_by(|a, b| a.y1.total_cmp(&b.y1).then(a.x0.total_cmp(&b.x0)));
    // A character's width, from the words themselves.
    let mut widths: Vec<f32> =
        words.iter().map(|w| (w.x1 - w.x0) / w.text.chars().count().max(1) as f32).filter(|c| *c > 0.5).collect();
    widths.sort_by(f32::total_cmp);
    let cw = widths.get(widths.len() / 2).copied().unwrap_or(5.0).max(1.0);
    let mut lines: Vec<(f32, f32, Vec<&Word>)> = Vec::new();
    for w in words {
        let height = w.y1 - w.y0;
        match lines.last_mut() {
            Some((base, h, line)) if (w.y1 - *base).abs() < h.max(height) * 0.4 => line.push(w),
            _ => lines.push((w.y1, height, vec![w])),
        }
    }
    let mut out = String::new();
    let mut last: Option<(f32, f32)> = None;
    for (base, height, mut line) in lines {
        if let Some((prev, h)) = last {
            let gap = (base - prev) / h.max(1.0);
            // More than a line and a half apart: a paragraph or a block break.
            let blanks = if gap > 1.6 { 1 + usize::from(gap > 3.5) } else { 0 };
            out.push_str(&"\n".repeat(blanks));
        }
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut text = String::new();
        for w in line {
            let col = (w.x0 / cw).round().max(0.0) as usize;
            let len = text.chars().count();
            let pad = if len == 0 { col } else { col.saturating_sub(len).max(1) };
            // A page wider than any real one is not padded out to its edge.
            text.push_str(&" ".repeat(pad.min(400)));
            text.push_str(&w.text);
        }
        out.push_str(text.trim_end());
        out.push('\n');
        last = Some((base, height));
    }
    out
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
                word("5.5", 305.0, 112.0),
                word("Next", 50.0, 160.0),
            ],
        };
        let text = layout(&page);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5, "{text:?}");
        assert!(lines[0].starts_with("          Adults") && lines[0].ends_with("10.0"), "{text:?}");
        assert!(lines[0].find("10.0").unwrap() > "          Adults".len() + 10, "the columns keep apart: {text:?}");
        assert_eq!(lines[2], "", "a gap of several lines is a paragraph break");
        assert_eq!(lines[4].trim(), "Next");
    }
}
