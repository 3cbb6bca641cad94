/**
 * The notification request checked at the activity boundary: a malformed request from a workflow
 * fails once, non-retryably, with a sentence saying which field is wrong. Requests written with
 * the date names used before (`date`, `dueAt`) are read under today's names first.
 */
import { z } from 'zod';
import { CaseId, Code, firstProblem, LocalTime, StaffId, type Message } from '../../dsl/contract.js';
import { IsoDate } from '../../dsl/compile/model.js';
import { NOTIFICATION_KINDS, type NotificationRequest } from '../notification-types.js';

/**
 * COMPATIBILITY — requests scheduled by running cases before the dates took the planner's names
 * (recorded in workflow histories, undeliverable records and digest queues) call the target
 * `date` and the notification moment `dueAt`; a plan_short request called the last planned date
 * `date` and the date the plan must reach `latest`. This maps them to `target`, `at`,
 * `plannedUntil` and `requiredUntil`. Remove once no case or stored record can hold the old names.
 */
export function withCurrentDateNames(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  const { date, dueAt, ...out } = input as Record<string, unknown>;
  if (dueAt !== undefined && out.at === undefined) out.at = dueAt;
  if (out.kind === 'plan_short') {
    if (date !== undefined && out.plannedUntil === undefined) out.plannedUntil = date;
    if (out.latest !== undefined && out.requiredUntil === undefined) {
      out.requiredUntil = out.latest;
      delete out.latest;
    }
  } else if (date !== undefined && out.target === undefined) out.target = date;
  return out;
}

/** The request under today's names (what a new request must be). */
export const NotificationRequestFields = z.object({
  idempotencyKey: z.string().min(1),
  kind: z.enum(NOTIFICATION_KINDS),
  caseId: CaseId,
  programmeId: z.string().min(1),
  unit: Code,
  municipality: Code,
  team: z.record(z.string(), StaffId),
  programmeTitle: z.object({ da: z.string(), en: z.string() }).optional(),
  roleTitles: z.record(z.string(), z.object({ da: z.string(), en: z.string() })).optional(),
  toRoles: z.array(z.string()),
  stepId: z.string().optional(),
  stepTitle: z.string().optional(),
  stepTitleEn: z.string().optional(),
  occurrence: z.number().int().optional(),
  earliest: IsoDate.optional(),
  target: IsoDate.optional(),
  time: LocalTime.optional(),
  latest: IsoDate.optional(),
  plannedUntil: IsoDate.optional(),
  requiredUntil: IsoDate.optional(),
  ownerRoles: z.array(z.string()).optional(),
  escalationLevel: z.number().int().min(1).optional(),
  items: z
    .array(z.object({ stepId: z.string().min(1), stepTitle: z.string().optional(), stepTitleEn: z.string().optional(), occurrence: z.number().int(), latest: IsoDate, ownerRoles: z.array(z.string()).optional() }))
    .min(1)
    .optional(),
  catchUp: z.boolean().optional(),
  meeting: z.object({ start: z.string().min(10), durationMinutes: z.number().int().positive(), cancelled: z.boolean().optional() }).optional(),
  sequence: z.number().int().min(0),
  at: z.iso.datetime({ offset: true }),
}) satisfies z.ZodType<NotificationRequest>;

export const NotificationRequestSchema = z.preprocess(withCurrentDateNames, NotificationRequestFields);

/** Returns the request or a message naming the first bad field. */
export function parseNotificationRequest(input: unknown): { ok: true; request: NotificationRequest } | { ok: false; problem: Message } {
  const parsed = NotificationRequestSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problem: firstProblem(parsed.error) };
  if (parsed.data.kind === 'catch_up' && !parsed.data.items) {
    return { ok: false, problem: { code: 'request.items', da: 'En opsamling skal have de trin, den nævner (items).', en: 'A catch-up needs the steps it lists (items).' } };
  }
  if (parsed.data.kind === 'invitation' && !parsed.data.meeting) {
    return { ok: false, problem: { code: 'request.meeting', da: 'En mødeindkaldelse skal have mødets start og varighed (meeting).', en: 'An invitation needs the meeting start and duration (meeting).' } };
  }
  return { ok: true, request: parsed.data };
}
