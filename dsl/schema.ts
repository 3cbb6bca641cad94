/**
 * Vugge's schema core without zod: the shapes the case workflow checks (the contract's values, the
 * events a case accepts, the compiled programme) are written once with these builders. Inside the
 * workflow they check input directly; everywhere else `toZod` (schema-zod.ts) turns the same
 * definition into the zod schema the CLI, the web app and the config read.
 *
 * Why not zod in the workflow: every cached case gets its own instance of each module it imports,
 * and zod's ~640 KB a case made a worker's cache large. These builders are plain immutable objects
 * — nothing is completed lazily or cached on a schema — so the worker can preload them once and the
 * SDK may deep-freeze them (worker/create-worker.ts).
 *
 * A parse gives the result zod gives for the same schema: the same output (unknown keys stripped,
 * defaults filled, keys in the shape's order) and the same issues in the same order, with zod's own
 * English texts, so `describeIssue` renders the same sentence from either (tests/schema-zod.test.ts).
 */

/** A refusal as data: a stable code and one sentence in each language (re-exported by contract.ts). */
export interface Message {
  code: string;
  da: string;
  en: string;
}

/** One problem with an input, shaped like a zod issue. `continue` false: the value's checks stopped here. */
export interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  params?: Message;
  values?: readonly unknown[];
  continue?: boolean;
}

export type SafeResult<T> = { success: true; data: T } | { success: false; error: { issues: Issue[] } };

interface Payload {
  value: unknown;
  issues: Issue[];
}

/**
 * A check that runs once the type is right, kept as data so toZod can rebuild it with zod's own
 * check: a pattern, whole numbers, a bound (numbers, or an array's length), or a contract check that
 * says why a value is refused.
 */
export type CheckSpec =
  | { kind: 'regex'; pattern: RegExp; message?: string }
  | { kind: 'int' }
  | { kind: 'min' | 'max'; value: number; inclusive: boolean }
  | { kind: 'custom'; why: (value: never) => Message | undefined };

const aborted = (issues: readonly Issue[]): boolean => issues.some((i) => i.continue !== true);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** zod's name for the type of a value, as its messages show it. */
function typeName(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : Number.isFinite(v) ? 'number' : String(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object' && Object.getPrototypeOf(v) !== Object.prototype && 'constructor' in v && v.constructor) return (v.constructor as { name: string }).name;
  return typeof v;
}

const stringify = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : String(v));

function invalidType(expected: string, input: unknown): Issue {
  return { code: 'invalid_type', path: [], message: `Invalid input: expected ${expected}, received ${typeName(input)}` };
}

function invalidValue(values: readonly unknown[]): Issue {
  const message = values.length === 1 ? `Invalid input: expected ${stringify(values[0])}` : `Invalid option: expected one of ${values.map(stringify).join('|')}`;
  return { code: 'invalid_value', path: [], message, values };
}

const prefixed = (key: PropertyKey, issues: readonly Issue[]): Issue[] => issues.map((i) => ({ ...i, path: [key, ...i.path] }));

/** A contract check's refusal as an issue: the sentence as the message, the message itself as params. */
export function customIssue(message: Message): Issue {
  return { code: 'custom', path: [], message: `${message.da} / ${message.en}`, params: { ...message }, continue: true };
}

function runCheck(spec: CheckSpec, value: unknown, origin: string): Issue | undefined {
  switch (spec.kind) {
    case 'regex':
      return spec.pattern.test(value as string)
        ? undefined
        : { code: 'invalid_format', path: [], message: spec.message ?? `Invalid string: must match pattern ${String(spec.pattern)}`, continue: true };
    case 'int': {
      const n = value as number;
      if (!Number.isInteger(n)) return { code: 'invalid_type', path: [], message: 'Invalid input: expected int, received number', continue: false };
      if (Number.isSafeInteger(n)) return undefined;
      const [code, bound] = n > 0 ? ['too_big', `<=${Number.MAX_SAFE_INTEGER}`] : ['too_small', `>=${Number.MIN_SAFE_INTEGER}`];
      return { code, path: [], message: `Too ${n > 0 ? 'big' : 'small'}: expected int to be ${bound}`, continue: true };
    }
    case 'min':
    case 'max': {
      const measured = origin === 'array' ? (value as unknown[]).length : (value as number);
      const small = spec.kind === 'min';
      const fails = small ? (spec.inclusive ? measured < spec.value : measured <= spec.value) : spec.inclusive ? measured > spec.value : measured >= spec.value;
      if (!fails) return undefined;
      const adj = `${small ? '>' : '<'}${spec.inclusive ? '=' : ''}${spec.value}`;
      const expected = origin === 'array' ? `array to have ${adj} items` : `number to be ${adj}`;
      return { code: small ? 'too_small' : 'too_big', path: [], message: `Too ${small ? 'small' : 'big'}: expected ${expected}`, continue: true };
    }
    case 'custom': {
      const message = spec.why(value as never);
      return message ? customIssue(message) : undefined;
    }
  }
}

