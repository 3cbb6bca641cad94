/**
 * The page frame from Det Fælles Designsystem: skip link, header with the signed-in person and
 * sign-out, the main menu, language switch, footer. Every page of the web app is one `page()` call.
 */
import { html, type SafeHtml } from './html.js';
import type { Lang, Texts } from './texts.js';

export interface Frame {
  lang: Lang;
  t: Texts;
  /** The signed-in person, when there is one. */
  person?: { name: string; mayOverdue: boolean; mayOpenCases: boolean; mayEditRules: boolean };
  csrfToken?: string;
  /** The path being shown (for the menu's current item and the language switch's way back). */
  path: string;
}

export interface PageContent {
  title: string;
  body: SafeHtml;
}

function menu(frame: Frame): SafeHtml {
  if (!frame.person) return html``;
  const { t, path } = frame;
  const items: [string, string][] = [['/', t.nav.home], ['/opgaver', t.nav.tasks]];
  if (frame.person.mayOpenCases) items.push(['/sager/ny', t.nav.newCase]);
  if (frame.person.mayOverdue) items.push(['/forsinket', t.nav.overdue]);
  if (frame.person.mayEditRules) items.push(['/regler', t.nav.rules]);
  // The rules studio's pages lie under /regler: its item stays marked on each of them.
  const isCurrent = (href: string) => href === path || (href === '/regler' && path.startsWith('/regler/'));
  return html`<nav class="navigation-menu" aria-label="${t.mainNav}">
      <div class="navigation-menu-inner container">
        <ul class="mainmenu">
          ${items.map(([href, label]) => html`<li class="${isCurrent(href) ? 'current' : ''}"><a href="${href}" class="nav-link"${href === path ? html` aria-current="page"` : ''}><span>${label}</span></a></li>`)}
        </ul>
      </div>
    </nav>`;
}

function userBar(frame: Frame): SafeHtml {
  if (!frame.person) return html``;
  const { t } = frame;
  const other = t.languageSwitchLang;
  return html`<div class="portal-user">
          <p class="user">${t.signedInAs(frame.person.name)}</p>
          <form method="post" action="/sprog" class="d-inline">
            <input type="hidden" name="_csrf" value="${frame.csrfToken}">
            <input type="hidden" name="lang" value="${other}">
            <input type="hidden" name="back" value="${frame.path}">
            <button type="submit" class="function-link" lang="${other}">${t.languageSwitch}</button>
          </form>
          <form method="post" action="/logout" class="d-inline">
            <input type="hidden" name="_csrf" value="${frame.csrfToken}">
            <button type="submit" class="function-link log-off">${t.signOut}</button>
          </form>
        </div>`;
}

export function page(frame: Frame, content: PageContent): SafeHtml {
  const { t } = frame;
  return html`<html lang="${frame.lang}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${content.title} — ${t.service}</title>
    <link rel="stylesheet" href="/static/dkfds/css/dkfds.min.css">
    <link rel="stylesheet" href="/static/vugge.css">
    <script src="/static/dkfds/js/dkfds.min.js" defer></script>
    <script src="/static/vugge.js" defer></script>
  </head>
  <body>
    <a class="skipnav" href="#main-content">${t.skipToContent}</a>
    <header class="header">
      <div class="portal-info">
        <div class="portal-info-inner container">
          <a href="/" class="vugge-brand"><span>${t.service}</span></a>
          ${userBar(frame)}
        </div>
      </div>
      <div class="solution-info">
        <div class="solution-info-inner container">
          <div class="solution-heading"><p class="h5 m-0">${t.serviceTagline}</p></div>
        </div>
      </div>
      ${menu(frame)}
    </header>
    <div class="container page-container">
      <main id="main-content" class="vugge-main">
        ${content.body}
      </main>
    </div>
    <footer>
      <div class="footer">
        <div class="container"><p>${t.footer}</p></div>
      </div>
    </footer>
  </body>
</html>`;
}

/** A page with only a heading, one sentence in an alert, and a link on. */
export function messagePage(frame: Frame, title: string, sentence: string, link: { href: string; label: string }, kind: 'error' | 'info' = 'error'): SafeHtml {
  return page(frame, {
    title,
    body: html`<h1>${title}</h1>
      <div class="alert alert-${kind}" role="${kind === 'error' ? 'alert' : 'status'}">
        <div class="alert-body"><p class="alert-text">${sentence}</p></div>
      </div>
      <p><a href="${link.href}">${link.label}</a></p>`,
  });
}
