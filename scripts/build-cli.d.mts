export const outDir: string;
/** Builds dist/cli/; with `ifStale`, only when the sources changed since the last build (then undefined). */
export function buildCli(options?: { quiet?: boolean; ifStale?: boolean }): Promise<{ builtAt: number; inputs: string[] } | undefined>;
