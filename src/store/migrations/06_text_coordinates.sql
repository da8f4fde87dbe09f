-- Text with coordinates: the page texts; each item's paragraphs (where each stands in the
-- item's text, and its page), and where each resolution and figure stands
-- in it, as byte offsets. Papers stored before this have none until they
-- are re-read (`scrutineer reread`).
ALTER TABLE agenda_items ADD COLUMN paragraphs TEXT NOT NULL DEFAULT '[]';
ALTER TABLE resolutions ADD COLUMN span_start INTEGER;
ALTER TABLE resolutions ADD COLUMN span_end INTEGER;
ALTER TABLE figures ADD COLUMN span_start INTEGER;
ALTER TABLE figures ADD COLUMN span_end INTEGER;

-- The text of each page of a paper, as read: for searching, and for
-- showing a page with what was read from it.
CREATE TABLE page_texts (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    PRIMARY KEY (document_id, number)
) WITHOUT ROWID;
