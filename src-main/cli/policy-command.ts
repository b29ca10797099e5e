import path from 'node:path';
import { parseArgs } from 'node:util';
import { SCRUBBED, scrubSecrets, secretPaths, secretValues, settingsSchema } from '../contract';
import { systemClock } from '../core/clock';
import { resolveDataDir } from '../core/platform/paths';
import { checkPolicyFile } from '../core/settings/policy/policy-check';
import { policySourceFor, type PolicySource } from '../core/settings/policy/policy-sources';
import { SettingsService } from '../core/settings/settings-service';

export const POLICY_USAGE = `  policy show [--json] [--config FILE] [--data-dir D]
                      the effective settings, each with its source: policy (with its file or
                      registry key), file (IT's settings file), agent (the agent's own choice) or
                      default; secrets masked; what is wrong with the machine policy first
  policy validate FILE
                      check a policy file before it is rolled out: JSON (/etc/anlauf/policy.json),
                      an XML or binary plist, a .reg export or saved reg query output; every
                      problem on its own line with its place and key; exit code 1 on any problem
                      (no data folder needed; ownership is checked where the file is read)
`;

/** A mistake in how `anlauf policy …` was called: printed with the usage, exit code 2. */
export class PolicyUsageError extends Error {}

/** The machine's policy as a desk here reads it: the OS's place, or ANLAUF_POLICY_FILE (tests, support). */
export function machinePolicy(): PolicySource {
  return policySourceFor(process.env, process.platform, systemClock);
}

type Out = (text: string) => void;

export function policyCommand(args: string[], out: Out = (t) => process.stdout.write(t)): number {
  const [sub, ...rest] = args;
  if (sub === 'show') return show(rest, out);
  if (sub === 'validate') return validate(rest, out);
  throw new PolicyUsageError(`unknown policy command ${sub ? `"${sub}"` : '(none)'}; try "policy show" or "policy validate FILE"`);
}

function options(args: string[]) {
  try {
    return parseArgs({
      args,
      options: { json: { type: 'boolean' }, config: { type: 'string' }, 'data-dir': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new PolicyUsageError((error as Error).message.split('.')[0] ?? 'wrong option');
  }
}

/**
 * The settings a desk here would run on, each with where it came from: one function
 * (SettingsService.origins) answers this for the support bundle too, so both tell the same.
 */
function show(args: string[], out: Out): number {
  const { values, positionals } = options(args);
  if (positionals.length) throw new PolicyUsageError('policy show takes no arguments besides its options');
  const configValue = values.config ?? process.env.ANLAUF_CONFIG;
  const service = new SettingsService({
    configFile: configValue ? path.resolve(configValue) : undefined,
    dataDir: resolveDataDir(values['data-dir']),
    policy: machinePolicy(),
    // It only reads: the last good copy is the app's to write (its secrets are in the app's vault).
    keepLastGood: false,
  });
  const settings = service.get();
  const origins = service.origins();
  const masks = secretPaths(settingsSchema);
  const rows = origins.settings.map((o) => ({ ...o, value: masked(o.path, valueAt(settings, o.path), masks) }));
  // A secret never leaves here in clear, wherever it turns up (a URL with a token in it, say).
  const secrets = secretValues(settingsSchema, settings);
  if (values.json) {
    out(
      JSON.stringify(
        scrubSecrets({ policy: origins.policy, settingsFile: origins.settingsFile, agentOverridden: origins.agentOverridden, settings: rows }, secrets),
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  const policy = origins.policy;
  const locked = Object.keys(policy.locked).length;
  const lines = [
    `Machine policy: ${policy.where ?? 'none'}${locked ? ` (${locked} setting${locked === 1 ? '' : 's'} locked)` : ' (nothing set)'}`,
    ...policy.refused.map(
      (r) => `  not used: ${r}${policy.lastGoodSavedAt ? ` (running on its last good version of ${new Date(policy.lastGoodSavedAt).toISOString()})` : ''}`,
    ),
    ...policy.problems.map((p) => `  left out: ${p}`),
    `Settings file: ${origins.settingsFile ?? 'none'}`,
    ...origins.agentOverridden.map((p) => `  the agent's own ${p} is kept but has no effect: policy sets it`),
    '',
    ...rows.map((r) => `${r.path} = ${JSON.stringify(r.value)}  [${r.source}${r.source === 'policy' && r.from ? `: ${r.from}` : ''}]`),
  ];
  out(scrubSecrets(lines.join('\n'), secrets) + '\n');
  return 0;
}

function valueAt(settings: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((at, key) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined), settings);
}

/** The schema's secrets (`sip.password`, `sip.iceServers[].credential`, …) as `•••` when set. */
function masked(dotted: string, value: unknown, masks: string[]): unknown {
  const mark = (v: unknown) => (v === null || v === undefined || v === '' ? v : SCRUBBED);
  if (masks.includes(dotted)) return mark(value);
  const inList = masks.filter((m) => m.startsWith(`${dotted}[].`)).map((m) => m.slice(dotted.length + 3));
  if (!inList.length || !Array.isArray(value)) return value;
  return value.map((item: unknown) =>
    typeof item === 'object' && item !== null ? Object.fromEntries(Object.entries(item).map(([k, v]) => [k, inList.includes(k) ? mark(v) : v])) : item,
  );
}

function validate(args: string[], out: Out): number {
  const { positionals, values } = options(args);
  if (positionals.length !== 1 || values.json || values.config || values['data-dir']) throw new PolicyUsageError('policy validate needs exactly one FILE');
  const file = positionals[0] as string;
  let check;
  try {
    check = checkPolicyFile(path.resolve(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code) throw error;
    out(`${file}: cannot be read (${code})\n`);
    return 1;
  }
  const full = path.resolve(file);
  const lines = check.problems.map((p) => {
    const where = p.source === full ? '' : `${p.source}: `;
    return `${file}${p.line ? `:${p.line}` : ''}: ${where}${p.key ? `${p.key}: ` : ''}${p.problem}`;
  });
  const set = Object.keys(check.layer?.sources ?? {});
  if (check.refused) lines.push(`${file}: not usable (${check.format}): nothing in it would apply`);
  else if (check.problems.length)
    lines.push(
      `${file}: ${check.problems.length} problem${check.problems.length === 1 ? '' : 's'} (${check.format}): those keys are left out; ${set.length} setting(s) would apply`,
    );
  else lines.push(`${file}: OK (${check.format}): ${set.length} setting${set.length === 1 ? '' : 's'} locked: ${set.join(', ') || 'none'}`);
  out(lines.join('\n') + '\n');
  return check.problems.length ? 1 : 0;
}
