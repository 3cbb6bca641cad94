/**
 * The rules studio's editor and preview (administrators only; everyone else gets 403 on every URL):
 *
 *   GET  /regler/:programme/udkast                  the editor, on the person's draft or the current version
 *   POST /regler/:programme/udkast                  action=check (the server compiles), save (Gem kladde), discard
 *   GET  /regler/:programme/udkast/vis              preview of the saved draft
 *   POST /regler/:programme/udkast/vis              preview of the posted draft
 *   GET  /regler/:programme/udkast/virkning/:job    the impact on running cases, while it is worked out
 *   GET  /regler/:programme/udkast/virkning/:job/status   the same as JSON, for the page's script
 *
 * Proposing posts the same form to the registry's /regler/:programme/forslag.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { compile } from '../../../dsl/compile/compile.js';
import type { Programme } from '../../../dsl/compile/model.js';
import { CaseFacts } from '../../../dsl/facts.js';
import { CaseId } from '../../../dsl/contract.js';
import { requireAccess, AccessDenied } from '../../service/access.js';
import type { CaseService } from '../../service/cases.js';
import { discardDraft, MAX_DRAFT_CHARS, openDraft, saveDraft, type DraftStore } from '../../service/rules-draft.js';
import type { ImpactJob, ImpactJobs } from '../../service/rules-impact.js';
import { planDiff } from '../../service/rules-preview.js';
import { plan } from '../../../dsl/plan/index.js';
import { html } from '../html.js';
import { sendMessage, sendPage } from '../view.js';
import { analyseRules } from './analysis.js';
import { editorPage, studioPath, type EditorPage } from './editor-view.js';
import { impactBlock, previewPage } from './preview-view.js';
import { studioTexts } from './texts.js';

export interface StudioOptions {
  programmes: readonly Programme[];
  cases: CaseService;
  drafts: DraftStore;
  impact: ImpactJobs;
  /** The text a new draft starts from (default: the bundled rules file of the programme). */
  startingSource?: (programmeId: string) => Promise<string | undefined>;
  /** Folder of sample families (default rules/examples). */
  examplesDir?: string;
}

type Params = { programme: string };
type Body = Record<string, string | undefined>;

const EXAMPLES_DIR = fileURLToPath(new URL('../../../rules/examples', import.meta.url));

/** How long the preview waits for the impact before it shows progress instead. */
const IMPACT_WAIT_MS = 1000;

