/**
 * The zod schema of a schema written with `dsl/schema.ts`: one definition, checked by zod in the
 * CLI, the web app and the worker's own files, and by the zod-free core inside the case workflow.
 * Each check becomes zod's own check (a contract check becomes a superRefine raising its message),
 * so both raise the same issues (tests/schema-zod.test.ts).
 */
import { z } from 'zod';
import type { CheckSpec, Message, Schema } from './schema.js';
import {
  ArraySchema,
  BooleanSchema,
  DefaultSchema,
  DiscriminatedUnionSchema,
  EnumSchema,
  LazySchema,
  LiteralSchema,
  NumberSchema,
  ObjectSchema,
  OptionalSchema,
  StringSchema,
  UnionSchema,
} from './schema.js';

const converted = new WeakMap<Schema<unknown>, z.ZodType>();

export function toZod<T>(schema: Schema<T>): z.ZodType<T> {
  const known = converted.get(schema);
  if (known) return known as z.ZodType<T>;
  const zod = withChecks(base(schema), schema.checks);
  converted.set(schema, zod);
  return zod as z.ZodType<T>;
}

function base(schema: Schema<unknown>): z.ZodType {
  if (schema instanceof StringSchema) return z.string();
  if (schema instanceof NumberSchema) return z.number();
  if (schema instanceof BooleanSchema) return z.boolean();
  if (schema instanceof LiteralSchema) return z.literal(schema.value);
  if (schema instanceof EnumSchema) return z.enum(schema.options);
  if (schema instanceof OptionalSchema) return toZod(schema.inner).optional();
  if (schema instanceof DefaultSchema) return toZod(schema.inner).default(schema.fallback as never);
  if (schema instanceof ArraySchema) return z.array(toZod(schema.element));
  if (schema instanceof ObjectSchema) return z.object(Object.fromEntries(Object.entries(schema.shape as Record<string, Schema<unknown>>).map(([k, v]) => [k, toZod(v)])));
  if (schema instanceof UnionSchema) return z.union((schema.options as readonly Schema<unknown>[]).map((o) => toZod(o)) as unknown as [z.ZodType, z.ZodType]);
  if (schema instanceof DiscriminatedUnionSchema) {
    return z.discriminatedUnion(schema.discriminator, (schema.options as readonly Schema<unknown>[]).map((o) => toZod(o)) as unknown as [z.ZodObject, z.ZodObject]);
  }
  if (schema instanceof LazySchema) return z.lazy(() => toZod(schema.getter()));
  throw new Error(`toZod: no zod schema for '${schema.kind}'`);
}

function withChecks(zod: z.ZodType, checks: readonly CheckSpec[]): z.ZodType {
  let out = zod;
  for (const spec of checks) {
    switch (spec.kind) {
      case 'regex':
        // A copy: zod resets a pattern's lastIndex, and the core's patterns may be frozen.
        out = (out as z.ZodString).regex(new RegExp(spec.pattern.source, spec.pattern.flags), spec.message);
        break;
      case 'int':
        out = (out as z.ZodNumber).int();
        break;
      case 'min':
        out = out instanceof z.ZodArray ? out.min(spec.value) : spec.inclusive ? (out as z.ZodNumber).min(spec.value) : (out as z.ZodNumber).gt(spec.value);
        break;
      case 'max':
        out = spec.inclusive ? (out as z.ZodNumber).max(spec.value) : (out as z.ZodNumber).lt(spec.value);
        break;
      case 'custom': {
        const why = spec.why as (value: unknown) => Message | undefined;
        out = out.superRefine((value, ctx) => {
          const message = why(value);
          if (message) ctx.addIssue({ code: 'custom', message: `${message.da} / ${message.en}`, params: { ...message } });
        });
        break;
      }
    }
  }
  return out;
}
