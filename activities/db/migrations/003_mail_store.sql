-- Exactly-once mail across workers: a claim per (idempotency key, staff id) before sending, and
-- the digest queue. Any number of workers on any number of machines share these rows.

CREATE TABLE sent_mail (
  key         text NOT NULL,
  staff_id    text NOT NULL,
  -- 'sending': a worker holds the claim until lease_until; 'sent': the mail server accepted it
  state       text NOT NULL CHECK (state IN ('sending', 'sent')),
  claimed_by  text NOT NULL,
  lease_until timestamptz,
  attempts    integer NOT NULL DEFAULT 1,
  claimed_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz,
  PRIMARY KEY (key, staff_id),
  CHECK ((state = 'sending') = (lease_until IS NOT NULL))
);
CREATE INDEX sent_mail_sending ON sent_mail (lease_until) WHERE state = 'sending';

-- Reminders held back for a morning digest; the item is the notification's case and step fields.
CREATE TABLE digest_items (
  key        text NOT NULL,
  staff_id   text NOT NULL,
  -- the Copenhagen day it was queued: it belongs to the first digest dated after that day
  queued_day date NOT NULL,
  item       jsonb NOT NULL,
  PRIMARY KEY (key, staff_id)
);
CREATE INDEX digest_items_by_staff ON digest_items (staff_id, queued_day);

CREATE TABLE digests_sent (
  staff_id    text NOT NULL,
  digest_date date NOT NULL,
  PRIMARY KEY (staff_id, digest_date)
);
