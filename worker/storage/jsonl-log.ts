/**
 * An append-only JSON-lines file under `VUGGE_DATA_DIR/mail/` that is durable when `append`
 * resolves: records written while a flush is under way are grouped into the next write + fsync, so
 * a burst of sends costs a few fsyncs rather than one each.
 *
 * Every line is checked against the log's zod schema when it is opened. A last line cut short by a
 * crash mid-write (never acknowledged) is cut off; any other line that is not a valid record stops
 * the open with a DataFileError naming the file and line — a sent-log read wrongly would mail people
 * twice. `logs.manifest` beside the logs names every log ever created there, so a log that has gone
 * missing is reported instead of silently recreated empty.
 */
import { appendFile, readFile, truncate } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { DataFileError, ensurePrivateDir, openPrivateForAppend, PRIVATE_FILE_MODE } from './data-dir.js';

const MANIFEST = 'logs.manifest';

export class JsonlLog<T> {
  private handle: FileHandle | undefined;
  private pending: { line: string; done: () => void; fail: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | undefined;

  private constructor(
    readonly file: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  /** Opens `dataDir/mail/name` (creating it and its directories privately) with the records already in it. */
  static async open<T>(dataDir: string, name: string, schema: z.ZodType<T>): Promise<{ log: JsonlLog<T>; records: T[] }> {
    await ensurePrivateDir(dataDir);
    const dir = join(dataDir, 'mail');
    await ensurePrivateDir(dir);
    const log = new JsonlLog<T>(join(dir, name), schema);
    const text = await readIfExists(log.file);
    const known = await manifest(dir);
    if (text === undefined && known.has(name)) {
      throw new DataFileError({
        code: 'data.log_missing',
        da: `${log.file} mangler, men ${join(dir, MANIFEST)} viser, at den har fandtes; gendan filen fra en sikkerhedskopi, eller slet linjen '${name}' i ${MANIFEST} for bevidst at starte forfra (så kan beskeder blive sendt igen).`,
        en: `${log.file} is missing although ${join(dir, MANIFEST)} shows it existed; restore it from a backup, or delete the line '${name}' in ${MANIFEST} to start afresh on purpose (mails may then be sent again).`,
      });
    }
    const records = text === undefined ? [] : await log.parse(text, 'cut');
    log.handle = await openPrivateForAppend(log.file);
    if (!known.has(name)) await appendFile(join(dir, MANIFEST), `${name}\n`, { mode: PRIVATE_FILE_MODE });
    return { log, records };
  }

  /**
   * The records of `dataDir/mail/name` for a reader in another process (the web app, the CLI's
   * lists): creates nothing and never cuts a torn last line, which belongs to the writer.
   */
  static async readOnly<T>(dataDir: string, name: string, schema: z.ZodType<T>): Promise<{ log: JsonlLog<T>; records: T[] }> {
    const log = new JsonlLog<T>(join(dataDir, 'mail', name), schema);
    const text = await readIfExists(log.file);
    return { log, records: text === undefined ? [] : await log.parse(text, 'skip') };
  }

  /** `cut` removes a torn last line from the file (at open); `skip` leaves it to the process still writing it. */
  private async parse(text: string, tornLine: 'cut' | 'skip'): Promise<T[]> {
    const lines = text.split('\n');
    const torn = !text.endsWith('\n') && lines.length > 0;
    const records: T[] = [];
    for (const [index, line] of lines.entries()) {
      if (!line.trim()) continue;
      const isLast = index === lines.length - 1;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        if (isLast && torn) {
          // a crash mid-write: the record was never acknowledged, so it is cut off
          if (tornLine === 'cut') await truncate(this.file, Buffer.byteLength(text) - Buffer.byteLength(line));
          break;
        }
        throw this.corrupt(index + 1, { da: 'linjen er ikke gyldig JSON', en: 'the line is not valid JSON' });
      }
      const parsed = this.schema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const where = issue.path.length ? issue.path.join('.') : undefined;
        throw this.corrupt(index + 1, where ? { da: `feltet «${where}» mangler eller er forkert`, en: `the field '${where}' is missing or wrong` } : { da: 'linjen er ikke en gyldig post', en: 'the line is not a valid record' });
      }
      records.push(parsed.data);
    }
    return records;
  }

  private corrupt(line: number, why: { da: string; en: string }): DataFileError {
    return new DataFileError({
      code: 'data.log_corrupt',
      da: `Linje ${line} i ${this.file} kan ikke læses (${why.da}); Vugge starter ikke, før linjen er rettet, eller filen er gendannet fra en sikkerhedskopi.`,
      en: `Line ${line} of ${this.file} cannot be read (${why.en}); Vugge will not start until the line is fixed or the file is restored from a backup.`,
    });
  }

  append(record: T): Promise<void> {
    return new Promise((done, fail) => {
      this.pending.push({ line: JSON.stringify(record) + '\n', done, fail });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      try {
        if (!this.handle) throw new Error(`${this.file} is closed`);
        await this.handle.appendFile(batch.map((b) => b.line).join(''));
        await this.handle.sync();
        batch.forEach((b) => b.done());
      } catch (err) {
        batch.forEach((b) => b.fail(err));
      }
    }
    this.flushing = undefined;
  }

  /** Every record in the file now, including what another process appended since the open. */
  async reread(): Promise<T[]> {
    await this.flushing;
    const text = await readIfExists(this.file);
    return text === undefined ? [] : this.parse(text, 'skip');
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.handle?.close();
    this.handle = undefined;
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function manifest(dir: string): Promise<Set<string>> {
  const text = await readIfExists(join(dir, MANIFEST));
  return new Set((text ?? '').split('\n').map((l) => l.trim()).filter(Boolean));
}
