/**
 * An append-only JSON-lines file that is durable when `append` resolves: records written while a
 * flush is under way are grouped into the next write + fsync, so a burst of sends costs a few
 * fsyncs rather than one each. A torn last line (a crash mid-write) is skipped on load.
 */
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export class JsonlLog<T> {
  private handle: FileHandle | undefined;
  private pending: { line: string; done: () => void; fail: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | undefined;

  private constructor(readonly file: string) {}

  /** Opens (creating directories as needed) and returns the log with the records already in it. */
  static async open<T>(file: string): Promise<{ log: JsonlLog<T>; records: T[] }> {
    await mkdir(dirname(file), { recursive: true });
    const log = new JsonlLog<T>(file);
    const records = await log.readAll();
    log.handle = await open(file, 'a');
    return { log, records };
  }

  async readAll(): Promise<T[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const records: T[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line) as T);
      } catch {
        // a line cut short by a crash: the record it carried was never acknowledged
      }
    }
    return records;
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
        // a torn line from an earlier crash must not swallow the next record
        await this.handle.appendFile('\n' + batch.map((b) => b.line).join(''));
        await this.handle.sync();
        batch.forEach((b) => b.done());
      } catch (err) {
        batch.forEach((b) => b.fail(err));
      }
    }
    this.flushing = undefined;
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.handle?.close();
    this.handle = undefined;
  }
}
