-- The audit log: one row per action, append-only and hash-chained. Each row's hash is sha256 over
-- the previous row's hash and the row's canonical JSON (activities/db/audit.ts), so a changed,
-- removed or reordered row breaks the chain. It outlives Temporal's retention.

CREATE TABLE audit_log (
  id        bigint PRIMARY KEY,
  at        timestamptz NOT NULL,
  -- a staff id, or 'workflow' / 'system'
  actor     text NOT NULL,
  -- an action code such as 'case.event' or 'rules.publish'
  action    text NOT NULL,
  case_id   text,
  source    text NOT NULL CHECK (source IN ('web', 'cli', 'workflow')),
  -- ids and codes only: never a name or a CPR number
  details   jsonb NOT NULL DEFAULT '{}',
  prev_hash text NOT NULL,
  hash      text NOT NULL UNIQUE
);
CREATE INDEX audit_log_by_case ON audit_log (case_id, id) WHERE case_id IS NOT NULL;

-- The chain's head: appends lock this one row, so concurrent appends queue up and never fork.
CREATE TABLE audit_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_id   bigint NOT NULL,
  last_hash text NOT NULL
);
INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (true, 0, repeat('0', 64));

-- Append-only: an UPDATE or DELETE is refused. (An owner can still disable this; the hash chain
-- is what detects that.)
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