/** What every schema can do. `T` is the parsed value's type. Immutable: each builder returns a new schema. */
export abstract class Schema<T> {
  declare readonly _output: T;
  abstract readonly kind: string;
  constructor(readonly checks: readonly CheckSpec[] = []) {}

  /** The type check (and, for containers, the parts); checks run after it, as in zod. */
  protected abstract parseType(input: unknown): Payload;
  /** This schema with other checks. */
  abstract withChecks(checks: readonly CheckSpec[]): this;

  run(input: unknown): Payload {
    const payload = this.parseType(input);
    for (const spec of this.checks) {
      if (aborted(payload.issues)) break;
      const issue = runCheck(spec, payload.value, this.kind);
      if (issue) payload.issues.push(issue);
    }
    return payload;
  }

  safeParse(input: unknown): SafeResult<T> {
    const { value, issues } = this.run(input);
    return issues.length ? { success: false, error: { issues } } : { success: true, data: value as T };
  }

  /** A contract check (why the value is refused, or undefined), raised as zod's superRefine raises it. */
  check(why: (value: T) => Message | undefined): this {
    return this.withChecks([...this.checks, { kind: 'custom', why: why as (value: never) => Message | undefined }]);
  }

  optional(): OptionalSchema<T> {
    return new OptionalSchema(this);
  }

  default(value: NonNullable<T>): DefaultSchema<T> {
    return new DefaultSchema(this, value);
  }
}

export class StringSchema extends Schema<string> {
  readonly kind = 'string';
  protected parseType(input: unknown): Payload {
    return { value: input, issues: typeof input === 'string' ? [] : [invalidType('string', input)] };
  }
  withChecks(checks: readonly CheckSpec[]): this {
    return new StringSchema(checks) as this;
  }
  regex(pattern: RegExp, message?: string): StringSchema {
    return this.withChecks([...this.checks, { kind: 'regex', pattern, ...(message ? { message } : {}) }]);
  }
}

export class NumberSchema extends Schema<number> {
  readonly kind = 'number';
  protected parseType(input: unknown): Payload {
    const ok = typeof input === 'number' && Number.isFinite(input);
    return { value: input, issues: ok ? [] : [invalidType('number', input)] };
  }
  withChecks(checks: readonly CheckSpec[]): this {
    return new NumberSchema(checks) as this;
  }
  int(): NumberSchema {
    return this.withChecks([...this.checks, { kind: 'int' }]);
  }
  min(value: number): NumberSchema {
    return this.withChecks([...this.checks, { kind: 'min', value, inclusive: true }]);
  }
  max(value: number): NumberSchema {
    return this.withChecks([...this.checks, { kind: 'max', value, inclusive: true }]);
  }
  positive(): NumberSchema {
    return this.withChecks([...this.checks, { kind: 'min', value: 0, inclusive: false }]);
  }
  nonnegative(): NumberSchema {
    return this.min(0);
  }
}

export class BooleanSchema extends Schema<boolean> {
  readonly kind = 'boolean';
  protected parseType(input: unknown): Payload {
    return { value: input, issues: typeof input === 'boolean' ? [] : [invalidType('boolean', input)] };
  }
  withChecks(checks: readonly CheckSpec[]): this {
    return new BooleanSchema(checks) as this;
  }
}

