/**
 * `vugge case open | event | show | migrate` — one family case. Input is checked with the same zod
 * schemas the case workflow's validators use; a rejected event prints the validator's own sentence.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { compile } from '../../dsl/compile.js';
import { formatErrors } from '../../dsl/format-errors.js';
import type { Programme } from '../../dsl/model.js';
import { didYouMean } from '../../dsl/did-you-mean.js';
import { preconditionStepId } from '../../dsl/planner.js';
import { acknowledgeEscalationUpdate, registerEventUpdate, timelineQuery, obligationsQuery, phaseQuery, programmeQuery } from '../../workflows/case-messages.js';
import { CaseEvent, CaseStartFields, firstIssue } from '../../workflows/case-input.js';
import { connectClient, failureSentence } from '../temporal-client.js';
import { migrate } from './case-migrate.js';
import { printTimeline } from './cases.js';

const USAGE = `Brug / usage:
  vugge case open SAG --programme FIL.rules --unit U --municipality K --team rolle=medarbejder,… --notified DATO [--due DATO] [--by MEDARBEJDER]
  vugge case event SAG TYPE --at DATO [--by MEDARBEJDER] [--hours N] [--step TRIN] [--occurrence N] [--reason KODE] [--time TT:MM] [--role R --staff S] [--cancel]
      TYPE: et trin- eller hændelses-id fra reglerne (fx birth, teamsamtale), eller visit, planned, pause, resume, reassign, due-date, acknowledge
  vugge case show SAG [--json]
  vugge case migrate SAG|--all --to FIL.rules [--dry-run]
MEDARBEJDER er som standard VUGGE_STAFF_ID.`;

export class UsageError extends Error {}

/** Compiles a rules file, or throws the compiler's own report. */
export function loadProgrammeFile(file: string): Programme {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`Kan ikke læse reglerne '${file}'; tjek stien. / Cannot read the rules file '${file}'.`);
  }
  const result = compile(source);
  if (!result.ok) throw new UsageError(formatErrors(result.errors, source, { file, lang: 'da' }));
  return result.programme;
}

export function staffId(by: string | undefined): string {
  const id = by ?? process.env.VUGGE_STAFF_ID;
  if (!id) throw new UsageError('Angiv hvem du er med --by MEDARBEJDER-ID eller VUGGE_STAFF_ID. / Say who you are with --by STAFF-ID or VUGGE_STAFF_ID.');
  return id;
}

function parseTeam(text: string | undefined): Record<string, string> {
  if (!text) throw new UsageError('Angiv teamet med --team rolle=medarbejder,… (fx socialraadgiver=sr-mette). / Give the team with --team role=staff,….');
  const team: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const [role, staff] = pair.split('=');
    if (!role || !staff) throw new UsageError(`'${pair}' i --team skal skrives rolle=medarbejder. / '${pair}' in --team must be role=staff.`);
    team[role.trim()] = staff.trim();
  }
  return team;
}

async function open(client: Client, taskQueue: string, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { programme: { type: 'string' }, unit: { type: 'string' }, municipality: { type: 'string' }, team: { type: 'string' }, notified: { type: 'string' }, due: { type: 'string' }, by: { type: 'string' } },
  });
  if (!values.programme) throw new UsageError('Angiv reglerne med --programme FIL.rules. / Give the rules with --programme FILE.rules.');
  const programme = loadProgrammeFile(values.programme);
  const parsed = CaseStartFields.safeParse({
    caseId: positionals[0],
    unit: values.unit,
    municipality: values.municipality,
    team: parseTeam(values.team),
    notified: values.notified,
    dueDate: values.due,
    openedBy: staffId(values.by),
  });
  if (!parsed.success) throw new UsageError(`Sagen kan ikke oprettes: ${firstIssue(parsed.error)}. / The case cannot be opened.`);
  const unknownRoles = Object.keys(parsed.data.team).filter((r) => !programme.roles.some((role) => role.id === r));
  if (unknownRoles.length) throw new UsageError(`Programmet kender ikke rollen '${unknownRoles[0]}'; brug en af ${programme.roles.map((r) => r.id).join(', ')}. / Unknown role '${unknownRoles[0]}'.`);
  try {
    await client.workflow.start('caseWorkflow', { taskQueue, workflowId: parsed.data.caseId, args: [{ ...parsed.data, programme }] });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) throw new UsageError(`Sagen '${parsed.data.caseId}' findes allerede. / Case '${parsed.data.caseId}' already exists.`);
    throw err;
  }
  console.log(`Sag ${parsed.data.caseId} er oprettet på ${programme.title} (${programme.versionLabel}, version ${programme.version.slice(0, 12)}).`);
  return 0;
}

/** Event words the command line knows besides the programme's own step and event ids. */
const BUILT_IN_TYPES = ['visit', 'planned', 'pause', 'resume', 'reassign', 'due-date', 'acknowledge'];

/**
 * One sentence for a TYPE that is neither built in nor a step or event of the case's rules, with a
 * suggestion found among the ids and the Danish titles (so `fødsel` suggests `birth`).
 */
