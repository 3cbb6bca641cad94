/**
 * Server-rendered HTML that escapes by default: every value put into `html\`…\`` is escaped unless
 * it is itself the result of `html` (a fragment built the same way) or is explicitly marked with
 * `trusted()`. Arrays are joined, `undefined`, `null` and `false` render as nothing.
 */

const SAFE = Symbol('vugge.safeHtml');

export interface SafeHtml {
  readonly [SAFE]: true;
  readonly text: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

function isSafe(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && (value as Partial<SafeHtml>)[SAFE] === true;
}

/** Marks markup that the code itself wrote (never a value that came from a person or a case) as safe. */
export function trusted(text: string): SafeHtml {
  return { [SAFE]: true, text };
}

function render(value: unknown): string {
  if (value === undefined || value === null || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (isSafe(value)) return value.text;
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return trusted(out);
}

/** The whole document as a string, for `reply.send`. */
export function toDocument(page: SafeHtml): string {
  return `<!DOCTYPE html>\n${page.text}`;
}
