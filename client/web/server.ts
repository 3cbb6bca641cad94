/**
 * The web app: a Fastify server with plugins for sessions, CSRF, language and security headers,
 * one routes file per page group, and static assets. Every route declares who may use it
 * (`config.who`); what a person may see of a case is decided in client/service/access.ts.
 */
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { StaffDirectory } from '../../activities/staff/schema.js';
import type { Programme } from '../../dsl/compile/model.js';
import { AccessDenied, may, type Actor } from '../service/access.js';
import { noAuditTrail, type AuditTrail } from '../service/audit.js';
import { CaseId } from '../../dsl/contract.js';
import type { UndeliverableRecord } from '../../worker/storage/undeliverable.js';
import { CaseNotFound, type CaseService } from '../service/cases.js';
import type { NewCaseService } from '../service/new-case.js';
import { sessions } from './plugins/session.js';
import type { FeedSource } from '../service/calendar-feed.js';
import { authRoutes } from './routes/auth.js';
import { calendarRoutes } from './routes/calendar.js';
import { caseRoutes } from './routes/cases.js';
import { homeRoutes } from './routes/home.js';
import { newCaseRoutes } from './routes/new-case.js';
import { overdueRoutes } from './routes/overdue.js';
import { rulesRoutes } from './routes/rules.js';
import type { RegistryService } from '../service/rules-registry.js';
import { tasksRoutes } from './routes/tasks.js';
import { studioRoutes } from './studio/routes.js';
import { studioDefaults, type StudioDeps } from './studio/deps.js';
import { discardDraft } from '../service/rules-draft.js';
import type { SignIn } from './sign-in.js';
import { serveDesignSystem } from './static.js';
import type { Logger } from '../../activities/log.js';
import { healthRoutes, type Check } from './health.js';
import { metricsRoutes, type WebMetrics } from './metrics.js';
import { sendMessage } from './view.js';

/** Who may use a route: anyone, any signed-in person of the directory, a leader of some unit, or an administrator (the rules studio). */
export type Who = 'anyone' | 'staff' | 'leader' | 'administrator';

declare module 'fastify' {
  interface FastifyContextConfig {
    who?: Who;
  }
  interface FastifyInstance {
    /** Every page and form route with who may use it: the access table test walks these. */
    declaredRoutes: { method: string; url: string; who: Who }[];
    /** The audit log's rows from the web app (client/service/audit.ts). */
    audit: AuditTrail;
  }
}

export interface WebDeps {
  directory: StaffDirectory;
  /** The compiled rules files: role titles for people not looking at a case. */
  programmes: readonly Programme[];
  cases: CaseService;
  /** Where sign-ins, refusals and changes are recorded; without it nothing is (tests of other things). */
  audit?: AuditTrail;
  /** The open undeliverable notifications of the units a leader leads (the leaders' page). */
  undeliverable?: (actor: Actor) => Promise<UndeliverableRecord[]>;
  /** *Ny sag*: opening cases on the programmes above (`npm start` always has it; a test may leave it out). */
  newCases?: NewCaseService;
  /** The rules registry (the rules studio's pages); `npm start` always has it. */
  rules?: RegistryService;
  /** Called after a version is published (new cases then open on it). */
  onRulesPublished?: () => Promise<void>;
  /** The rules editor's drafts and impact runs (default: drafts in memory, no running cases). */
  studio?: StudioDeps;
  /** The personal calendar feeds, when VUGGE_FEED_SECRET is set. */
  calendarFeed?: { secret: string; source: FeedSource };
  signIn: SignIn;
  publicUrl: string;
  sessionSecret: string;
  secureCookies: boolean;
  idleMs: number;
  /** Origins forms may be sent on to (the issuer, for its sign-in pages). */
  formTargets?: string[];
  now?: () => number;
  logger?: boolean;
  /** Vugge's structured log (activities/log.ts): one line per request with its route pattern and staff id. */
  log?: Logger;
  /** /healthz and /readyz with these readiness checks (client/web/health.ts). */
  health?: Record<string, Check>;
  /** Request latency by route and GET /metrics (client/web/metrics.ts). */
  metrics?: { metrics: WebMetrics; token?: string };
}

/** Refuses before any handler runs: anonymous → sign in and come back; signed in but not allowed → 403. */
function guard(directory: StaffDirectory) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const who = request.routeOptions.config.who;
    if (who === undefined || who === 'anyone') return;
    const t = request.t;
    if (!request.actor) {
      const back = request.method === 'GET' ? request.url : '/';
      const login = `/login?next=${encodeURIComponent(back)}`;
      if (request.session.get('idled')) return sendMessage(request, reply, 401, t.signedOut.title, t.idle, { href: login, label: t.signedOut.again });
      return reply.redirect(login, 303);
    }
    if (who === 'leader' && !may(directory, request.actor.staffId, 'see_overdue')) throw new AccessDenied('see_overdue');
    if (who === 'administrator' && !may(directory, request.actor.staffId, 'use_rules_studio')) throw new AccessDenied('use_rules_studio');
  };
}

