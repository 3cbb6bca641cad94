/**
 * `vugge audit verify [--head HASH] [--json]`: checks the audit log's hash chain and names the first
 * row that was changed, removed or reordered. `--head` also checks that a head hash written down
 * earlier (printed by a previous run) is still in the chain, which catches a rewrite of the whole log.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { sentence, type Message } from '../../dsl/contract.js';
import { verifyAudit, type AuditBreak, type AuditVerdict } from '../../activities/db/audit.js';
import { openVuggeDatabase, type Queryable } from '../../activities/db/index.js';

const usage = `Brug / usage:
  vugge audit verify [--head HASH] [--json]
      tjek revisionssporets hash-kæde / check the audit log's hash chain`;

const Head = z.string().regex(/^[0-9a-f]{64}$/, '--head skal være en hash på 64 tegn 0-9a-f, som en tidligere kørsel skrev / --head must be a 64-character 0-9a-f hash, as an earlier run printed');

function breakMessage(b: AuditBreak): Message {
  switch (b.kind) {
    case 'changed':
      return { code: 'audit.changed', da: `Række ${b.id} i revisionssporet er ændret, efter den blev skrevet.`, en: `Row ${b.id} of the audit log was changed after it was written.` };
    case 'removed':
      return { code: 'audit.removed', da: `Række ${b.id} i revisionssporet mangler; den er slettet.`, en: `Row ${b.id} of the audit log is missing; it was deleted.` };
    case 'reordered':
      return { code: 'audit.reordered', da: `Række ${b.id} i revisionssporet står ikke på sin plads; rækker er byttet om.`, en: `Row ${b.id} of the audit log is out of place; rows were reordered.` };
  }
}

function verdictMessage(v: AuditVerdict): Message {
  if (v.firstBreak) return breakMessage(v.firstBreak);
  return {
    code: 'audit.ok',
    da: `Revisionssporet er helt: ${v.rows} rækker, seneste hash ${v.headHash}.`,
    en: `The audit log is intact: ${v.rows} rows, head hash ${v.headHash}.`,
  };
}

async function headStillThere(db: Queryable, head: string): Promise<Message | undefined> {
  if (head === '0'.repeat(64)) return undefined;
  const rows = await db.query('SELECT 1 FROM audit_log WHERE hash = $1', [head]);
  if (rows.length) return undefined;
  return {
    code: 'audit.head_missing',
    da: `Den noterede hash ${head.slice(0, 12)}… findes ikke i revisionssporet; sporet er skrevet om.`,
    en: `The recorded hash ${head.slice(0, 12)}… is not in the audit log; the log was rewritten.`,
  };
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { head: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
    return 2;
  }
  const [command] = parsed.positionals;
  if (parsed.values.help || !command) {
    console.log(usage);
    return parsed.values.help ? 0 : 2;
  }
  if (command !== 'verify') {
    console.error(`Ukendt underkommando '${command}'; brug 'verify' / unknown subcommand '${command}': use 'verify'.\n${usage}`);
    return 2;
  }
  const head = parsed.values.head === undefined ? undefined : Head.safeParse(parsed.values.head);
  if (head && !head.success) {
    console.error(head.error.issues[0]!.message);
    return 2;
  }
  const db = await openVuggeDatabase();
  try {
    const verdict = await verifyAudit(db);
    const problem = verdict.firstBreak ? breakMessage(verdict.firstBreak) : head?.data ? await headStillThere(db, head.data) : undefined;
    if (parsed.values.json) console.log(JSON.stringify({ ...verdict, ok: !problem, problem }, null, 2));
    else console.log(sentence(problem ?? verdictMessage(verdict)));
    return problem ? 1 : 0;
  } finally {
    await db.close();
  }
}
