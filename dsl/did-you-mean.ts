/** "Did you mean …": the closest known name by edit distance, when it is close enough to help. */

export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The best suggestion within a third of the word's length (at least 2 edits), or undefined. */
export function didYouMean(word: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** The suggestion as a message tail in both languages ('' when there is none), and the word itself. */
export function suggestion(word: string, known: Iterable<string>): { da: string; en: string; best?: string } {
  const best = didYouMean(word, known);
  return best ? { da: ` — mente du '${best}'?`, en: ` — did you mean '${best}'?`, best } : { da: '', en: '' };
}
