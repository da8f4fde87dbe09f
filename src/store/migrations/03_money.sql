-- Budget tables and money figures read from the papers. Values are exact
-- integer pence beside the text as printed.
CREATE TABLE budget_tables (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    item_id     INTEGER REFERENCES agenda_items(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    caption     TEXT,
    unit        TEXT,
    period      TEXT,
    page        INTEGER,
    -- Column names in order, as a JSON array: shown whole, never queried.
    columns     TEXT    NOT NULL
);
CREATE INDEX budget_tables_item ON budget_tables(item_id);

CREATE TABLE budget_lines (
    id          INTEGER PRIMARY KEY,
    table_id    INTEGER NOT NULL REFERENCES budget_tables(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    label       TEXT    NOT NULL,
    total_row   INTEGER NOT NULL
);
CREATE INDEX budget_lines_table ON budget_lines(table_id);

CREATE TABLE budget_values (
    line_id     INTEGER NOT NULL REFERENCES budget_lines(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    column_name TEXT    NOT NULL,
    printed     TEXT    NOT NULL,
    pence       INTEGER NOT NULL,
    PRIMARY KEY (line_id, position)
);

CREATE TABLE figures (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    text         TEXT    NOT NULL,
    amount_pence INTEGER NOT NULL,
    direction    TEXT    NOT NULL CHECK (direction IN ('overspend', 'underspend', 'other')),
    subject      TEXT,
    period       TEXT,
    page         INTEGER,
    sentence     TEXT    NOT NULL
);
CREATE INDEX figures_item ON figures(item_id);
