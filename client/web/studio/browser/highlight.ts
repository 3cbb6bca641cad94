/**
 * Highlighting from Vugge's own lexer (dsl/language/tokens.ts): the text is tokenized the way the
 * compiler reads it, and each token gets a class — keyword, text, number or id. Comments are
 * skipped by the lexer, so they are found between the tokens.
 */
import { RangeSetBuilder } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { rulesLexer } from '../../../../dsl/language/tokens.js';

const marks = {
  keyword: Decoration.mark({ class: 'cm-vugge-keyword' }),
  string: Decoration.mark({ class: 'cm-vugge-string' }),
  number: Decoration.mark({ class: 'cm-vugge-number' }),
  id: Decoration.mark({ class: 'cm-vugge-id' }),
  comment: Decoration.mark({ class: 'cm-vugge-comment' }),
};

const NUMBERS = new Set(['Integer', 'Decimal', 'Ordinal', 'TimeOfDay']);
const STRINGS = new Set(['ClosedString', 'OpenString', 'StringLit']);
const PUNCTUATION = new Set(['Comma', 'Colon', 'LParen', 'RParen']);

function classOf(tokenName: string): keyof typeof marks | undefined {
  if (tokenName === 'Identifier') return 'id';
  if (NUMBERS.has(tokenName)) return 'number';
  if (STRINGS.has(tokenName)) return 'string';
  if (PUNCTUATION.has(tokenName)) return undefined;
  return 'keyword';
}

function decorate(text: string): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  const { tokens } = rulesLexer.tokenize(text);
  let at = 0;
  const comments = (upTo: number) => {
    const gap = text.slice(at, upTo);
    for (const m of gap.matchAll(/#[^\n]*/g)) builder.add(at + m.index, at + m.index + m[0].length, marks.comment);
  };
  for (const token of tokens) {
    comments(token.startOffset);
    const kind = classOf(token.tokenType.name);
    const end = (token.endOffset ?? token.startOffset) + 1;
    if (kind) builder.add(token.startOffset, end, marks[kind]);
    at = end;
  }
  comments(text.length);
  return builder.finish();
}

export const rulesHighlighting = [
  ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = decorate(view.state.doc.toString());
      }
      update(update: ViewUpdate) {
        if (update.docChanged) this.decorations = decorate(update.state.doc.toString());
      }
    },
    { decorations: (v) => v.decorations },
  ),
  // Colours with at least 4.5:1 contrast on white (WCAG 2.1 AA).
  EditorView.theme({
    '.cm-vugge-keyword': { color: '#6a1b9a', fontWeight: '600' },
    '.cm-vugge-string': { color: '#1b5e20' },
    '.cm-vugge-number': { color: '#8a3b00' },
    '.cm-vugge-id': { color: '#0d47a1' },
    '.cm-vugge-comment': { color: '#545454', fontStyle: 'italic' },
  }),
];
