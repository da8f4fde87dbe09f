-- The library: imported files and the meetings read from them.
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT    NOT NULL,
    sha256      TEXT    NOT NULL UNIQUE,
    size        INTEGER NOT NULL,
    format      TEXT    NOT NULL,
    encoding    TEXT,
    -- The original bytes, so a paper can be re-read by a better parser
    -- without the user finding the file again.
    content     BLOB    NOT NULL,
    imported_at TEXT    NOT NULL
);

CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    council     TEXT,
    body        TEXT,
    date        TEXT,
    time        TEXT,
    venue       TEXT,
    UNIQUE (document_id, position)
);
CREATE INDEX meetings_date ON meetings(date);

CREATE TABLE agenda_items (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    number      TEXT,
    title       TEXT    NOT NULL,
    reference   TEXT,
    page_from   INTEGER,
    page_to     INTEGER,
    agenda_item TEXT,
    truncated   INTEGER NOT NULL DEFAULT 0,
    text        TEXT    NOT NULL,
    UNIQUE (meeting_id, position)
);

CREATE TABLE resolutions (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT    NOT NULL
);

CREATE TABLE attendance (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('present', 'apologies', 'substitute', 'in_attendance')),
    role        TEXT
);

CREATE TABLE diagnostics (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    severity    TEXT    NOT NULL,
    message     TEXT    NOT NULL,
    page        INTEGER
);
