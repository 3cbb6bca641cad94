/** `vugge case event CASE TYPE`: a TYPE the case's rules do not know gets one sentence with a suggestion. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unknownTypeSentence } from '../client/cli/case.js';
import { compile } from '../dsl/compile/compile.js';

const compiled = compile(readFileSync('rules/spaedbarnsindsatsen.rules', 'utf8'));
if (!compiled.ok) throw new Error('the Spædbarn rules must compile');
const programme = compiled.programme;

describe('unknownTypeSentence', () => {
  it.each(['birth', 'teamsamtale', 'netvaerksmoede__statusudtalelse', 'visit', 'pause', 'acknowledge'])('accepts %s', (type) => {
    expect(unknownTypeSentence(type, programme)).toBeUndefined();
  });

  it.each([
    ['fødsel', 'birth'], // the event's Danish title
    ['Udskrivning fra barselsgangen', 'discharge'],
    ['teamsamtal', 'teamsamtale'], // a typo of a step id
  ])('suggests for %s', (type, suggested) => {
    expect(unknownTypeSentence(type, programme)).toContain(`mente du '${suggested}'?`);
  });

  it('says what is wrong when nothing is close', () => {
    const sentence = unknownTypeSentence('xyzzy', programme)!;
    expect(sentence).toMatch(/^'xyzzy' er hverken et trin, en hændelse i sagens regler eller en af visit, planned/);
    expect(sentence).not.toContain('mente du');
  });
});
