import { DATA_ROLES } from '../data/dataset.js';
import type { RunListRow, RunRow, RunSettings, SweepResultRow, SweepRow } from './store.js';

/*
 * Rows as both backends read them, and their JSON columns decoded: what every Store method
 * returns, so commands never parse a column themselves.
 */

export type RawRun = Omit<RunRow, 'overrides' | 'swept'> & { overrides_json: string; swept_json: string | null };

export function decodeRun<T extends RawRun>(raw: T): Omit<T, 'overrides_json' | 'swept_json'> & RunRow {
  const { overrides_json, swept_json, ...rest } = raw;
  return {
    ...rest,
    overrides: JSON.parse(overrides_json) as string[],
    swept: swept_json === null ? null : (JSON.parse(swept_json) as Record<string, unknown>),
  };
}

export type RawSweep = Omit<SweepRow, 'overrides' | 'swept_keys' | 'data_sha256'> & {
  overrides_json: string;
  swept_keys_json: string;
  data_sha256_json: string | null;
};

export function decodeSweep(raw: RawSweep): SweepRow {
  const { overrides_json, swept_keys_json, data_sha256_json, ...rest } = raw;
  return {
    ...rest,
    overrides: JSON.parse(overrides_json) as string[],
    swept_keys: JSON.parse(swept_keys_json) as string[],
    data_sha256: data_sha256_json === null ? null : (JSON.parse(data_sha256_json) as SweepRow['data_sha256']),
  };
}

export type RawSweepResult = Omit<SweepResultRow, 'swept'> & { swept_json: string };

export function decodeSweepResult({ swept_json, ...r }: RawSweepResult): SweepResultRow {
  return { ...r, swept: JSON.parse(swept_json) as Record<string, unknown> };
}

/** A typed array's bytes, without a copy: what a BLOB or bytea column takes. */
export const bytesOf = (a: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** The settings columns of a runs row. */
export function settingsColumns(s: RunSettings): Record<string, string | number> {
  return {
    config_yaml: s.configYaml,
    overrides_json: JSON.stringify(s.overrides),
    config_json: s.configJson,
    config_hash: s.configHash,
    seed: s.seed,
    experiment_path: s.experimentPath,
    data_source: s.dataSource,
    ...Object.fromEntries(DATA_ROLES.map((role) => [`${role}_sha256`, s.dataSha256[role]])),
    architecture: s.architecture,
    activations: s.activations,
    optimizer: s.optimizer,
    optimizer_json: s.optimizerJson,
  };
}

/** The dashboard's list of runs: the run_summary view, with what tells runs apart (both backends). */
export const RUN_LIST = `SELECT s.*, r.sweep_id, r.trial, r.swept_json, r.overrides_json, r.config_json, r.config_hash, r.heartbeat_at,
    (SELECT max(evaluated_at) FROM evaluations v WHERE v.run_id = s.id) AS last_evaluated_at
  FROM run_summary s JOIN runs r ON r.id = s.id`;

export type RawRunListRow = Omit<RunListRow, 'overrides' | 'swept'> & { overrides_json: string; swept_json: string | null };

export function decodeRunListRow({ overrides_json, swept_json, ...rest }: RawRunListRow): RunListRow {
  return {
    ...rest,
    overrides: JSON.parse(overrides_json) as string[],
    swept: swept_json === null ? null : (JSON.parse(swept_json) as Record<string, unknown>),
  };
}
