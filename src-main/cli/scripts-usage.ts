import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how an `anlauf scripts …` command was called: printed with the usage, exit code 2. */
export class ScriptsUsageError extends Error {}

export function parseScriptArgs(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new ScriptsUsageError((error as Error).message);
  }
}
