;; The network's kernels, batch by batch, in WebAssembly SIMD (f32x4). Hand-written; the
;; build (scripts/build-wasm.mjs) assembles this file and every other .wat file in this
;; folder into one module, src/nn/wasm/kernels.generated.ts. Each of those files holds
;; one family of kernels (sparse-dense.wat, dense.wat, activations.wat, ...), forward and
;; backward side by side; they share this module's memory and may call one another's
;; helper functions ($exp, $column_sums).
;;
;; Conventions. Every matrix is row-major float32 with rows padded to a whole number of
;; 4-float vectors ("nv" vectors per row, so a row is nv·16 bytes); pad lanes hold 0 and
;; stay 0. Weights are stored transposed, inputs × outputs (W1ᵀ is 784 × 32), so that one
;; input's weights to all outputs are one contiguous row: x·W1ᵀ[p] is 8 vector products
;; for 32 units. Pointers and byte strides are i32 byte offsets into the one memory.
;; Every sum runs in a fixed order (samples in order, inputs in order), so results are
;; the same bits on every run.

  ;; Shared, so a helper thread can run a kernel on the same data (see kernels.ts).
  (import "env" "memory" (memory 1 16384 shared))
