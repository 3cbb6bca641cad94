/**
 * `vugge case open | event | show | migrate` — one family case, through client/service/ with the
 * operator's own authority. Input is checked with the same zod schemas the case workflow's
 * validators use; a rejected event prints the validator's own sentence. Opening a case and every
 * event leave a row in the audit log (from `cli`, as the staff id the command runs as) before the
 * case is asked, and a refusal row when the case refuses.
 */
import type { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import type { Programme } from '../../dsl/compile/model.js';
import { didYouMean } from '../../dsl/did-you-mean.js';
import { preconditionStepId } from '../../dsl/plan/index.js';
import { CaseEvent, CaseStartFields, firstIssue } from '../../workflows/case-input.js';
import { OPERATOR } from '../service/access.js';
import { AuditUnavailable, eventAudit } from '../service/audit.js';
import { caseProgramme, CaseExists, openCase, registerOnCase, type CaseChange } from '../service/case-changes.js';
import { cliAudited } from './audited.js';
import { caseTimeline } from '../service/case-timeline.js';
import { failureSentence } from '../service/temporal-client.js';
import { loadCliDirectory, registeredBy, requireKnown, unknownMunicipality, unknownStaff, unknownUnit, type CliDirectory } from './directory.js';
import { option, parseOptions, UsageError, wantsHelp, type Send } from './options.js';
import { prepareMigrate, programmeFile } from './case-migrate.js';
import { createRegistryService, UnknownProgramme } from '../service/rules-registry.js';
import { printTimeline } from './cases.js';
import { checkThenSend } from './send.js';

const USAGE = `Brug / usage:
  vugge case open SAG --programme PROGRAM --unit ENHED --municipality KOMMUNE --team rolle=medarbejder,… --notified DATO [--due DATO] [--by MEDARBEJDER]
      PROGRAM: fx spaedbarnsindsatsen; sagen kører på programmets gældende udgivne version (vugge rules versions PROGRAM).
      --rules-file FIL.rules i stedet for --programme: operatørens prøvekørsel på en ikke-udgivet fil / an operator's rehearsal on an unpublished file
  vugge case event SAG TYPE --at DATO [--by MEDARBEJDER] [--hours N] [--step TRIN] [--occurrence N] [--reason KODE] [--time TT:MM] [--role R --staff S] [--cancel]
      TYPE: et trin- eller hændelses-id fra reglerne (fx birth, teamsamtale), eller visit, planned, pause, resume, reassign, due-date, acknowledge
  vugge case show SAG [--all] [--json]
      forsinkede trin og de næste 8 uger; --all viser hele forløbet / overdue steps and the next 8 weeks; --all shows everything
  vugge case migrate SAG|--all --to PROGRAM [--version N] [--dry-run] [--by ADMINISTRATOR]
      flyt sager til en udgivet version (standard: den gældende); --to FIL.rules kun med --dry-run
DATO er år-måned-dag (2026-03-12). MEDARBEJDER er et id fra kartoteket (VUGGE_STAFF_FILE), som standard VUGGE_STAFF_ID.
Kommandolinjen handler med operatørens egen myndighed; --by angiver hvem der registrerede. / The command line acts with the operator's own authority; --by records who registered.
Oprettelser og hændelser skrives i revisionssporet med MEDARBEJDER som afsender; kan sporet ikke skrives, udføres intet. / Openings and events are written to the audit log as MEDARBEJDER; when it cannot be written, nothing is done.`;

export { UsageError };

/** `--team rolle=medarbejder,…`, every person checked against the staff directory. */
function parseTeam(text: string | undefined, directory: CliDirectory): Record<string, string> {
  if (!text) throw new UsageError('Angiv teamet med --team rolle=medarbejder,… (fx socialraadgiver=sr-mette). / Give the team with --team role=staff,….');
  const team: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const [role, staff] = pair.split('=');
    if (!role || !staff) throw new UsageError(`'${pair}' i --team skal skrives rolle=medarbejder. / '${pair}' in --team must be role=staff.`);
    requireKnown(unknownStaff(directory, staff.trim()), `--team ${role.trim()}`);
    team[role.trim()] = staff.trim();
  }
  return team;
}

