/**
 * The mail side of the `vugge` command. Undeliverable notifications reach the leaders another way:
 * a mail server that rejects a health visitor's address makes the notification show up in
 * `vugge undeliverable` for her unit and her team leader, and for no one else. And
 * `vugge staff feed-url` gives a person the address of their calendar feed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedToken } from '../client/service/calendar-feed.js';
import { buildCli } from '../scripts/build-cli.mjs';
import { spawnVugge as vugge } from './helpers/vugge-cli.js';
import { activitiesFor, notification, TestSmtpServer } from './mail-support.js';

let smtp: TestSmtpServer;
let dataDir: string;
beforeAll(async () => {
  // The calls below run the precompiled CLI, as an installed checkout does.
  await buildCli({ quiet: true, ifStale: true });
  smtp = await new TestSmtpServer().start();
  smtp.rejectAddresses.add('anne@example.org');
  smtp.rejectAddresses.add('hanne@example.org');
  const built = await activitiesFor(smtp, { pool: false });
  dataDir = built.dataDir;
  const nord = notification({ caseId: 'K-2027-0101', idempotencyKey: 'K-2027-0101:teamsamtale:1:reminder:0' });
  const syd = notification({ caseId: 'K-2027-0202', idempotencyKey: 'K-2027-0202:teamsamtale:1:reminder:0', unit: 'syd', team: { sundhedsplejerske: 'sp-hanne' } });
  for (const request of [nord, syd]) await expect(built.activities.sendNotification(request)).rejects.toMatchObject({ type: 'RecipientRejected' });
  await built.deps.close();
});
afterAll(async () => {
  await smtp?.stop();
});

describe('vugge undeliverable', () => {
  it("lists a unit's undelivered notifications for its leader, and no other unit's", async () => {
    const nord = await vugge(['undeliverable', '--unit', 'nord'], { VUGGE_DATA_DIR: dataDir });
    expect(nord.code).toBe(0);
    const lines = nord.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^tidspunkt\s+sag\s+trin\s+slags\s+til\s+enhed\s+årsag\s+status$/);
    expect(lines.slice(1)).toHaveLength(1);
    expect(lines[1]).toMatch(/K-2027-0101\s+teamsamtale\s+reminder\s+sp-anne\s+nord\s+adressen afvist\s+stadig ikke leveret$/);

    const jens = await vugge(['undeliverable', '--leader', 'tl-jens', '--json'], { VUGGE_DATA_DIR: dataDir });
    expect(JSON.parse(jens.stdout)).toMatchObject([{ caseId: 'K-2027-0202', staffId: 'sp-hanne', reportTo: 'tl-jens', reason: 'recipient_rejected' }]);
  });

  it('says so when there is nothing, and rejects an unknown unit with one sentence', async () => {
    expect((await vugge(['undeliverable', '--unit', 'nord'], { VUGGE_DATA_DIR: `${dataDir}/tom` })).stdout).toBe('Ingen ikke-leverede beskeder i enhed nord.\n');
    const unknown = await vugge(['undeliverable', '--unit', 'vest'], { VUGGE_DATA_DIR: dataDir });
    expect(unknown).toMatchObject({ code: 2, stderr: "Enheden 'vest' findes ikke; brug en af: nord, syd.\n" });
  });
});

describe('vugge staff feed-url', () => {
  const secret = 'en-hemmelighed-paa-mindst-32-tegn-til-feedet';

  it("prints the person's subscription URL under VUGGE_FEED_URL", async () => {
    const result = await vugge(['staff', 'feed-url', 'sr-mette'], { VUGGE_FEED_SECRET: secret, VUGGE_FEED_URL: 'https://vugge.kommune.dk' });
    expect(result).toMatchObject({ code: 0, stdout: `https://vugge.kommune.dk/kalender/${feedToken(secret, 'sr-mette')}.ics\n` });
  });

  it('explains an unknown staff id and a missing secret in one sentence each', async () => {
    expect(await vugge(['staff', 'feed-url', 'sr-ukendt'], { VUGGE_FEED_SECRET: secret, VUGGE_STAFF_FILE: 'config/staff.example.yaml' })).toMatchObject({
      code: 2,
      stderr: "Medarbejder-id 'sr-ukendt' findes ikke i config/staff.example.yaml; se 'vugge staff list'.\n",
    });
    expect(await vugge(['staff', 'feed-url', 'sr-mette'], { VUGGE_FEED_SECRET: '' })).toMatchObject({
      code: 1,
      stderr: 'Kalenderfeedet er slået fra: sæt VUGGE_FEED_SECRET (mindst 32 tegn) som på webappen.\n',
    });
  });
});
