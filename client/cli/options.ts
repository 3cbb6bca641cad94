/**
 * What every command shares in reading its arguments: `--help` anywhere, one sentence (Danish, then
 * English) for a bad option, and option values checked against dsl/contract.ts before anything is
 * sent — the same rules and sentences the case workflow's validators use.
 */
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import type { VuggeClient } from '../service/temporal-client.js';
import { firstProblem, Hours, LocalDate, LocalTime, Occurrence, type Message } from '../../dsl/contract.js';

/** A mistake the person can fix on the command line (exit 2) or in an input file (exit 1). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
  }
}

/** What a subcommand does once its input has been checked: the only part that talks to Temporal. */
export type Send = (vugge: VuggeClient) => Promise<number>;

export function wantsHelp(args: readonly string[]): boolean {
  return args.some((a) => a === '--help' || a === '-h');
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;
type Values<O extends OptionSpec> = { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };

/** node:util's parseArgs with its English errors turned into one sentence, followed by the usage. */
export function parseOptions<O extends OptionSpec>(args: string[], options: O, usage: string): { values: Values<O>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: parsed.values as Values<O>, positionals: parsed.positionals };
  } catch (err) {
    throw new UsageError(`${parseErrorSentence(err)}\n${usage}`);
  }
}

function parseErrorSentence(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const option = /'(-{1,2}[^' ]+)/.exec(text)?.[1] ?? '';
  const code = (err as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Ukendt tilvalg '${option}'. / Unknown option '${option}'.`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `Tilvalget ${option.split(' ')[0]} skal have en værdi (eller ingen). / Option ${option.split(' ')[0]} takes a value (or none).`;
  return text;
}

/** A contract message about one option: the option first, so the person knows where to look. */
export function optionSentence(option: string, message: Message): string {
  return `${option}: ${message.da} / ${option}: ${message.en}`;
}

function through<T>(schema: z.ZodType<T>, option: string, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(optionSentence(option, firstProblem(parsed.error)));
  return parsed.data;
}

/** A number as people write it, with a decimal comma or point ('1,5'). */
function numberOption(option: string, value: string): number {
  if (!/^\d+([.,]\d+)?$/.test(value.trim())) {
    throw new UsageError(
      optionSentence(option, { code: 'number.format', da: `«${value}» er ikke et tal: skriv fx 1,5.`, en: `'${value}' is not a number: write e.g. 1.5.` }),
    );
  }
  return Number(value.trim().replace(',', '.'));
}

/** A page of a long list: a whole number from 1. */
function pageOption(option: string, value: string): number {
  if (!/^[1-9]\d{0,8}$/.test(value.trim())) {
    throw new UsageError(
      optionSentence(option, { code: 'page.format', da: `«${value}» er ikke et sidetal: skriv et helt tal fra 1, fx 2.`, en: `'${value}' is not a page number: write a whole number from 1, e.g. 2.` }),
    );
  }
  return Number(value.trim());
}

/** Option values checked one by one; an absent option stays undefined. */
export const option = {
  date: (name: string, value: string | undefined) => (value === undefined ? undefined : through(LocalDate, name, value)),
  time: (name: string, value: string | undefined) => (value === undefined ? undefined : through(LocalTime, name, value)),
  hours: (name: string, value: string | undefined) => (value === undefined ? undefined : through(Hours, name, numberOption(name, value))),
  occurrence: (name: string, value: string | undefined) => (value === undefined ? undefined : through(Occurrence, name, numberOption(name, value))),
  page: (name: string, value: string | undefined) => (value === undefined ? undefined : pageOption(name, value)),
};
