/**
 * A child process for the PulseAudio voice test: starts a voice, prints "dir <its folder>" and
 * "pids <server> <player> <subscriber>" and waits. The parent kills it with SIGKILL (no exit handler runs) and checks
 * that the voice's processes die with it.
 */
import { startPulseVoice } from './pulse';

void (async () => {
  const voice = await startPulseVoice({ hz: 500 });
  process.stdout.write(`dir ${voice.dir}\npids ${voice.pids.join(' ')}\n`);
  setInterval(() => {}, 60_000);
})();