async function prepareOpen(args: string[]): Promise<Send> {
  const { values, positionals } = parseOptions(
    args,
    { programme: { type: 'string' }, 'rules-file': { type: 'string' }, unit: { type: 'string' }, municipality: { type: 'string' }, team: { type: 'string' }, notified: { type: 'string' }, due: { type: 'string' }, by: { type: 'string' } },
    USAGE,
  );
  if (!values.programme === !values['rules-file']) throw new UsageError('Angiv programmet med --programme, fx --programme spaedbarnsindsatsen. / Give the programme with --programme.');
  const notified = option.date('--notified', values.notified);
  const dueDate = option.date('--due', values.due);
  const directory = await loadCliDirectory();
  if (values.unit) requireKnown(unknownUnit(directory, values.unit), '--unit');
  if (values.municipality) requireKnown(unknownMunicipality(directory, values.municipality), '--municipality');
  // An operator may open a case on an unpublished rules file (a rehearsal); everyone else opens on the published version.
  const fromFile = values['rules-file'] ? programmeFile(values['rules-file']) : undefined;
  const parsed = CaseStartFields.safeParse({
    caseId: positionals[0],
    unit: values.unit,
    municipality: values.municipality,
    team: parseTeam(values.team, directory),
    notified,
    dueDate,
    openedBy: registeredBy(directory, values.by),
  });
  if (!parsed.success) throw new UsageError(`Sagen kan ikke oprettes: ${firstIssue(parsed.error)}. / The case cannot be opened.`);
  if (fromFile) requireKnownRoles(fromFile, parsed.data.team);
  return async ({ client, config }) => {
    const programme = fromFile ?? (await publishedProgramme(client, config.taskQueue, values.programme!));
    requireKnownRoles(programme, parsed.data.team);
    const { caseId, openedBy, unit } = parsed.data;
    try {
      await cliAudited({ actor: openedBy, action: 'case.open', caseId, details: { programme: programme.id, unit } }, () => openCase(OPERATOR, client, config.taskQueue, parsed.data, programme));
    } catch (err) {
      if (err instanceof CaseExists) throw new UsageError(err.message);
      throw err;
    }
    console.log(`Sag ${parsed.data.caseId} er oprettet på ${programme.title} (${programme.versionLabel}, version ${programme.version.slice(0, 12)}).`);
    return 0;
  };
}

function requireKnownRoles(programme: Programme, team: Record<string, string>): void {
  const unknownRoles = Object.keys(team).filter((r) => !programme.roles.some((role) => role.id === r));
  if (unknownRoles.length) throw new UsageError(`Programmet kender ikke rollen '${unknownRoles[0]}'; brug en af ${programme.roles.map((r) => r.id).join(', ')}. / Unknown role '${unknownRoles[0]}'.`);
}

