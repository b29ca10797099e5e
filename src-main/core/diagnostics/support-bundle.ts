import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { scrubSecrets } from '../../contract';
import { ensurePrivateDir, writePrivateFile } from '../files/private-files';
import { REPORTS_DIR } from '../recorder/problem-report';
import { LOG_LIMITS } from './log-file';
import { scrubFields, scrubText } from './log-scrub';

export const BUNDLE_FORMAT = 'anlauf-support-bundle/1';
/** The last calls with their flight recorders: 10 unless asked, never more than 50. */
export const DEFAULT_BUNDLE_CALLS = 10;
export const MAX_BUNDLE_CALLS = 50;
/**
 * The bound on what goes in, before compression: the log files (at most LOG_LIMITS, 25 MiB), each
 * call's recorder (at most 256 KiB, so 12.5 MiB for 50 calls), the line's (64 KiB) and the rest (a
 * few KiB). Anything past this total is left out and named in manifest.json; JSON and logs
 * compress about tenfold, so the zip stays within a few MiB.
 */
export const MAX_BUNDLE_INPUT_BYTES = 40 * 1024 * 1024;

/** One part of the bundle: a JSON value, a text (the README), or a file copied (a log), changed by `transform` where given. */
export type BundlePart =
  { name: string; json: unknown } | { name: string; text: string } | { name: string; file: string; transform?: (text: string) => string };

export interface BundleInput {
  now: number;
  parts: BundlePart[];
  /** The configured secret values: blanked in every part, whatever it is. */
  secrets: readonly string[];
  /** Whether the agent opted in to the customer's data; what was left out for it is named. */
  customerData?: { included: boolean; leftOut: { name: string; why: string }[] };
}

export interface BuiltBundle {
  filename: string;
  bytes: Uint8Array;
  /** What is in it, and what was left out and why (also in its manifest.json). */
  manifest: {
    format: string;
    createdAt: string;
    customerData: 'included' | 'left out';
    /** What the customer-data choice kept out (empty when the agent opted in). */
    customerDataLeftOut: { name: string; why: string }[];
    files: { name: string; bytes: number }[];
    leftOut: { name: string; why: string }[];
  };
}

/**
 * One zip for support, as support desks expect it: each part scrubbed (the configured secrets,
 * secret-named fields, Authorization and Digest material) and bounded, with a manifest. Built in
 * memory: its size is bounded, and a half-written zip must never be left for someone to send.
 */
export function buildSupportBundle(input: BundleInput): BuiltBundle {
  const files: Zippable = {};
  const manifest: BuiltBundle['manifest'] = {
    format: BUNDLE_FORMAT,
    createdAt: new Date(input.now).toISOString(),
    customerData: input.customerData?.included ? 'included' : 'left out',
    customerDataLeftOut: input.customerData?.leftOut ?? [],
    files: [],
    leftOut: [],
  };
  let total = 0;
  const mtime = new Date(input.now);
  for (const part of input.parts) {
    let text: string;
    try {
      text =
        'json' in part
          ? JSON.stringify(scrubFields(part.json, input.secrets), null, 1) + '\n'
          : 'text' in part
            ? scrubLog(part.text, input.secrets)
            : scrubLog((part.transform ?? ((t: string) => t))(fs.readFileSync(part.file, 'utf8')), input.secrets);
    } catch (error) {
      manifest.leftOut.push({ name: part.name, why: `could not be read: ${String(error)}` });
      continue;
    }
    const bytes = strToU8(text);
    if (total + bytes.length > MAX_BUNDLE_INPUT_BYTES) {
      manifest.leftOut.push({ name: part.name, why: `over the bundle's bound of ${MAX_BUNDLE_INPUT_BYTES} bytes` });
      continue;
    }
    total += bytes.length;
    files[part.name] = [bytes, { mtime }];
    manifest.files.push({ name: part.name, bytes: bytes.length });
  }
  files['manifest.json'] = [strToU8(JSON.stringify(manifest, null, 1) + '\n'), { mtime }];
  const stamp = mtime.toISOString().replace(/[:.]/g, '-');
  return { filename: `anlauf-support-${stamp}.zip`, bytes: zipSync(files, { level: 6 }), manifest };
}

/** A log file line by line: lines are JSON already scrubbed when written, but an old file or a secret changed since may hold one. */
function scrubLog(text: string, secrets: readonly string[]): string {
  return scrubSecrets(scrubText(text), secrets);
}

/** Versions and platform: the first thing support asks. */
export function aboutApp(app: { version: string; host: string }) {
  return {
    app,
    versions: {
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
      v8: process.versions.v8,
      modules: process.versions.modules,
    },
    os: {
      platform: process.platform,
      arch: process.arch,
      release: os.release(),
      version: typeof os.version === 'function' ? os.version() : null,
      memoryBytes: os.totalmem(),
      cpus: os.cpus().length,
    },
    logLimits: LOG_LIMITS,
  };
}

/** Written to the data folder's reports/, owner-only (it names the desk's server and calls). */
export function saveSupportBundle(dataDir: string, bundle: BuiltBundle, out?: string): string {
  const file = out ?? path.join(dataDir, REPORTS_DIR, bundle.filename);
  if (!out) ensurePrivateDir(path.dirname(file));
  writePrivateFile(file, bundle.bytes);
  return file;
}

export function clampCalls(calls: number | undefined): number {
  if (calls === undefined || !Number.isFinite(calls)) return DEFAULT_BUNDLE_CALLS;
  return Math.max(0, Math.min(MAX_BUNDLE_CALLS, Math.floor(calls)));
}
