-- Meetings as members think of them: one body of a council on one day
-- (and time), with every paper that belongs to it. What used to be a
-- "meeting" row is what one document says of one meeting: a paper.
ALTER TABLE meetings RENAME TO papers;
ALTER TABLE agenda_items RENAME COLUMN meeting_id TO paper_id;
ALTER TABLE attendance RENAME COLUMN meeting_id TO paper_id;
DROP INDEX meetings_date;

CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    council     TEXT,
    body        TEXT    NOT NULL,
    date        TEXT    NOT NULL,
    time        TEXT,
    venue       TEXT
);
CREATE INDEX meetings_date ON meetings(date);

-- Which meeting a paper belongs to (NULL: not matched to a meeting) and
-- what it is to that meeting. Worked out again after every change
-- (store::grouping), from the papers and the placements below.
ALTER TABLE papers ADD COLUMN kind TEXT NOT NULL DEFAULT 'paper';
ALTER TABLE papers ADD COLUMN meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL;
CREATE INDEX papers_meeting ON papers(meeting_id);
CREATE INDEX agenda_items_paper ON agenda_items(paper_id);

-- Where the member (or an import batch) put a paper, overriding what its
-- header says. Keyed by what survives a re-reading (the document's sha256
-- and the paper's place in it), never by a row id; the meeting is named by
-- what identifies it. All four NULL: not matched to any meeting.
CREATE TABLE placements (
    sha256      TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    council     TEXT,
    body        TEXT,
    date        TEXT,
    time        TEXT,
    decided_by  TEXT    NOT NULL CHECK (decided_by IN ('member', 'import')),
    PRIMARY KEY (sha256, position)
);
