// Progressive enhancement only: the pages work without this file. Starts DKFDS's components.
if (window.DKFDS && typeof window.DKFDS.init === 'function') window.DKFDS.init();
