/** The morning digest: every held-back reminder for one person in one e-mail, one line per step. */
import type { DigestItem } from '../../worker/storage/digest-queue.js';
import { formatDate, privacyNote, type Lang } from './labels.js';
import { stepName, type RenderedMail } from './templates.js';

const kindWords: Record<string, Record<Lang, string>> = {
  reminder: { da: 'påmindelse', en: 'reminder' },
  due_today: { da: 'i dag', en: 'today' },
  overdue: { da: 'forsinket', en: 'overdue' },
  plan_short: { da: 'netværksmøder planlagt under 3 måneder frem', en: 'network meetings planned less than 3 months ahead' },
  catch_up: { da: 'forsinket ved registreringen', en: 'overdue when registered' },
  escalation: { da: 'eskalering', en: 'escalation' },
};

/** A catch-up or grouped escalation stands for several steps: one digest line each. */
function lines(items: DigestItem[]): DigestItem[] {
  return items.flatMap((i) => (i.items?.length ? i.items.map((step) => ({ ...i, items: undefined, stepId: step.stepId, stepTitle: step.stepTitle, stepTitleEn: step.stepTitleEn, latest: step.latest, earliest: undefined, target: undefined })) : [i]));
}

/** The date a digest line is due by: the deadline, else the date the plan must reach, else the target. */
function dueBy(i: DigestItem): string | undefined {
  return i.latest ?? i.requiredUntil ?? i.target;
}

export function renderDigest(items: DigestItem[], date: string, lang: Lang, caseUrl: (caseId: string) => string): RenderedMail {
  const day = formatDate(date, lang);
  const all = lines(items);
  const text = all
    .sort((a, b) => (dueBy(a) ?? '').localeCompare(dueBy(b) ?? '') || a.caseId.localeCompare(b.caseId))
    .map((i) => {
      const step = stepName(i, lang) ?? '';
      const deadline = dueBy(i);
      const by = deadline ? (lang === 'da' ? ` senest ${formatDate(deadline, lang)}` : ` by ${formatDate(deadline, lang)}`) : '';
      return `- ${lang === 'da' ? 'Sag' : 'Case'} ${i.caseId}: ${step}${by} (${kindWords[i.kind]?.[lang] ?? i.kind})\n  ${caseUrl(i.caseId)}`;
    });
  const subject =
    lang === 'da' ? `[Vugge] Dagens overblik ${day}: ${all.length} ${all.length === 1 ? 'påmindelse' : 'påmindelser'}` : `[Vugge] Daily overview ${day}: ${all.length} ${all.length === 1 ? 'reminder' : 'reminders'}`;
  const intro = lang === 'da' ? 'Godmorgen. Her er dine påmindelser samlet:' : 'Good morning. Here are your reminders in one place:';
  return { subject, text: [lang === 'da' ? 'Hej' : 'Hello', '', intro, '', ...text, '', privacyNote[lang], ''].join('\n') };
}
