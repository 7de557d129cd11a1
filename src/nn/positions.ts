import type { Activations, Layer } from './layer.js';

/**
 * A per-unit layer (batch normalization, an activation) run over every position of feature
 * maps: a batch of B samples, each P positions × channelStride floats (conv.ts's layout), is
 * B·P rows of the channels to the inner layer, which was made for maxBatch · P rows of
 * `channels` units. Batch norm so normalises each channel over the batch and the positions,
 * as Keras's BatchNormalization does after a Conv2D.
 *
 * The views of a buffer as rows of positions or of samples are made once per buffer (a
 * layer returns the same buffer every batch): nothing is allocated per batch.
 */
export class Positions implements Layer {
  readonly params;
  private readonly rowViews = new Views();
  private readonly sampleViews = new Views();

  constructor(
    private readonly inner: Layer,
    private readonly positions: number,
    /** The inner layer's units (the channels), and the floats of a position (vectors(channels) · 4). */
    private readonly channels: number,
    private readonly channelStride: number,
  ) {
    this.params = inner.params;
  }

  forward(input: Activations, batch: number): Activations {
    const out = this.inner.forward(this.rowViews.of(input, this.channels, this.channelStride / 4), batch * this.positions);
    return this.sampleViews.of(out, this.positions * this.channelStride, (this.positions * this.channelStride) / 4);
  }

  backward(dOutput: Activations, batch: number): Activations | null {
    const d = this.inner.backward(this.rowViews.of(dOutput, this.channels, this.channelStride / 4), batch * this.positions);
    return d === null ? null : this.sampleViews.of(d, this.positions * this.channelStride, (this.positions * this.channelStride) / 4);
  }
}

/** Another shape of rows over the same buffers, one view per buffer, kept. */
class Views {
  private readonly views = new Map<Activations, Activations>();

  of(a: Activations, width: number, nv: number): Activations {
    let view = this.views.get(a);
    if (view === undefined) {
      view = { data: a.data, width, nv };
      this.views.set(a, view);
    }
    return view;
  }
}
