/**
 * `vugge undeliverable [--unit U] [--leader STAFF] [--json] [--lang da|en]`: the notifications
 * that never reached their recipient (address rejected, or the mail server down for too long), for
 * the team leader who must make sure the step still happens, and what became of each (sent again
 * at …, no longer relevant, still undelivered). Read from the worker's log under VUGGE_DATA_DIR, so
 * it works even when mail does not. Case ids and staff ids only.
 *
 * `vugge undeliverable resend`: sends again what is still relevant — the same pass the worker runs
 * by itself once the mail server is back, here also for rejected addresses fixed in the staff file.
 */
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { loadMailConfig } from '../../activities/mail/config.js';
import type { NotRelevant, UndeliverableRecord } from '../../worker/storage/undeliverable.js';
import { checkStaffFile } from '../../activities/staff/load.js';
import { OPERATOR } from '../service/access.js';
import { resendUndeliverableNow, undeliverableForUnits } from '../service/undeliverable.js';
import { unknownStaff, unknownUnit } from './directory.js';
import { table } from './format.js';

const usage = `Brug / usage:
  vugge undeliverable [--unit ENHED] [--leader MEDARBEJDER] [--json] [--lang da|en]
      beskeder, der ikke kunne leveres / notifications that could not be delivered
  vugge undeliverable resend [--lang da|en]
      send dem igen, der stadig er aktuelle / send again those still relevant
Kommandolinjen handler med operatørens egen myndighed. / The command line acts with the operator's own authority.`;

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

const notRelevant: Record<NotRelevant, { da: string; en: string }> = {
  done: { da: 'trinnet er ikke åbent mere', en: 'the step is no longer open' },
  superseded: { da: 'en nyere besked er sendt', en: 'a newer notice was sent' },
  case_ended: { da: 'sagen er afsluttet', en: 'the case has ended' },
  already_sent: { da: 'den var allerede sendt', en: 'it had been sent already' },
  recipient_changed: { da: 'modtageren har ikke rollen mere', en: 'the recipient no longer holds the role' },
};

const time = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Copenhagen' }).toFormat('yyyy-MM-dd HH:mm');

/** What became of it: sent again at …, not sent again and why, or still undelivered. */
export function statusOf(r: UndeliverableRecord, lang: 'da' | 'en'): string {
  if (r.resentAt) return lang === 'da' ? `gensendt ${time(r.resentAt)}` : `resent ${time(r.resentAt)}`;
  if (r.notRelevant) return lang === 'da' ? `ikke gensendt: ${notRelevant[r.notRelevant.why].da}` : `not resent: ${notRelevant[r.notRelevant.why].en}`;
  if (r.lastTry) return lang === 'da' ? `stadig ikke leveret (forsøgt ${time(r.lastTry.at)})` : `still undelivered (tried ${time(r.lastTry.at)})`;
  return lang === 'da' ? 'stadig ikke leveret' : 'still undelivered';
}

/** The options, or the exit code after printing the usage (for --help, or an unknown option). */
function optionsOrExit(args: string[]) {
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
  return parsed;
}

export async function run(args: string[]): Promise<number> {
  if (args[0] === 'resend') return resend(args.slice(1));
  const parsed = optionsOrExit(args);
  if (typeof parsed === 'number') return parsed;
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
  const records = await undeliverableForUnits(OPERATOR, { unit, leader });
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
  const head = lang === 'da' ? ['tidspunkt', 'sag', 'trin', 'slags', 'til', 'enhed', 'årsag', 'status'] : ['time', 'case', 'step', 'kind', 'to', 'unit', 'reason', 'status'];
  const rows = records.map((r) => [
    time(r.at),
    r.caseId,
    r.stepId ?? '',
    r.kind,
    r.staffId,
    r.unit,
    reasons[r.reason]?.[lang] ?? r.reason,
    statusOf(r, lang),
  ]);
  return table([head, ...rows]);
}

/** `vugge undeliverable resend`: one pass over every open record, with the cases asked through Temporal. */
async function resend(args: string[]): Promise<number> {
  const parsed = optionsOrExit(args);
  if (typeof parsed === 'number') return parsed;
  if (parsed.values.unit || parsed.values.leader || parsed.values.json) {
    console.error(`--unit, --leader og --json gælder listen, ikke gensendelsen. / --unit, --leader and --json apply to the list, not to resend.\n${usage}`);
    return 2;
  }
  const lang = parsed.values.lang === 'en' ? 'en' : 'da';
  const { connectClient } = await import('../service/temporal-client.js');
  const temporal = await connectClient();
  try {
    const { before, summary } = await resendUndeliverableNow(OPERATOR, temporal.client);
    if (summary.busy) {
      console.error(lang === 'da' ? 'En anden gensendelse kører allerede (fx i workeren); prøv igen om lidt.' : 'Another resend is running (e.g. in the worker); try again shortly.');
      return 1;
    }
    const done = [...summary.resent, ...summary.notRelevant, ...summary.stillUndeliverable];
    if (!before && !done.length) {
      console.log(lang === 'da' ? 'Ingen ikke-leverede beskeder venter.' : 'No undelivered notifications are waiting.');
      return 0;
    }
    console.log(
      lang === 'da'
        ? `Gensendt: ${summary.resent.length}; ikke længere aktuelle: ${summary.notRelevant.length}; stadig ikke leveret: ${summary.stillUndeliverable.length}.`
        : `Resent: ${summary.resent.length}; no longer relevant: ${summary.notRelevant.length}; still undelivered: ${summary.stillUndeliverable.length}.`,
    );
    if (done.length) console.log(undeliverableTable(done, lang));
    return summary.stillUndeliverable.length ? 1 : 0;
  } finally {
    await temporal.close();
  }
}
