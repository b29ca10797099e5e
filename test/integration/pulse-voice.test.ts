import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameTone, phaseFromZero } from '../../bench/first-frame';
import { PlainPhone } from '../support/baresip';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { startPulseVoice, type PulseVoice } from '../support/pulse';
import { projectRoot } from '../support/temp';
import { isHeard, type ToneMeasure } from '../support/tone';

// The relay benchmark's real-time baseline (docs/benchmarks.md, "Relay"): a plain phone that
// speaks from a PulseAudio voice running all the time, as a desk phone's codec, instead of from a
// WAV file that baresip starts anew, at its first sample, in every call. And the voice is a
// daemon: it must not outlive the bench, not even a bench killed outright.

const CALLER_HZ = 700;
const VOICE_HZ = 500;

let kamailio: Kamailio;
let voice: PulseVoice;
let caller: PlainPhone;
let desk: PlainPhone;
let filePhone: PlainPhone;

beforeAll(async () => {
  kamailio = await startKamailio();
  voice = await startPulseVoice({ hz: VOICE_HZ });
  caller = await PlainPhone.start({ kamailio, user: 'customer', toneHz: CALLER_HZ });
  desk = await PlainPhone.start({ kamailio, user: 'desk', toneHz: VOICE_HZ, liveVoice: voice });
  filePhone = await PlainPhone.start({ kamailio, user: 'colleague', toneHz: VOICE_HZ });
}, 60_000);

afterAll(async () => {
  await caller?.stop();
  await desk?.stop();
  await filePhone?.stop();
  await voice?.stop();
  await kamailio?.stop();
});

/** The caller calls `callee`, which accepts; once the caller hears the voice: the first 20 ms frame it got, and the last 200 ms it heard. */
async function call(callee: PlainPhone): Promise<{ first: Int16Array; heard: ToneMeasure }> {
  const incoming = callee.events.length;
  const since = caller.events.length;
  await caller.dial(callee.uri);
  await callee.waitFor('CALL_INCOMING', { since: incoming });
  const mark = caller.mark();
  await callee.accept();
  await caller.waitToHear(VOICE_HZ, { since: mark, windowMs: 200 });
  const first = caller.heard(mark).slice(0, 160);
  const heard = caller.measure(VOICE_HZ, { since: mark, windowMs: 200 });
  await caller.waitFor('CALL_ESTABLISHED', { since });
  const closed = caller.events.length;
  const closedThere = callee.events.length;
  await caller.hangup();
  await caller.waitFor('CALL_CLOSED', { since: closed });
  await callee.waitFor('CALL_CLOSED', { since: closedThere });
  return { first, heard };
}

async function firstFrameOfCall(callee: PlainPhone): Promise<Int16Array> {
  return (await call(callee)).first;
}

/** Running: a process that has exited but not been reaped yet (a zombie, state Z) is not. */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

describe('a plain phone speaking from a PulseAudio voice', () => {
  it('is heard by the caller', async () => {
    const { heard } = await call(desk);
    expect(isHeard(heard)).toBe(true);
    // At the WAV files' amplitude (8000 / √2): like for like with the file phone.
    expect(heard.rms).toBeGreaterThan(5000);
  });

  it('picks its voice up wherever the tone is, where a file phone starts it anew in every call', async () => {
    // The WAV file: every call's first frame is the file's first 20 ms (sin(0) onwards), however
    // late the call starts: audio the phone could not have heard in real time.
    for (let i = 0; i < 3; i++) expect(phaseFromZero(frameTone(await firstFrameOfCall(filePhone), VOICE_HZ).phaseDeg)).toBeLessThan(10);
    // The live voice: the tone keeps running between calls, so a call starts it at some other
    // phase (the sink's small render steps give 4 phases at 500 Hz; 8 calls at 0 each would be
    // a chance of 1 in 65 536).
    const phases: number[] = [];
    for (let i = 0; i < 8 && phases.every((phase) => phaseFromZero(phase) < 10); i++) phases.push(frameTone(await firstFrameOfCall(desk), VOICE_HZ).phaseDeg);
    expect(
      phases.some((phase) => phaseFromZero(phase) >= 10),
      `phases of the first frames: ${phases.map(Math.round).join(', ')}`,
    ).toBe(true);
  }, 60_000);

  it('leaves no PulseAudio behind when stopped', async () => {
    const own = await startPulseVoice({ hz: VOICE_HZ });
    expect(own.pids.every(alive)).toBe(true);
    await own.stop();
    expect(await until(() => !own.pids.some(alive), 5000), `still running: ${own.pids.filter(alive).join(' ')}`).toBe(true);
  });

  it('leaves no PulseAudio behind when the process that started it is killed outright', async () => {
    const holder = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'test', 'support', 'pulse-holder.ts')], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    holder.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const pids = await new Promise<number[]>((resolve, reject) => {
      holder.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /^pids ([\d ]+)\n/m.exec(out);
        if (match) resolve(match[1]!.trim().split(' ').map(Number));
      });
      holder.once('exit', (code) => reject(new Error(`the holder exited (${code}) before starting the voice: ${err}`)));
    });
    expect(pids).toHaveLength(3);
    expect(pids.every(alive)).toBe(true);
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    expect(await until(() => !pids.some(alive), 10_000), `still running: ${pids.filter(alive).join(' ')}`).toBe(true);
    // Its folder stays (nobody ran stop()); nothing in it runs, and the next start makes its own.
    fs.rmSync(/^dir (.+)$/m.exec(out)![1]!, { recursive: true, force: true });
  }, 30_000);
});