/** The programme's current published version from the rules registry. */
async function publishedProgramme(client: Client, taskQueue: string, programmeId: string): Promise<Programme> {
  try {
    return (await createRegistryService({ client, taskQueue }).currentVersion(programmeId)).model;
  } catch (err) {
    if (err instanceof UnknownProgramme) throw new UsageError(err.message);
    throw err;
  }
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

/** Event options after their values were checked against the contract and the staff directory. */
interface EventOptions {
  by: string;
  at?: string;
  hours?: number;
  step?: string;
  occurrence?: number;
  reason?: string;
  time?: string;
  role?: string;
  staff?: string;
  detail?: string;
  cancel?: boolean;
}

/** The command line's event words → the update payload. */
function eventFromArgs(type: string, v: EventOptions): CaseChange {
  const { by, at, occurrence } = v;
  const raw: Record<string, unknown> = (() => {
    switch (type) {
      case 'visit':
        return { type: 'visit', at, hours: v.hours, step: v.step, by };
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

/** Every option value of `case event` checked before the case is asked anything. */
async function eventOptions(values: Record<string, string | boolean | undefined>): Promise<EventOptions> {
  const text = (name: string) => values[name] as string | undefined;
  const at = option.date('--at', text('at'));
  const time = option.time('--time', text('time'));
  const hours = option.hours('--hours', text('hours'));
  const occurrence = option.occurrence('--occurrence', text('occurrence'));
  const directory = await loadCliDirectory();
  const by = registeredBy(directory, text('by'));
  const staff = text('staff');
  if (staff !== undefined) requireKnown(unknownStaff(directory, staff), '--staff');
  return { by, at, time, hours, occurrence, staff, step: text('step'), reason: text('reason'), role: text('role'), detail: text('detail'), cancel: values.cancel === true };
}

async function prepareEvent(args: string[]): Promise<Send> {
  const { values, positionals } = parseOptions(
    args,
    {
      at: { type: 'string' }, by: { type: 'string' }, hours: { type: 'string' }, step: { type: 'string' }, occurrence: { type: 'string' },
      reason: { type: 'string' }, time: { type: 'string' }, role: { type: 'string' }, staff: { type: 'string' }, detail: { type: 'string' }, cancel: { type: 'boolean' },
    },
    USAGE,
  );
  const [caseId, type] = positionals;
  if (!caseId || !type) throw new UsageError(USAGE);
  const checked = await eventOptions(values);
  return async ({ client }) => {
    try {
      const unknown = unknownTypeSentence(type, await caseProgramme(OPERATOR, client, caseId));
      if (unknown) {
        console.error(unknown);
        return 1;
      }
    } catch (err) {
      console.error(failureSentence(err, undefined, caseId));
      return 1;
    }
    const payload = eventFromArgs(type, checked);
    // The same rows as the web app's: an acknowledgement, or an event with ids and codes only.
    const entry =
      'acknowledge' in payload
        ? { actor: checked.by, action: 'case.acknowledge', caseId, details: { step: payload.acknowledge.stepId, occurrence: payload.acknowledge.occurrence } }
        : { actor: checked.by, action: 'case.register', caseId, details: eventAudit(payload) };
    try {
      const accepted = await cliAudited(entry, () => registerOnCase(OPERATOR, client, caseId, payload));
      console.log(`Registreret på sag ${caseId} (hændelse nr. ${accepted.seq}); sagen er i fase ${accepted.phase}.`);
      return 0;
    } catch (err) {
      console.error(err instanceof AuditUnavailable ? err.message : failureSentence(err, undefined, caseId));
      return 1;
    }
  };
}

async function prepareShow(args: string[]): Promise<Send> {
  const { values, positionals } = parseOptions(args, { json: { type: 'boolean' }, all: { type: 'boolean' } }, USAGE);
  const caseId = positionals[0];
  if (!caseId) throw new UsageError(USAGE);
  return async ({ client }) => {
    try {
      const { timeline, obligations, phase } = await caseTimeline(OPERATOR, client, caseId);
      if (values.json) console.log(JSON.stringify({ caseId, phase, obligations, timeline }, null, 2));
      else printTimeline(caseId, phase, timeline, obligations, { all: Boolean(values.all), today: DateTime.now().setZone('Europe/Copenhagen').toISODate()! });
      return 0;
    } catch (err) {
      console.error(failureSentence(err, undefined, caseId));
      return 1;
    }
  };
}

const prepare: Record<string, (args: string[]) => Promise<Send>> = { open: prepareOpen, event: prepareEvent, show: prepareShow, migrate: prepareMigrate };

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h' || !prepare[sub] || wantsHelp(rest)) {
    const help = sub === '--help' || sub === '-h' || (prepare[sub ?? ''] !== undefined && wantsHelp(rest));
    if (help) console.log(USAGE);
    else console.error(sub ? `Ukendt underkommando 'case ${sub}'. / Unknown subcommand 'case ${sub}'.\n${USAGE}` : USAGE);
    return help ? 0 : 2;
  }
  return checkThenSend(() => prepare[sub]!(rest));
}
