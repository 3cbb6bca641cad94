/**
 * One contract, two checkers: the case workflow checks events, acknowledgements and migrations with
 * the zod-free schema core (dsl/schema.ts); the CLI, the web app and the compiler check the very same
 * definitions as zod (dsl/schema-zod.ts). Both must accept the same inputs with the same output and
 * refuse the rest with the same issues — for every update recorded in tests/histories, every compiled
 * programme, and random inputs near and far from valid. The core's schemas are deep-frozen first, as
 * the worker's preload freezes them, so a schema that completed itself lazily would fail here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { z } from 'zod';
import type { Schema } from '../dsl/schema.js';
import { toZod } from '../dsl/schema-zod.js';
import * as contract from '../dsl/contract-core.js';
import * as model from '../dsl/compile/model-schema.js';
import * as events from '../workflows/case-input-schema.js';
import { compile } from '../dsl/compile/compile.js';
import { describeIssue } from '../dsl/contract.js';
import { historiesDir } from './workflow-harness.js';

function deepFreeze(value: unknown, seen = new WeakSet<object>()): void {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
  seen.add(value);
  if (typeof value === 'object') for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
  Object.freeze(value);
}
for (const module of [contract, model, events]) deepFreeze({ ...module });

/** The same verdict from both: output (with key order) on success, every issue's code, path and message otherwise. */
function expectSameVerdict(core: Schema<unknown>, zod: z.ZodType, input: unknown): void {
  const a = core.safeParse(input);
  const b = zod.safeParse(input);
  const shownInput = JSON.stringify(input)?.slice(0, 300);
  expect(a.success, shownInput).toBe(b.success);
  if (a.success && b.success) {
    expect(JSON.stringify(a.data)).toBe(JSON.stringify(b.data));
    expect(a.data).toStrictEqual(b.data);
  } else if (!a.success && !b.success) {
    const shown = (issues: readonly { code: string; path: readonly PropertyKey[]; message: string }[]) =>
      issues.map((i) => ({ code: i.code, path: i.path, message: i.message, said: describeIssue(i) }));
    expect(shown(a.error.issues), shownInput).toEqual(shown(b.error.issues));
  }
}

const pair = <T>(core: Schema<T>) => [core, toZod(core)] as const;
const CaseEvent = pair(events.CaseEvent);
const Acknowledge = pair(events.Acknowledge);
const Programme = pair(model.Programme);

/** The update payloads the recorded histories carry (plain JSON payloads). */
function recordedUpdates(): { name: string; input: unknown }[] {
  const found: { name: string; input: unknown }[] = [];
  for (const file of readdirSync(historiesDir).filter((f) => f.endsWith('.json'))) {
    const history = JSON.parse(readFileSync(join(historiesDir, file), 'utf8')) as { events: Record<string, unknown>[] };
    for (const event of history.events) {
      const accepted = event.workflowExecutionUpdateAcceptedEventAttributes as
        | { acceptedRequest: { input: { name: string; args?: { payloads?: { data?: string }[] } } } }
        | undefined;
      const data = accepted?.acceptedRequest.input.args?.payloads?.[0]?.data;
      if (accepted && data) found.push({ name: accepted.acceptedRequest.input.name, input: JSON.parse(Buffer.from(data, 'base64').toString('utf8')) });
    }
  }
  return found;
}

const programmes = readdirSync('rules')
  .filter((f) => f.endsWith('.rules'))
  .map((f) => compile(readFileSync(join('rules', f), 'utf8')))
  .flatMap((r) => (r.ok ? [r.programme] : []));