/** The case a refused request was about, when its URL or form names a valid case id. */
function refusedCase(request: FastifyRequest): string | undefined {
  const named = (request.params as { caseId?: unknown } | undefined)?.caseId ?? (request.body as { caseId?: unknown } | undefined)?.caseId;
  return CaseId.safeParse(named).success ? (named as string) : undefined;
}

export async function buildWebApp(deps: WebDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({ ...(deps.log ? { loggerInstance: deps.log as FastifyBaseLogger, disableRequestLogging: true } : { logger: deps.logger ?? false }), trustProxy: true });
  const issuerOrigins = deps.formTargets ?? [];
  const declaredRoutes: FastifyInstance['declaredRoutes'] = [];
  app.decorate('declaredRoutes', declaredRoutes);
  app.decorate('audit', deps.audit ?? noAuditTrail);
  // A route that does not say who may use it is a mistake caught at start, not a page open to all.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/static/') || route.url === '*') return;
    const who = route.config?.who;
    if (!who) throw new Error(`route ${String(route.method)} ${route.url} does not declare config.who`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') declaredRoutes.push({ method, url: route.url, who });
  });
  await app.register(helmet, {
    // A nonce per response for the rules editor's own styles (CodeMirror writes them into a <style>).
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'", ...issuerOrigins],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: deps.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: deps.secureCookies,
  });
  await app.register(rateLimit, { global: false });
  await app.register(formbody);
  await app.register(sessions, { secret: deps.sessionSecret, secureCookies: deps.secureCookies, idleMs: deps.idleMs, directory: deps.directory, now: deps.now });
  await app.register(csrf, { sessionPlugin: '@fastify/secure-session' });
  await serveDesignSystem(app);
  if (deps.log) app.addHook('onResponse', async (request, reply) => request.log.info({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime), staffId: request.actor?.staffId }, 'request'));
  if (deps.metrics) await app.register(metricsRoutes, deps.metrics);
  if (deps.health) await app.register(healthRoutes, { checks: deps.health });

  app.addHook('onRequest', guard(deps.directory));
  // Every form carries a CSRF token; a POST without a valid one is refused before its handler.
  app.addHook('preValidation', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') return done();
    app.csrfProtection(request, reply, done);
  });

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const t = request.t;
    if (error instanceof AccessDenied) {
      await app.audit.note({ actor: request.actor?.staffId ?? 'system', action: 'access.refused', caseId: refusedCase(request), details: { method: request.method, route: request.routeOptions.url ?? 'unknown', need: error.action } });
      return sendMessage(request, reply, 403, t.errors.forbiddenTitle, t.errors.forbidden);
    }
    if (error instanceof CaseNotFound) return sendMessage(request, reply, 404, t.errors.notFoundTitle, t.errors.notFound);
    if (error.code?.startsWith('FST_CSRF')) return sendMessage(request, reply, 403, t.errors.badRequestTitle, t.errors.badRequest);
    if (error.statusCode === 429) return sendMessage(request, reply, 429, t.errors.tooManyTitle, t.errors.tooMany);
    request.log.error({ err: error }, 'request failed');
    return sendMessage(request, reply, 503, t.errors.unavailableTitle, t.errors.unavailable);
  });
  app.setNotFoundHandler({}, (request, reply) => sendMessage(request, reply, 404, request.t.errors.notFoundTitle, request.t.errors.notFound));

  await app.register(authRoutes, { signIn: deps.signIn, directory: deps.directory, publicUrl: deps.publicUrl });
  await app.register(homeRoutes, { directory: deps.directory, programmes: deps.programmes });
  await app.register(tasksRoutes, { cases: deps.cases });
  // Before the case page, so /sager/ny is this page and not a case called 'ny'.
  if (deps.newCases) await app.register(newCaseRoutes, { newCases: deps.newCases });
  await app.register(caseRoutes, { cases: deps.cases });
  await app.register(overdueRoutes, { cases: deps.cases, programmes: deps.programmes, undeliverable: deps.undeliverable ?? (async () => []) });
  const studio = deps.studio ?? studioDefaults();
  if (deps.rules) await app.register(rulesRoutes, { rules: deps.rules, onPublished: deps.onRulesPublished, onProposed: (actor, programmeId) => discardDraft(studio.drafts, actor, programmeId) });
  await app.register(studioRoutes, { programmes: deps.programmes, cases: deps.cases, ...studio });
  if (deps.calendarFeed) await app.register(calendarRoutes, { ...deps.calendarFeed, directory: deps.directory });
  return app;
}
