export function bundleStaleness(root: URL | string): { da: string; en: string } | undefined;
