/**
 * Where Vugge's local Temporal servers live, and how to get them: the Temporal CLI dev server
 * (built from the official Go module) and the time-skipping test server (the official Maven
 * Central artifact run on the JVM). Both go to the git-ignored `.tools/` folder, once.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const toolsDir = join(projectRoot, '.tools');
export const dataDir = join(projectRoot, '.data');

/** The Temporal CLI version built when none is on PATH (v1.6+ cannot be `go install`ed). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
/** Server versions the CLI may embed for Vugge to use one found on PATH. */
const COMPATIBLE_SERVER = /Server 1\.(2[6-9]|[3-9]\d)\./;

const testServerDir = join(toolsDir, 'test-server');
export const testServerWrapper = join(testServerDir, 'temporal-test-server');
const localTemporal = join(toolsDir, 'bin', 'temporal');

function has(command: string, args = ['--version']): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function version(command: string): string | undefined {
  try {
    return execFileSync(command, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** Runs a command with its output shown, so a minutes-long build shows progress. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

/** The `temporal` CLI to use: one on PATH at a compatible version, else the one in `.tools/bin`. */
export function temporalCliPath(): string | undefined {
  const onPath = version('temporal');
  if (onPath && COMPATIBLE_SERVER.test(onPath)) return 'temporal';
  return existsSync(localTemporal) ? localTemporal : undefined;
}

export async function ensureTemporalCli(log: (line: string) => void): Promise<string> {
  const found = temporalCliPath();
  if (found) return found;
  if (!has('go', ['version'])) {
    throw new Error('Go mangler: installér Go (1.22 eller nyere) og kør igen — Vugge bygger Temporal-udviklingsserveren med `go install`. / Go is missing: install Go 1.22+ and run again.');
  }
  log(`Bygger Temporal CLI (${TEMPORAL_CLI_MODULE}) i .tools/bin — første gang tager det et par minutter …`);
  const started = Date.now();
  mkdirSync(join(toolsDir, 'bin'), { recursive: true });
  await run('go', ['install', '-v', TEMPORAL_CLI_MODULE], { CGO_ENABLED: '0', GOBIN: join(toolsDir, 'bin'), GOFLAGS: '-mod=mod' });
  log(`Temporal CLI bygget på ${Math.round((Date.now() - started) / 1000)} s.`);
  return localTemporal;
}

function testServerJarsPresent(): boolean {
  const lib = join(testServerDir, 'lib');
  return existsSync(lib) && readdirSync(lib).some((f) => f.startsWith('temporal-test-server-'));
}

/**
 * JVM flags chosen for start-up speed: the SDK gives the test server 5 s to come up, and a test
 * server needs neither the optimising compiler nor a parallel collector.
 */
const JVM_FLAGS = '-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Xss512k -Xmx512m';

export async function ensureTestServer(log: (line: string) => void): Promise<string> {
  if (!testServerJarsPresent()) {
    if (!has('java', ['-version'])) {
      throw new Error('Java mangler: installér Java 17 eller nyere og kør igen — Temporals tidsspringende testserver kører på JVM. / Java is missing: install Java 17+ and run again.');
    }
    if (!has('mvn', ['-v'])) {
      throw new Error('Maven mangler: installér Maven og kør igen — den henter Temporals testserver fra Maven Central. / Maven is missing: install Maven and run again.');
    }
    log('Henter Temporals testserver (io.temporal:temporal-test-server) med Maven til .tools/test-server …');
    const started = Date.now();
    await run('mvn', ['-q', '-B', '-f', join(projectRoot, 'scripts', 'test-server', 'pom.xml'), 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${join(testServerDir, 'lib')}`]);
    log(`Testserver hentet på ${Math.round((Date.now() - started) / 1000)} s.`);
  }
  if (!existsSync(testServerWrapper)) {
    mkdirSync(testServerDir, { recursive: true });
    // exec, so that the SDK's kill of this process reaches the JVM itself.
    writeFileSync(
      testServerWrapper,
      `#!/bin/sh\nexec java ${JVM_FLAGS} -cp "${join(testServerDir, 'lib')}/*" io.temporal.testserver.TestServer "$@"\n`,
    );
    chmodSync(testServerWrapper, 0o755);
  }
  return testServerWrapper;
}

/** Debian's Chromium, which the browser tests drive with playwright-core (no browser download). */
export const chromiumPath = process.env.VUGGE_CHROMIUM ?? '/usr/bin/chromium';

/** Installs Debian's `chromium` when it is missing and we may (root with apt-get); otherwise says what to run. */
export async function ensureChromium(log: (line: string) => void): Promise<string | undefined> {
  if (existsSync(chromiumPath)) return chromiumPath;
  if (process.getuid?.() === 0 && has('apt-get', ['--version'])) {
    log('Installerer Chromium (Debian-pakken chromium) til browsertestene …');
    await run('apt-get', ['update', '-qq']);
    await run('apt-get', ['install', '-y', '-qq', 'chromium'], { DEBIAN_FRONTEND: 'noninteractive' });
    if (existsSync(chromiumPath)) return chromiumPath;
  }
  log(`Chromium mangler (${chromiumPath}): kør \`sudo apt-get install -y chromium\`, ellers fejler browsertestene. / Chromium is missing: run \`sudo apt-get install -y chromium\`, or the browser tests fail.`);
  return undefined;
}

/** The full Temporal server for `npm run cluster` (the production topology), and its schema tool. */
export const TEMPORAL_SERVER_VERSION = '1.32.2';
const temporalServerDir = join(toolsDir, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
/** `go install` names the binaries after their folders: cmd/server → server, cmd/tools/sql → sql. */
export const temporalServerPath = join(temporalServerDir, 'server');
export const temporalSqlToolPath = join(temporalServerDir, 'sql');

/**
 * Builds the full Temporal server and `temporal-sql-tool` from their Go module into
 * `.tools/temporal-server-<version>/` the first time (about 10 CPU-minutes), and reuses them after.
 * The build runs at low priority, one package at a time, so the machine stays usable meanwhile.
 */
export async function ensureTemporalServer(log: (line: string) => void): Promise<{ server: string; sqlTool: string }> {
  const missing = [
    ['server', temporalServerPath],
    ['tools/sql', temporalSqlToolPath],
  ].filter(([, path]) => !existsSync(path!));
  if (missing.length) {
    if (!has('go', ['version'])) {
      throw new Error(`Go mangler: installér Go (1.22 eller nyere) og kør igen — Vugge bygger Temporal-serveren ${TEMPORAL_SERVER_VERSION} med \`go install\`. / Go is missing: install Go 1.22+ and run again.`);
    }
    mkdirSync(temporalServerDir, { recursive: true });
    for (const [cmd] of missing) {
      const module = `go.temporal.io/server/cmd/${cmd}@v${TEMPORAL_SERVER_VERSION}`;
      log(`Bygger ${module} i .tools/temporal-server-${TEMPORAL_SERVER_VERSION} — første gang tager det 10–30 minutter …`);
      const started = Date.now();
      await run('nice', ['-n', '19', 'go', 'install', module], { GOTOOLCHAIN: 'auto', CGO_ENABLED: '0', GOBIN: temporalServerDir, GOFLAGS: '-p=1' });
      log(`${module} bygget på ${Math.round((Date.now() - started) / 1000)} s.`);
    }
  }
  return { server: temporalServerPath, sqlTool: temporalSqlToolPath };
}
