/**
 * The case's one timer. An event wakes the case without touching the timer: it is replaced only
 * when the next moment that matters actually moves. (Cancelling and restarting it on every event
 * cost three history events per event.)
 */
import { CancellationScope, condition, isCancellation, sleep } from '@temporalio/workflow';

/** Time the timer is never shorter than, so a moment "now" cannot spin the loop. */
const MIN_SLEEP_MS = 1_000;

export class NextMomentTimer {
  private at: number | undefined;
  private fired = false;
  private scope: CancellationScope | undefined;

  /** Waits until `wake` (epoch ms; undefined: no moment) or until `changed()` turns true. */
  async wait(wake: number | undefined, changed: () => boolean): Promise<void> {
    if (this.scope && (this.fired || this.at !== wake)) {
      if (!this.fired) this.scope.cancel();
      this.scope = undefined;
    }
    if (!this.scope && wake !== undefined) this.start(wake);
    await condition(() => changed() || this.fired);
  }

  private start(wake: number): void {
    const scope = new CancellationScope();
    this.scope = scope;
    this.at = wake;
    this.fired = false;
    scope
      .run(() => sleep(Math.max(MIN_SLEEP_MS, wake - Date.now())))
      .then(
        () => {
          if (this.scope === scope) this.fired = true;
        },
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
  }
}
