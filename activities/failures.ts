/**
 * How an activity fails for a business reason: an ApplicationFailure whose details carry the
 * message `{ code, da, en }` first, so the caller (CLI, web, workflow) shows it in the person's
 * language, and any data after it. The failure's own message is the sentence, Danish then English,
 * for logs and the Temporal UI.
 */
import { ApplicationFailure } from '@temporalio/common';
import { sentence, type Message } from '../dsl/contract.js';

export interface FailureOptions {
  /** Retrying can help (a mail server that is down); default false. */
  retryable?: boolean;
  /** Data for a program, after the message (e.g. which recipients were rejected). */
  data?: unknown;
}

export function activityFailure(type: string, message: Message, options: FailureOptions = {}): ApplicationFailure {
  const details = options.data === undefined ? [message] : [message, options.data];
  return ApplicationFailure.create({ type, message: sentence(message), nonRetryable: !options.retryable, details });
}

/** The notification activities' failures, one sentence each in Danish and English. */
export const failures = {
  invalidRequest: (problem: Message) =>
    activityFailure('InvalidNotificationRequest', { code: problem.code, da: `Ugyldig besked til e-mailaktiviteten: ${problem.da}`, en: `Invalid request to the e-mail activity: ${problem.en}` }),
  digestNotHere: () =>
    activityFailure('InvalidNotificationRequest', {
      code: 'request.digest',
      da: 'Et dagligt overblik sendes med sendDigest(staffId, date), ikke med sendNotification.',
      en: 'A daily overview is sent with sendDigest(staffId, date), not with sendNotification.',
    }),
  noRecipients: (caseId: string, roles: readonly string[], unit: string) =>
    activityFailure('NoRecipients', {
      code: 'mail.no_recipients',
      da: `Ingen modtager for sag ${caseId}: rollerne ${roles.join(', ') || '(ingen)'} er ikke besat i sagens team eller i enhed '${unit}'; ret teamet eller medarbejderkartoteket.`,
      en: `Nobody to send to for case ${caseId}: the roles ${roles.join(', ') || '(none)'} are not filled on the case team or in unit '${unit}'; correct the team or the staff directory.`,
    }),
  smtpUnavailable: (detail: string) =>
    activityFailure(
      'SmtpUnavailable',
      { code: 'mail.smtp_unavailable', da: `Mailserveren kan ikke nås lige nu (${detail}); der prøves igen.`, en: `The mail server cannot be reached right now (${detail}); it will be tried again.` },
      { retryable: true },
    ),
  recordFailed: (key: string, detail: string) =>
    activityFailure(
      'MailNotRecorded',
      {
        code: 'mail.not_recorded',
        da: `Beskeden ${key} blev ikke sendt, fordi Vugges database ikke kunne registrere den som sendt (${detail}); der prøves igen.`,
        en: `The mail ${key} was not sent because Vugge's database could not record it as sent (${detail}); it will be tried again.`,
      },
      { retryable: true },
    ),
  sendingElsewhere: (key: string, leaseUntil: Date) =>
    activityFailure(
      'SendingElsewhere',
      {
        code: 'mail.sending_elsewhere',
        da: `En anden worker er i gang med at sende beskeden ${key}; der prøves igen, og den overtages, hvis den ikke er sendt senest ${leaseUntil.toISOString()}.`,
        en: `Another worker is sending the mail ${key}; it will be tried again and taken over if it has not gone out by ${leaseUntil.toISOString()}.`,
      },
      { retryable: true },
    ),
  recipientRejected: (staffIds: readonly string[], detail: string, data?: unknown) => {
    const who = staffIds.map((id) => `'${id}'`).join(', ');
    return activityFailure(
      'RecipientRejected',
      {
        code: 'mail.recipient_rejected',
        da: `Mailserveren afviste adressen for ${who} (${detail}); ret e-mailadressen i medarbejderkartoteket, og teamlederen kan se det i listen over ikke-leverede beskeder.`,
        en: `The mail server rejected the address of ${who} (${detail}); correct the e-mail address in the staff directory, and the team leader can see it in the list of undelivered notices.`,
      },
      { data },
    );
  },
  undeliverable: (caseId: string, minutes: number, detail: string) =>
    activityFailure('Undeliverable', {
      code: 'mail.undeliverable',
      da: `Beskeden for sag ${caseId} kunne ikke leveres i ${minutes} minutter (${detail}); den er registreret som ikke-leveret og vises for teamlederen.`,
      en: `The notice for case ${caseId} could not be delivered for ${minutes} minutes (${detail}); it is recorded as undelivered and shown to the team leader.`,
    }),
  unknownStaff: (staffId: string) =>
    activityFailure('UnknownStaff', { code: 'staff.unknown', da: `Medarbejder-id '${staffId}' findes ikke i kartoteket; kontrollér id'et.`, en: `Staff id '${staffId}' is not in the directory; check the id.` }),
  invalidDate: (date: string) =>
    activityFailure('InvalidDate', { code: 'date.format', da: `Datoen '${date}' skal skrives som ÅÅÅÅ-MM-DD.`, en: `The date '${date}' must be written as YYYY-MM-DD.` }),
};
