export function bundleStaleness(root: URL | string, manifestPath?: string): { da: string; en: string } | undefined;
