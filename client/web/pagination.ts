/**
 * Pages of a long list as Det Fælles Designsystem's pagination component: plain links (it works
 * without JavaScript), the current page marked with `aria-current`, the first and last page always
 * there and at most seven numbers, with an ellipsis for the pages left out.
 */
import { html, type SafeHtml } from './html.js';
import type { Lang } from './texts.js';

const TEXTS = {
  da: {
    previous: 'Forrige',
    previousPage: 'Forrige side',
    next: 'Næste',
    nextPage: 'Næste side',
    page: (n: number) => `Side ${n}`,
    lastPage: (n: number) => `Sidste side, side ${n}`,
    ofPages: (page: number, pages: number) => `Side ${page} af ${pages}`,
    skipped: 'Sider udeladt',
  },
  en: {
    previous: 'Previous',
    previousPage: 'Previous page',
    next: 'Next',
    nextPage: 'Next page',
    page: (n: number) => `Page ${n}`,
    lastPage: (n: number) => `Last page, page ${n}`,
    ofPages: (page: number, pages: number) => `Page ${page} of ${pages}`,
    skipped: 'Pages left out',
  },
} satisfies Record<Lang, unknown>;

/** The page numbers to show (0 for an ellipsis), the way the design system's component picks them. */
export function pageNumbers(page: number, pages: number): number[] {
  if (pages <= 7) return Array.from({ length: pages }, (_, i) => i + 1);
  if (page < 5) return [1, 2, 3, 4, 5, 0, pages];
  if (page + 4 > pages) return [1, 0, pages - 4, pages - 3, pages - 2, pages - 1, pages];
  return [1, 0, page - 1, page, page + 1, 0, pages];
}

export interface PaginationOptions {
  id: string;
  /** What the navigation is for, e.g. "Sider i listen over forsinkede trin". */
  label: string;
  page: number;
  pages: number;
  /** The address of a page. */
  href: (page: number) => string;
  lang: Lang;
}

/** Nothing when everything fits on one page. */
export function pagination({ id, label, page, pages, href, lang }: PaginationOptions): SafeHtml {
  if (pages <= 1) return html``;
  const t = TEXTS[lang];
  const number = (n: number) =>
    n === 0
      ? html`<li class="pagination-item pagination-overflow"><span class="sr-only">${t.skipped}</span><span aria-hidden="true">…</span></li>`
      : n === page
        ? html`<li class="pagination-item pagination-number"><a href="${href(n)}" class="button current-page" aria-label="${n === pages && pages > 7 ? t.lastPage(n) : t.page(n)}" aria-current="page">${n}</a></li>`
        : html`<li class="pagination-item pagination-number"><a href="${href(n)}" class="button button-secondary" aria-label="${n === pages && pages > 7 ? t.lastPage(n) : t.page(n)}">${n}</a></li>`;
  return html`<nav class="pagination" aria-label="${label}" id="${id}">
      ${page > 1 ? html`<a href="${href(page - 1)}" class="button button-arrow button-previous" aria-label="${t.previousPage}"><span class="pagination-nav-link">${t.previous}</span></a>` : ''}
      <span class="pagination-mobile">${t.ofPages(page, pages)}</span>
      <ul class="pagination__items">${pageNumbers(page, pages).map(number)}</ul>
      ${page < pages ? html`<a href="${href(page + 1)}" class="button button-arrow button-next" aria-label="${t.nextPage}"><span class="pagination-nav-link">${t.next}</span></a>` : ''}
    </nav>`;
}
