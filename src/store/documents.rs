//! The `documents` table, and writing a parsed paper into the library.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use super::{Library, StoreError};
use crate::ids::DocumentId;
use crate::ingest::Page;
use crate::parse::{Diagnostic, Paper, Severity};

/// A file about to be stored.
pub struct NewDocument<'a> {
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub format: &'a str,
    pub encoding: Option<&'a str>,
    pub content: &'a [u8],
    pub imported_at: DateTime<Utc>,
}

/// Whether a paper was stored, or was found already in the library.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stored {
    New(DocumentId),
    Existing(DocumentId),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DocumentSummary {
    pub id: DocumentId,
    pub file_name: String,
    pub size: i64,
    pub format: String,
    pub imported_at: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl Library {
    /// The document with these bytes, if the library has it already.
    pub fn find_document_by_sha256(&self, sha256: &str) -> Result<Option<DocumentId>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id FROM documents WHERE sha256 = ?1",
                [sha256],
                |r| r.get(0),
            )
            .optional()?
            .map(DocumentId))
    }

    /// Stores a document and everything read from it, in one transaction.
    /// The same bytes may have arrived from another process since the
    /// caller last looked: that is found under the write lock, not left to
    /// the unique constraint to refuse.
    pub fn insert_paper(
        &mut self,
        doc: &NewDocument,
        paper: &Paper,
        pages: &[Page],
    ) -> Result<Stored, StoreError> {
        let tx = self.conn_mut().transaction()?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM documents WHERE sha256 = ?1",
                [doc.sha256],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            return Ok(Stored::Existing(DocumentId(id)));
        }
        let id = insert_all(&tx, doc, paper)?;
        insert_pages(&tx, id.0, pages)?;
        super::grouping::regroup(&tx)?;
        tx.commit()?;
        Ok(Stored::New(id))
    }

    /// Removes a document and everything read from it (meetings, items,
    /// tables: the foreign keys cascade). Returns its file name.
    pub fn remove_document(&mut self, id: DocumentId) -> Result<String, StoreError> {
        let tx = self.conn_mut().transaction()?;
        let name: String = tx
            .query_row(
                "SELECT file_name FROM documents WHERE id = ?1",
                [id.0],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "document",
                id: id.0,
            })?;
        tx.execute("DELETE FROM documents WHERE id = ?1", [id.0])?;
        super::grouping::regroup(&tx)?;
        tx.commit()?;
        Ok(name)
    }

    /// How many documents the library holds.
    pub fn count_documents(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?)
    }

    pub fn get_document(&self, id: DocumentId) -> Result<DocumentSummary, StoreError> {
        let mut doc = self
            .conn()
            .query_row(
                "SELECT id, file_name, size, format, imported_at FROM documents WHERE id = ?1",
                [id.0],
                |r| {
                    Ok(DocumentSummary {
                        id: DocumentId(r.get(0)?),
                        file_name: r.get(1)?,
                        size: r.get(2)?,
                        format: r.get(3)?,
                        imported_at: r.get(4)?,
                        diagnostics: Vec::new(),
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "document",
                id: id.0,
            })?;
        let mut stmt = self.conn().prepare(
            "SELECT severity, message, page FROM diagnostics WHERE document_id = ?1 ORDER BY id",
        )?;
        doc.diagnostics = stmt
            .query_map([id.0], |r| {
                let severity: String = r.get(0)?;
                Ok(Diagnostic {
                    // Only the two severities are ever written.
                    severity: Severity::from_str_opt(&severity).unwrap_or(Severity::Warning),
                    message: r.get(1)?,
                    page: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(doc)
    }
}

/// How much was read from one document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReadingCounts {
    pub meetings: i64,
    pub items: i64,
    pub attendance: i64,
    pub resolutions: i64,
    pub budget_lines: i64,
    pub figures: i64,
}

/// A stored paper's original bytes, for reading it again.
pub struct StoredPaper {
    pub id: DocumentId,
    pub file_name: String,
    pub content: Vec<u8>,
}

impl Library {
    /// The ids of every stored document, oldest first.
    pub fn document_ids(&self) -> Result<Vec<DocumentId>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id FROM documents ORDER BY id")?;
        let ids = stmt
            .query_map([], |r| r.get(0).map(DocumentId))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// How much was read from a document: what `reread` compares.
    pub fn reading_counts(&self, id: DocumentId) -> Result<ReadingCounts, StoreError> {
        Ok(self.conn().query_row(
            "SELECT
               (SELECT count(*) FROM papers WHERE document_id = ?1),
               (SELECT count(*) FROM agenda_items i JOIN papers m ON m.id = i.paper_id WHERE m.document_id = ?1),
               (SELECT count(*) FROM attendance a JOIN papers m ON m.id = a.paper_id WHERE m.document_id = ?1),
               (SELECT count(*) FROM resolutions r JOIN agenda_items i ON i.id = r.item_id
                  JOIN papers m ON m.id = i.paper_id WHERE m.document_id = ?1),
               (SELECT count(*) FROM budget_lines l JOIN budget_tables t ON t.id = l.table_id WHERE t.document_id = ?1),
               (SELECT count(*) FROM figures f JOIN agenda_items i ON i.id = f.item_id
                  JOIN papers m ON m.id = i.paper_id WHERE m.document_id = ?1)",
            [id.0],
            |r| {
                Ok(ReadingCounts {
                    meetings: r.get(0)?,
                    items: r.get(1)?,
                    attendance: r.get(2)?,
                    resolutions: r.get(3)?,
                    budget_lines: r.get(4)?,
                    figures: r.get(5)?,
                })
            },
        )?)
    }

    /// A stored PDF's original bytes, for drawing its pages; None when the
    /// document is not a PDF.
    pub fn pdf_bytes(&self, id: DocumentId) -> Result<Option<Vec<u8>>, StoreError> {
        let (format, content): (String, Vec<u8>) = self
            .conn()
            .query_row(
                "SELECT format, content FROM documents WHERE id = ?1",
                [id.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "document",
                id: id.0,
            })?;
        Ok((format == crate::ingest::Format::Pdf.as_str()).then_some(content))
    }

    /// A document's file name and original bytes.
    pub fn stored_paper(&self, id: DocumentId) -> Result<StoredPaper, StoreError> {
        self.conn()
            .query_row(
                "SELECT file_name, content FROM documents WHERE id = ?1",
                [id.0],
                |r| {
                    Ok(StoredPaper {
                        id,
                        file_name: r.get(0)?,
                        content: r.get(1)?,
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "document",
                id: id.0,
            })
    }

    /// Replaces what was read from a document with a new reading, in one
    /// transaction: the document (its bytes, name and sha256) stays, its
    /// meetings, items, tables, figures and diagnostics are read anew.
    pub fn replace_reading(
        &mut self,
        id: DocumentId,
        format: &str,
        encoding: &str,
        paper: &Paper,
        pages: &[Page],
    ) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction()?;
        // Papers cascade to items, attendance, resolutions and figures.
        tx.execute("DELETE FROM papers WHERE document_id = ?1", [id.0])?;
        tx.execute("DELETE FROM budget_tables WHERE document_id = ?1", [id.0])?;
        tx.execute("DELETE FROM diagnostics WHERE document_id = ?1", [id.0])?;
        tx.execute("DELETE FROM page_texts WHERE document_id = ?1", [id.0])?;
        insert_pages(&tx, id.0, pages)?;
        tx.execute(
            "UPDATE documents SET format = ?2, encoding = ?3 WHERE id = ?1",
            params![id.0, format, encoding],
        )?;
        insert_reading(&tx, id.0, paper)?;
        super::grouping::regroup(&tx)?;
        tx.commit()?;
        Ok(())
    }
}

/// The text of each page, as the reader read it.
fn insert_pages(tx: &Transaction, doc_id: i64, pages: &[Page]) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT OR REPLACE INTO page_texts (document_id, number, text) VALUES (?1, ?2, ?3)",
    )?;
    for p in pages {
        stmt.execute(params![doc_id, p.number, p.text])?;
    }
    Ok(())
}

impl Library {
    /// A page's text as read from the paper, if the library has it.
    pub fn page_text(&self, document: DocumentId, page: u32) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT text FROM page_texts WHERE document_id = ?1 AND number = ?2",
                params![document.0, page],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// How many pages of a document's text the library holds.
    pub fn page_count(&self, document: DocumentId) -> Result<i64, StoreError> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM page_texts WHERE document_id = ?1",
            [document.0],
            |r| r.get(0),
        )?)
    }
}

