import type { Database } from 'better-sqlite3';
import { networkProbeSchema, shiftCheckItemSchema, type ShiftCheckRecord } from '../../contract';

/** Runs kept; older ones are deleted as new ones come (one a day is years of them). */
export const SHIFT_CHECKS_KEPT = 200;

interface Row {
  id: string;
  started_at: number;
  finished_at: number;
  passed: number;
  items_json: string;
  network_json: string;
}

/** Parses what was stored; a part that no longer parses is shown empty rather than failing a bundle. */
function parseList<T>(json: string, parse: (value: unknown) => T | null): T[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? value.map(parse).filter((item): item is T => item !== null) : [];
  } catch {
    return [];
  }
}

function fromRow(row: Row): ShiftCheckRecord {
  return {
    id: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    passed: row.passed === 1,
    items: parseList(row.items_json, (v) => shiftCheckItemSchema.safeParse(v).data ?? null),
    network: parseList(row.network_json, (v) => networkProbeSchema.safeParse(v).data ?? null),
  };
}

/** The pre-shift check's finished runs. */
export class ShiftCheckRepository {
  constructor(private readonly db: Database) {}

  record(run: ShiftCheckRecord): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO shift_checks (id, started_at, finished_at, passed, items_json, network_json) VALUES (?, ?, ?, ?, ?, ?)')
        .run(run.id, run.startedAt, run.finishedAt, run.passed ? 1 : 0, JSON.stringify(run.items), JSON.stringify(run.network));
      this.db
        .prepare('DELETE FROM shift_checks WHERE id NOT IN (SELECT id FROM shift_checks ORDER BY finished_at DESC, id DESC LIMIT ?)')
        .run(SHIFT_CHECKS_KEPT);
    })();
  }

  /** The last `n` finished runs, newest first (for the support bundle and "is it due today"). */
  lastShiftChecks(n: number): ShiftCheckRecord[] {
    const rows = this.db.prepare('SELECT * FROM shift_checks ORDER BY finished_at DESC, id DESC LIMIT ?').all(Math.max(0, Math.floor(n))) as Row[];
    return rows.map(fromRow);
  }
}

/** The last `n` pre-shift checks of a workstation's database, newest first. */
export function lastShiftChecks(db: Database, n: number): ShiftCheckRecord[] {
  return new ShiftCheckRepository(db).lastShiftChecks(n);
}
