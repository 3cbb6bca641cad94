// Whether a bundle may be used: it must exist and be newer than every source file it was built from
// (its inputs.json: dist/cli/ written by scripts/build-cli.mjs, dist/web/ by scripts/build-web.mjs).
import { readFileSync, statSync } from 'node:fs';

/**
 * Why the bundle under `root` (a file URL ending in '/') cannot be used, as { da, en }; undefined
 * when it can.
 */
export function bundleStaleness(root, manifestPath = 'dist/cli/inputs.json') {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(new URL(manifestPath, root), 'utf8'));
  } catch {
    return { da: 'findes ikke', en: 'is missing' };
  }
  for (const file of manifest.inputs) {
    let mtime;
    try {
      mtime = statSync(new URL(file, root)).mtimeMs;
    } catch {
      return { da: `er bygget af ${file}, som ikke findes mere`, en: `was built from ${file}, which is gone` };
    }
    if (mtime > manifest.builtAt) return { da: `er ældre end ${file}`, en: `is older than ${file}` };
  }
  return undefined;
}
