/**
 * The rules registry in workflow tests: the service over the test environment's client, with the
 * two administrators of config/staff.example.yaml acting as the operator would (`--by`).
 */
import { readFileSync } from 'node:fs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { expect } from 'vitest';
import { failureMessage } from '../client/service/temporal-client.js';
import { compile } from '../dsl/compile/compile.js';
import type { Programme } from '../dsl/compile/model.js';
import { OPERATOR } from '../client/service/access.js';
import type { AuditTrail } from '../client/service/audit.js';
import { bundledSources, createRegistryService, type RegistryService } from '../client/service/rules-registry.js';

export const ULLA = { ...OPERATOR, by: 'adm-ulla' };
export const BO = { ...OPERATOR, by: 'adm-bo' };
/** A caseworker of the example directory: not an administrator. */
export const METTE = { ...OPERATOR, by: 'sr-mette' };

export function registryFor(env: TestWorkflowEnvironment, taskQueue: string, audit?: AuditTrail): RegistryService {
  return createRegistryService({ client: env.client, taskQueue, bundled: bundledSources(), ...(audit ? { audit } : {}) });
}

export const spaedbarnSource = (): string => readFileSync(new URL('../rules/spaedbarnsindsatsen.rules', import.meta.url), 'utf8');

/** The Spædbarn rules with the team meeting due within 3 weeks of the screening instead of 4. */
export function threeWeekSource(): string {
  const source = spaedbarnSource().replace('due at the latest 4 weeks after screening', 'due at the latest 3 weeks after screening');
  if (source === spaedbarnSource()) throw new Error('the rules no longer say 4 weeks after screening');
  return source;
}

export function compiled(source: string): Programme {
  const result = compile(source);
  if (!result.ok) throw new Error(`does not compile: ${result.errors[0]?.message.en ?? ''}`);
  return result.programme;
}

/** The refusal's code, or 'accepted'. */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return failureMessage(err)?.code ?? String(err);
  }
}

