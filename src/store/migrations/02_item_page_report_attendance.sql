-- Where an item starts in its source, the report bound in for it, and
-- officers who attended for one item only.
ALTER TABLE agenda_items ADD COLUMN page INTEGER;
-- The report's cover block (by, to, subject, classification, pages) as JSON:
-- read and shown whole, never queried by field.
ALTER TABLE agenda_items ADD COLUMN report TEXT;
ALTER TABLE attendance ADD COLUMN item_id INTEGER REFERENCES agenda_items(id) ON DELETE CASCADE;
CREATE INDEX attendance_item ON attendance(item_id);
