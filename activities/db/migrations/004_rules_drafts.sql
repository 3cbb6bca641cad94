-- The rules editor's drafts: one per administrator and programme, kept until it is proposed.
-- Source text only (rules, never personal data); the compiled model is made again when needed.

CREATE TABLE rules_drafts (
  programme_id text NOT NULL,
  staff_id     text NOT NULL,
  source       text NOT NULL,
  saved_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (programme_id, staff_id)
);
