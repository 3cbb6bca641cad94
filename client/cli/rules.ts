/**
 * `vugge rules check FILE…` — compiles rules files (client/service/rules-file.ts) and prints every
 * error with a code frame.
 * `preview` and `diff` live in ./rules-preview.js, loaded only when asked for.
 */
import { z } from 'zod';
import { formatErrors } from '../../dsl/format-errors.js';
import { OPERATOR } from '../service/access.js';
import { checkRulesFile } from '../service/rules-file.js';
import { wantsHelp } from './options.js';

const usage = [
  'Brug / usage:',
  '  vugge rules check FIL… [--json] [--lang da|en]',
  '      tjek regelfiler og vis hver fejl / check rules files and show every error',
  '  vugge rules preview FIL --facts FAKTA.json [--as-of DATO] [--json] [--lang da|en]',
  '      en sags hele forløb under reglerne / one case\'s whole timeline under the rules',
  '  vugge rules diff GAMMEL NY --facts FAKTA.json [--as-of DATO] [--json] [--lang da|en]',
  '      hvad der ændres for sagen mellem to versioner / what changes for the case between two versions',
  '  vugge rules publish FIL --message TEKST [--by ADMINISTRATOR]',
  '      foreslå en ny version af programmet / propose a new version of the programme',
  '  vugge rules approve PROGRAM VERSION [--by ADMINISTRATOR]',
  '      udgiv et forslag (en anden administrator end forslagsstilleren) / publish a proposal (not its proposer)',
  '  vugge rules reject PROGRAM VERSION --reason TEKST [--by ADMINISTRATOR]',
  '  vugge rules versions PROGRAM [--json]',
  '  vugge rules migrate PROGRAM VERSION --all|--cases SAG,SAG… [--by ADMINISTRATOR]',
  '      flyt kørende sager til den gældende version (en varig kørsel) / move running cases to the current version (a durable batch)',
  '  vugge rules migration KØRSEL [--json]',
  '      hvor langt en flytning er, og hvad der flyttede / how far a migration is and what moved',
  'FAKTA.json er beskrevet i docs/facts.md; DATO er år-måned-dag (2026-03-12).',
].join('\n');

/** The registry's commands (./rules-registry.ts). */
const REGISTRY_COMMANDS = ['publish', 'approve', 'reject', 'versions', 'migrate', 'migration'];

const CheckArgs = z.object({
  files: z.array(z.string().min(1)).min(1, 'Angiv mindst én regelfil, fx: vugge rules check rules/spaedbarnsindsatsen.rules'),
  json: z.boolean(),
  lang: z.enum(['da', 'en'], { message: "--lang skal være 'da' eller 'en'." }),
});

function parseCheckArgs(args: string[]): z.infer<typeof CheckArgs> | string {
  const files: string[] = [];
  let json = false;
  let lang = 'da';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--lang') lang = args[++i] ?? '';
    else if (a.startsWith('--lang=')) lang = a.slice('--lang='.length);
    else if (a.startsWith('-')) return `Ukendt tilvalg '${a}' — brug --json eller --lang da|en.`;
    else files.push(a);
  }
  const parsed = CheckArgs.safeParse({ files, json, lang });
  return parsed.success ? parsed.data : parsed.error.issues[0]!.message;
}

export async function check(args: string[]): Promise<number> {
  const opts = parseCheckArgs(args);
  if (typeof opts === 'string') {
    console.error(opts);
    return 2;
  }
  const report: { file: string; ok: boolean; version?: string; errors: unknown[] }[] = [];
  let failed = false;
  for (const file of opts.files) {
    const checked = await checkRulesFile(OPERATOR, file);
    if ('unreadable' in checked) {
      const msg = opts.lang === 'da' ? `Kan ikke læse filen '${file}': findes den, og må du læse den?` : `Cannot read the file '${file}': does it exist and may you read it?`;
      if (opts.json) report.push({ file, ok: false, errors: [{ code: 'file.unreadable', message: msg }] });
      else console.error(msg);
      failed = true;
    } else if ('programme' in checked) {
      const p = checked.programme;
      report.push({ file, ok: true, version: p.version, errors: [] });
      if (!opts.json) {
        console.log(
          opts.lang === 'da'
            ? `${file}: OK — ${p.title} (${p.versionLabel}), ${p.steps.length} trin, version ${p.version}`
            : `${file}: OK — ${p.title} (${p.versionLabel}), ${p.steps.length} steps, version ${p.version}`,
        );
      }
    } else {
      failed = true;
      report.push({ file, ok: false, errors: checked.errors });
      if (!opts.json) {
        console.error(formatErrors(checked.errors, checked.source, { file, lang: opts.lang }));
        const n = checked.errors.length;
        console.error(opts.lang === 'da' ? `\n${file}: ${n} fejl\n` : `\n${file}: ${n} error${n === 1 ? '' : 's'}\n`);
      }
    }
  }
  if (opts.json) console.log(JSON.stringify(report, null, 2));
  return failed ? 1 : 0;
}

interface PreviewModule {
  preview(args: string[]): Promise<number>;
  diff(args: string[]): Promise<number>;
}

/** `preview` and `diff` plan cases: loaded only when asked for, so `check` starts without the planner. */
async function loadPreview(): Promise<PreviewModule> {
  return import('./rules-preview.js');
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub && ['check', 'preview', 'diff', ...REGISTRY_COMMANDS].includes(sub) && wantsHelp(rest)) {
    console.log(usage);
    return 0;
  }
  switch (sub) {
    case 'check':
      return check(rest);
    case 'preview':
    case 'diff': {
      const mod = await loadPreview();
      return sub === 'preview' ? mod.preview(rest) : mod.diff(rest);
    }
    case 'publish':
    case 'approve':
    case 'reject':
    case 'versions':
    case 'migrate':
    case 'migration':
      // The registry talks to Temporal: loaded only when asked for, like preview.
      return (await import('./rules-registry.js')).runRegistry(sub, rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(usage);
      return sub ? 0 : 2;
    default:
      console.error(`Ukendt underkommando 'rules ${sub}'. Brug check, preview, diff, publish, approve, reject, versions, migrate eller migration.`);
      return 2;
  }
}
