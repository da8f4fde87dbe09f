-- Text with coordinates: each item's paragraphs (where each stands in the
-- item's text, and its page), and where each resolution and figure stands
-- in it, as byte offsets. Papers stored before this have none until they
-- are re-read (`scrutineer reread`).
ALTER TABLE agenda_items ADD COLUMN paragraphs TEXT NOT NULL DEFAULT '[]';
ALTER TABLE resolutions ADD COLUMN span_start INTEGER;
ALTER TABLE resolutions ADD COLUMN span_end INTEGER;
ALTER TABLE figures ADD COLUMN span_start INTEGER;
ALTER TABLE figures ADD COLUMN span_end INTEGER;
