/**
 * Child process for the exactly-once test: sends one reminder through the real activities and is
 * killed with SIGKILL at a chosen point, as a worker dying mid-send would be.
 *   argv: <smtpPort> <dataDir> <before-record|between-dot-and-commit|before-confirm|after-mark>
 * before-record:  killed while the SMTP server holds the whole message, before it is recorded sent
 *                 (so before its final dot).
 * between-dot-and-commit: killed once the final dot is written, before the record's COMMIT.
 * before-confirm: killed after the SMTP server accepted, before its acceptance is recorded.
 * after-mark:     killed after the activity returned (the mail is marked sent), before anyone hears of it.
 * It uses the worker's own database under the data dir (PGlite), as a worker process does.
 */
import { loadMailConfig } from '../activities/mail/config.js';
import { openNotificationDeps } from '../worker/notification-deps.js';
import { createNotificationActivities } from '../activities/notifications.js';
import { notification } from './mail-support.js';

const [port, dataDir, mode] = process.argv.slice(2);
const config = loadMailConfig({ VUGGE_SMTP_PORT: port, VUGGE_DATA_DIR: dataDir, VUGGE_SMTP_POOL: 'false', VUGGE_STAFF_FILE: new URL('../config/staff.example.yaml', import.meta.url).pathname });
const kill = (): void => void process.kill(process.pid, 'SIGKILL');
const hooks = { 'before-record': { testOnlyBeforeRecord: kill }, 'between-dot-and-commit': { testOnlyBetweenDotAndCommit: kill }, 'before-confirm': { testOnlyAfterSmtpAccept: kill } } as Record<string, object>;
const deps = await openNotificationDeps(config, hooks[mode!] ?? {});
await createNotificationActivities(deps).sendNotification(notification());
kill();
