/**
 * The `vugge` command line. Each command group lives in `client/commands/<group>.ts` and exports
 * `run(args: string[]): Promise<number>` (the exit code); this file only routes and prints usage.
 */
const groups: Record<string, { file: string; summary: string }> = {
  rules: { file: './commands/rules.js', summary: 'rules check | preview | diff — regler: tjek, forhåndsvisning, forskel' },
  case: { file: './commands/case.js', summary: 'case open | event | show | migrate — en sag' },
  cases: { file: './commands/cases.js', summary: 'cases --owner STAFF — mine kommende og forsinkede trin' },
  overdue: { file: './commands/overdue.js', summary: 'overdue [--unit U] [--municipality M] — alle forsinkede trin' },
  staff: { file: './commands/staff.js', summary: 'staff list | check — medarbejderkartoteket' },
  audit: { file: './commands/audit.js', summary: 'audit verify [--head HASH] — tjek revisionssporets hash-kæde' },
  undeliverable: { file: './commands/undeliverable.js', summary: 'undeliverable [--unit U] [--leader STAFF] — beskeder der ikke kunne leveres' },
};

export function usage(): string {
  const lines = Object.entries(groups).map(([name, g]) => `  vugge ${g.summary.startsWith(name) ? '' : name + ' '}${g.summary}`);
  return ['Brug / usage:', ...lines, '', 'vugge <kommando> --help viser mere.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [group, ...rest] = argv;
  if (!group || group === '--help' || group === '-h' || group === 'help') {
    console.log(usage());
    return group ? 0 : 2;
  }
  const entry = groups[group];
  if (!entry) {
    console.error(`Ukendt kommando '${group}'. Kendte kommandoer: ${Object.keys(groups).join(', ')}.`);
    return 2;
  }
  try {
    const mod = (await import(entry.file)) as { run(args: string[]): Promise<number> };
    return await mod.run(rest);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  }
}
