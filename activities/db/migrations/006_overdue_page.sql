-- The leaders' overdue list a page at a time, at the cost of the page rather than of the list:

-- One ordered range per unit, in the list's own order (most days late first, then case, occurrence,
-- step), so a page is the first rows of each unit's range merged; the columns the counts per unit
-- and step read are in the index too, so the counts need not visit the rows.
DROP INDEX occurrences_by_unit_latest;
CREATE INDEX occurrences_by_unit_latest ON occurrences (unit, latest, case_id, occurrence, step_id) INCLUDE (escalation_level);
-- The escalations waiting for a leader's Kvittér, in the same order.
CREATE INDEX occurrences_escalated_by_unit_latest ON occurrences (unit, latest, case_id, occurrence, step_id) WHERE escalation_level > 0;

-- Who owns a case's open steps, and the earliest latest date among them: the owners the list's
-- filter offers (those with an overdue step) are found by skipping from owner to owner in a unit
-- instead of reading every overdue row. Written with the case's occurrences, in the same transaction.
CREATE TABLE case_owners (
  case_id      text COLLATE "C" NOT NULL REFERENCES cases (case_id) ON DELETE CASCADE,
  owner        text COLLATE "C" NOT NULL,
  unit         text COLLATE "C" NOT NULL,
  first_latest date NOT NULL,
  PRIMARY KEY (case_id, owner)
);
CREATE INDEX case_owners_by_unit_owner ON case_owners (unit, owner, first_latest);

INSERT INTO case_owners (case_id, owner, unit, first_latest)
  SELECT o.case_id, s.owner, min(o.unit), min(o.latest)
  FROM occurrences o CROSS JOIN unnest(o.owner_staff) AS s(owner)
  GROUP BY o.case_id, s.owner;
