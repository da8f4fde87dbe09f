-- The member's annotations (issue 12). Each keeps W3C Web Annotation
-- selectors against the item it was made on: the document's sha256, its
-- paper's and the item's positions (the same after a re-import or a
-- re-read), the quote with its context (TextQuoteSelector) and its byte
-- offsets in the item's text (TextPositionSelector), and the page. Where
-- it stands now is worked out when it is read (store::annotations), on a
-- revised copy of the paper where there is one. Deleting sets deleted_at
-- (undoable); the text changing never removes one.
CREATE TABLE annotations (
    id              INTEGER PRIMARY KEY,
    uid             TEXT    NOT NULL UNIQUE,
    sha256          TEXT    NOT NULL,
    paper_position  INTEGER NOT NULL,
    item_position   INTEGER NOT NULL,
    item_title      TEXT    NOT NULL,
    exact           TEXT    NOT NULL,
    prefix          TEXT    NOT NULL,
    suffix          TEXT    NOT NULL,
    start           INTEGER NOT NULL,
    end             INTEGER NOT NULL,
    page            INTEGER,
    colour          TEXT    NOT NULL,
    note            TEXT    NOT NULL DEFAULT '',
    tags            TEXT    NOT NULL DEFAULT '[]',   -- JSON array of strings
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    deleted_at      TEXT
);
CREATE INDEX annotations_document ON annotations(sha256);
