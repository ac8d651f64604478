import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** A process started by a browser test, with its output kept for error messages. */
export interface TestProcess {
  name: string;
  child: ChildProcess;
  output: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited: () => boolean;
}

const MAX_KEPT = 64 * 1024;
const keepTail = (text: string) => (text.length > MAX_KEPT ? text.slice(-MAX_KEPT) : text);

/** Starts `bin args`, copying its stdout and stderr to `logFile`. */
export function startProcess(
  name: string,
  bin: string,
  args: string[],
  options: { cwd: string; logFile: string },
): TestProcess {
  const log: WriteStream = createWriteStream(options.logFile, { flags: 'w' });
  log.write(`$ ${bin} ${args.join(' ')}\n`);
  const child = spawn(bin, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  let all = '';
  let err = '';
  let done = false;
  child.stdout?.on('data', (chunk: Buffer) => {
    all = keepTail(all + chunk.toString());
    log.write(chunk);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    all = keepTail(all + text);
    err = keepTail(err + text);
    log.write(chunk);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', (error) => {
      err = keepTail(`${err}\n${name} could not be started: ${error.message}`);
      done = true;
      log.end(`\n[${name} could not be started: ${error.message}]\n`);
      resolve({ code: null, signal: null });
    });
    child.on('exit', (code, signal) => {
      done = true;
      log.end(`\n[${name} exited: code=${code} signal=${signal}]\n`);
      resolve({ code, signal });
    });
  });
  return { name, child, output: () => all, stderr: () => err, exited, hasExited: () => done };
}

/** Stops a process by its PID: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export async function stopProcess(proc: TestProcess | undefined, graceMs = 5000): Promise<void> {
  if (!proc || proc.hasExited() || proc.child.pid === undefined) return;
  const pid = proc.child.pid;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const timedOut = await Promise.race([
    proc.exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), graceMs)),
  ]);
  if (timedOut && !proc.hasExited()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await Promise.race([proc.exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
  }
}

export interface ManagerEndpoints {
  /** URL of the web console, e.g. https://127.0.0.1:PORT/ */
  console: string;
  agentPort: number;
}

function isEndpoints(value: unknown): value is ManagerEndpoints {
  const v = value as ManagerEndpoints;
  return typeof v === 'object' && v !== null && typeof v.console === 'string' && typeof v.agentPort === 'number';
}

/**
 * Waits until the Manager has written its endpoints file (every 100 ms, up to
 * `timeoutMs`). Fails at once, with the Manager's stderr, if it exits first.
 */
export async function waitForEndpoints(
  file: string,
  manager: TestProcess,
  timeoutMs = 30_000,
): Promise<ManagerEndpoints> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'the file does not exist yet';
  for (;;) {
    if (manager.hasExited()) {
      const { code, signal } = await manager.exited;
      throw new Error(
        `The Manager exited before writing ${file} (code=${code}, signal=${signal}). Its stderr:\n${manager.stderr() || '(empty)'}`,
      );
    }
    if (existsSync(file)) {
      try {
        const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
        if (isEndpoints(parsed)) return parsed;
        lastProblem = `unexpected content: ${JSON.stringify(parsed)}`;
      } catch (error) {
        lastProblem = `not valid JSON yet (${(error as Error).message})`;
      }
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The Manager did not write ${file} within ${timeoutMs / 1000} s (${lastProblem}). Its output:\n${manager.output() || '(empty)'}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