export class LiteralSchema<const V extends string | number | boolean> extends Schema<V> {
  readonly kind = 'literal';
  constructor(readonly value: V, checks: readonly CheckSpec[] = []) {
    super(checks);
  }
  protected parseType(input: unknown): Payload {
    return { value: input, issues: input === this.value ? [] : [invalidValue([this.value])] };
  }
  withChecks(checks: readonly CheckSpec[]): this {
    return new LiteralSchema(this.value, checks) as this;
  }
}

export class EnumSchema<const V extends readonly [string, ...string[]]> extends Schema<V[number]> {
  readonly kind = 'enum';
  constructor(readonly options: V, checks: readonly CheckSpec[] = []) {
    super(checks);
  }
  protected parseType(input: unknown): Payload {
    return { value: input, issues: (this.options as readonly unknown[]).includes(input) ? [] : [invalidValue(this.options)] };
  }
  withChecks(checks: readonly CheckSpec[]): this {
    return new EnumSchema(this.options, checks) as this;
  }
}

/** May be absent (or undefined); an absent key stays absent in the output. */
export class OptionalSchema<T> extends Schema<T | undefined> {
  readonly kind = 'optional';
  constructor(readonly inner: Schema<T>, checks: readonly CheckSpec[] = []) {
    super(checks);
  }
  protected parseType(input: unknown): Payload {
    return input === undefined ? { value: undefined, issues: [] } : this.inner.run(input);
  }
  withChecks(checks: readonly CheckSpec[]): this {
    return new OptionalSchema(this.inner, checks) as this;
  }
}

/** Filled with a fresh copy of the default when absent, as zod does: a parse never shares a default array. */
export class DefaultSchema<T> extends Schema<NonNullable<T>> {
  readonly kind = 'default';
  constructor(readonly inner: Schema<T>, readonly fallback: NonNullable<T>, checks: readonly CheckSpec[] = []) {
    super(checks);
  }
  defaultValue(): NonNullable<T> {
    const v = this.fallback;
    return (Array.isArray(v) ? [...(v as unknown[])] : isObject(v) ? { ...v } : v) as NonNullable<T>;
  }
  protected parseType(input: unknown): Payload {
    return input === undefined ? { value: this.defaultValue(), issues: [] } : this.inner.run(input);
  }
  withChecks(checks: readonly CheckSpec[]): this {
    return new DefaultSchema(this.inner, this.fallback, checks) as this;
  }
}

export class ArraySchema<T> extends Schema<T[]> {
  readonly kind = 'array';
  constructor(readonly element: Schema<T>, checks: readonly CheckSpec[] = []) {
    super(checks);
  }
  protected parseType(input: unknown): Payload {
    if (!Array.isArray(input)) return { value: input, issues: [invalidType('array', input)] };
    const issues: Issue[] = [];
    const value = input.map((item, i) => {
      const r = this.element.run(item);
      issues.push(...prefixed(i, r.issues));
      return r.value;
    });
    return { value, issues };
  }
  withChecks(checks: readonly CheckSpec[]): this {
    return new ArraySchema(this.element, checks) as this;
  }
  min(count: number): ArraySchema<T> {
    return this.withChecks([...this.checks, { kind: 'min', value: count, inclusive: true }]);
  }
}

type Shape = { readonly [key: string]: Schema<unknown> };
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
type Flat<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOutput<S extends Shape> = Flat<
  { -readonly [K in Exclude<keyof S, OptionalKeys<S>>]: S[K]['_output'] } & { -readonly [K in OptionalKeys<S>]?: S[K]['_output'] }
>;

/** Keys in the shape's order; unknown keys are dropped (zod's default). */
export class ObjectSchema<S extends Shape> extends Schema<ObjectOutput<S>> {
  readonly kind = 'object';
  constructor(readonly shape: S, checks: readonly CheckSpec[] = []) {
    super(checks);
  }
  protected parseType(input: unknown): Payload {
    if (!isObject(input)) return { value: input, issues: [invalidType('object', input)] };
    const value: Record<string, unknown> = {};
    const issues: Issue[] = [];
    for (const key of Object.keys(this.shape)) {
      if (key === '__proto__') continue;
      const field = this.shape[key]!;
      const present = key in input;
      if (!present && field instanceof OptionalSchema) continue;
      const r = field.run(input[key]);
      issues.push(...prefixed(key, r.issues));
      if (r.value !== undefined && (present || r.issues.length === 0)) value[key] = r.value;
      else if (present) value[key] = undefined;
    }
    return { value, issues };
  }
  withChecks(checks: readonly CheckSpec[]): this {
    return new ObjectSchema(this.shape, checks) as this;
  }
}

