-- A mail is recorded 'sent' just before its final dot goes to the mail server (activities/mail/smtp.ts);
-- confirmed_at is when the server then answered that it accepted it. A 'sent' row without it is a mail
-- whose answer never came: the worker died, or the connection broke, after the dot. It is not sent again.

ALTER TABLE sent_mail ADD COLUMN confirmed_at timestamptz;
UPDATE sent_mail SET confirmed_at = sent_at WHERE state = 'sent';
