#!/usr/bin/env python3
"""The report's network and training loop in JAX, a peer `npm run bench` times.

784 raw pixels (0..255, float32) -> UNITS sigmoid -> 10 softmax, mean cross-entropy, plain
SGD (W -= lr dW), every weight and bias ~ Normal(0, sqrt(1/fan_in)), 600 mini-batches of 100
per epoch, each of distinct images drawn at random at every step: the loop of
scripts/reference/numpy_report.py, with its initial weights and its batches drawn from the
same NumPy generator in the same order (so the two start from the same bits; their sums
differ in order, so their losses agree to a few digits, not exactly).

    python3 bench/peers/jax_report.py [--data DIR] [--epochs 10] [--mode scan|step]
        [--threads N] [--units 32] [--lr 0.01] [--batch 100] [--seed 0]

--mode scan: the whole epoch is one jitted `jax.lax.scan` over its 600 batches; the epoch's
batch indices are drawn on the host first (600 x 100) and sent in with it.
--mode step: one jitted SGD step per batch, called from a Python loop (JAX dispatches
asynchronously; the epoch's end waits for the last step).
An epoch's seconds cover the drawing of its indices, the transfer, the steps and the wait
(`block_until_ready`) for its parameters and losses. Epoch 1 includes the compilation.

--threads N holds XLA's CPU backend to N threads: this process is pinned to N of the CPUs it
may use (os.sched_setaffinity, before jax is imported: XLA sizes its thread pools from the
affinity mask) and, for N = 1, Eigen's multi-threading is turned off too
(XLA_FLAGS=--xla_cpu_multi_thread_eigen=false). By default nothing is pinned.

The images are sent to the device once, as uint8, and turned into float32 there (the
network sees float32 raw pixels, as NumPy's; the host never holds a float32 copy).

Output, which scripts/bench.ts parses (the same as numpy_report.py's):
    epoch N cross-entropy L seconds S      one line per epoch (L: mean of the batch losses)
    test accuracy A                        on the 10,000 test images, A in 0..1
    median epoch seconds S                 median over all epochs
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'scripts', 'reference'))


def pin_threads(threads):
    """Before jax is imported: pin this process to `threads` CPUs, and 1 means no Eigen pool."""
    if threads is None:
        return
    cpus = sorted(os.sched_getaffinity(0))
    if threads > len(cpus):
        sys.exit(f'jax_report.py: --threads {threads}, but this process may use only {len(cpus)} CPUs')
    os.sched_setaffinity(0, set(cpus[:threads]))
    if threads == 1:
        flags = os.environ.get('XLA_FLAGS', '')
        os.environ['XLA_FLAGS'] = f'{flags} --xla_cpu_multi_thread_eigen=false'.strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data')
    ap.add_argument('--epochs', type=int, default=10)
    ap.add_argument('--mode', default='scan', choices=['scan', 'step'])
    ap.add_argument('--threads', type=int)
    ap.add_argument('--units', type=int, default=32)
    ap.add_argument('--lr', type=float, default=0.01)
    ap.add_argument('--batch', type=int, default=100)
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    if a.threads is not None and a.threads < 1:
        ap.error('--threads must be at least 1')

    pin_threads(a.threads)
    os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')  # NumPy only draws indices here
    import numpy as np
    import jax
    import jax.numpy as jnp
    from mnist import DEFAULT_DATA, load_split
    from report_init import initial_weights

    X, Y = load_split(a.data or DEFAULT_DATA, 'train')
    n = X.shape[0]
    batches = n // a.batch
    rng = np.random.default_rng(a.seed)
    # the same draws as numpy_report.py's, in the report's layout (w: outputs x inputs)
    params = {k: jnp.asarray(v, dtype=jnp.float32) for k, v in initial_weights(rng, a.units).items()}
    images = jnp.asarray(X)                      # (60000, 784) uint8
    labels = jnp.asarray(Y, dtype=jnp.int32)     # (60000,)

    def forward(p, x):
        """x: (B, 784) float32. Returns the logits (B, 10)."""
        y1 = jax.nn.sigmoid(x @ p['w1'].T + p['b1'])
        return y1 @ p['w2'].T + p['b2']

    def cross_entropy(p, x, y):
        logp = jax.nn.log_softmax(forward(p, x))
        return -jnp.mean(jnp.take_along_axis(logp, y[:, None], axis=1))

    # the images and labels are arguments, not closed over: a captured array would be compiled in as a constant
    def step(p, images, labels, idx):
        """One SGD step on the images `idx` (B,); returns the new parameters and the batch's loss."""
        x = images[idx].astype(jnp.float32)
        loss, g = jax.value_and_grad(cross_entropy)(p, x, labels[idx])
        return jax.tree_util.tree_map(lambda w, dw: w - a.lr * dw, p, g), loss

    @jax.jit
    def epoch_scan(p, images, labels, idx):
        """idx: (600, B) int32. The whole epoch; returns the parameters and the 600 losses."""
        return jax.lax.scan(lambda p, i: step(p, images, labels, i), p, idx)

    step_jit = jax.jit(step)

    def draw():
        return rng.choice(n, a.batch, replace=False).astype(np.int32)

    times = []
    for epoch in range(a.epochs):
        t0 = time.perf_counter()
        if a.mode == 'scan':
            idx = np.stack([draw() for _ in range(batches)])
            params, losses = epoch_scan(params, images, labels, idx)
        else:
            losses = []
            for _ in range(batches):
                params, loss = step_jit(params, images, labels, draw())
                losses.append(loss)
            losses = jnp.stack(losses)
        jax.block_until_ready((params, losses))
        mean_loss = float(np.mean(np.asarray(losses, dtype=np.float64)))
        times.append(time.perf_counter() - t0)
        print(f'epoch {epoch + 1} cross-entropy {mean_loss:.6f} seconds {times[-1]:.3f}', flush=True)

    Xt, Yt = load_split(a.data or DEFAULT_DATA, 't10k')
    logits = jax.jit(forward)(params, jnp.asarray(Xt, dtype=jnp.float32))
    print(f'test accuracy {np.mean(np.asarray(logits).argmax(axis=1) == Yt):.4f}')
    if times:
        print(f'median epoch seconds {np.median(times):.4f}')


if __name__ == '__main__':
    main()
