/**
 * What the Electron host was started with. Pure: argv and env in, folders out, so it is tested in
 * plain Node. Electron's argv also carries Chromium switches and, when packaged, no script path,
 * so flags are looked up by name rather than parsed strictly like the CLI does.
 */
import path from 'node:path';

export interface LaunchOptions {
  dataDir: string;
  configFile: string | undefined;
}

/** `--name=value` or `--name value`; the last one wins, as with most command lines. */
export function readFlag(argv: readonly string[], name: string): string | undefined {
  const flag = `--${name}`;
  let value: string | undefined;
  argv.forEach((arg, index) => {
    if (arg.startsWith(`${flag}=`)) value = arg.slice(flag.length + 1);
    else if (arg === flag && index + 1 < argv.length && !argv[index + 1]!.startsWith('--')) value = argv[index + 1];
  });
  return value === '' ? undefined : value;
}

/**
 * `--data-dir` beats ANLAUF_DATA_DIR beats the default (Electron's userData folder for the
 * product name "Anlauf", the same folder the CLI and the browser host use); `--config` beats
 * ANLAUF_CONFIG. Relative paths are taken from `cwd`.
 */
export function resolveLaunchOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  defaultDataDir: () => string,
  cwd: string = process.cwd(),
): LaunchOptions {
  const dataDir = readFlag(argv, 'data-dir') ?? (env.ANLAUF_DATA_DIR || undefined);
  const configFile = readFlag(argv, 'config') ?? (env.ANLAUF_CONFIG || undefined);
  return {
    dataDir: dataDir ? path.resolve(cwd, dataDir) : defaultDataDir(),
    configFile: configFile ? path.resolve(cwd, configFile) : undefined,
  };
}
