-- Settings of this library (issue 13): the member's name for sharing, the
-- backup folder and when the last backup was made.
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- A question's answer quoted from a later meeting's minutes (issue 12):
-- the quote is an annotation there, found again like any other.
ALTER TABLE questions ADD COLUMN answer_annotation TEXT;   -- annotations.uid

-- A question can stand on a whole agenda item. SQLite cannot change a
-- CHECK, so the evidence table is made again with the new kind.
CREATE TABLE question_evidence_new (
    question_id  INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('quote', 'flag', 'line', 'figure', 'item')),
    annotation   TEXT,               -- annotations.uid, for a quote
    target       TEXT,               -- a flag's, line's, figure's or item's key
    label        TEXT    NOT NULL,   -- what it said when cited
    page         INTEGER,
    PRIMARY KEY (question_id, position)
);
INSERT INTO question_evidence_new SELECT question_id, position, kind, annotation, target, label, page FROM question_evidence;
DROP TABLE question_evidence;
ALTER TABLE question_evidence_new RENAME TO question_evidence;
