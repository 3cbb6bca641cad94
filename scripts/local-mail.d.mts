/** Starts maildev on 127.0.0.1 (SMTP smtpPort, default 1025; web inbox webPort, default 1080). */
export function startLocalMail(options?: { smtpPort?: number; webPort?: number; dataDir?: string }): Promise<{ smtpPort: number; webUrl: string; stop(): Promise<void> }>;
