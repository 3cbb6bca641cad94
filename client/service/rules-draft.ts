/**
 * The rules editor's drafts: one per administrator and programme, kept in Vugge's database until
 * the administrator proposes it (or discards it). A draft starts from the programme's current
 * version (`startingSource`). Only someone who may use the rules studio reads or writes drafts, and
 * always their own: the staff id comes from the signed-in person, never from a form.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../dsl/compile/compile.js';
import { Code, StaffId } from '../../dsl/contract.js';
import type { Queryable } from '../../activities/db/driver.js';
import { requireAccess, type Actor } from './access.js';

/** A draft is a rules file; the compiler refuses anything larger anyway. */
export const MAX_DRAFT_CHARS = 200_000;

export interface Draft {
  programmeId: string;
  source: string;
  savedAt: Date;
}

export interface DraftStore {
  load(programmeId: string, staffId: string): Promise<Draft | undefined>;
  save(programmeId: string, staffId: string, source: string): Promise<Draft>;
  discard(programmeId: string, staffId: string): Promise<void>;
}

/** Drafts in Vugge's database (table rules_drafts); `db` is opened on first use. */
export function databaseDraftStore(db: () => Promise<Queryable>): DraftStore {
  let opened: Promise<Queryable> | undefined;
  const open = () => (opened ??= db().catch((err: unknown) => {
    opened = undefined;
    throw err;
  }));
  const row = (r: { programme_id: string; source: string; saved_at: Date }): Draft => ({ programmeId: r.programme_id, source: r.source, savedAt: r.saved_at });
  return {
    async load(programmeId, staffId) {
      const rows = await (await open()).query<{ programme_id: string; source: string; saved_at: Date }>(
        'SELECT programme_id, source, saved_at FROM rules_drafts WHERE programme_id = $1 AND staff_id = $2', [programmeId, staffId]);
      return rows[0] ? row(rows[0]) : undefined;
    },
    async save(programmeId, staffId, source) {
      const rows = await (await open()).query<{ programme_id: string; source: string; saved_at: Date }>(
        `INSERT INTO rules_drafts (programme_id, staff_id, source) VALUES ($1, $2, $3)
         ON CONFLICT (programme_id, staff_id) DO UPDATE SET source = EXCLUDED.source, saved_at = now()
         RETURNING programme_id, source, saved_at`, [programmeId, staffId, source]);
      return row(rows[0]!);
    },
    async discard(programmeId, staffId) {
      await (await open()).query('DELETE FROM rules_drafts WHERE programme_id = $1 AND staff_id = $2', [programmeId, staffId]);
    },
  };
}

/** Drafts in memory, for a web app started without a database (tests, a demo). */
export function memoryDraftStore(): DraftStore {
  const drafts = new Map<string, Draft>();
  const key = (p: string, s: string) => `${p}\u0000${s}`;
  return {
    load: async (programmeId, staffId) => drafts.get(key(programmeId, staffId)),
    async save(programmeId, staffId, source) {
      const draft = { programmeId, source, savedAt: new Date() };
      drafts.set(key(programmeId, staffId), draft);
      return draft;
    },
    discard: async (programmeId, staffId) => void drafts.delete(key(programmeId, staffId)),
  };
}

const RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));

/**
 * The text a new draft starts from: the programme's current version. Until the rules registry
 * names a published version, that is the rules file in rules/ whose programme has this id.
 */
export function startingSource(programmeId: string, rulesDir = RULES_DIR): string | undefined {
  for (const file of readdirSync(rulesDir).filter((f) => f.endsWith('.rules')).sort()) {
    const source = readFileSync(join(rulesDir, file), 'utf8');
    const result = compile(source);
    if (result.ok && result.programme.id === programmeId) return source;
  }
  return undefined;
}

/** The person's draft of the programme, or the programme's current version when they have none. */
export async function openDraft(
  store: DraftStore,
  actor: Actor,
  programmeId: string,
  starting: (programmeId: string) => Promise<string | undefined> | string | undefined = startingSource,
): Promise<{ source: string; savedAt?: Date } | undefined> {
  requireAccess(actor.directory, actor.staffId, 'use_rules_studio');
  const draft = await store.load(Code.parse(programmeId), StaffId.parse(actor.staffId));
  if (draft) return draft;
  const source = await starting(programmeId);
  return source === undefined ? undefined : { source };
}

export async function saveDraft(store: DraftStore, actor: Actor, programmeId: string, source: string): Promise<Draft> {
  requireAccess(actor.directory, actor.staffId, 'use_rules_studio');
  if (source.length > MAX_DRAFT_CHARS) throw new RangeError(`a draft holds at most ${MAX_DRAFT_CHARS} characters`);
  return store.save(Code.parse(programmeId), StaffId.parse(actor.staffId), source);
}

/** Forgets the person's draft (when it has been proposed, or they start over). */
export async function discardDraft(store: DraftStore, actor: Actor, programmeId: string): Promise<void> {
  requireAccess(actor.directory, actor.staffId, 'use_rules_studio');
  await store.discard(Code.parse(programmeId), StaffId.parse(actor.staffId));
}
