"""The report's initial weights, drawn as numpy_report.py draws them, for every script that
must start from the same bits (numpy_report.py and the bench's peers, bench/peers/)."""
import numpy as np


def initial_weights(rng, units):
    """w1, b1 ~ N(0, sqrt(1/784)); w2, b2 ~ N(0, sqrt(1/units)), drawn in this order from `rng`,
    in the report's layout (w: outputs x inputs), float64."""
    std1, std2 = np.sqrt(1 / 784), np.sqrt(1 / units)
    return {'w1': rng.normal(0, std1, (units, 784)), 'b1': rng.normal(0, std1, units),
            'w2': rng.normal(0, std2, (10, units)), 'b2': rng.normal(0, std2, 10)}
