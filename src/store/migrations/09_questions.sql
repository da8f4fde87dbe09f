-- The member's questions (issue 12): drafted in Markdown for a meeting,
-- with a person they are to, a status, the answer, and a place in the
-- meeting's running order; each with its evidence. The meeting is kept by
-- its council, body and date (meeting ids change as papers come and go).
-- Deleting sets deleted_at (undoable, also after a restart).
CREATE TABLE questions (
    id           INTEGER PRIMARY KEY,
    uid          TEXT    NOT NULL UNIQUE,
    council      TEXT,
    body         TEXT    NOT NULL,
    date         TEXT    NOT NULL,
    position     INTEGER NOT NULL,
    text         TEXT    NOT NULL DEFAULT '',
    addressee    TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft', 'ready', 'asked', 'answered', 'follow_up')),
    answer       TEXT    NOT NULL DEFAULT '',
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    deleted_at   TEXT
);
CREATE INDEX questions_meeting ON questions(body, date);

-- What a question stands on. A quoted passage is an annotation (so it is
-- found again on a revised paper as annotations are); a flag, a budget
-- line or a figure by its key, with the words it had when it was cited.
CREATE TABLE question_evidence (
    question_id  INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('quote', 'flag', 'line', 'figure')),
    annotation   TEXT,               -- annotations.uid, for a quote
    target       TEXT,               -- a flag's, line's or figure's key
    label        TEXT    NOT NULL,   -- what it said when cited
    page         INTEGER,
    PRIMARY KEY (question_id, position)
);
