#!/usr/bin/env python3
"""The report's network in Keras 3 on TensorFlow's CPU backend, a peer `npm run bench` times.

784 raw pixels (0..255, float32) -> Dense(UNITS, sigmoid) -> Dense(10, softmax) as a
`keras.Sequential`, categorical cross-entropy, plain SGD(learning_rate=0.01), batch 100,
`model.fit` over the 60,000 training images: one epoch = 600 steps. The initial weights are
numpy_report.py's (the same NumPy generator and draws, every weight and bias
~ Normal(0, sqrt(1/fan_in))), set into the layers before training.

One difference from the report's loop: Keras shuffles the images once per epoch and walks
through them in batches (every image once an epoch), where the report draws each batch of
100 distinct images afresh at every step (an image may come twice in an epoch, or not at
all). The work per step is the same.

Everything else is Keras's default as a user gets it: `jit_compile='auto'` (which Keras
resolves to no XLA on a CPU-only machine), TensorFlow's default thread pools (all CPUs),
`steps_per_execution=1`. An epoch's seconds run from the callback's `on_epoch_begin` to its
`on_epoch_end`, and its loss is the epoch's `logs['loss']`, Keras's running mean of the batch
losses (every batch has 100 images, so the plain mean). Epoch 1 includes tracing the step.

    python3 bench/peers/keras_report.py [--data DIR] [--epochs 10] [--units 32]
        [--lr 0.01] [--batch 100] [--seed 0]

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
os.environ.setdefault('KERAS_BACKEND', 'tensorflow')
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')  # TensorFlow's start-up notices on stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data')
    ap.add_argument('--epochs', type=int, default=10)
    ap.add_argument('--units', type=int, default=32)
    ap.add_argument('--lr', type=float, default=0.01)
    ap.add_argument('--batch', type=int, default=100)
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()

    import numpy as np
    import keras
    from mnist import DEFAULT_DATA, load_split
    from report_init import initial_weights

    if keras.backend.backend() != 'tensorflow':
        sys.exit(f'keras_report.py: Keras runs on {keras.backend.backend()}, not tensorflow (KERAS_BACKEND)')
    keras.utils.set_random_seed(a.seed)  # the shuffling's seed
    X, Y = load_split(a.data or DEFAULT_DATA, 'train')
    X = X.astype(np.float32)
    onehot = np.eye(10, dtype=np.float32)[Y]
    rng = np.random.default_rng(a.seed)
    # numpy_report.py's draws, in the report's layout (w: outputs x inputs); Keras's kernels are inputs x outputs
    w1, b1, w2, b2 = initial_weights(rng, a.units).values()

    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(a.units, activation='sigmoid'),
        keras.layers.Dense(10, activation='softmax'),
    ])
    model.layers[0].set_weights([w1.T.astype(np.float32), b1.astype(np.float32)])
    model.layers[1].set_weights([w2.T.astype(np.float32), b2.astype(np.float32)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=a.lr), loss='categorical_crossentropy')

    times = []

    class EpochLines(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.t0)
            print(f'epoch {epoch + 1} cross-entropy {logs["loss"]:.6f} seconds {times[-1]:.3f}', flush=True)

    model.fit(X, onehot, batch_size=a.batch, epochs=a.epochs, shuffle=True, verbose=0, callbacks=[EpochLines()])

    Xt, Yt = load_split(a.data or DEFAULT_DATA, 't10k')
    y2 = model.predict(Xt.astype(np.float32), batch_size=1000, verbose=0)
    print(f'test accuracy {np.mean(y2.argmax(axis=1) == Yt):.4f}')
    if times:
        print(f'median epoch seconds {np.median(times):.4f}')


if __name__ == '__main__':
    main()
