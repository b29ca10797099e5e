/**
 * Runs an `anlauf` command inside the Electron binary (cli-switch.ts decides when), then ends the
 * process: no window, no single-instance lock (the commands read the database while the app runs,
 * as the CLI always has), no protocol registration. The command is the CLI's own bundle, loaded
 * beside this one, so both spellings run the same code.
 */
import path from 'node:path';
import { app } from 'electron';
import { builtInAppRoot } from '../app-info';
import { errorForLog } from '../core/log';

export function runCliAndExit(args: string[]): void {
  // Packaged, the commands use the app's own files only, as the window does (policy.ts appRootFor).
  if (app.isPackaged) delete process.env.ANLAUF_APP_ROOT;
  // A command is no app in the Dock (it would bounce there until the command ends).
  app.dock?.hide();
  const cliBundle = path.join(builtInAppRoot(), 'dist', 'main', 'cli.cjs');
  // Async, so a bundle that does not load ends in an exit code too, not in Electron's error dialog.
  const run = async (): Promise<number> => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cli = require(cliBundle) as { main(argv: string[]): Promise<number> };
    return cli.main(args);
  };
  run()
    .catch((error: unknown) => {
      process.stderr.write(`anlauf: ${errorForLog(error)}\n`);
      return 1;
    })
    // app.exit ends at once: let what the command wrote reach the pipe or file first.
    .then((code) => process.stdout.write('', () => process.stderr.write('', () => app.exit(code))))
    .catch(() => app.exit(1));
}