export function unknownTypeSentence(type: string, programme: Programme): string | undefined {
  if (BUILT_IN_TYPES.includes(type)) return undefined;
  const byWord = new Map<string, string>();
  for (const e of programme.events) byWord.set(e.id, e.id).set(e.title.toLowerCase(), e.id);
  for (const s of programme.steps) {
    byWord.set(s.id, s.id).set(s.title.toLowerCase(), s.id);
    for (const pre of s.preconditions ?? []) byWord.set(preconditionStepId(s.id, pre.id), preconditionStepId(s.id, pre.id));
  }
  if (byWord.get(type) === type) return undefined;
  const exact = byWord.get(type.toLowerCase());
  const guess = exact ?? byWord.get(didYouMean(type.toLowerCase(), byWord.keys()) ?? '');
  const tail = guess ? { da: ` — mente du '${guess}'?`, en: ` — did you mean '${guess}'?` } : { da: ' (se trin- og hændelses-id\'erne med vugge case show)', en: '' };
  return `'${type}' er hverken et trin, en hændelse i sagens regler eller en af ${BUILT_IN_TYPES.join(', ')}${tail.da} / '${type}' is not a step or event of the case's rules${tail.en}`;
}

/** The command line's event words → the update payload. */
export function eventFromArgs(type: string, v: Record<string, string | boolean | undefined>): CaseEvent | { acknowledge: { stepId: string; occurrence: number; by: string } } {
  const by = staffId(v.by as string | undefined);
  const at = v.at as string | undefined;
  const occurrence = v.occurrence !== undefined ? Number(v.occurrence) : undefined;
  const raw: Record<string, unknown> = (() => {
    switch (type) {
      case 'visit':
        return { type: 'visit', at, hours: v.hours !== undefined ? Number(v.hours) : undefined, step: v.step, by };
      case 'planned':
        return { type: 'planned', step: v.step, occurrence, at, time: v.time, cancelled: v.cancel ? true : undefined, by };
      case 'pause':
        return { type: 'pause', at, reason: v.reason, by };
      case 'resume':
        return { type: 'resume', at, by };
      case 'reassign':
        return { type: 'reassign', at, role: v.role, staff: v.staff, by };
      case 'due-date':
        return { type: 'due_date', dueDate: at, by };
      case 'acknowledge':
        return { acknowledge: { stepId: v.step, occurrence: occurrence ?? 1, by } };
      default:
        return { type: 'occurred', what: type, at, occurrence, detail: v.detail, by };
    }
  })();
  if ('acknowledge' in raw) return raw as { acknowledge: { stepId: string; occurrence: number; by: string } };
  const parsed = CaseEvent.safeParse(raw);
  if (!parsed.success) throw new UsageError(`Hændelsen '${type}' er ugyldig: ${firstIssue(parsed.error)}. / The event '${type}' is invalid.`);
  return parsed.data;
}

async function event(client: Client, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      at: { type: 'string' }, by: { type: 'string' }, hours: { type: 'string' }, step: { type: 'string' }, occurrence: { type: 'string' },
      reason: { type: 'string' }, time: { type: 'string' }, role: { type: 'string' }, staff: { type: 'string' }, detail: { type: 'string' }, cancel: { type: 'boolean' },
    },
  });
  const [caseId, type] = positionals;
  if (!caseId || !type) throw new UsageError(USAGE);
  const handle = client.workflow.getHandle(caseId);
  try {
    const unknown = unknownTypeSentence(type, await handle.query(programmeQuery));
    if (unknown) {
      console.error(unknown);
      return 1;
    }
  } catch (err) {
    console.error(failureSentence(err, caseId));
    return 1;
  }
  const payload = eventFromArgs(type, values);
  try {
    const accepted = 'acknowledge' in payload
      ? await handle.executeUpdate(acknowledgeEscalationUpdate, { args: [payload.acknowledge] })
      : await handle.executeUpdate(registerEventUpdate, { args: [payload] });
    console.log(`Registreret på sag ${caseId} (hændelse nr. ${accepted.seq}); sagen er i fase ${accepted.phase}.`);
    return 0;
  } catch (err) {
    console.error(failureSentence(err, caseId));
    return 1;
  }
}

async function show(client: Client, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const caseId = positionals[0];
  if (!caseId) throw new UsageError(USAGE);
  const handle = client.workflow.getHandle(caseId);
  try {
    const [timeline, obligations, phase] = await Promise.all([handle.query(timelineQuery), handle.query(obligationsQuery), handle.query(phaseQuery)]);
    if (values.json) console.log(JSON.stringify({ caseId, phase, obligations, timeline }, null, 2));
    else printTimeline(caseId, phase, timeline, obligations);
    return 0;
  } catch (err) {
    console.error(failureSentence(err, caseId));
    return 1;
  }
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || !['open', 'event', 'show', 'migrate'].includes(sub)) {
    console.log(USAGE);
    return sub === '--help' ? 0 : 2;
  }
  if (!rest.length || rest[0]?.startsWith('--')) {
    console.error(USAGE);
    return 2;
  }
  let vugge;
  try {
    vugge = await connectClient();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  }
  try {
    if (sub === 'open') return await open(vugge.client, vugge.config.taskQueue, rest);
    if (sub === 'event') return await event(vugge.client, rest);
    if (sub === 'show') return await show(vugge.client, rest);
    return await migrate(vugge.client, rest);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(err.message);
      return 2;
    }
    throw err;
  } finally {
    await vugge.close();
  }
}
