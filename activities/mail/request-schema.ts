/**
 * The notification request checked at the activity boundary: a malformed request from a workflow
 * fails once, non-retryably, with a sentence saying which field is wrong.
 */
import { z } from 'zod';
import { CaseId, Code, LocalTime, StaffId } from '../../dsl/contract.js';
import { IsoDate } from '../../dsl/compile/model.js';
import { NOTIFICATION_KINDS, type NotificationRequest } from '../notification-types.js';

export const NotificationRequestSchema = z.object({
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
  occurrence: z.number().int().optional(),
  date: IsoDate.optional(),
  time: LocalTime.optional(),
  latest: IsoDate.optional(),
  ownerRoles: z.array(z.string()).optional(),
  escalationLevel: z.number().int().min(1).optional(),
  items: z
    .array(z.object({ stepId: z.string().min(1), stepTitle: z.string().optional(), occurrence: z.number().int(), latest: IsoDate, ownerRoles: z.array(z.string()).optional() }))
    .min(1)
    .optional(),
  catchUp: z.boolean().optional(),
  meeting: z.object({ start: z.string().min(10), durationMinutes: z.number().int().positive(), cancelled: z.boolean().optional() }).optional(),
  sequence: z.number().int().min(0),
  dueAt: z.iso.datetime({ offset: true }),
}) satisfies z.ZodType<NotificationRequest>;

/** Returns the request or one sentence naming the first bad field. */
export function parseNotificationRequest(input: unknown): { ok: true; request: NotificationRequest } | { ok: false; problem: string } {
  const parsed = NotificationRequestSchema.safeParse(input);
  if (parsed.success) {
    if (parsed.data.kind === 'catch_up' && !parsed.data.items) return { ok: false, problem: 'items: a catch-up needs the steps it lists' };
    if (parsed.data.kind === 'invitation' && !parsed.data.meeting) return { ok: false, problem: 'meeting: an invitation needs meeting.start and meeting.durationMinutes' };
    return { ok: true, request: parsed.data };
  }
  const issue = parsed.error.issues[0]!;
  return { ok: false, problem: `${issue.path.join('.') || 'request'}: ${issue.message}` };
}
