/** Table-test helpers for the rules language: compile a source and compare its errors. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { compile } from '../dsl/compile/compile.js';
import type { RulesError } from '../dsl/errors.js';
import type { Programme } from '../dsl/compile/model.js';

export interface ExpectedError {
  code?: string;
  /** A substring of the Danish or the English message. */
  message: string;
  line: number;
  column: number;
}

/**
 * Errors with no node to point into, so their path is empty: text before the programme line, a
 * missing programme line, a file refused for its size, compile options that are not in the file.
 */
const NO_NODE = new Set(['header.missing-programme', 'limit.size', 'compile.options']);

/** Every error names the AST path to its node, wherever a node exists. */
export function expectPaths(errors: RulesError[]): void {
  for (const e of errors) {
    const where = `${e.loc.line}:${e.loc.column} ${e.code} ${e.message.en}`;
    expect(Array.isArray(e.path), `${where}: path`).toBe(true);
    if (!NO_NODE.has(e.code)) expect(e.path.length, `${where}: path`).toBeGreaterThan(0);
  }
}

const show = (errors: RulesError[]) => errors.map((e) => `${e.loc.line}:${e.loc.column} ${e.code} ${e.message.en}`).join('\n');

/** The source fails to compile with exactly these errors (in file order). */
export function expectErrors(source: string, expected: ExpectedError[]): RulesError[] {
  const result = compile(source);
  if (result.ok) throw new Error(`expected errors, but the source compiled:\n${source}`);
  const actual = result.errors;
  expect(actual.length, `errors were:\n${show(actual)}`).toBe(expected.length);
  expectPaths(actual);
  expected.forEach((want, i) => {
    const got = actual[i]!;
    const where = `error ${i + 1} was ${got.loc.line}:${got.loc.column} ${got.code} ${got.message.en}`;
    expect({ line: got.loc.line, column: got.loc.column }, where).toEqual({ line: want.line, column: want.column });
    if (want.code) expect(got.code, where).toBe(want.code);
    expect(got.message.da.includes(want.message) || got.message.en.includes(want.message), `${where}; wanted '${want.message}'`).toBe(true);
    expect(got.message.da.length, 'a Danish message').toBeGreaterThan(10);
    expect(got.message.en.length, 'an English message').toBeGreaterThan(10);
  });
  return actual;
}

/** The source compiles; returns the programme. */
export function expectValid(source: string): Programme {
  const result = compile(source);
  if (!result.ok) throw new Error(`expected no errors, got:\n${show(result.errors)}`);
  return result.programme;
}

/** A small programme header (7 lines); rules under test start on line 8. */
export const HEAD = [
  'programme p "P"',
  'version "1"',
  'role sundhedsplejerske "Sundhedsplejerske"',
  'role teamleder "Teamleder"',
  'event birth "Fødsel"',
  'event closing "Slut" closes the case',
  'phase 1 "Første"',
];

export const withHead = (...lines: string[]) => [...HEAD, ...lines].join('\n');

/** A programme file under rules/, compiled; throws with the first error if it does not compile. */
export function loadProgramme(file: string): Programme {
  const result = compile(readFileSync(new URL(`../rules/${file}`, import.meta.url), 'utf8'));
  if (!result.ok) throw new Error(`${file} does not compile: ${result.errors[0]?.message.en}`);
  return result.programme;
}
