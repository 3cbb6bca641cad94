/**
 * `vugge undeliverable [--unit U] [--leader STAFF] [--json] [--lang da|en]`: the notifications
 * that never reached their recipient (address rejected, or the mail server down for too long), for
 * the team leader who must make sure the step still happens. Read from the worker's log under
 * VUGGE_DATA_DIR, so it works even when mail does not. Case ids and staff ids only.
 */
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { loadMailConfig } from '../../activities/mail/config.js';
import { UndeliverableLog, type UndeliverableRecord } from '../../activities/mail/undeliverable.js';
import { checkStaffFile } from '../../activities/staff/load.js';
import { unknownStaff, unknownUnit } from '../directory.js';
import { table } from '../format.js';

const usage = `Brug / usage:
  vugge undeliverable [--unit ENHED] [--leader MEDARBEJDER] [--json] [--lang da|en]
      beskeder, der ikke kunne leveres / notifications that could not be delivered`;

const Options = z.object({
  unit: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, '--unit er en enhedskode som nord / --unit is a unit code such as nord').optional(),
  leader: z.string().regex(/^[A-Za-z0-9._-]{2,40}$/, '--leader er et medarbejder-id som tl-karen / --leader is a staff id such as tl-karen').optional(),
  json: z.boolean().default(false),
  lang: z.enum(['da', 'en'], { error: "--lang skal være 'da' eller 'en' / --lang must be 'da' or 'en'" }).default('da'),
});

const reasons: Record<UndeliverableRecord['reason'], { da: string; en: string }> = {
  recipient_rejected: { da: 'adressen afvist', en: 'address rejected' },
  smtp_unavailable: { da: 'mailserver utilgængelig', en: 'mail server unavailable' },
};

/** The undeliverable notifications of a unit (or all), newest first, from the worker's log. */
export async function listUndeliverable(filter: { unit?: string; leader?: string } = {}): Promise<UndeliverableRecord[]> {
  const log = await UndeliverableLog.open(loadMailConfig().dataDir);
  try {
    return log.list({ unit: filter.unit, reportTo: filter.leader }).sort((a, b) => b.at.localeCompare(a.at));
  } finally {
    await log.close();
  }
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { unit: { type: 'string' }, leader: { type: 'string' }, json: { type: 'boolean' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(usage);
    return 0;
  }
  const options = Options.safeParse(parsed.values);
  if (!options.success) {
    console.error(options.error.issues[0]!.message);
    return 2;
  }
  const { unit, leader, json, lang } = options.data;
  const config = loadMailConfig();
  if (unit || leader) {
    const staff = await checkStaffFile(config.staffFile);
    const directory = staff.ok ? { file: config.staffFile, directory: staff.directory } : undefined;
    const problem = directory && ((unit && unknownUnit(directory, unit)) || (leader && unknownStaff(directory, leader)));
    if (problem) {
      console.error(problem[lang]);
      return 2;
    }
  }
  const records = await listUndeliverable({ unit, leader });
  if (json) {
    console.log(JSON.stringify(records, null, 2));
    return 0;
  }
  if (!records.length) {
    const where = unit ? (lang === 'da' ? ` i enhed ${unit}` : ` in unit ${unit}`) : '';
    console.log(lang === 'da' ? `Ingen ikke-leverede beskeder${where}.` : `No undelivered notifications${where}.`);
    return 0;
  }
  console.log(undeliverableTable(records, lang));
  return 0;
}

export function undeliverableTable(records: UndeliverableRecord[], lang: 'da' | 'en'): string {
  const head = lang === 'da' ? ['tidspunkt', 'sag', 'trin', 'slags', 'til', 'enhed', 'årsag'] : ['time', 'case', 'step', 'kind', 'to', 'unit', 'reason'];
  const rows = records.map((r) => [
    DateTime.fromISO(r.at, { zone: 'Europe/Copenhagen' }).toFormat('yyyy-MM-dd HH:mm'),
    r.caseId,
    r.stepId ?? '',
    r.kind,
    r.staffId,
    r.unit,
    reasons[r.reason]?.[lang] ?? r.reason,
  ]);
  return table([head, ...rows]);
}
