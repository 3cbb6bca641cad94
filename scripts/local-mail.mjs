// The local development inbox: maildev in this process, SMTP and web bound to 127.0.0.1 only, so a
// new user sees Vugge's reminders arrive in a browser without any mail account.
import { mkdir } from 'node:fs/promises';
import { MailDev } from 'maildev';

/**
 * @param {{ smtpPort?: number, webPort?: number, dataDir?: string }} [options]
 *   smtpPort (default 1025) and webPort (default 1080) on 127.0.0.1; dataDir keeps the mails
 *   across restarts (default: memory only).
 * @returns {Promise<{ smtpPort: number, webUrl: string, stop(): Promise<void> }>}
 */
export async function startLocalMail({ smtpPort = 1025, webPort = 1080, dataDir } = {}) {
  if (dataDir) await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const maildev = new MailDev({
    smtp: smtpPort,
    ip: '127.0.0.1',
    web: webPort,
    webIp: '127.0.0.1',
    silent: true,
    ...(dataDir ? { mailDirectory: dataDir } : {}),
  });
  try {
    await maildev.start();
  } catch (err) {
    const reason = err && err.code === 'EADDRINUSE' ? 'the port is in use' : String(err && err.message ? err.message : err);
    throw new Error(`Kan ikke starte den lokale indbakke på 127.0.0.1:${smtpPort}/${webPort} (${reason}); stop det program, der bruger porten, eller sæt VUGGE_SMTP_HOST til en anden mailserver.`);
  }
  return {
    smtpPort,
    webUrl: `http://127.0.0.1:${webPort}/`,
    stop: () => maildev.stop(),
  };
}
