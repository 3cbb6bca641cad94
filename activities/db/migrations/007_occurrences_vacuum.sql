-- The overdue counts read the (unit, latest, …) index alone, which skips the table only for pages the
-- visibility map marks all-visible; every projection rewrites its case's rows and clears that mark.
-- Vacuum these tables after 2 % of their rows changed or were added (the default waits for 20 %), so
-- the map stays fresh between two mornings' projections and the counts stay index-only.
ALTER TABLE occurrences SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.05);
ALTER TABLE case_owners SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