fn insert_all(
    tx: &Transaction,
    doc: &NewDocument,
    paper: &Paper,
) -> Result<DocumentId, StoreError> {
    tx.execute(
        "INSERT INTO documents (file_name, sha256, size, format, encoding, content, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            doc.file_name,
            doc.sha256,
            doc.content.len() as i64,
            doc.format,
            doc.encoding,
            doc.content,
            doc.imported_at.to_rfc3339(),
        ],
    )?;
    let doc_id = tx.last_insert_rowid();
    insert_reading(tx, doc_id, paper)?;
    Ok(DocumentId(doc_id))
}

/// Everything read from a paper, under its document row.
fn insert_reading(tx: &Transaction, doc_id: i64, paper: &Paper) -> Result<(), StoreError> {
    // Item row ids by meeting and item index, for the tables that follow.
    let mut item_ids: Vec<Vec<i64>> = Vec::new();
    for (mpos, m) in paper.meetings.iter().enumerate() {
        item_ids.push(Vec::new());
        tx.execute(
            "INSERT INTO papers (document_id, position, council, body, date, time, venue, kind)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                doc_id,
                mpos as i64,
                m.council,
                m.body,
                m.date.map(|d| d.to_string()),
                m.time.map(|t| t.format("%H:%M").to_string()),
                m.venue,
                m.kind.as_str(),
            ],
        )?;
        let paper_id = tx.last_insert_rowid();
        for (ipos, item) in m.items.iter().enumerate() {
            tx.execute(
                "INSERT INTO agenda_items (paper_id, position, number, title, reference, page_from, page_to, agenda_item, truncated, text, page, report, paragraphs)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    paper_id,
                    ipos as i64,
                    item.number,
                    item.title,
                    item.reference,
                    item.pages.map(|p| p[0]),
                    item.pages.map(|p| p[1]),
                    item.agenda_item,
                    item.truncated,
                    item.text,
                    item.page,
                    item.report.as_ref().map(serde_json::to_string).transpose()?,
                    serde_json::to_string(&item.paragraphs)?,
                ],
            )?;
            let item_id = tx.last_insert_rowid();
            item_ids[mpos].push(item_id);
            super::money::insert_figures(tx, item_id, &item.figures)?;
            for (apos, a) in item.attendance.iter().enumerate() {
                tx.execute(
                    "INSERT INTO attendance (paper_id, item_id, position, name, status, role) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![paper_id, item_id, apos as i64, a.name, a.status.as_str(), a.role],
                )?;
            }
            for (rpos, r) in item.resolutions.iter().enumerate() {
                let span = item.resolution_spans.get(rpos);
                tx.execute(
                    "INSERT INTO resolutions (item_id, position, text, span_start, span_end) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![item_id, rpos as i64, r, span.map(|s| s.start as i64), span.map(|s| s.end as i64)],
                )?;
            }
        }
        for (apos, a) in m.attendance.iter().enumerate() {
            tx.execute(
                "INSERT INTO attendance (paper_id, position, name, status, role) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![paper_id, apos as i64, a.name, a.status.as_str(), a.role],
            )?;
        }
    }
    for (tpos, t) in paper.budget_tables.iter().enumerate() {
        let item_id = t
            .meeting
            .zip(t.item_index)
            .and_then(|(m, i)| item_ids.get(m).and_then(|v| v.get(i)).copied());
        super::money::insert_table(tx, doc_id, item_id, tpos, &t.table)?;
    }
    for d in &paper.diagnostics {
        tx.execute(
            "INSERT INTO diagnostics (document_id, severity, message, page) VALUES (?1, ?2, ?3, ?4)",
            params![doc_id, d.severity.as_str(), d.message, d.page],
        )?;
    }
    Ok(())
}
