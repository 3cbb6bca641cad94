/** The morning digest: every held-back reminder for one person in one e-mail, one line per step. */
import type { DigestItem } from './digest-queue.js';
import { formatDate, privacyNote, type Lang } from './labels.js';
import type { RenderedMail } from './templates.js';

const kindWords: Record<string, Record<Lang, string>> = {
  reminder: { da: 'påmindelse', en: 'reminder' },
  due_today: { da: 'i dag', en: 'today' },
  overdue: { da: 'forsinket', en: 'overdue' },
  plan_short: { da: 'netværksmøder planlagt under 3 måneder frem', en: 'network meetings planned less than 3 months ahead' },
};

export function renderDigest(items: DigestItem[], date: string, lang: Lang, caseUrl: (caseId: string) => string): RenderedMail {
  const day = formatDate(date, lang);
  const lines = [...items]
    .sort((a, b) => (a.latest ?? a.date ?? '').localeCompare(b.latest ?? b.date ?? '') || a.caseId.localeCompare(b.caseId))
    .map((i) => {
      const step = i.stepTitle ?? i.stepId ?? '';
      const deadline = i.latest ?? i.date;
      const by = deadline ? (lang === 'da' ? ` senest ${formatDate(deadline, lang)}` : ` by ${formatDate(deadline, lang)}`) : '';
      return `- ${lang === 'da' ? 'Sag' : 'Case'} ${i.caseId}: ${step}${by} (${kindWords[i.kind]?.[lang] ?? i.kind})\n  ${caseUrl(i.caseId)}`;
    });
  const subject =
    lang === 'da' ? `[Vugge] Dagens overblik ${day}: ${items.length} ${items.length === 1 ? 'påmindelse' : 'påmindelser'}` : `[Vugge] Daily overview ${day}: ${items.length} ${items.length === 1 ? 'reminder' : 'reminders'}`;
  const intro = lang === 'da' ? 'Godmorgen. Her er dine påmindelser samlet:' : 'Good morning. Here are your reminders in one place:';
  return { subject, text: [lang === 'da' ? 'Hej' : 'Hello', '', intro, '', ...lines, '', privacyNote[lang], ''].join('\n') };
}
