/**
 * One text per notification kind, in Danish and English. Minimal data by design: case id, step,
 * dates, the responsible staff id and role, and a link to the case — never anything about the
 * family, which this function is never given.
 */
import { fieldLabels, formatDate, privacyNote, roleName, type Lang } from './labels.js';
import type { NoticeItem, NotificationKind, NotificationRequest } from '../notification-types.js';

/** The request's case and step fields, plus what rendering needs. */
export interface MailFacts
  extends Pick<NotificationRequest, 'caseId' | 'programmeId' | 'programmeTitle' | 'roleTitles' | 'stepId' | 'stepTitle' | 'stepTitleEn' | 'earliest' | 'target' | 'time' | 'latest' | 'plannedUntil' | 'requiredUntil' | 'escalationLevel' | 'catchUp'> {
  /** The steps a catch-up or a grouped escalation names, each with who is responsible for it. */
  items?: (NoticeItem & { owners: { staffId: string; role: string }[] })[];
  kind: Exclude<NotificationKind, 'digest'>;
  owners: { staffId: string; role: string }[];
  caseLink: string;
  cancelled?: boolean;
}

export interface RenderedMail {
  subject: string;
  text: string;
}

type Texts = { subject: (f: MailFacts, d: Dates) => string; intro: (f: MailFacts, d: Dates) => string };
/** The step's dates as the texts show them: the target, the deadline, and the target with its time. */
interface Dates {
  step: string;
  target: string;
  latest: string;
  when: string;
}

/** Rows for dates only some notices carry (a visit-norm week's start, a plan's reach). */
const dateLabels = {
  da: { earliest: 'Fra', plannedUntil: 'Planlagt til', requiredUntil: 'Skal være planlagt til' },
  en: { earliest: 'From', plannedUntil: 'Planned until', requiredUntil: 'Must be planned until' },
} as const;

const texts: Record<MailFacts['kind'], Record<Lang, Texts>> = {
  reminder: {
    da: { subject: (f, d) => `Påmindelse: ${d.step} for sag ${f.caseId} senest ${d.latest}`, intro: () => 'Et trin i en af dine sager nærmer sig.' },
    en: { subject: (f, d) => `Reminder: ${d.step} for case ${f.caseId} by ${d.latest}`, intro: () => 'A step in one of your cases is coming up.' },
  },
  due_today: {
    da: { subject: (f, d) => `I dag: ${d.step} for sag ${f.caseId} (${d.target})`, intro: () => 'Dette trin skal gøres i dag.' },
    en: { subject: (f, d) => `Today: ${d.step} for case ${f.caseId} (${d.target})`, intro: () => 'This step is due today.' },
  },
  overdue: {
    da: { subject: (f, d) => `Forsinket: ${d.step} for sag ${f.caseId}, frist ${d.latest}`, intro: () => 'Fristen for dette trin er overskredet. Registrér trinnet i Vugge, når det er gjort.' },
    en: { subject: (f, d) => `Overdue: ${d.step} for case ${f.caseId}, deadline ${d.latest}`, intro: () => 'The deadline for this step has passed. Register the step in Vugge once it is done.' },
  },
  escalation: {
    da: {
      subject: (f, d) =>
        f.items ? `Eskalering: ${f.items.length} trin i sag ${f.caseId} er ikke gjort` : `Eskalering: ${d.step} for sag ${f.caseId} er ikke gjort (frist ${d.latest})`,
      intro: (f) =>
        f.catchUp
          ? `Du får denne besked som leder (eskaleringsniveau ${f.escalationLevel ?? 1}): ${f.items ? 'disse trin' : 'dette trin'} i en sag i din enhed var allerede over fristen, da sagen blev registreret i Vugge, så følg op med den ansvarlige.`
          : `Du får denne besked som leder (eskaleringsniveau ${f.escalationLevel ?? 1}): ${f.items ? 'disse trin' : 'et trin'} i en sag i din enhed er ikke gjort til tiden. Følg op med den ansvarlige.`,
    },
    en: {
      subject: (f, d) =>
        f.items ? `Escalation: ${f.items.length} steps in case ${f.caseId} are not done` : `Escalation: ${d.step} for case ${f.caseId} is not done (deadline ${d.latest})`,
      intro: (f) =>
        f.catchUp
          ? `You receive this as a leader (escalation level ${f.escalationLevel ?? 1}): ${f.items ? 'these steps' : 'this step'} in a case in your unit were already past the deadline when the case was registered in Vugge, so please follow up with the person responsible.`
          : `You receive this as a leader (escalation level ${f.escalationLevel ?? 1}): ${f.items ? 'these steps' : 'a step'} in a case in your unit were not done in time. Please follow up with the person responsible.`,
    },
  },
  catch_up: {
    da: {
      subject: (f) => `Forsinket ved registreringen: ${f.items?.length ?? 0} trin i sag ${f.caseId}`,
      intro: () => 'Disse trin var allerede over fristen, da Vugge fik kendskab til dem; gør dem så snart som muligt, og registrér dem i Vugge.',
    },
    en: {
      subject: (f) => `Overdue when registered: ${f.items?.length ?? 0} steps in case ${f.caseId}`,
      intro: () => 'These steps were already past their deadline when Vugge learned of them; do them as soon as you can and register them in Vugge.',
    },
  },
  plan_short: {
    da: {
      subject: (f) => `Netværksmøder er planlagt mindre end 3 måneder frem i sag ${f.caseId}`,
      intro: () => 'Netværksmøder skal altid være fastlagt mindst 3 måneder frem. Planlæg de næste møder og registrér dem i Vugge.',
    },
    en: {
      subject: (f) => `Network meetings are planned less than 3 months ahead in case ${f.caseId}`,
      intro: () => 'Network meetings must always be fixed at least 3 months ahead. Plan the next meetings and register them in Vugge.',
    },
  },
  invitation: {
    da: {
      subject: (f, d) => `${f.cancelled ? 'Aflyst' : 'Mødeindkaldelse'}: ${d.step} for sag ${f.caseId} ${d.when}`,
      intro: (f) => (f.cancelled ? 'Mødet er aflyst. Kalenderen opdateres af den vedhæftede aflysning.' : 'Du er indkaldt til et møde. Tag imod invitationen for at få det i din kalender.'),
    },
    en: {
      subject: (f, d) => `${f.cancelled ? 'Cancelled' : 'Meeting invitation'}: ${d.step} for case ${f.caseId} ${d.when}`,
      intro: (f) => (f.cancelled ? 'The meeting is cancelled. The attached cancellation updates your calendar.' : 'You are invited to a meeting. Accept the invitation to add it to your calendar.'),
    },
  },
};