describe('the workflow and the CLI check with one contract', () => {
  it('give the same verdict on every update the recorded histories hold', () => {
    const updates = recordedUpdates();
    expect(updates.map((u) => u.name)).toEqual(expect.arrayContaining(['registerEvent', 'acknowledgeEscalation', 'migrate']));
    for (const { name, input } of updates) {
      if (name === 'registerEvent') expectSameVerdict(...CaseEvent, input);
      if (name === 'acknowledgeEscalation') expectSameVerdict(...Acknowledge, input);
      if (name === 'migrate') expectSameVerdict(...Programme, (input as { programme: unknown }).programme);
    }
  });

  it('give the same verdict on every compiled programme, and on programmes with one part changed', () => {
    expect(programmes.length).toBeGreaterThanOrEqual(3);
    for (const programme of programmes) expectSameVerdict(...Programme, programme);
    const odd = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: -3, max: 50 }), fc.double(), fc.constantFrom(2 ** 60, -(2 ** 60), 0.5), fc.string({ maxLength: 6 }), fc.boolean(), fc.constant([]), fc.constant({}), fc.constantFrom('x', 'teamsamtale', 'Ø', '2026-02-30', '08:00'));
    fc.assert(
      fc.property(fc.constantFrom(...programmes), fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), odd, (programme, choices, value) => {
        const copy = structuredClone(programme) as unknown as Record<string, unknown>;
        changeSomewhere(copy, choices, value);
        expectSameVerdict(...Programme, copy);
      }),
      { numRuns: 400 },
    );
  });

  it('give the same verdict on random events and acknowledgements', () => {
    const id = fc.constantFrom('birth', 'teamsamtale', 'Birth', '1x', '', 'screening', 'a_b');
    const date = fc.constantFrom('2026-03-12', '2026-02-30', '2026-13-01', '12-03-2026', '1999-12-31', '');
    const staff = fc.constantFrom('sp-anne', 'Anne', '1203261234', 'ft-lars', '');
    const number = fc.oneof(fc.integer({ min: -2, max: 1_200 }), fc.constantFrom(0.5, 1.25, 24.5, 2.1, Number.NaN, Number.POSITIVE_INFINITY));
    const any = fc.oneof(id, date, staff, number, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant([]), fc.constantFrom(...events.PAUSE_REASONS, 'ferie'), fc.constantFrom('09:30', '24:00', '9:30'));
    const field = (valid: fc.Arbitrary<unknown>) => fc.option(fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: any }), { nil: undefined, freq: 5 });
    const event = fc.record(
      {
        type: fc.constantFrom(...events.CASE_EVENT_TYPES, 'moved', 7),
        what: field(id),
        at: field(date),
        occurrence: field(number),
        detail: field(fc.constantFrom('mor', 'far', 'a b', 'x'.repeat(41))),
        step: field(id),
        time: field(fc.constantFrom('09:30', '24:00')),
        cancelled: field(fc.boolean()),
        hours: field(number),
        reason: field(fc.constantFrom(...events.PAUSE_REASONS, 'ferie')),
        role: field(id),
        staff: field(staff),
        dueDate: field(date),
        by: field(staff),
        extra: field(fc.string()),
      },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(event, (e) => expectSameVerdict(...CaseEvent, e)), { numRuns: 2_000 });
    fc.assert(fc.property(fc.record({ stepId: field(id), occurrence: field(number), by: field(staff) }, { requiredKeys: [] }), (a) => expectSameVerdict(...Acknowledge, a)), { numRuns: 300 });
    for (const notAnObject of [null, undefined, 'occurred', 3, [], [{ type: 'occurred' }]]) expectSameVerdict(...CaseEvent, notAnObject);
  });

  it('give the same verdict on each contract value', () => {
    const values = fc.oneof(fc.string({ maxLength: 14 }), fc.double(), fc.integer(), fc.constantFrom('K-2026-0042', '2026-03-12', '2024-02-29', '23:59', '2026-03-12T08:00:00Z', 'sr-mette', 'nord', 1.5, 999, null, undefined));
    for (const name of ['CaseId', 'StaffId', 'Code', 'LocalDate', 'LocalTime', 'Instant', 'Hours', 'Occurrence'] as const) {
      const core = contract[name] as Schema<unknown>;
      fc.assert(fc.property(values, (v) => expectSameVerdict(core, toZod(core), v)), { numRuns: 300 });
    }
  });
});

/** Walks into the value by the choices (object key or array index) and sets the last one found to `value`. */
function changeSomewhere(root: Record<string, unknown>, choices: number[], value: unknown): void {
  let node: unknown = root;
  for (const [i, choice] of choices.entries()) {
    if (node === null || typeof node !== 'object') return;
    const keys = Array.isArray(node) ? node.map((_, k) => String(k)) : Object.keys(node);
    if (keys.length === 0) return;
    const key = keys[choice % keys.length]!;
    const next = (node as Record<string, unknown>)[key];
    if (i === choices.length - 1 || next === null || typeof next !== 'object') {
      if (value === undefined && !Array.isArray(node)) delete (node as Record<string, unknown>)[key];
      else (node as Record<string, unknown>)[key] = value;
      return;
    }
    node = next;
  }
}
