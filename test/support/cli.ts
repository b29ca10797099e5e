import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './paths';

export const anlaufBin = path.join(projectRoot, 'bin', 'anlauf.cjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `anlauf` command to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [anlaufBin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export const READY_LINE = /^Anlauf is ready at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))$/;

export interface RunningHost {
  child: ChildProcess;
  url: string;
  port: number;
  token: string;
  stdoutLines: string[];
  stderr: () => string;
  stop(): Promise<number | null>;
}

/**
 * Starts `anlauf start …` and waits for its ready line. `prefix` runs it through another command
 * (`ip netns exec NAME`: the host inside a network namespace).
 */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 20_000, prefix: readonly string[] = []): Promise<RunningHost> {
  return new Promise((resolve, reject) => {
    const [command, ...rest] = [...prefix, process.execPath];
    // The specs of the plain training line start without the demo set (docs/training.md); demo.spec.ts asks for it with ANLAUF_DEMO=on.
    const child = spawn(command!, [...rest, anlaufBin, 'start', ...args], {
      env: { ...process.env, ANLAUF_DEMO: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdoutLines: string[] = [];
    let buffered = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`anlauf start did not get ready in ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        stdoutLines.push(line);
        const match = READY_LINE.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve({
            child,
            url: match[1]!,
            port: Number(match[2]),
            token: match[3]!,
            stdoutLines,
            stderr: () => stderr,
            stop: async () => {
              if (child.exitCode === null) child.kill('SIGTERM');
              return exited;
            },
          });
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`anlauf start exited with ${code} before it was ready; stderr:\n${stderr}`));
    });
  });
}
