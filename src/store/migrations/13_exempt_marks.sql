-- The member's own marking of an item as exempt or confidential (issue
-- 13), or as not exempt where the printed marking was read wrongly. Keyed
-- as annotations are, by what survives a re-import or a re-read: the
-- document's sha256, the paper's and the item's positions in it. No row:
-- what the paper prints decides (`export::exempt::detect`).
CREATE TABLE exempt_marks (
    sha256          TEXT    NOT NULL,
    paper_position  INTEGER NOT NULL,
    item_position   INTEGER NOT NULL,
    exempt          INTEGER NOT NULL CHECK (exempt IN (0, 1)),
    marked_at       TEXT    NOT NULL,
    PRIMARY KEY (sha256, paper_position, item_position)
);
