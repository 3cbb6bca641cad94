// Progressive enhancement only: the pages work without this file. Starts DKFDS's components.
if (window.DKFDS && typeof window.DKFDS.init === 'function') window.DKFDS.init();
// A rejected form: focus goes to the error summary at the top of the page.
document.querySelector('[data-error-summary]')?.focus();
