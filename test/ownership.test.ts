/** Who may train a run: live, dead and silent owners, the grace period, takeovers and their limit, on both stores. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decideClaim, graceSeconds, livenessSettings, ownerState } from '../src/store/ownership.js';
import type { RunRow } from '../src/store/store.js';
import { runCli, smallExperimentYaml, tempDir, writeIdxSet } from './helpers.js';
import { forEachStore } from './stores.js';

const live = { graceFloorSeconds: 60, maxTakeovers: 3 };

/** A running run's row, with only what ownership reads. */
function running(owner: Partial<RunRow>): RunRow {
  return {
    status: 'running',
    pid: 999_999,
    host: 'elsewhere',
    process_start: null,
    heartbeat_age_seconds: 1,
    longest_epoch_seconds: null,
    takeovers: 0,
    ...owner,
  } as RunRow;
}

test('the grace period: 3× the longest epoch, never under the floor', () => {
  assert.equal(graceSeconds(running({}), live), 60);
  assert.equal(graceSeconds(running({ longest_epoch_seconds: 19 }), live), 60);
  assert.equal(graceSeconds(running({ longest_epoch_seconds: 25 }), live), 75);
  assert.equal(graceSeconds(running({ longest_epoch_seconds: 0.2 }), { ...live, graceFloorSeconds: 2 }), 2);
  assert.deepEqual(livenessSettings({}), live);
  assert.deepEqual(livenessSettings({ RUNNER_GRACE_SECONDS: '2.5', RUNNER_MAX_TAKEOVERS: '1' }), { graceFloorSeconds: 2.5, maxTakeovers: 1 });
  assert.throws(() => livenessSettings({ RUNNER_GRACE_SECONDS: 'soon' }), /RUNNER_GRACE_SECONDS must be a number >= 0.1 \(got "soon"\)/);
});

test('owners: another host lives by its heartbeat alone; this host by its pid too; a finished run has none', async () => {
  assert.equal(ownerState(running({ heartbeat_age_seconds: 59 }), live).kind, 'alive');
  assert.equal(ownerState(running({ heartbeat_age_seconds: 61 }), live).kind, 'stale');
  assert.equal(ownerState(running({ heartbeat_age_seconds: 61, longest_epoch_seconds: 30 }), live).kind, 'alive', 'a slow epoch earns a longer grace');
  assert.equal(ownerState(running({ heartbeat_age_seconds: null }), live).kind, 'stale');
  assert.equal(ownerState(running({ status: 'completed' }), live).kind, 'unowned');
  // This host: a dead pid is stale at once, whatever the heartbeat says.
  assert.equal(ownerState(running({ host: hostname(), pid: 999_999 }), live).kind, 'stale');
  const child = spawn('sleep', ['5']);
  try {
    assert.equal(ownerState(running({ host: hostname(), pid: child.pid! }), live).kind, 'alive');
    // ... and a live pid silent past the grace (frozen) is stale too.
    assert.equal(ownerState(running({ host: hostname(), pid: child.pid!, heartbeat_age_seconds: 61 }), live).kind, 'stale');
  } finally {
    child.kill();
  }
  assert.equal(ownerState(running({ host: hostname(), pid: process.pid }), live).kind, 'self');
  assert.deepEqual(decideClaim(running({ heartbeat_age_seconds: 61 }), live), { take: true, takeover: true });
  assert.deepEqual(decideClaim(running({ heartbeat_age_seconds: 61, takeovers: 3 }), live), { take: false, refusal: { kind: 'worn-out', takeovers: 3 } });
  assert.deepEqual(decideClaim(running({}), live), { take: false, refusal: { kind: 'busy', pid: 999_999, host: 'elsewhere', heartbeatAge: 1 } });
});

function smallRun(location: string) {
  const dir = tempDir('runner-own-');
  writeIdxSet(dir);
  const file = join(dir, 'small.yaml');
  writeFileSync(file, smallExperimentYaml());
  const r = runCli([file, '--db', location, '--set', 'epochs=1', '--plain']);
  assert.equal(r.status, 0, r.stderr);
}

/** Makes run 1 look as if a worker on another machine were training it, its last heartbeat `age` ago by the store's clock. */
async function ownedElsewhere(store: { kind: string; query: (sql: string) => Promise<unknown[]> }, age: string, takeovers: number) {
  const beat =
    store.kind === 'sqlite'
      ? `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-${age}')`
      : `to_char((now() - interval '${age}') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  await store.query(
    `UPDATE runs SET status = 'running', epochs = 2, pid = 999999, host = 'elsewhere', heartbeat_at = ${beat}, takeovers = ${takeovers} WHERE id = 1`,
  );
}

forEachStore('a run on another machine: refused while its heartbeat is fresh, taken over once silent, failed past the takeover limit', async (store) => {
  smallRun(store.location);
  await ownedElsewhere(store, '10 seconds', 0);
  const busy = runCli(['resume', '1', '--db', store.location, '--plain']);
  assert.equal(busy.status, 2);
  assert.equal(busy.stderr, 'run 1 is being trained by pid 999999 on elsewhere; stop that process first\n');

  await ownedElsewhere(store, '90 seconds', 2);
  const taken = runCli(['resume', '1', '--db', store.location, '--plain']);
  assert.equal(taken.status, 0, taken.stderr);
  const [after] = await store.query<{ status: string; takeovers: number; claim_generation: number; host: string }>(
    'SELECT status, takeovers, claim_generation, host FROM runs WHERE id = 1',
  );
  assert.deepEqual(after, { status: 'completed', takeovers: 3, claim_generation: 2, host: hostname() });

  await ownedElsewhere(store, '90 seconds', 3);
  const worn = runCli(['resume', '1', '--db', store.location, '--plain', '--epochs', '3']);
  assert.equal(worn.status, 1, worn.stderr);
  assert.equal(worn.stderr, 'run 1 failed: taken over 3 times from workers that went silent; not retried (limit $RUNNER_MAX_TAKEOVERS)\n');
  const [failed] = await store.query<{ status: string; error: string; epochs: number }>('SELECT status, error, (SELECT count(*) FROM epochs) AS epochs FROM runs WHERE id = 1');
  assert.deepEqual(failed, { status: 'failed', error: 'taken over 3 times from workers that went silent; not retried (limit $RUNNER_MAX_TAKEOVERS)', epochs: 2 });
});
