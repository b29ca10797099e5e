// sipp as a SIP peer on the server side (a PBX that answers feature codes), on UDP 127.0.0.1.
// Every message it receives is in its trace; the tests read the INVITEs' request URIs from it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDaemon, type Daemon } from './daemon';
import { freePort } from './kamailio';
import { projectRoot } from './paths';

export const SIPP_BIN = '/usr/bin/sipp';

export interface SippUas {
  /** Where it listens: sip:127.0.0.1:PORT (UDP). */
  readonly uri: string;
  /** The user part of every INVITE's request URI received so far, in order (what was dialled). */
  dialled(): string[];
  stop(): Promise<void>;
}

/** Starts sipp as UAS with a scenario of test/sip/ (default: the PBX that answers feature codes and hangs up). */
export async function startSippUas(scenario = 'pbx-feature-codes.xml'): Promise<SippUas> {
  if (!fs.existsSync(SIPP_BIN)) throw new Error(`sipp is not installed (${SIPP_BIN}). Install it with: apt-get install sip-tester`);
  const port = await freePort('udp');
  const mediaPort = await freePort('udp');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-sipp-'));
  const trace = path.join(dir, 'messages.log');
  const daemon: Daemon = await startDaemon({
    name: 'sipp',
    bin: SIPP_BIN,
    args: [
      '-sf',
      path.join(projectRoot, 'test', 'sip', scenario),
      '-i',
      '127.0.0.1',
      '-p',
      String(port),
      '-mi',
      '127.0.0.1',
      '-mp',
      String(mediaPort),
      '-trace_msg',
      '-message_file',
      trace,
      '-nostdin',
    ],
    dir,
    // The trace is opened once the scenario runs, after the socket is bound.
    ready: async () => fs.existsSync(trace),
    pollMs: 50,
    notReady: `did not start on udp 127.0.0.1:${port}`,
    startTimeoutMs: 5000,
    maxLog: 256 * 1024,
  });
  return {
    uri: `sip:127.0.0.1:${port}`,
    dialled: () => {
      const text = fs.existsSync(trace) ? fs.readFileSync(trace, 'utf8') : '';
      return [...text.matchAll(/^INVITE sip:([^@\s;]+)@/gm)].map((m) => decodeURIComponent(m[1]!));
    },
    stop: () => daemon.stop(),
  };
}
