/**
 * The command line checks what a person typed before anything reaches Temporal: options parse,
 * `--help` works on every command, dates and times go through the shared contract, and staff ids,
 * units and municipalities must be in the staff directory (with a suggestion). Temporal is replaced
 * by a spy, so "nothing sent" means the CLI never even connected.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkLocalDate, sentence } from '../dsl/contract.js';
import { main, usage } from '../client/cli/index.js';
import { connectClient } from '../client/service/temporal-client.js';

vi.mock('../client/service/temporal-client.js', async (original) => ({
  ...(await original<typeof import('../client/service/temporal-client.js')>()),
  connectClient: vi.fn(async () => {
    throw new Error('connected to Temporal');
  }),
}));

const connect = vi.mocked(connectClient);
let out: string[] = [];
let err: string[] = [];
beforeEach(() => {
  out = [];
  err = [];
  connect.mockClear();
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  vi.stubEnv('VUGGE_STAFF_FILE', 'config/staff.example.yaml');
  vi.stubEnv('VUGGE_STAFF_ID', 'sr-mette');
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

async function vugge(...argv: string[]) {
  const code = await main(argv);
  return { code, out: out.join('\n'), err: err.join('\n'), sent: connect.mock.calls.length > 0 };
}

const RULES = 'rules/spaedbarnsindsatsen.rules';
const TEAM = 'socialraadgiver=sr-mette,sundhedsplejerske=sp-anne,familieterapeut=ft-peter';
const OPEN = ['case', 'open', 'K-2026-0001', '--programme', 'spaedbarnsindsatsen', '--unit', 'nord', '--municipality', '0751', '--team', TEAM, '--notified', '2026-03-02'];

describe('vugge case migrate', () => {
  it('takes --all without a case id (it printed the usage, exit 2)', async () => {
    const result = await vugge('case', 'migrate', '--all', '--to', RULES, '--dry-run');
    expect(result.err).not.toContain('Brug / usage');
    expect(result.sent).toBe(true);
  });

  it('says which rules file it cannot read, before connecting', async () => {
    expect(await vugge('case', 'migrate', '--all', '--to', 'rules/findes-ikke.rules')).toMatchObject({ code: 2, sent: false, err: "Kan ikke læse reglerne 'rules/findes-ikke.rules'; tjek stien. / Cannot read the rules file 'rules/findes-ikke.rules'." });
  });
});

describe('--help', () => {
  it.each([
    ['cases', '--help'],
    ['overdue', '--help'],
    ['rules', 'preview', '--help'],
    ['rules', 'diff', '--help'],
    ['rules', 'check', '-h'],
    ['case', 'show', '--help'],
    ['case', 'event', '--help'],
    ['case', 'migrate', '--help'],
    ['staff', 'feed-url', '--help'],
    ['undeliverable', '--help'],
  ])('vugge %s %s shows the usage (it failed with "Unknown option")', async (...argv) => {
    const result = await vugge(...argv);
    expect(result).toMatchObject({ code: 0, err: '', sent: false });
    expect(result.out).toMatch(/^Brug \/ usage:/);
  });

  it('the top-level help names every subcommand of staff, feed-url too', () => {
    expect(usage()).toContain('vugge staff list | check | feed-url');
  });

  it('says the command line acts with the operator\'s own authority, in Danish and English', () => {
    expect(usage()).toContain('Kommandolinjen handler med operatørens egen myndighed');
    expect(usage()).toContain("The command line acts with the operator's own authority");
  });
});

describe('staff ids, units and municipalities are checked against the directory', () => {
  it.each([
    [['overdue', '--unit', 'nordd'], "--unit: Enheden 'nordd' findes ikke — mente du 'nord'?"],
    [['overdue', '--unit', 'vest'], "--unit: Enheden 'vest' findes ikke; brug en af: nord, syd."],
    [['overdue', '--municipality', '0715'], "--municipality: Kommunen '0715' har ingen enhed i kartoteket — mente du '0751'?"],
    [['cases', '--owner', 'nobody'], "--owner: Medarbejder-id 'nobody' findes ikke i config/staff.example.yaml; se 'vugge staff list'."],
    [['cases', '--owner', 'mette'], "--owner: Medarbejder-id 'mette' findes ikke i config/staff.example.yaml — mente du 'sr-mette'?"],
    [['case', 'event', 'K-2026-0001', 'birth', '--at', '2026-03-02', '--by', 'sr-mete'], "--by: Medarbejder-id 'sr-mete' findes ikke i config/staff.example.yaml — mente du 'sr-mette'?"],
    [['case', 'event', 'K-2026-0001', 'reassign', '--at', '2026-03-02', '--role', 'socialraadgiver', '--staff', 'sr-sofei'], "--staff: Medarbejder-id 'sr-sofei' findes ikke i config/staff.example.yaml — mente du 'sr-sofie'?"],
    [[...OPEN.slice(0, 10), 'socialraadgiver=sr-mette,sundhedsplejerske=sp-ane', ...OPEN.slice(11)], "--team sundhedsplejerske: Medarbejder-id 'sp-ane' findes ikke i config/staff.example.yaml — mente du 'sp-anne'?"],
    [[...OPEN, '--by', 'tl-nobody'], "--by: Medarbejder-id 'tl-nobody' findes ikke i config/staff.example.yaml; se 'vugge staff list'."],
    [['case', 'open', ...OPEN.slice(2, 5), '--unit', 'sud', ...OPEN.slice(7)], "--unit: Enheden 'sud' findes ikke — mente du 'syd'?"],
    [['case', 'migrate', 'K-2026-0001', '--to', 'spaedbarnsindsatsen', '--by', 'tl-karn'], "--by: Medarbejder-id 'tl-karn' findes ikke i config/staff.example.yaml — mente du 'tl-karen'?"],
  ])('vugge %j: one sentence with a suggestion, exit 2, nothing sent', async (argv, danish) => {
    const result = await vugge(...argv);
    expect(result).toMatchObject({ code: 2, sent: false });
    expect(result.err).toBe(`${danish} / ${result.err.split(' / ')[1]}`);
    expect(result.err.split(' / ')[1]).toMatch(/^--\w+( \w+)?: (Unit|Municipality|Staff id) /);
  });

  it('VUGGE_STAFF_ID is checked too when --by is left out', async () => {
    vi.stubEnv('VUGGE_STAFF_ID', 'sr-ukendt');
    const result = await vugge('case', 'event', 'K-2026-0001', 'birth', '--at', '2026-03-02');
    expect(result).toMatchObject({ code: 2, sent: false });
    expect(result.err).toMatch(/^VUGGE_STAFF_ID: Medarbejder-id 'sr-ukendt' findes ikke/);
  });

  it('a directory that cannot be read stops the command (exit 1) instead of skipping the check', async () => {
    vi.stubEnv('VUGGE_STAFF_FILE', 'config/findes-ikke.yaml');
    expect(await vugge('cases', '--owner', 'sr-mette')).toMatchObject({ code: 1, sent: false, err: expect.stringMatching(/^Medarbejderkartoteket 'config\/findes-ikke.yaml' kan ikke læses/) });
  });

  it.each([
    [['overdue', '--unit', 'nord', '--municipality', '0751']],
    [['cases', '--owner', 'tl-karen']],
  ])('known values go through to the read model, not to Temporal: %j', async (argv) => {
    vi.stubEnv('VUGGE_DATA_DIR', mkdtempSync(join(tmpdir(), 'vugge-cli-input-')));
    expect(await vugge(...argv)).toMatchObject({ code: 0, sent: false, err: '' });
  }, 120_000);

  it.each([
    [['case', 'event', 'K-2026-0001', 'reassign', '--at', '2026-03-02', '--role', 'socialraadgiver', '--staff', 'sr-sofie', '--by', 'tl-karen']],
    [[...OPEN, '--due', '2026-08-17', '--by', 'tl-karen']],
  ])('known values go through to Temporal: %j', async (argv) => {
    expect(await vugge(...argv)).toMatchObject({ code: 1, sent: true, err: 'connected to Temporal' });
  });
});

describe('dates, times and numbers go through the shared contract', () => {
  const contract = (option: string, value: string) => {
    const m = checkLocalDate(value)!;
    return `${option}: ${m.da} / ${option}: ${m.en}`;
  };

  it('refuses --at 2026-06-31 with the contract sentence, exit 2, nothing sent (it was stored as 1 July)', async () => {
    const result = await vugge('case', 'event', 'K-2026-0001', 'netvaerksmoede', '--at', '2026-06-31');
    expect(result).toMatchObject({ code: 2, sent: false, err: contract('--at', '2026-06-31') });
    expect(result.err).toMatch(/^--at: 2026-06-31 er ikke en rigtig dato: juni 2026 har 30 dage/);
    expect(sentence(checkLocalDate('2026-06-31')!)).toContain('juni 2026 har 30 dage');
  });

  it.each([
    [['case', 'event', 'K-2026-0001', 'planned', '--step', 'teamsamtale', '--occurrence', '1', '--at', '2026-03-10', '--time', '25:00'], /^--time: «25:00» er ikke et klokkeslæt/],
    [['case', 'event', 'K-2026-0001', 'visit', '--at', '2026-03-10', '--hours', '71,5'], /^--hours: 71,5 timer er ikke muligt/],
    [['case', 'event', 'K-2026-0001', 'visit', '--at', '2026-03-10', '--hours', 'to'], /^--hours: «to» er ikke et tal: skriv fx 1,5\. \/ --hours: 'to' is not a number/],
    [['case', 'event', 'K-2026-0001', 'planned', '--step', 'teamsamtale', '--occurrence', '99999999', '--at', '2026-03-10'], /^--occurrence: 99999999 er ikke et gyldigt nummer/],
    [['case', 'event', 'K-2026-0001', 'due-date', '--at', '9999-99-99'], /^--at: 9999-99-99 er ikke en rigtig dato: måneden skal være 01–12/],
    [[...OPEN.slice(0, 12), '2026-02-30'], /^--notified: 2026-02-30 er ikke en rigtig dato: februar 2026 har 28 dage/],
    [[...OPEN, '--due', '0000-00-00'], /^--due: 0000-00-00 er ikke en rigtig dato/],
    [['rules', 'preview', RULES, '--facts', 'rules/examples/spaedbarn.json', '--as-of', '2026-06-31'], /^--as-of: 2026-06-31 er ikke en rigtig dato/],
    [['case', 'show', 'K-2026-0001', '--alle'], /^Ukendt tilvalg '--alle'\. \/ Unknown option '--alle'\.\nBrug \/ usage:/],
    [['overdue', '--page', '0'], /^--page: «0» er ikke et sidetal: skriv et helt tal fra 1, fx 2\. \/ --page: '0' is not a page number/],
    [['overdue', '--page', 'to'], /^--page: «to» er ikke et sidetal/],
    [['overdue', '--page', '2', '--all'], /^--page kan ikke bruges sammen med --all, som viser alle trin\. \/ --page cannot be used with --all/],
  ])('vugge %j is refused before anything is sent', async (argv, message) => {
    const result = await vugge(...argv);
    expect(result).toMatchObject({ code: 2, sent: false });
    expect(result.err).toMatch(message);
  });

  it('accepts a decimal comma for hours', async () => {
    expect(await vugge('case', 'event', 'K-2026-0001', 'visit', '--at', '2026-03-10', '--hours', '1,5')).toMatchObject({ code: 1, sent: true });
  });
});
