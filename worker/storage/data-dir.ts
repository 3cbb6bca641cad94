/**
 * Vugge's local data directory (VUGGE_DATA_DIR, default `.data/`): special-category personal data
 * lives there (logs of who was told what about which case, keys, the local Temporal database), so
 * its directories are 0700 and its files 0600 — set when they are created and tightened at every
 * open. A data directory in a shared sticky place such as /tmp itself is never chmod'ed.
 */
import { chmod, link, mkdir, open, readFile, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { sentence, type Message } from '../../dsl/contract.js';
import { processAlive } from '../../activities/process-alive.js';

const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** A data file that Vugge will not start on: the message names the file (and line) and what to do. */
export class DataFileError extends Error {
  override name = 'DataFileError';
  constructor(readonly problem: Message) {
    super(sentence(problem));
  }
}

function ownedAndNotShared(mode: number, uid: number): boolean {
  return (mode & 0o1000) === 0 && (typeof process.getuid !== 'function' || uid === process.getuid());
}

/** Creates `dir` (and missing parents) with mode 0700 and tightens it if it is looser. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const st = await stat(dir);
  if ((st.mode & 0o077) !== 0 && ownedAndNotShared(st.mode, st.uid)) await chmod(dir, PRIVATE_DIR_MODE);
}

/** The same, for the start script before anything else runs. */
export function ensurePrivateDirSync(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const st = statSync(dir);
  if ((st.mode & 0o077) !== 0 && ownedAndNotShared(st.mode, st.uid)) chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Opens `file` for appending, creating it 0600 (and its directory 0700); an existing file is tightened to 0600. */
export async function openPrivateForAppend(file: string): Promise<FileHandle> {
  await ensurePrivateDir(dirname(file));
  const handle = await open(file, 'a', PRIVATE_FILE_MODE);
  await handle.chmod(PRIVATE_FILE_MODE);
  return handle;
}

/**
 * Runs `fn` holding `lockFile` (0600, holding this process id, put in place atomically); resolves
 * false without running it when a live process — this one included — holds the lock. A lock left by
 * a process that is gone is taken over.
 */
export async function withDataLock(lockFile: string, fn: () => Promise<void>): Promise<boolean> {
  if (heldHere.has(lockFile)) return false;
  heldHere.add(lockFile);
  try {
    if (!(await acquire(lockFile))) return false;
    try {
      await fn();
      return true;
    } finally {
      await rm(lockFile, { force: true });
    }
  } finally {
    heldHere.delete(lockFile);
  }
}

async function acquire(lockFile: string): Promise<boolean> {
  await ensurePrivateDir(dirname(lockFile));
  const mine = `${lockFile}.${process.pid}`;
  await writeFile(mine, String(process.pid), { mode: PRIVATE_FILE_MODE });
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(mine, lockFile);
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      // this process id is not holding it here: the lock was left by an earlier process with the same id
      if (holder && holder !== process.pid && processAlive(holder)) return false;
      await rm(lockFile, { force: true });
    }
    return false;
  } finally {
    await rm(mine, { force: true });
  }
}

const heldHere = new Set<string>();