/**
 * A step's title for a reader of `lang`: the English title the rules give, else the Danish one
 * (an English mail then names the step as the rules do, in Danish); the id when there is no title.
 */
export function stepName(s: { stepId?: string; stepTitle?: string; stepTitleEn?: string }, lang: Lang): string | undefined {
  return (lang === 'en' ? (s.stepTitleEn ?? s.stepTitle) : s.stepTitle) ?? s.stepId;
}

export function renderNotification(f: MailFacts, lang: Lang): RenderedMail {
  const t = texts[f.kind][lang];
  const labels = fieldLabels[lang];
  const target = formatDate(f.target, lang);
  const d: Dates = {
    step: stepName(f, lang) ?? '',
    target,
    latest: formatDate(f.latest ?? f.target, lang),
    when: f.time ? `${target} ${lang === 'da' ? 'kl. ' : ''}${f.time}` : target,
  };
  const more = dateLabels[lang];
  const rows: [string, string | undefined][] = [
    [labels.case, f.caseId],
    [labels.programme, f.programmeTitle?.[lang] ?? f.programmeId],
    [labels.step, f.stepId ? (f.stepTitle ? `${stepName(f, lang)} (${f.stepId})` : f.stepId) : undefined],
    [labels.date, f.target ? d.when : undefined],
    // a window without a target (a visit-norm week) shows where it starts
    [more.earliest, f.earliest && !f.target ? formatDate(f.earliest, lang) : undefined],
    [labels.latest, f.latest && f.latest !== f.target ? d.latest : undefined],
    [more.plannedUntil, f.plannedUntil ? formatDate(f.plannedUntil, lang) : undefined],
    [more.requiredUntil, f.requiredUntil ? formatDate(f.requiredUntil, lang) : undefined],
    [labels.owner, f.owners.length ? f.owners.map((o) => `${o.staffId} (${roleName(o.role, lang, f.roleTitles)})`).join(', ') : undefined],
    [labels.level, f.kind === 'escalation' ? String(f.escalationLevel ?? 1) : undefined],
    [labels.link, f.caseLink],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const table = rows.filter(([, value]) => value).map(([label, value]) => `${(label + ':').padEnd(width)}${value}`);
  const list = (f.items ?? []).map((i) => itemLine(i, lang, f.roleTitles));
  return {
    subject: `[Vugge] ${t.subject(f, d)}`,
    text: [lang === 'da' ? 'Hej' : 'Hello', '', t.intro(f, d), '', ...(list.length ? [...list, ''] : []), ...table, '', privacyNote[lang], ''].join('\n'),
  };
}

/** '- Teamsamtale (teamsamtale), frist 12.03.2026 — ansvarlig: sp-anne (Primær sundhedsplejerske)': roles by their titles. */
export function itemLine(i: NonNullable<MailFacts['items']>[number], lang: Lang, roleTitles?: MailFacts['roleTitles']): string {
  const number = i.occurrence > 1 ? (lang === 'da' ? ` nr. ${i.occurrence}` : ` no. ${i.occurrence}`) : '';
  const step = i.stepTitle ? `${stepName(i, lang)} (${i.stepId}${number})` : i.stepId;
  const owners = i.owners.map((o) => `${o.staffId} (${roleName(o.role, lang, roleTitles)})`).join(', ');
  const deadline = lang === 'da' ? `frist ${formatDate(i.latest, lang)}` : `deadline ${formatDate(i.latest, lang)}`;
  return `- ${step}, ${deadline}${owners ? ` — ${fieldLabels[lang].owner.toLowerCase()}: ${owners}` : ''}`;
}
