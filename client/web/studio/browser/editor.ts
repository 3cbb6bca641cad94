/**
 * The rules editor: improves the page's plain textarea into CodeMirror 6 with Vugge's highlighting,
 * the compiler's diagnostics as the administrator types (from the web worker, no server round
 * trip), the did-you-mean word as a one-click fix, completion of keywords and the draft's ids, and
 * hover on a step id. The textarea stays in the form and follows the editor, so every button of the
 * plain form (check, save, preview, propose) posts what is on screen.
 */
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { EditorView, hoverTooltip } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { keywordWords } from '../../../../dsl/language/tokens.js';
import type { Diagnostic, Lang, RulesSymbols, StepWords } from '../analysis.js';
import { rulesHighlighting } from './highlight.js';
import type { CheckAnswer, CheckRequest } from './rules-worker.js';

/** The page's words for what the editor adds, in the person's language (data-texts on the host). */
interface EditorTexts {
  use: string;
  owner: string;
  due: string;
  repeat: string;
  noProblems: string;
  problems: string;
  at: string;
  keyword: string;
  role: string;
  group: string;
  event: string;
  step: string;
}

const host = document.getElementById('rules-editor');
const textarea = document.getElementById('source') as HTMLTextAreaElement | null;
if (host && textarea && typeof Worker === 'function') start(host, textarea);

function start(host: HTMLElement, textarea: HTMLTextAreaElement): void {
  const lang: Lang = document.documentElement.lang === 'en' ? 'en' : 'da';
  const t = JSON.parse(host.dataset.texts ?? '{}') as EditorTexts;
  const worker = new Worker(host.dataset.worker!, { type: 'module' });
  const problemList = document.getElementById('rules-problems')!;
  let seq = 0;
  let current: RulesSymbols | undefined;
  let lastGood: RulesSymbols | undefined;

  const check = (source: string) => worker.postMessage({ seq: ++seq, source, lang } satisfies CheckRequest);

  const view = new EditorView({
    doc: textarea.value,
    parent: host,
    extensions: [
      // The page's CSP allows styles from 'self' and this response's nonce only.
      EditorView.cspNonce.of(host.dataset.styleNonce ?? ''),
      basicSetup,
      // Long lines wrap: no region that scrolls sideways (and so needs its own keyboard stop).
      EditorView.lineWrapping,
      rulesHighlighting,
      autocompletion({ override: [(context) => complete(context, [lastGood, current], t)] }),
      hoverTooltip((v, pos) => stepHover(v, pos, current ?? lastGood, t)),
      EditorView.contentAttributes.of({ 'aria-labelledby': 'source-label', 'aria-describedby': 'source-hint rules-problems' }),
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        textarea.value = update.state.doc.toString();
        check(textarea.value);
      }),
    ],
  });
  textarea.hidden = true;
  host.hidden = false;

  worker.onmessage = (e: MessageEvent<CheckAnswer>) => {
    const answer = e.data;
    if (answer.seq !== seq) return; // the text changed since; a newer answer is coming
    current = answer.symbols;
    if (answer.ok) lastGood = answer.symbols;
    view.dispatch(setDiagnostics(view.state, answer.diagnostics.map((d) => toCodeMirror(d, t))));
    listProblems(problemList, answer.diagnostics, view, t);
    host.dispatchEvent(new CustomEvent('vugge:checked', { detail: { seq: answer.seq, problems: answer.diagnostics.length } }));
  };
  check(textarea.value);
}

function applySuggestion(view: EditorView, from: number, to: number, word: string): void {
  view.dispatch({ changes: { from, to, insert: word }, selection: { anchor: from + word.length } });
  view.focus();
}

function toCodeMirror(d: Diagnostic, t: EditorTexts): CmDiagnostic {
  return {
    from: d.from,
    to: d.to,
    severity: 'error',
    source: d.code,
    message: d.message,
    actions: d.suggestion ? [{ name: `${t.use} '${d.suggestion}'`, apply: (view, from, to) => applySuggestion(view, from, to, d.suggestion!) }] : [],
  };
}

/** The same diagnostics as a list under the editor (read by screen readers), each fix a button. */
function listProblems(list: HTMLElement, diagnostics: Diagnostic[], view: EditorView, t: EditorTexts): void {
  list.replaceChildren();
  const heading = document.createElement('p');
  heading.textContent = diagnostics.length ? t.problems.replace('{n}', String(diagnostics.length)) : t.noProblems;
  list.append(heading);
  if (!diagnostics.length) return;
  const ul = document.createElement('ul');
  for (const d of diagnostics) {
    const li = document.createElement('li');
    li.dataset.code = d.code;
    li.textContent = `${t.at.replace('{line}', String(d.line)).replace('{column}', String(d.column))}: ${d.message} `;
    if (d.suggestion) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button-secondary button-small';
      button.textContent = `${t.use} '${d.suggestion}'`;
      button.addEventListener('click', () => applySuggestion(view, d.from, d.to, d.suggestion!));
      li.append(button);
    }
    ul.append(li);
  }
  list.append(ul);
}

function complete(context: CompletionContext, sources: (RulesSymbols | undefined)[], t: EditorTexts): CompletionResult | null {
  const word = context.matchBefore(/[\p{L}_][\p{L}\p{N}_]*/u);
  if (!word || (word.from === word.to && !context.explicit)) return null;
  const seen = new Set<string>();
  const options: { label: string; type: string; detail?: string }[] = [];
  const add = (label: string, type: string, detail?: string) => {
    if (!label || seen.has(label)) return;
    seen.add(label);
    options.push({ label, type, detail });
  };
  for (const s of sources) {
    if (!s) continue;
    for (const r of s.roles) add(r.id, 'variable', `${t.role}: ${r.title}`);
    for (const g of s.groups) add(g.id, 'variable', `${t.group}: ${g.title}`);
    for (const e of s.events) add(e.id, 'constant', `${t.event}: ${e.title}`);
    for (const st of s.steps) add(st.id, 'function', `${t.step}: ${st.title}`);
  }
  for (const k of keywordWords) add(k, 'keyword', t.keyword);
  return { from: word.from, options, validFor: /^[\p{L}\p{N}_]*$/u };
}

function stepHover(view: EditorView, pos: number, symbols: RulesSymbols | undefined, t: EditorTexts) {
  const line = view.state.doc.lineAt(pos);
  const re = /[\p{L}_][\p{L}\p{N}_]*/gu;
  let match: RegExpExecArray | null;
  while ((match = re.exec(line.text))) {
    const from = line.from + match.index;
    const to = from + match[0].length;
    if (pos < from || pos > to) continue;
    const step = symbols?.steps.find((s) => s.id === match![0]);
    if (!step) return null;
    return { pos: from, end: to, above: true, create: () => ({ dom: stepCard(step, t) }) };
  }
  return null;
}

function stepCard(step: StepWords, t: EditorTexts): HTMLElement {
  const dom = document.createElement('div');
  dom.className = 'vugge-step-hover';
  const title = document.createElement('strong');
  title.textContent = `${step.title} (${step.id})`;
  dom.append(title);
  const rows: [string, string | undefined][] = [[t.owner, step.owners.join(', ')], [t.due, step.when], [t.repeat, step.repeat]];
  for (const [label, value] of rows) {
    if (!value) continue;
    const p = document.createElement('div');
    p.textContent = `${label}: ${value}`;
    dom.append(p);
  }
  return dom;
}
