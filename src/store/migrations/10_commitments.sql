-- Commitments (issue 12): what an answer or a minute promises ("a further
-- report would be brought in the spring"), marked by the member (or
-- accepted from a suggestion the reader found in the minutes), with a due
-- date. Anchored like an annotation (the words in the item they stand
-- in), so they survive re-reading. Deleting hides.
CREATE TABLE commitments (
    id          INTEGER PRIMARY KEY,
    annotation  TEXT    NOT NULL,   -- annotations.uid of the promising words
    due         TEXT,               -- ISO date; NULL: no date given
    done        INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL,
    deleted_at  TEXT
);
