/**
 * Progress of the impact on running cases without reloading: asks the server for the job's status
 * twice a second, shows it, and opens the job's page (which lists the result) when it is done.
 */
const box = document.getElementById('impact-progress');
const statusUrl = box?.dataset.status;
if (box && statusUrl) void poll(box, statusUrl);

async function poll(box: HTMLElement, statusUrl: string): Promise<void> {
  const text = box.querySelector('p');
  const bar = box.querySelector('progress');
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const response = await fetch(statusUrl, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    const status = (await response.json()) as { state: string; done: number; total: number | null; text: string };
    if (status.state !== 'running') {
      location.assign(statusUrl.replace(/\/status$/, ''));
      return;
    }
    if (text) text.textContent = status.text;
    if (bar) {
      if (status.total) bar.max = status.total;
      bar.value = status.done;
    }
  }
}