type Options = readonly [Schema<unknown>, ...Schema<unknown>[]];

/** The first option that accepts the input; when none does, zod's rule: a lone option that failed softly speaks for all. */
export class UnionSchema<O extends Options> extends Schema<O[number]['_output']> {
  readonly kind = 'union';
  constructor(readonly options: O, checks: readonly CheckSpec[] = []) {
    super(checks);
  }
  protected parseType(input: unknown): Payload {
    const results = this.options.map((o) => o.run(input));
    const ok = results.find((r) => r.issues.length === 0);
    if (ok) return ok;
    const soft = results.filter((r) => !aborted(r.issues));
    if (soft.length === 1) return soft[0]!;
    return { value: input, issues: [{ code: 'invalid_union', path: [], message: 'Invalid input' }] };
  }
  withChecks(checks: readonly CheckSpec[]): this {
    return new UnionSchema(this.options, checks) as this;
  }
}

type Tagged<D extends string> = ObjectSchema<{ readonly [K in D]: LiteralSchema<string> } & Shape>;

/** The option whose literal tag the input names. */
export class DiscriminatedUnionSchema<D extends string, O extends readonly [Tagged<D>, ...Tagged<D>[]]> extends Schema<O[number]['_output']> {
  readonly kind = 'discriminatedUnion';
  constructor(readonly discriminator: D, readonly options: O, checks: readonly CheckSpec[] = []) {
    super(checks);
  }
  private tagOf(option: Tagged<D>): string {
    return (option.shape[this.discriminator] as LiteralSchema<string>).value;
  }
  protected parseType(input: unknown): Payload {
    if (!isObject(input)) return { value: input, issues: [invalidType('object', input)] };
    const tag = input[this.discriminator];
    const option = this.options.find((o) => this.tagOf(o) === tag);
    if (option) return option.run(input);
    const expected = this.options.map((o) => `'${this.tagOf(o)}'`).join(' | ');
    return { value: input, issues: [{ code: 'invalid_union', path: [this.discriminator], message: `Invalid discriminator value. Expected ${expected}` }] };
  }
  withChecks(checks: readonly CheckSpec[]): this {
    return new DiscriminatedUnionSchema(this.discriminator, this.options, checks) as this;
  }
}

/** A schema that refers to itself (a condition holds conditions); the getter is called on each parse, nothing is cached. */
export class LazySchema<T> extends Schema<T> {
  readonly kind = 'lazy';
  constructor(readonly getter: () => Schema<T>, checks: readonly CheckSpec[] = []) {
    super(checks);
  }
  protected parseType(input: unknown): Payload {
    return this.getter().run(input);
  }
  withChecks(checks: readonly CheckSpec[]): this {
    return new LazySchema(this.getter, checks) as this;
  }
}

export type Infer<S extends Schema<unknown>> = S['_output'];

/** The builders, named as zod names them, so a schema reads the same in either. */
export const s = {
  string: () => new StringSchema(),
  number: () => new NumberSchema(),
  boolean: () => new BooleanSchema(),
  literal: <const V extends string | number | boolean>(value: V) => new LiteralSchema(value),
  enum: <const V extends readonly [string, ...string[]]>(values: V) => new EnumSchema(values),
  object: <S extends Shape>(shape: S) => new ObjectSchema(shape),
  array: <T>(element: Schema<T>) => new ArraySchema(element),
  union: <O extends Options>(options: O) => new UnionSchema(options),
  discriminatedUnion: <D extends string, O extends readonly [Tagged<D>, ...Tagged<D>[]]>(discriminator: D, options: O) =>
    new DiscriminatedUnionSchema(discriminator, options),
  lazy: <T>(getter: () => Schema<T>) => new LazySchema(getter),
};
