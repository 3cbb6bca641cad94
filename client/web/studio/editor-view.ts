/**
 * The editor page: the plain form (a textarea and buttons that post) that works without
 * JavaScript, and the host the editor bundle turns into CodeMirror. The server's own check of the
 * rules, when asked for, is listed under the form with each error's line and column.
 */
import { formatLocalDate } from '../../../dsl/contract.js';
import { html, type SafeHtml } from '../html.js';
import type { Lang } from '../texts.js';
import type { Analysis } from './analysis.js';
import type { StudioTexts } from './texts.js';

export interface EditorPage {
  /** This response's CSP nonce for styles: the editor's own style sheet carries it. */
  styleNonce?: string;
  programmeId: string;
  programmeTitle: string;
  source: string;
  message: string;
  savedAt?: Date;
  csrf: string;
  /** The server's check of the posted rules (the plain form's Tjek reglerne). */
  checked?: Analysis;
  notice?: 'saved' | 'discarded';
  error?: string;
}

export const studioPath = (programmeId: string) => `/regler/${encodeURIComponent(programmeId)}/udkast`;

/** The server's check as a list: the same messages, lines and columns the editor shows. */
export function problemList(checked: Analysis | undefined, s: StudioTexts): SafeHtml {
  if (!checked) return html``;
  if (checked.ok) return html`<p>${s.compiles(checked.version ?? '')}</p>`;
  return html`<h2 class="h3" id="problems-heading">${s.problems(checked.diagnostics.length)}</h2>
    <ul>${checked.diagnostics.map((d) => html`<li data-code="${d.code}"><a href="#source">${s.at(d.line, d.column)}</a>: ${d.message}</li>`)}</ul>`;
}

function notices(p: EditorPage, s: StudioTexts, lang: Lang): SafeHtml {
  const info = (text: string) => html`<div class="alert alert-success" role="status"><div class="alert-body"><p class="alert-text">${text}</p></div></div>`;
  if (p.error) return html`<div class="alert alert-error" role="alert"><div class="alert-body"><p class="alert-text">${p.error}</p></div></div>`;
  if (p.notice === 'saved') return info(s.saved);
  if (p.notice === 'discarded') return info(s.discarded);
  return html`<p>${p.savedAt ? s.fromDraft(`${formatLocalDate(p.savedAt.toISOString(), lang)} ${p.savedAt.toLocaleTimeString('da-DK', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit' })}`) : s.fromCurrent}</p>`;
}

export function editorPage(p: EditorPage, s: StudioTexts, lang: Lang): SafeHtml {
  const path = studioPath(p.programmeId);
  return html`<h1>${s.editTitle(p.programmeTitle)}</h1>
    ${notices(p, s, lang)}
    <p>${s.intro}</p>
    <form method="post" action="${path}" class="vugge-studio">
      <input type="hidden" name="_csrf" value="${p.csrf}">
      <div class="form-group">
        <label class="form-label" id="source-label" for="source">${s.sourceLabel}</label>
        <span class="form-hint" id="source-hint">${s.sourceHint}</span>
        <textarea class="form-input vugge-rules-source" id="source" name="source" rows="30" spellcheck="false" autocomplete="off" aria-describedby="source-hint">${p.source}</textarea>
        <div id="rules-editor" class="vugge-rules-editor" hidden data-worker="/static/studio/rules-worker.js" data-style-nonce="${p.styleNonce ?? ''}" data-texts="${JSON.stringify(s.editor)}"></div>
        <div id="rules-problems" class="vugge-rules-problems" aria-live="polite">${problemList(p.checked, s)}</div>
      </div>
      <div class="form-group">
        <label class="form-label" for="message">${s.messageLabel}</label>
        <input class="form-input" type="text" id="message" name="message" maxlength="500" value="${p.message}">
      </div>
      <div class="vugge-studio-actions">
        <button type="submit" class="button button-secondary" name="action" value="check">${s.check}</button>
        <button type="submit" class="button button-secondary" name="action" value="save">${s.save}</button>
        <button type="submit" class="button button-secondary" formaction="${path}/vis">${s.preview}</button>
        <button type="submit" class="button button-primary" formaction="/regler/${p.programmeId}/forslag">${s.propose}</button>
        <button type="submit" class="button button-tertiary" name="action" value="discard">${s.discard}</button>
      </div>
    </form>
    <link rel="stylesheet" href="/static/studio/studio.css">
    <script type="module" src="/static/studio/editor.js"></script>`;
}
