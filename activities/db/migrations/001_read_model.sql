-- The read model: what every case shows of itself, projected by the case workflow after each
-- change. Temporal stays the source of truth; these rows can be rebuilt from the running cases.
-- Ids and codes sort and compare byte by byte (COLLATE "C"): they are ASCII, and the lists sort
-- thousands of rows by them.

CREATE TABLE cases (
  case_id       text COLLATE "C" PRIMARY KEY,
  programme_id  text COLLATE "C" NOT NULL,
  rules_version text NOT NULL,
  unit          text COLLATE "C" NOT NULL,
  municipality  text COLLATE "C" NOT NULL,
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

-- The open occurrences of each open case (not done, not 'not applicable'; a closed case has
-- none), with the case fields the lists show copied in, so that the overdue list of a unit is
-- one index range and no join.
CREATE TABLE occurrences (
  case_id          text COLLATE "C" NOT NULL REFERENCES cases (case_id) ON DELETE CASCADE,
  step_id          text COLLATE "C" NOT NULL,
  occurrence       integer NOT NULL,
  unit             text COLLATE "C" NOT NULL,
  municipality     text COLLATE "C" NOT NULL,
  programme_id     text COLLATE "C" NOT NULL,
  case_phase       integer NOT NULL,
  paused           boolean NOT NULL,
  phase            integer NOT NULL,
  title            text NOT NULL,
  kind             text NOT NULL,
  earliest         date,
  target           date NOT NULL,
  latest           date NOT NULL,
  time             text,
  status           text NOT NULL CHECK (status IN ('not_yet_open', 'open', 'due_soon', 'overdue')),
  owner_roles      text[] NOT NULL,
  owner_staff      text[] COLLATE "C" NOT NULL,
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
  unit    text COLLATE "C" NOT NULL,
  step_id text COLLATE "C" NOT NULL,
  count   integer NOT NULL CHECK (count > 0),
  PRIMARY KEY (day, unit, step_id)
);
-- The days a snapshot was taken, so that a day without overdue steps counts as 0, not as missing.
CREATE TABLE overdue_snapshot_days (
  day      date PRIMARY KEY,
  taken_at timestamptz NOT NULL DEFAULT now()
);
