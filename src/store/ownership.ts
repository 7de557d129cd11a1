import { UsageError } from '../errors.js';
import { isSelf, localProcessAlive, hostIdentity, type Owner } from '../liveness.js';
import type { ClaimDecision, ClaimRequest, ClaimResult, RunRow, Store } from './store.js';

/*
 * Who may train a run: the one place that tells a live owner from a dead or frozen one,
 * and turns that into a claim the store applies atomically. On this host a dead pid is
 * enough; across hosts only the heartbeat counts, measured by the store's clock (the
 * server's, for PostgreSQL), never a worker's.
 */

/** How long an owner may stay silent, and how often a run may be taken over. */
export interface Liveness {
  /** The least grace period, seconds ($RUNNER_GRACE_SECONDS, default 60). */
  graceFloorSeconds: number;
  /** Takeovers after which a run is failed instead ($RUNNER_MAX_TAKEOVERS, default 3). */
  maxTakeovers: number;
}

export function livenessSettings(env: NodeJS.ProcessEnv = process.env): Liveness {
  const number = (name: string, fallback: number, min: number) => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < min) throw new UsageError(`runner: $${name} must be a number >= ${min} (got "${text}")`);
    return value;
  };
  return { graceFloorSeconds: number('RUNNER_GRACE_SECONDS', 60, 0.1), maxTakeovers: Math.floor(number('RUNNER_MAX_TAKEOVERS', 3, 0)) };
}

/** A run's grace period: 3× its longest epoch so far, and never under the floor. */
export function graceSeconds(run: RunRow, live: Liveness): number {
  return Math.max(live.graceFloorSeconds, 3 * (run.longest_epoch_seconds ?? 0));
}

export type OwnerState =
  | { kind: 'unowned' }
  | { kind: 'self' }
  | { kind: 'alive'; pid: number; host: string; heartbeatAge: number | null }
  | { kind: 'stale'; pid: number; host: string; heartbeatAge: number | null };

/** The state of a run's owner: none unless the run is `running`. */
export function ownerState(run: RunRow, live: Liveness = livenessSettings()): OwnerState {
  if (run.status !== 'running' || run.pid === null || run.host === null) return { kind: 'unowned' };
  const owner: Owner = { pid: run.pid, host: run.host, processStart: run.process_start };
  if (isSelf(owner)) return { kind: 'self' };
  const seen = { pid: run.pid, host: run.host, heartbeatAge: run.heartbeat_age_seconds };
  const silent = run.heartbeat_age_seconds === null || run.heartbeat_age_seconds > graceSeconds(run, live);
  if (silent || (run.host === hostIdentity() && !localProcessAlive(owner))) return { kind: 'stale', ...seen };
  return { kind: 'alive', ...seen };
}

/** Whether another live process trains the run. */
export function isLive(run: RunRow, live?: Liveness): boolean {
  return ownerState(run, live).kind === 'alive';
}

/**
 * Whether the process that completed a run (a sweep's trial) may still be scoring it:
 * judged as if it still trained it, since scoring follows at once and beats no heartbeat.
 */
export function mayBeScoring(run: RunRow, live?: Liveness): boolean {
  return run.status === 'completed' && isLive({ ...run, status: 'running' }, live);
}

/** Why a claim was refused. */
export type Refusal =
  | { kind: 'busy'; pid: number; host: string; heartbeatAge: number | null }
  | { kind: 'worn-out'; takeovers: number };

/** Take the run unless a live process trains it; a silent owner's run is taken over, up to the limit. */
export function decideClaim(run: RunRow, live: Liveness): ClaimDecision<Refusal> {
  const state = ownerState(run, live);
  if (state.kind === 'alive') return { take: false, refusal: { kind: 'busy', pid: state.pid, host: state.host, heartbeatAge: state.heartbeatAge } };
  if (state.kind === 'stale') {
    if (run.takeovers >= live.maxTakeovers) return { take: false, refusal: { kind: 'worn-out', takeovers: run.takeovers } };
    return { take: true, takeover: true };
  }
  return { take: true, takeover: false };
}

export function describeRefusal(runId: number, refusal: Refusal): string {
  return refusal.kind === 'busy'
    ? `run ${runId} is being trained by pid ${refusal.pid} on ${refusal.host}; stop that process first`
    : `run ${runId} failed: ${wornOutReason(refusal.takeovers)}`;
}

const wornOutReason = (takeovers: number) =>
  `taken over ${takeovers} times from workers that went silent; not retried (limit $RUNNER_MAX_TAKEOVERS)`;

/**
 * Claims an existing run for this process. A run taken over too often is marked failed
 * (under the claim it had, so a live owner's late comeback is not overwritten) and refused.
 */
export async function claimRun(
  store: Store,
  runId: number,
  request: Omit<ClaimRequest<Refusal>, 'decide'>,
  live: Liveness = livenessSettings(),
): Promise<ClaimResult<Refusal>> {
  let seen: RunRow | undefined;
  const result = await store.claimRun(runId, {
    ...request,
    decide: (run) => {
      seen = run;
      return decideClaim(run, live);
    },
  });
  if (result.kind === 'refused' && result.refusal.kind === 'worn-out' && seen) {
    await store.finishRun(runId, seen.claim_generation, 'failed', wornOutReason(result.refusal.takeovers));
  }
  return result;
}
