/**
 * What the rules studio needs besides the case service: where drafts are kept and how the running
 * cases are read for the impact. `studioDeps` is the real thing (Vugge's database, Temporal);
 * `studioDefaults` keeps drafts in memory and sees no running cases (a web app built in a test).
 */
import type { Client } from '@temporalio/client';
import { loadDatabaseConfig } from '../../../activities/db/config.js';
import { openVuggeDatabase, type Database } from '../../../activities/db/index.js';
import { databaseDraftStore, memoryDraftStore, type DraftStore } from '../../service/rules-draft.js';
import { countRunningCases, impactJobs, runningCases, type ImpactJobs } from '../../service/rules-impact.js';

export interface StudioDeps {
  drafts: DraftStore;
  impact: ImpactJobs;
  /** The text a new draft starts from: the programme's current published version (default: the bundled rules file). */
  startingSource?: (programmeId: string) => Promise<string | undefined>;
}

export function studioDefaults(): StudioDeps {
  return { drafts: memoryDraftStore(), impact: impactJobs({ cases: async function* () {} }) };
}

/** Drafts in Vugge's database (opened on the first draft, closed by `close`), impact over the running cases. */
export function studioDeps(client: Client, env: Record<string, string | undefined>, startingSource?: StudioDeps['startingSource']): StudioDeps & { close(): Promise<void> } {
  let db: Promise<Database> | undefined;
  return {
    startingSource,
    drafts: databaseDraftStore(() => (db ??= openVuggeDatabase(loadDatabaseConfig(env)))),
    impact: impactJobs({ cases: (id) => runningCases(client, id), count: (id) => countRunningCases(client, id) }),
    async close() {
      if (db) await (await db.catch(() => undefined))?.close();
    },
  };
}