export async function studioRoutes(app: FastifyInstance, options: StudioOptions): Promise<void> {
  const examplesDir = options.examplesDir ?? EXAMPLES_DIR;

  // Every URL here is the rules studio's: refused before anything is read.
  app.addHook('preHandler', async (request) => {
    const actor = request.actor;
    if (actor) requireAccess(actor.directory, actor.staffId, 'use_rules_studio');
  });

  /** The programme named in the URL, as the rules files compile it; undefined for any other name. */
  function programmeOf(request: FastifyRequest<{ Params: Params }>): Programme | undefined {
    return options.programmes.find((p) => p.id === request.params.programme);
  }
  const titleOf = (p: Programme, lang: 'da' | 'en') => (lang === 'en' ? (p.titleEn ?? p.title) : p.title);
  const unknown = (request: FastifyRequest, reply: FastifyReply) => sendMessage(request, reply, 404, request.t.errors.notFoundTitle, studioTexts[request.lang].unknownProgramme);

  function showEditor(request: FastifyRequest, reply: FastifyReply, programme: Programme, page: Omit<EditorPage, 'programmeId' | 'programmeTitle' | 'csrf'>, status = 200) {
    const s = studioTexts[request.lang];
    const body = editorPage({ ...page, programmeId: programme.id, programmeTitle: titleOf(programme, request.lang), csrf: reply.generateCsrf(), styleNonce: (reply as { cspNonce?: { style: string } }).cspNonce?.style }, s, request.lang);
    return sendPage(request, reply, { title: s.editTitle(titleOf(programme, request.lang)), body }, status);
  }

  app.get<{ Params: Params; Querystring: Body }>('/regler/:programme/udkast', { config: { who: 'administrator' } }, async (request, reply) => {
    const programme = programmeOf(request);
    if (!programme) return unknown(request, reply);
    const draft = await openDraft(options.drafts, request.actor!, programme.id, options.startingSource);
    if (!draft) return unknown(request, reply);
    const notice = request.query.gemt === '1' ? 'saved' : request.query.kasseret === '1' ? 'discarded' : undefined;
    return showEditor(request, reply, programme, { source: draft.source, savedAt: draft.savedAt, message: '', notice });
  });

  app.post<{ Params: Params; Body: Body }>('/regler/:programme/udkast', { config: { who: 'administrator' }, bodyLimit: MAX_DRAFT_CHARS * 4 }, async (request, reply) => {
    const programme = programmeOf(request);
    if (!programme) return unknown(request, reply);
    const actor = request.actor!;
    const s = studioTexts[request.lang];
    const source = request.body?.source ?? '';
    const message = (request.body?.message ?? '').slice(0, 500);
    const action = request.body?.action;
    if (action === 'discard') {
      await discardDraft(options.drafts, actor, programme.id);
      return reply.redirect(`${studioPath(programme.id)}?kasseret=1`, 303);
    }
    if (source.length > MAX_DRAFT_CHARS) return showEditor(request, reply, programme, { source: '', message, error: s.tooLong }, 400);
    if (action === 'save') {
      await saveDraft(options.drafts, actor, programme.id, source);
      return reply.redirect(`${studioPath(programme.id)}?gemt=1`, 303);
    }
    const checked = analyseRules(source, request.lang);
    return showEditor(request, reply, programme, { source, message, checked }, checked.ok ? 200 : 400);
  });

  function examples(): string[] {
    try {
      return readdirSync(examplesDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
    } catch {
      return [];
    }
  }

  /** An example family by name; the one that names the most of the programme's steps and events first. */
  function exampleFacts(programme: Programme, name: string | undefined): { name: string; facts: CaseFacts } | undefined {
    const known = new Set([...programme.steps.map((st) => st.id), ...programme.events.map((e) => e.id)]);
    const all = examples().flatMap((n) => {
      try {
        const facts = CaseFacts.parse(JSON.parse(readFileSync(join(examplesDir, `${n}.json`), 'utf8')));
        const fit = facts.facts.filter((f) => ('step' in f && known.has(f.step)) || (f.kind === 'event' && known.has(f.event))).length;
        return [{ name: n, facts, fit }];
      } catch {
        return [];
      }
    });
    return all.find((e) => e.name === name) ?? all.sort((a, b) => b.fit - a.fit || a.name.localeCompare(b.name))[0];
  }

  async function waitForImpact(actor: NonNullable<FastifyRequest['actor']>, job: ImpactJob): Promise<ImpactJob> {
    const until = Date.now() + IMPACT_WAIT_MS;
    let now = job;
    while (now.state === 'running' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 25));
      now = options.impact.get(actor, job.id) ?? now;
    }
    return now;
  }

  async function preview(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, programme: Programme, source: string, choice: Body) {
    const actor = request.actor!;
    const s = studioTexts[request.lang];
    const compiled = compile(source);
    if (!compiled.ok) {
      const checked = analyseRules(source, request.lang);
      return showEditor(request, reply, programme, { source, message: '', checked, error: s.notCompiling }, 400);
    }
    const draft = compiled.programme;
    let current = programme;
    let family: { name: string; facts: CaseFacts; caseId?: string; example?: string } | undefined;
    let caseError: string | undefined;
    const wantedCase = choice.sag?.trim();
    if (wantedCase) {
      try {
        if (!CaseId.safeParse(wantedCase).success) throw new AccessDenied('see_case');
        const view = await options.cases.caseView(actor, wantedCase);
        if (view.programme.id !== programme.id) throw new AccessDenied('see_case');
        family = { name: view.caseId, caseId: view.caseId, facts: view.snapshot.facts };
        current = view.programme;
      } catch (err) {
        // No access and no such case read alike: the page says neither which.
        if (!(err instanceof AccessDenied) && (err as Error).name !== 'CaseNotFound') throw err;
        caseError = s.noAccessCase;
      }
    }
    if (!family) {
      const example = exampleFacts(programme, choice.eksempel);
      if (!example) return unknown(request, reply);
      family = { name: `${s.sample.toLowerCase()} ${example.name}`, example: example.name, facts: example.facts };
    }
    const now = new Date().toISOString();
    const job = await waitForImpact(actor, options.impact.start(actor, draft));
    const body = previewPage(
      {
        programmeId: programme.id,
        programmeTitle: titleOf(programme, request.lang),
        source,
        csrf: reply.generateCsrf(),
        examples: examples(),
        shown: { name: family.name, example: family.example, caseId: family.caseId ?? wantedCase },
        caseError,
        current,
        draft,
        before: plan(current, family.facts, now),
        after: plan(draft, family.facts, now),
        diff: planDiff(current, draft, family.facts, now),
        now,
        job,
      },
      s,
      request.lang,
    );
    return sendPage(request, reply, { title: s.previewTitle(titleOf(programme, request.lang)), body }, caseError ? 400 : 200);
  }

  app.get<{ Params: Params; Querystring: Body }>('/regler/:programme/udkast/vis', { config: { who: 'administrator' } }, async (request, reply) => {
    const programme = programmeOf(request);
    if (!programme) return unknown(request, reply);
    const draft = await openDraft(options.drafts, request.actor!, programme.id, options.startingSource);
    return preview(request, reply, programme, draft?.source ?? '', request.query);
  });

  app.post<{ Params: Params; Body: Body }>('/regler/:programme/udkast/vis', { config: { who: 'administrator' }, bodyLimit: MAX_DRAFT_CHARS * 4 }, async (request, reply) => {
    const programme = programmeOf(request);
    if (!programme) return unknown(request, reply);
    return preview(request, reply, programme, (request.body?.source ?? '').slice(0, MAX_DRAFT_CHARS), request.body ?? {});
  });

  app.get<{ Params: Params & { job: string } }>('/regler/:programme/udkast/virkning/:job', { config: { who: 'administrator' } }, async (request, reply) => {
    const programme = programmeOf(request);
    const s = studioTexts[request.lang];
    const job = programme && options.impact.get(request.actor!, request.params.job);
    if (!programme || !job) return sendMessage(request, reply, 404, request.t.errors.notFoundTitle, s.impactJobGone, { href: studioPath(request.params.programme), label: s.backToEditor });
    const body = impactBlock(programme.id, job, s);
    const running = job.state === 'running';
    return sendPage(request, reply, {
      title: s.impactHeading,
      // Without JavaScript the page reloads itself while the work goes on; with it, the script polls.
      body: html`<h1>${s.impactHeading}</h1>${running ? html`<noscript><meta http-equiv="refresh" content="3"></noscript><p>${s.impactRefresh}</p>` : ''}<div id="impact">${body}</div><p><a href="${studioPath(programme.id)}">${s.backToEditor}</a></p>`,
    });
  });

  app.get<{ Params: Params & { job: string } }>('/regler/:programme/udkast/virkning/:job/status', { config: { who: 'administrator' } }, async (request, reply) => {
    const job = options.impact.get(request.actor!, request.params.job);
    if (!job) return reply.code(404).header('cache-control', 'no-store').send({ state: 'gone' });
    const s = studioTexts[request.lang];
    return reply.header('cache-control', 'no-store').send({
      state: job.state,
      done: job.progress.done,
      total: job.progress.total ?? null,
      text: job.state === 'running' ? s.impactRunning(job.progress.done, job.progress.total) : '',
    });
  });
}
