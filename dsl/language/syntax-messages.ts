/**
 * Syntax error messages. chevrotain wants one string per error; we hand it a small JSON record
 * (what was expected, what was found) and turn that into Danish and English text afterwards, so
 * the parser stays language-neutral.
 */
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import type { Message } from '../errors.js';
import { tokenDisplay } from './tokens.js';

interface Encoded {
  expected: string[];
  found: string;
  foundType: string;
}

const encode = (expected: TokenType[], actual: IToken | undefined): string =>
  JSON.stringify({
    expected: [...new Set(expected.map((t) => t.name))],
    found: actual?.image ?? '',
    foundType: actual?.tokenType?.name ?? 'EOF',
  } satisfies Encoded);

export const parserMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => encode([expected], actual),
  buildNotAllInputParsedMessage: ({ firstRedundant }) => encode([], firstRedundant),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual }) =>
    encode(expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path[0]).filter((t): t is TokenType => !!t)), actual[0]),
  buildEarlyExitMessage: ({ expectedIterationPaths, actual }) =>
    encode(expectedIterationPaths.map((path) => path[0]).filter((t): t is TokenType => !!t), actual[0]),
};

/** Abstract tokens that nobody types are shown by what they stand for. */
function shown(tokenName: string, lang: 'da' | 'en'): string {
  return tokenDisplay.get(tokenName)?.[lang] ?? tokenName;
}

function list(items: string[], lang: 'da' | 'en'): string {
  const max = 8;
  const head = items.slice(0, max);
  const more = items.length > max ? (lang === 'da' ? ` (eller ${items.length - max} andre)` : ` (or ${items.length - max} others)`) : '';
  if (head.length <= 1) return (head[0] ?? '') + more;
  const or = lang === 'da' ? ' eller ' : ' or ';
  return head.slice(0, -1).join(', ') + or + head[head.length - 1] + more;
}

/** Turns the encoded record into a message; the expected token names are returned too, for tools. */
export function describeSyntaxError(encoded: string, ruleName: string | undefined): { message: Message; expected: string[] } {
  let rec: Encoded;
  try {
    rec = JSON.parse(encoded) as Encoded;
  } catch {
    return { message: { da: encoded, en: encoded }, expected: [] };
  }
  const atEnd = rec.foundType === EOF.name || rec.foundType === 'EOF';
  const foundDa = atEnd ? 'slutningen af filen' : `'${rec.found}'`;
  const foundEn = atEnd ? 'the end of the file' : `'${rec.found}'`;
  const where = ruleHint(ruleName);
  rec.expected = rec.expected.filter((n) => n !== EOF.name);
  if (rec.expected.length === 0) {
    return {
      message: {
        da: `Uventet ${foundDa}: her forventes en ny linje i trinnet (fx 'owner', 'due', 'repeat') eller en ny erklæring (fx 'task', 'meeting', 'role', 'event'). Slet teksten eller ret stavningen.`,
        en: `Unexpected ${foundEn}: a new line of the step (e.g. 'owner', 'due', 'repeat') or a new declaration (e.g. 'task', 'meeting', 'role', 'event') was expected. Remove the text or fix the spelling.`,
      },
      expected: [],
    };
  }
  const expDa = list(rec.expected.map((n) => shown(n, 'da')), 'da');
  const expEn = list(rec.expected.map((n) => shown(n, 'en')), 'en');
  return {
    message: {
      da: `Forventede ${expDa}${where.da}, men fandt ${foundDa}.`,
      en: `Expected ${expEn}${where.en}, but found ${foundEn}.`,
    },
    expected: rec.expected,
  };
}

const ruleWords: Record<string, Message> = {
  when: { da: ' i fristen', en: ' in the due clause' },
  point: { da: ' i et tidspunkt', en: ' in a point in time' },
  anchor: { da: ' som udgangspunkt for fristen', en: ' as the anchor of the date' },
  recurrence: { da: ' i gentagelsen', en: ' in the recurrence' },
  cadence: { da: ' i gentagelsen', en: ' in the recurrence' },
  escalation: { da: ' i eskaleringen', en: ' in the escalation' },
  reminder: { da: ' i påmindelsen', en: ' in the reminder' },
  band: { da: ' i besøgsnormen', en: ' in the visit norm' },
  condition: { da: ' i betingelsen', en: ' in the condition' },
  unary: { da: ' i betingelsen', en: ' in the condition' },
  duration: { da: ' i en varighed', en: ' in a duration' },
};

function ruleHint(ruleName: string | undefined): Message {
  return (ruleName && ruleWords[ruleName]) || { da: '', en: '' };
}
