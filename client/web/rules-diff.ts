/**
 * A line diff of two rules texts (longest common subsequence), for the proposal page: which lines
 * the proposal keeps, removes and adds, in order. Rules files are a few hundred lines; past
 * `MAX_LINES` on either side the diff shows the whole of both instead of comparing.
 */
export type DiffLine = { kind: 'same' | 'removed' | 'added'; text: string; before?: number; after?: number };

const MAX_LINES = 5_000;

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length > MAX_LINES || b.length > MAX_LINES) {
    return [...a.map((text, i) => ({ kind: 'removed' as const, text, before: i + 1 })), ...b.map((text, i) => ({ kind: 'added' as const, text, after: i + 1 }))];
  }
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) out.push({ kind: 'same', text: a[i]!, before: ++i, after: ++j });
    else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) out.push({ kind: 'added', text: b[j]!, after: ++j });
    else out.push({ kind: 'removed', text: a[i]!, before: ++i });
  }
  return out;
}

/** The changed lines with `context` unchanged lines around each change; gaps become `undefined`. */
export function withContext(lines: DiffLine[], context = 3): (DiffLine | undefined)[] {
  const keep = lines.map(() => false);
  lines.forEach((l, i) => {
    if (l.kind === 'same') return;
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) keep[k] = true;
  });
  const out: (DiffLine | undefined)[] = [];
  lines.forEach((l, i) => {
    if (keep[i]) out.push(l);
    else if (out.length === 0 || out[out.length - 1] !== undefined) out.push(undefined);
  });
  return out;
}
