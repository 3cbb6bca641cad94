/** The front page after sign-in: who you are, and links by what you may do. */
import type { FastifyInstance } from 'fastify';
import type { Programme } from '../../../dsl/compile/model.js';
import type { StaffDirectory } from '../../../activities/staff/schema.js';
import { ledUnits, may, openingUnits } from '../../service/access.js';
import { TASK_DAYS } from '../../service/cases.js';
import { html } from '../html.js';
import { sendPage } from '../view.js';
import { roleTitle, unitName } from '../words.js';

export async function homeRoutes(app: FastifyInstance, options: { directory: StaffDirectory; programmes?: readonly Programme[] }): Promise<void> {
  const { directory } = options;
  app.get('/', { config: { who: 'staff' } }, async (request, reply) => {
    const actor = request.actor!;
    const { t, lang } = request;
    const led = ledUnits(directory, actor.staffId).all;
    const roles = actor.person.roles.map((r) => roleTitle(options.programmes ?? [], r, lang)).join(', ');
    return sendPage(request, reply, {
      title: t.home.title,
      body: html`<h1>${t.home.heading(actor.person.name)}</h1>
        <h2>${t.home.you}</h2>
        <dl class="vugge-facts">
          <dt>${t.home.staffId}</dt><dd>${actor.staffId}</dd>
          <dt>${t.home.roles}</dt><dd>${roles}</dd>
          <dt>${t.home.unit}</dt><dd>${unitName(directory, actor.person.unit)}</dd>
          ${led.length ? html`<dt>${t.home.leads}</dt><dd>${led.map((u) => unitName(directory, u)).join(', ')}</dd>` : ''}
        </dl>
        <h2>${t.home.whatNow}</h2>
        <ul>
          <li><a href="/opgaver">${t.nav.tasks}</a> — ${t.tasks.intro(TASK_DAYS)}</li>
          ${openingUnits(directory, actor.staffId).length ? html`<li><a href="/sager/ny">${t.newCase.link}</a> — ${t.newCase.linkNote}</li>` : ''}
          ${led.length ? html`<li><a href="/forsinket">${t.nav.overdue}</a> — ${t.home.overdueLink}</li>` : ''}
        </ul>
        ${may(directory, actor.staffId, 'use_rules_studio') ? html`<p>${t.home.studioNote}</p>` : ''}`,
    });
  });
}
