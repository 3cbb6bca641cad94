-- The read model: what every case shows of itself, projected by the case workflow after each
-- change. Temporal stays the source of truth; these rows can be rebuilt from the running cases.

CREATE TABLE cases (
  case_id       text PRIMARY KEY,
  programme_id  text NOT NULL,
  rules_version text NOT NULL,
  unit          text NOT NULL,
  municipality  text NOT NULL,
  phase         integer NOT NULL,
  -- role id → staff id (the case's team, and the unit's leaders from the directory)
  team          jsonb NOT NULL,
  leaders       jsonb NOT NULL DEFAULT '{}',
  paused        boolean NOT NULL,
  closed        boolean NOT NULL,
  -- the case's own sequence number: a write with a lower or equal one is ignored
  seq           bigint NOT NULL,
  -- the case's date ('today' in Copenhagen) when the snapshot was taken
  as_of         date NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_by_unit ON cases (unit, case_id);
CREATE INDEX cases_by_municipality ON cases (municipality, unit);

-- The open occurrences of each case (not done, not 'not applicable'), with the case's unit
-- copied in so that the overdue list of a unit is one index range.
CREATE TABLE occurrences (
  case_id          text NOT NULL REFERENCES cases (case_id) ON DELETE CASCADE,
  step_id          text NOT NULL,
  occurrence       integer NOT NULL,
  unit             text NOT NULL,
  phase            integer NOT NULL,
  title            text NOT NULL,
  kind             text NOT NULL,
  earliest         date,
  target           date NOT NULL,
  latest           date NOT NULL,
  time             text,
  status           text NOT NULL CHECK (status IN ('not_yet_open', 'open', 'due_soon', 'overdue')),
  owner_roles      text[] NOT NULL,
  owner_staff      text[] NOT NULL,
  escalation_level integer NOT NULL DEFAULT 0,
  PRIMARY KEY (case_id, step_id, occurrence)
);
-- Overdue for units: unit, then latest date (= most days late first).
CREATE INDEX occurrences_by_unit_latest ON occurrences (unit, latest);
-- A staff member's tasks.
CREATE INDEX occurrences_by_owner ON occurrences USING gin (owner_staff);

-- Overdue counts per unit and step, once a day, for the leaders' charts.
CREATE TABLE overdue_snapshots (
  day     date NOT NULL,
  unit    text NOT NULL,
  step_id text NOT NULL,
  count   integer NOT NULL CHECK (count > 0),
  PRIMARY KEY (day, unit, step_id)
);
-- The days a snapshot was taken, so that a day without overdue steps counts as 0, not as missing.
CREATE TABLE overdue_snapshot_days (
  day      date PRIMARY KEY,
  taken_at timestamptz NOT NULL DEFAULT now()
);
