/**
 * PGlite writes its files with the process's umask (often 0644 or 0666): the data directory is
 * kept 0700 and its files 0600, so no other user on the machine can read case data.
 */
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** `parent` (the data directory) becomes 0700; `dir` and everything under it 0700/0600. */
export function restrictModes(parent: string, dir: string): void {
  chmodSync(parent, 0o700);
  walk(dir);
}

function walk(path: string): void {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
    for (const entry of readdirSync(path)) walk(join(path, entry));
  } else if (stat.isFile() && (stat.mode & 0o777) !== 0o600) {
    chmodSync(path, 0o600);
  }
}
