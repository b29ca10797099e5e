/**
 * Whether the Electron host was started to open the window or to run an `anlauf` command. Pure, so
 * it is tested in plain Node. An installed desk has no Node of its own and the runAsNode fuse is
 * off, so the commands run in the app's own binary: `Anlauf --cli calllog export …` (the shims
 * anlauf.cmd and /usr/local/bin/anlauf pass `--cli`), or, where the binary itself is on the PATH
 * (the deb links /usr/bin/anlauf to it), `anlauf calllog export …`. Nothing may import 'electron'.
 */

/**
 * The commands' first words (src-main/cli/main.ts), `start` aside: that one is the window. A
 * launcher, desktop file or dial link never starts the app with one of these as its first
 * argument (they pass nothing, a `tel:`/`sip:` link, or macOS's `-psn_…`).
 */
export const CLI_COMMANDS: readonly string[] = [
  'calllog',
  'sync',
  'customers',
  'headset',
  'scripts',
  'support-bundle',
  'settings',
  'policy',
  'support',
  'version',
  '--version',
  'help',
  '--help',
];

export const CLI_SWITCH = '--cli';

export type LaunchRoute = { kind: 'window' } | { kind: 'cli'; args: string[] };

/**
 * `argv` is Electron's process.argv: the binary, then (in a development run, `defaultApp`) the
 * main script, then what the user gave. `--cli` counts only as the first of those, so it cannot be
 * slipped in behind a dial link. `--cli start` (without `--web`) opens the window as a plain start
 * would: the shims always pass `--cli`, and `anlauf start` should still mean the app.
 */
export function launchRoute(argv: readonly string[], defaultApp: boolean): LaunchRoute {
  const given = argv.slice(defaultApp ? 2 : 1);
  const [first, ...rest] = given;
  if (first === CLI_SWITCH) {
    if (rest[0] === 'start' && !rest.includes('--web')) return { kind: 'window' };
    return { kind: 'cli', args: rest };
  }
  if (first !== undefined && CLI_COMMANDS.includes(first)) return { kind: 'cli', args: given };
  return { kind: 'window' };
}
