-- The member's decisions about flags. Flags themselves are worked out from
-- the stored lines and figures each time (flags::rules), so they follow a
-- threshold or a re-read at once; only what the member decided is kept,
-- keyed by the paper's sha256 (flags::LineFacts::key), so that it survives
-- a re-import of the same paper.

-- Thresholds: one row for the library ('global') and one per meeting that
-- has its own, keyed by the meeting's council, body, date and time.
CREATE TABLE flag_thresholds (
    scope       TEXT PRIMARY KEY,
    thresholds  TEXT NOT NULL          -- JSON flags::Thresholds
);

-- Flags the member dismissed, with why: shown struck through, restorable.
CREATE TABLE flag_dismissals (
    flag_key     TEXT PRIMARY KEY,
    reason       TEXT NOT NULL,
    dismissed_at TEXT NOT NULL
);

-- Flags the member added on a budget line or a figure, with a note.
CREATE TABLE hand_flags (
    id          INTEGER PRIMARY KEY,
    target      TEXT NOT NULL,         -- a line's or a figure's key
    note        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX hand_flags_target ON hand_flags(target);

-- Corrections to how a line is followed across reports: two line keys
-- (the smaller first) joined as one line, or split apart.
CREATE TABLE line_links (
    a           TEXT NOT NULL,
    b           TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('join', 'split')),
    PRIMARY KEY (a, b)
);
