/**
 * The `vugge` command line: argument parsing and terminal output over client/service/, acting with
 * the operator's own authority. Each command group lives in `client/cli/<group>.ts` and exports
 * `run(args: string[]): Promise<number>` (the exit code); this file only routes and prints usage.
 * Groups are imported when called (literal paths, so the precompiled bundle splits them the same way).
 */
import { UsageError } from './options.js';

interface Group {
  summary: string[];
  load(): Promise<{ run(args: string[]): Promise<number> }>;
}

const groups: Record<string, Group> = {
  rules: { summary: ['rules check | preview | diff | publish | approve | reject | versions | migrate — regler: tjek, forhåndsvisning, forskel, udgivelse og flytning af sager'], load: () => import('./rules.js') },
  case: { summary: ['case open | event | show | migrate — en sag'], load: () => import('./case.js') },
  cases: { summary: ['cases --owner MEDARBEJDER — mine kommende og forsinkede trin'], load: () => import('./cases.js') },
  overdue: { summary: ['overdue [--unit ENHED] [--municipality KOMMUNE] — alle forsinkede trin'], load: () => import('./overdue.js') },
  staff: { summary: ['staff list | check | feed-url — medarbejderkartoteket og kalenderfeeds'], load: () => import('./staff.js') },
  db: { summary: ['db status | rebuild — Vugges egen database: tilstand, og genopbyg læsemodellen fra de kørende sager'], load: () => import('./db.js') },
  audit: { summary: ['audit verify [--head HASH] — tjek revisionssporets hash-kæde'], load: () => import('./audit.js') },
  undeliverable: { summary: ['undeliverable [--unit ENHED] [--leader MEDARBEJDER] | resend — beskeder der ikke kunne leveres, og send dem igen'], load: () => import('./undeliverable.js') },
};

export function usage(): string {
  const lines = Object.values(groups).flatMap((g) => g.summary.map((s) => `  vugge ${s}`));
  return [
    'Brug / usage:',
    ...lines,
    '',
    'vugge <kommando> --help viser mere. / vugge <command> --help shows more.',
    'Kommandolinjen handler med operatørens egen myndighed; --by angiver kun hvem der registrerede. / The command line acts with the operator\'s own authority; --by only records who registered.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [group, ...rest] = argv;
  if (!group || group === '--help' || group === '-h' || group === 'help') {
    console.log(usage());
    return group ? 0 : 2;
  }
  const entry = groups[group];
  if (!entry) {
    console.error(`Ukendt kommando '${group}'; kendte kommandoer: ${Object.keys(groups).join(', ')}. / Unknown command '${group}'.`);
    return 2;
  }
  try {
    return await (await entry.load()).run(rest);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return err instanceof UsageError ? err.exitCode : 1;
  }
}
