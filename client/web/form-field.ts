/**
 * The pieces every form of the web app is built from, in Det Fælles Designsystem's markup: a field
 * with its label, hint and own error sentence, and the error summary that links to each field.
 */
import { html, type SafeHtml } from './html.js';

export interface Field {
  id: string;
  name: string;
  label: string;
  hint?: string;
  /** The field's own sentence when it was rejected, in the reader's language. */
  error?: string;
}

/** Label, hint, the field's own sentence when rejected, and the control (given the attributes it must carry). */
export function formGroup(field: Field, control: (attrs: SafeHtml) => SafeHtml): SafeHtml {
  const { id, hint, error } = field;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const attrs = html`id="${id}" name="${field.name}"${described ? html` aria-describedby="${described}"` : ''}${error ? html` aria-invalid="true"` : ''}`;
  return html`<div class="form-group${error ? ' form-error' : ''}">
      <label class="form-label" for="${id}">${field.label}</label>
      ${hint ? html`<span class="form-hint" id="${id}-hint">${hint}</span>` : ''}
      ${error ? html`<span class="form-error-message" id="${id}-error">${error}</span>` : ''}
      ${control(attrs)}
    </div>`;
}

/**
 * The summary at the top of the page when a form is rejected (Det Fælles Designsystem's error
 * summary): a heading and each rejected field's sentence, linked to the field. It can take focus
 * (`tabindex="-1"`); vugge.js moves focus to it, so a screen reader reads it first.
 */
export function errorSummary(headingId: string, heading: string, items: { fieldId: string; text: string }[]): SafeHtml {
  if (!items.length) return html``;
  return html`<div class="alert alert-error" role="alert" aria-labelledby="${headingId}" tabindex="-1" data-error-summary>
      <div class="alert-body">
        <p class="alert-heading" id="${headingId}">${heading}</p>
        <ul class="alert-text nobullet-list">${items.map((i) => html`<li><a href="#${i.fieldId}">${i.text}</a></li>`)}</ul>
      </div>
    </div>`;
}
