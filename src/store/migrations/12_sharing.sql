-- Sharing by bundle (issue 13): a colleague's annotations, questions and
-- flag decisions are stored beside the member's own, under the
-- colleague's name. `author` NULL is the member's own; a name is a
-- colleague's, which an import may replace with a newer version but the
-- member's own rows are never touched by one.
ALTER TABLE annotations ADD COLUMN author TEXT;
-- The meeting and the kind of paper an annotation was made on, so that it
-- can be found on a different copy of the same meeting's paper (another
-- download of the pack has another sha256), or wait for that paper.
ALTER TABLE annotations ADD COLUMN council TEXT;
ALTER TABLE annotations ADD COLUMN body TEXT;
ALTER TABLE annotations ADD COLUMN date TEXT;
ALTER TABLE annotations ADD COLUMN paper_kind TEXT;
UPDATE annotations SET (council, body, date, paper_kind) = (
    SELECT m.council, m.body, m.date, p.kind
    FROM documents d JOIN papers p ON p.document_id = d.id LEFT JOIN meetings m ON m.id = p.meeting_id
    WHERE d.sha256 = annotations.sha256 AND p.position = annotations.paper_position
);

ALTER TABLE questions ADD COLUMN author TEXT;

-- A colleague's dismissal applies only where the member decided nothing.
ALTER TABLE flag_dismissals ADD COLUMN author TEXT;

-- Flags by hand get a uid that travels in a bundle (their row id does not).
ALTER TABLE hand_flags ADD COLUMN author TEXT;
ALTER TABLE hand_flags ADD COLUMN uid TEXT;
UPDATE hand_flags SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX hand_flags_uid ON hand_flags(uid);
