export const webOutDir: string;
/** Builds dist/web/; with `ifStale`, only when the sources changed since the last build (then undefined). */
export function buildWeb(options?: { quiet?: boolean; ifStale?: boolean }): Promise<{ builtAt: number; inputs: string[] } | undefined>;
