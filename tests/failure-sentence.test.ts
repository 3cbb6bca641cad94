/**
 * A failure is rendered by the caller in the reader's language from the message it carries as
 * data — an Update's rejection or an activity's failure, however deep the SDK wraps it — and in
 * both languages, Danish first, where the language is not known (a terminal).
 */
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { failures } from '../activities/failures.js';
import { failureMessage, failureSentence } from '../client/service/temporal-client.js';

/** As the client receives an activity failure: the workflow's failure, caused by the activity's. */
function wrapped(inner: Error): Error {
  const activity = new Error('Activity task failed', { cause: inner });
  return new Error('Workflow execution failed', { cause: activity });
}

describe('failureSentence(err, lang)', () => {
  const rejected = wrapped(failures.recipientRejected(['sp-anne'], '550 no such user'));

  it.each([
    { lang: 'da' as const, want: /^Mailserveren afviste adressen for 'sp-anne' \(550 no such user\); ret e-mailadressen i medarbejderkartoteket/ },
    { lang: 'en' as const, want: /^The mail server rejected the address of 'sp-anne' \(550 no such user\); correct the e-mail address in the staff directory/ },
  ])('renders an activity failure in $lang only', ({ lang, want }) => {
    const text = failureSentence(rejected, lang);
    expect(text).toMatch(want);
    expect(text).not.toContain(' / ');
  });

  it('renders both halves, Danish first, when no language is given', () => {
    const m = failureMessage(rejected)!;
    expect(m.code).toBe('mail.recipient_rejected');
    expect(failureSentence(rejected)).toBe(`${m.da} / ${m.en}`);
  });

  it('renders a rejected Update from its details in the reader language', () => {
    const message = { code: 'event.date_before_case', da: 'Datoen ligger før sagen begyndte; ret datoen.', en: 'The date is before the case began; correct the date.' };
    const err = new Error('Update failed', { cause: ApplicationFailure.create({ message: `${message.da} / ${message.en}`, type: 'VuggeRejected', nonRetryable: true, details: [message] }) });
    expect(failureSentence(err, 'en')).toBe(message.en);
    expect(failureSentence(err, 'da')).toBe(message.da);
  });

  it('says a case does not exist in the reader language', () => {
    const err = new WorkflowNotFoundError('not found', 'K-2026-0042', undefined);
    expect(failureSentence(err, 'da')).toBe("Sagen 'K-2026-0042' findes ikke (eller er afsluttet).");
    expect(failureSentence(err, 'en')).toBe("Case 'K-2026-0042' not found (or it has ended).");
  });

  it('falls back to the innermost error text when a failure carries no message', () => {
    expect(failureSentence(wrapped(new Error('socket hang up')), 'en')).toBe('socket hang up');
  });
});
