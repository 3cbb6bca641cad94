/**
 * One e-mail for one recipient of a notification: the text in the recipient's language, a
 * deterministic Message-ID, and for meetings the calendar invitation as a
 * `text/calendar; method=REQUEST` (or CANCEL) part.
 */
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { NotificationRequest } from '../notification-types.js';
import type { Recipient } from '../staff/resolve.js';
import { localStart, meetingInvitation } from './ics.js';
import { roleName } from './labels.js';
import { messageIdFor } from './message-id.js';
import { renderNotification, stepName, type MailFacts } from './templates.js';

export interface ComposeContext {
  from: string;
  caseLink: (caseId: string) => string;
}

/** `https://x/sager/` + id, or a `{caseId}` placeholder anywhere in the base. */
export function caseLinker(base: string): (caseId: string) => string {
  return (caseId) => {
    const id = encodeURIComponent(caseId);
    if (base.includes('{caseId}')) return base.replace('{caseId}', id);
    return base.endsWith('/') ? base + id : `${base}/${id}`;
  };
}

/** 'Vugge <vugge@kommune.dk>' → { name: 'Vugge', email: 'vugge@kommune.dk' }. */
export function parseAddress(address: string): { name: string; email: string } {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(address);
  return m ? { name: m[1] || 'Vugge', email: m[2]! } : { name: 'Vugge', email: address.trim() };
}

/** The case team's staff for the roles (leaders are not on the team: they are named by role in the text). */
function ownersOf(req: NotificationRequest, roles: readonly string[]): { staffId: string; role: string }[] {
  return roles.flatMap((role) => (req.team[role] ? [{ staffId: req.team[role], role }] : []));
}

export function composeNotification(req: NotificationRequest, to: Recipient, all: Recipient[], ctx: ComposeContext): Mail.Options {
  const lang = to.person.language;
  const ownerRoles = req.ownerRoles ?? [];
  const meetingStart = req.meeting ? localStart(req.meeting.start) : undefined;
  const facts: MailFacts = {
    kind: req.kind === 'digest' ? 'reminder' : req.kind,
    caseId: req.caseId,
    programmeId: req.programmeId,
    programmeTitle: req.programmeTitle,
    roleTitles: req.roleTitles,
    stepId: req.stepId,
    stepTitle: req.stepTitle,
    stepTitleEn: req.stepTitleEn,
    earliest: req.earliest,
    // a meeting's own start wins: after a reschedule it is the date people must see
    target: meetingStart?.toISODate() ?? req.target,
    time: meetingStart?.toFormat('HH:mm') ?? req.time,
    latest: req.latest,
    plannedUntil: req.plannedUntil,
    requiredUntil: req.requiredUntil,
    escalationLevel: req.escalationLevel,
    catchUp: req.catchUp,
    items: req.items?.map((i) => ({ ...i, owners: ownersOf(req, i.ownerRoles ?? []) })),
    owners: ownersOf(req, ownerRoles),
    caseLink: ctx.caseLink(req.caseId),
    cancelled: req.meeting?.cancelled,
  };
  if (!facts.owners.length && req.kind !== 'escalation' && !req.items) facts.owners = [{ staffId: to.person.id, role: to.role }];
  const { subject, text } = renderNotification(facts, lang);
  const message: Mail.Options = {
    from: ctx.from,
    to: to.person.email,
    subject,
    text,
    messageId: messageIdFor(req.idempotencyKey, to.person.id),
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
  if (req.kind === 'invitation' && req.meeting) {
    const invitation = meetingInvitation(
      {
        caseId: req.caseId,
        stepId: req.stepId ?? 'moede',
        occurrence: req.occurrence ?? 1,
        summary: `${stepName(req, lang) ?? (lang === 'da' ? 'Møde' : 'Meeting')} — ${lang === 'da' ? 'sag' : 'case'} ${req.caseId}`,
        start: req.meeting.start,
        durationMinutes: req.meeting.durationMinutes,
        sequence: req.sequence,
        cancelled: req.meeting.cancelled,
        url: facts.caseLink,
      },
      parseAddress(ctx.from),
      all.map((r) => ({ email: r.person.email, label: `${r.person.id} (${roleName(r.role, lang, req.roleTitles)})` })),
    );
    message.icalEvent = { method: invitation.method, content: invitation.content, filename: 'invitation.ics' };
  }
  return message;
}
