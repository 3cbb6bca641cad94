/**
 * The rules studio's pages as HTML: the programmes' overview, one proposal (diff, compile result,
 * the decision and, once published, the migration choice) and one migration's progress and report.
 */
import type { ProgrammeOverview } from '../service/rules-registry.js';
import type { MigrationProgress } from '../../workflows/migration-batch.js';
import type { MigrationRecord, RulesVersion } from '../../workflows/rules-registry-messages.js';
import { errorSummary, formGroup } from './form-field.js';
import { html, type SafeHtml } from './html.js';
import { lineDiff, withContext } from './rules-diff.js';
import type { RulesTexts } from './rules-texts.js';
import type { Lang } from './texts.js';

export const programmePath = (programmeId: string) => `/regler/${encodeURIComponent(programmeId)}`;
export const proposalPath = (programmeId: string, version: number) => `${programmePath(programmeId)}/forslag/${version}`;
export const migrationPath = (batchId: string) => {
  const [, programmeId, n] = batchId.split('/');
  return `${programmePath(programmeId ?? '')}/migrering/${n ?? ''}`;
};

const when = (iso: string | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');

export function overviewBody(t: RulesTexts, programmes: ProgrammeOverview[]): SafeHtml {
  return html`<h1>${t.overviewTitle}</h1>
    <p>${t.overviewIntro}</p>
    <table class="table table--compact">
      <caption class="sr-only">${t.overviewTitle}</caption>
      <thead><tr><th scope="col">${t.programme}</th><th scope="col">${t.current}</th><th scope="col">${t.pending}</th></tr></thead>
      <tbody>
        ${programmes.map(
          (p) => html`<tr>
            <th scope="row">${p.title}<br><a href="${programmePath(p.id)}/udkast">${t.edit}</a></th>
            <td>${p.current ? html`<a href="${proposalPath(p.id, p.current.version)}">${t.version(p.current.version)}</a> (${p.current.hash}) — ${when(p.current.publishedAt)}` : ''}</td>
            <td>${p.pending.length
              ? html`<ul class="nobullet-list">${p.pending.map((v) => html`<li><a href="${proposalPath(p.id, v.version)}">${t.version(v.version)}</a>: ${v.message} (${v.author})</li>`)}</ul>`
              : t.noPending}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
}

function diffTable(t: RulesTexts, before: string, after: string): SafeHtml {
  const lines = withContext(lineDiff(before, after));
  if (lines.length <= 1 && lines[0] === undefined) return html`<p>${t.diffNone}</p>`;
  return html`<table class="table table--compact vugge-diff">
      <caption>${t.diffCaption}</caption>
      <thead><tr><th scope="col">${t.lineBefore}</th><th scope="col">${t.lineAfter}</th><th scope="col">${t.change}</th><th scope="col">${t.text}</th></tr></thead>
      <tbody>
        ${lines.map((l) =>
          l === undefined
            ? html`<tr><td>${t.gap}</td><td>${t.gap}</td><td></td><td></td></tr>`
            : html`<tr><td>${l.before ?? ''}</td><td>${l.after ?? ''}</td><td>${l.kind === 'removed' ? html`<span aria-hidden="true">−</span><span class="sr-only">${t.removed}</span>` : l.kind === 'added' ? html`<span aria-hidden="true">+</span><span class="sr-only">${t.added}</span>` : ''}</td><td>${l.kind === 'removed' ? html`<del><code>${l.text}</code></del>` : l.kind === 'added' ? html`<ins><code>${l.text}</code></ins>` : html`<code>${l.text}</code>`}</td></tr>`,
        )}
      </tbody>
    </table>`;
}

function compileResult(t: RulesTexts, lang: Lang, v: RulesVersion): SafeHtml {
  if (v.compiled.ok) return html`<p>${t.compileOk(v.compiled.hash)}</p>`;
  return html`<p>${t.compileErrors(v.compiled.errors.length)}</p>
    <ul>${v.compiled.errors.map((e) => html`<li><code>${e.loc.line}:${e.loc.column}</code> ${e.message[lang]}</li>`)}</ul>`;
}

export interface ProposalView {
  programmeId: string;
  title: string;
  version: RulesVersion;
  current?: RulesVersion;
  migrations: MigrationRecord[];
  staffId: string;
  csrf: string;
  /** Running cases not on the version, when it is the current one. */
  runningCases?: string[];
  error?: string;
}

function decisionForms(t: RulesTexts, v: ProposalView): SafeHtml {
  const action = proposalPath(v.programmeId, v.version.version);
  const own = v.version.author === v.staffId;
  return html`${own ? html`<div class="alert alert-info" role="status"><div class="alert-body"><p class="alert-text">${t.ownProposal}</p></div></div>` : ''}
    <form method="post" action="${action}/godkend" class="mb-5">
      <input type="hidden" name="_csrf" value="${v.csrf}">
      <button type="submit" class="button button-primary">${t.approve}</button>
    </form>
    <form method="post" action="${action}/afvis" novalidate>
      <input type="hidden" name="_csrf" value="${v.csrf}">
      ${formGroup({ id: 'afvis-reason', name: 'reason', label: t.rejectReason }, (a) => html`<textarea class="form-input" rows="3" ${a}></textarea>`)}
      <button type="submit" class="button button-secondary">${t.reject}</button>
    </form>`;
}

function migrationForm(t: RulesTexts, v: ProposalView): SafeHtml {
  const cases = v.runningCases ?? [];
  return html`<h2>${t.migrateHeading}</h2>
    <p>${t.migrateIntro}</p>
    <form method="post" action="${proposalPath(v.programmeId, v.version.version)}/migrering" novalidate>
      <input type="hidden" name="_csrf" value="${v.csrf}">
      <fieldset>
        <legend class="h4">${t.migrateHeading}</legend>
        <ul class="nobullet-list">
          <li class="form-group-radio"><input type="radio" class="form-radio" id="scope-all" name="scope" value="all"><label for="scope-all">${t.migrateAll}</label></li>
          <li class="form-group-radio"><input type="radio" class="form-radio" id="scope-chosen" name="scope" value="chosen" checked><label for="scope-chosen">${t.migrateChosen}</label></li>
          <li class="form-group-radio"><input type="radio" class="form-radio" id="scope-none" name="scope" value="none"><label for="scope-none">${t.migrateNone}</label></li>
        </ul>
      </fieldset>
      <fieldset>
        <legend class="h4">${t.migrateCases}</legend>
        ${cases.length
          ? html`<ul class="nobullet-list">${cases.map((id, i) => html`<li class="form-group-checkbox"><input type="checkbox" class="form-checkbox" id="case-${i}" name="case" value="${id}"><label for="case-${i}">${id}</label></li>`)}</ul>`
          : html`<p>${t.noRunningCases}</p>`}
      </fieldset>
      <button type="submit" class="button button-primary">${t.migrateSubmit}</button>
    </form>`;
}

export function proposalBody(t: RulesTexts, lang: Lang, v: ProposalView): SafeHtml {
  const ver = v.version;
  const isCurrent = v.current?.version === ver.version;
  const mine = v.migrations.filter((m) => m.version === ver.version);
  return html`<h1>${t.proposalTitle(v.title, ver.version)}</h1>
    ${v.error ? errorSummary('regler-errors', t.refusedTitle, [{ fieldId: 'afvis-reason', text: v.error }]) : ''}
    <dl class="vugge-facts">
      <dt>${t.status}</dt><dd>${t.statuses[ver.status]}</dd>
      <dt>${t.proposedBy}</dt><dd>${ver.author} — ${when(ver.proposedAt)}</dd>
      <dt>${t.message}</dt><dd>${ver.message}</dd>
      ${ver.approver ? html`<dt>${t.approvedBy}</dt><dd>${ver.approver} — ${when(ver.publishedAt)}</dd>` : ''}
      ${ver.rejectedBy ? html`<dt>${t.rejectedBy}</dt><dd>${ver.rejectedBy} — ${when(ver.rejectedAt)}</dd><dt>${t.reason}</dt><dd>${ver.reason}</dd>` : ''}
    </dl>
    <h2>${t.compileResult}</h2>
    ${compileResult(t, lang, ver)}
    ${v.current && !isCurrent ? html`<h2>${t.diffHeading(v.current.version)}</h2>${diffTable(t, v.current.source, ver.source)}` : ''}
    ${ver.status === 'pending' ? decisionForms(t, v) : ''}
    ${isCurrent && ver.version > 1 ? migrationForm(t, v) : ''}
    ${mine.length ? html`<h2>${t.migrations}</h2><ul>${mine.map((m) => html`<li><a href="${migrationPath(m.batchId)}">${t.migrationTitle(m.batchId)}</a> — ${m.by}, ${when(m.at)}</li>`)}</ul>` : ''}
    <p><a href="/regler">${t.back}</a></p>`;
}

export function migrationBody(t: RulesTexts, p: MigrationProgress, path: string, auto: boolean): SafeHtml {
  const failed = p.results.filter((r) => 'failed' in r).length;
  return html`${auto && !p.finishedAt ? html`<meta http-equiv="refresh" content="5">` : ''}
    <h1>${t.migrationTitle(p.batchId)}</h1>
    <div role="status"><p>${p.finishedAt ? t.finished : t.running} ${t.progress(p.results.length - failed, failed, p.remaining?.length)}</p></div>
    ${p.finishedAt ? '' : html`<p><a href="${path}">${t.refresh}</a> · ${auto ? html`<a href="${path}">${t.stopAutoRefresh}</a>` : html`<a href="${path}?auto=1">${t.autoRefresh}</a>`}</p>`}
    <h2>${t.report}</h2>
    <table class="table table--compact">
      <thead><tr><th scope="col">${t.caseId}</th><th scope="col">${t.outcome}</th></tr></thead>
      <tbody>${p.results.map((r) => html`<tr><td><a href="/sager/${encodeURIComponent(r.caseId)}">${r.caseId}</a></td><td>${'failed' in r ? r.failed : t.moved(r.changes)}</td></tr>`)}</tbody>
    </table>
    <p><a href="/regler">${t.back}</a></p>`;
}
