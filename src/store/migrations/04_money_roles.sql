-- What the money reader now knows beside the numbers: each column's role
-- (budget, forecast, variance, movement, ...), the paper's sign convention,
-- the category a line stands under and the page it is printed on, and the
-- kind of each figure in the prose. Flags read these, never column names.
-- NULL in libraries made before: a re-read fills them.
ALTER TABLE budget_tables ADD COLUMN sign TEXT;   -- JSON: {"positive_is_overspend", "stated"}
ALTER TABLE budget_lines ADD COLUMN section TEXT;
ALTER TABLE budget_lines ADD COLUMN page INTEGER;
ALTER TABLE budget_values ADD COLUMN role TEXT;
ALTER TABLE figures ADD COLUMN kind TEXT;
