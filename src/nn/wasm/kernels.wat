;; The report's network, batch by batch, in WebAssembly SIMD (f32x4). Hand-written; the
;; build assembles it (scripts/build-wasm.ts) into src/nn/wasm/kernels.generated.ts.
;;
;; Conventions. Every matrix is row-major float32 with rows padded to a whole number of
;; 4-float vectors ("nv" vectors per row, so a row is nv·16 bytes); pad lanes hold 0 and
;; stay 0. Weights are stored transposed, inputs × outputs (W1ᵀ is 784 × 32), so that one
;; input's weights to all outputs are one contiguous row: x·W1ᵀ[p] is 8 vector products
;; for 32 units. Pointers and byte strides are i32 byte offsets into the one memory.
;; Every sum runs in a fixed order (samples in order, inputs in order), so results are
;; the same bits on every run.
(module
  ;; Shared, so a helper thread can run a kernel on the same data (see kernels.ts).
  (import "env" "memory" (memory 1 16384 shared))

  ;; ---- sparse dense: the first layer, over images kept as their nonzero pixels ----
  ;; An image set is CSR: idx (u16 pixel numbers, ascending per image) and val (u8 pixel
  ;; values), x = val · scale. A kernel visits, for image n, the entries k in
  ;; [starts[n], ends[n]) (u32 arrays): all of an image, or the part below or above a
  ;; middle pixel, so that two threads can each own a range of W's rows. The batch is a
  ;; list of image numbers (i32).

  ;; out[s] = b + Σ_k x_k · Wᵀ[idx_k]     out: batch × nv vectors
  (func (export "sparse_forward")
    (param $images i32) (param $batch i32) (param $starts i32) (param $ends i32) (param $idx i32) (param $val i32) (param $scale f32)
    (param $wt i32) (param $b i32) (param $out i32) (param $nv i32)
    (local $s i32) (local $img i32) (local $k i32) (local $kstart i32) (local $kend i32) (local $blk i32)
    (local $row i32) (local $o i32) (local $x v128) (local $stride i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local.set $stride (i32.shl (local.get $nv) (i32.const 4)))
    (drop (call $touch (local.get $images) (local.get $batch) (local.get $starts) (local.get $ends) (local.get $idx) (local.get $val)))
    (block $done (loop $samples
      (br_if $done (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $img (i32.load (i32.add (local.get $images) (i32.shl (local.get $s) (i32.const 2)))))
      (local.set $kstart (i32.load (i32.add (local.get $starts) (i32.shl (local.get $img) (i32.const 2)))))
      (local.set $kend (i32.load (i32.add (local.get $ends) (i32.shl (local.get $img) (i32.const 2)))))
      (local.set $blk (i32.const 0))
      ;; 8 vectors (32 outputs) at a time, the sums in registers
      (block $b8done (loop $b8
        (br_if $b8done (i32.gt_u (i32.add (local.get $blk) (i32.const 8)) (local.get $nv)))
        (local.set $o (i32.add (local.get $b) (i32.shl (local.get $blk) (i32.const 4))))
        (local.set $a0 (v128.load offset=0 (local.get $o)))
        (local.set $a1 (v128.load offset=16 (local.get $o)))
        (local.set $a2 (v128.load offset=32 (local.get $o)))
        (local.set $a3 (v128.load offset=48 (local.get $o)))
        (local.set $a4 (v128.load offset=64 (local.get $o)))
        (local.set $a5 (v128.load offset=80 (local.get $o)))
        (local.set $a6 (v128.load offset=96 (local.get $o)))
        (local.set $a7 (v128.load offset=112 (local.get $o)))
        (local.set $k (local.get $kstart))
        (block $kdone (loop $ks
          (br_if $kdone (i32.ge_u (local.get $k) (local.get $kend)))
          (local.set $x (f32x4.splat (f32.mul (f32.convert_i32_u (i32.load8_u (i32.add (local.get $val) (local.get $k)))) (local.get $scale))))
          (local.set $row (i32.add (i32.add (local.get $wt)
            (i32.mul (i32.load16_u (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 1)))) (local.get $stride)))
            (i32.shl (local.get $blk) (i32.const 4))))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load offset=0 (local.get $row)) (local.get $x))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load offset=16 (local.get $row)) (local.get $x))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load offset=32 (local.get $row)) (local.get $x))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load offset=48 (local.get $row)) (local.get $x))))
          (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (v128.load offset=64 (local.get $row)) (local.get $x))))
          (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (v128.load offset=80 (local.get $row)) (local.get $x))))
          (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (v128.load offset=96 (local.get $row)) (local.get $x))))
          (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (v128.load offset=112 (local.get $row)) (local.get $x))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $ks)))
        (local.set $o (i32.add (i32.add (local.get $out) (i32.mul (local.get $s) (local.get $stride))) (i32.shl (local.get $blk) (i32.const 4))))
        (v128.store offset=0 (local.get $o) (local.get $a0))
        (v128.store offset=16 (local.get $o) (local.get $a1))
        (v128.store offset=32 (local.get $o) (local.get $a2))
        (v128.store offset=48 (local.get $o) (local.get $a3))
        (v128.store offset=64 (local.get $o) (local.get $a4))
        (v128.store offset=80 (local.get $o) (local.get $a5))
        (v128.store offset=96 (local.get $o) (local.get $a6))
        (v128.store offset=112 (local.get $o) (local.get $a7))
        (local.set $blk (i32.add (local.get $blk) (i32.const 8)))
        (br $b8)))
      ;; the remaining vectors one at a time
      (block $b1done (loop $b1
        (br_if $b1done (i32.ge_u (local.get $blk) (local.get $nv)))
        (local.set $a0 (v128.load (i32.add (local.get $b) (i32.shl (local.get $blk) (i32.const 4)))))
        (local.set $k (local.get $kstart))
        (block $kdone1 (loop $ks1
          (br_if $kdone1 (i32.ge_u (local.get $k) (local.get $kend)))
          (local.set $x (f32x4.splat (f32.mul (f32.convert_i32_u (i32.load8_u (i32.add (local.get $val) (local.get $k)))) (local.get $scale))))
          (local.set $row (i32.add (i32.add (local.get $wt)
            (i32.mul (i32.load16_u (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 1)))) (local.get $stride)))
            (i32.shl (local.get $blk) (i32.const 4))))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $row)) (local.get $x))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $ks1)))
        (v128.store (i32.add (i32.add (local.get $out) (i32.mul (local.get $s) (local.get $stride))) (i32.shl (local.get $blk) (i32.const 4)))
          (local.get $a0))
        (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
        (br $b1)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples)))
  )

  ;; Reads one byte of every 64-byte cache line the batch's images occupy, in a loop whose
  ;; loads do not wait on one another, so the memory fetches them all at once; the layer's
  ;; loops then find them in cache instead of waiting for each image in turn. Returns a
  ;; value made from the bytes, so that no compiler drops the loads.
  (func $touch (param $images i32) (param $batch i32) (param $starts i32) (param $ends i32) (param $idx i32) (param $val i32) (result i32)
    (local $s i32) (local $img i32) (local $k i32) (local $kend i32) (local $sum i32)
    (block $done (loop $samples
      (br_if $done (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $img (i32.load (i32.add (local.get $images) (i32.shl (local.get $s) (i32.const 2)))))
      (local.set $k (i32.load (i32.add (local.get $starts) (i32.shl (local.get $img) (i32.const 2)))))
      (local.set $kend (i32.load (i32.add (local.get $ends) (i32.shl (local.get $img) (i32.const 2)))))
      (block $kd (loop $kl
        (br_if $kd (i32.ge_u (local.get $k) (local.get $kend)))
        (local.set $sum (i32.add (local.get $sum)
          (i32.add (i32.load8_u (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 1))))
                   (i32.load8_u (i32.add (local.get $val) (local.get $k))))))
        ;; 32 pixels on: 64 bytes of idx (the val bytes are read every other line, enough for the prefetcher)
        (local.set $k (i32.add (local.get $k) (i32.const 32)))
        (br $kl)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples)))
    (local.get $sum)
  )

  ;; dWᵀ = Σ_s x_s ⊗ dT_s (rows of nv vectors)    db = Σ_s dT_s (when $withDb)
  ;; Only the rows of pixels in [plo, phi) are zeroed and computed, from the entries in
  ;; [starts, ends), which must be exactly the pixels in that range. Each row sums the
  ;; samples in order.
  (func (export "sparse_backward")
    (param $images i32) (param $batch i32) (param $starts i32) (param $ends i32) (param $idx i32) (param $val i32) (param $scale f32)
    (param $dwt i32) (param $db i32) (param $dt i32) (param $nv i32) (param $plo i32) (param $phi i32) (param $withDb i32)
    (local $s i32) (local $img i32) (local $k i32) (local $kstart i32) (local $kend i32) (local $blk i32)
    (local $row i32) (local $o i32) (local $x v128) (local $stride i32) (local $p i32)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128)
    (local $d4 v128) (local $d5 v128) (local $d6 v128) (local $d7 v128)
    (local.set $stride (i32.shl (local.get $nv) (i32.const 4)))
    (memory.fill (i32.add (local.get $dwt) (i32.mul (local.get $plo) (local.get $stride))) (i32.const 0)
                 (i32.mul (i32.sub (local.get $phi) (local.get $plo)) (local.get $stride)))
    (if (local.get $withDb) (then (call $column_sums (local.get $dt) (local.get $batch) (local.get $nv) (local.get $db))))
    (block $done (loop $samples
      (br_if $done (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $img (i32.load (i32.add (local.get $images) (i32.shl (local.get $s) (i32.const 2)))))
      (local.set $kstart (i32.load (i32.add (local.get $starts) (i32.shl (local.get $img) (i32.const 2)))))
      (local.set $kend (i32.load (i32.add (local.get $ends) (i32.shl (local.get $img) (i32.const 2)))))
      (local.set $blk (i32.const 0))
      (block $b8done (loop $b8
        (br_if $b8done (i32.gt_u (i32.add (local.get $blk) (i32.const 8)) (local.get $nv)))
        (local.set $o (i32.add (i32.add (local.get $dt) (i32.mul (local.get $s) (local.get $stride))) (i32.shl (local.get $blk) (i32.const 4))))
        (local.set $d0 (v128.load offset=0 (local.get $o)))
        (local.set $d1 (v128.load offset=16 (local.get $o)))
        (local.set $d2 (v128.load offset=32 (local.get $o)))
        (local.set $d3 (v128.load offset=48 (local.get $o)))
        (local.set $d4 (v128.load offset=64 (local.get $o)))
        (local.set $d5 (v128.load offset=80 (local.get $o)))
        (local.set $d6 (v128.load offset=96 (local.get $o)))
        (local.set $d7 (v128.load offset=112 (local.get $o)))
        (local.set $k (local.get $kstart))
        (block $kdone (loop $ks
          (br_if $kdone (i32.ge_u (local.get $k) (local.get $kend)))
          (local.set $p (i32.load16_u (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 1)))))
          (local.set $x (f32x4.splat (f32.mul (f32.convert_i32_u (i32.load8_u (i32.add (local.get $val) (local.get $k)))) (local.get $scale))))
          (local.set $row (i32.add (i32.add (local.get $dwt) (i32.mul (local.get $p) (local.get $stride)))
            (i32.shl (local.get $blk) (i32.const 4))))
          (v128.store offset=0 (local.get $row) (f32x4.add (v128.load offset=0 (local.get $row)) (f32x4.mul (local.get $d0) (local.get $x))))
          (v128.store offset=16 (local.get $row) (f32x4.add (v128.load offset=16 (local.get $row)) (f32x4.mul (local.get $d1) (local.get $x))))
          (v128.store offset=32 (local.get $row) (f32x4.add (v128.load offset=32 (local.get $row)) (f32x4.mul (local.get $d2) (local.get $x))))
          (v128.store offset=48 (local.get $row) (f32x4.add (v128.load offset=48 (local.get $row)) (f32x4.mul (local.get $d3) (local.get $x))))
          (v128.store offset=64 (local.get $row) (f32x4.add (v128.load offset=64 (local.get $row)) (f32x4.mul (local.get $d4) (local.get $x))))
          (v128.store offset=80 (local.get $row) (f32x4.add (v128.load offset=80 (local.get $row)) (f32x4.mul (local.get $d5) (local.get $x))))
          (v128.store offset=96 (local.get $row) (f32x4.add (v128.load offset=96 (local.get $row)) (f32x4.mul (local.get $d6) (local.get $x))))
          (v128.store offset=112 (local.get $row) (f32x4.add (v128.load offset=112 (local.get $row)) (f32x4.mul (local.get $d7) (local.get $x))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $ks)))
        (local.set $blk (i32.add (local.get $blk) (i32.const 8)))
        (br $b8)))
      (block $b1done (loop $b1
        (br_if $b1done (i32.ge_u (local.get $blk) (local.get $nv)))
        (local.set $d0 (v128.load (i32.add (i32.add (local.get $dt) (i32.mul (local.get $s) (local.get $stride))) (i32.shl (local.get $blk) (i32.const 4)))))
        (local.set $k (local.get $kstart))
        (block $kdone1 (loop $ks1
          (br_if $kdone1 (i32.ge_u (local.get $k) (local.get $kend)))
          (local.set $p (i32.load16_u (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 1)))))
          (local.set $x (f32x4.splat (f32.mul (f32.convert_i32_u (i32.load8_u (i32.add (local.get $val) (local.get $k)))) (local.get $scale))))
          (local.set $row (i32.add (i32.add (local.get $dwt) (i32.mul (local.get $p) (local.get $stride)))
            (i32.shl (local.get $blk) (i32.const 4))))
          (v128.store (local.get $row) (f32x4.add (v128.load (local.get $row)) (f32x4.mul (local.get $d0) (local.get $x))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $ks1)))
        (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
        (br $b1)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples)))
  )

  ;; ---- dense: a layer over dense inputs (the second layer) ----

  ;; out[s] = b + Σ_i x[s][i] · Wᵀ[i]    x: batch × nvIn vectors (nin used), out: batch × nv vectors
  (func (export "dense_forward")
    (param $x i32) (param $nvIn i32) (param $nin i32) (param $batch i32) (param $wt i32) (param $b i32) (param $out i32) (param $nv i32)
    (local $s i32) (local $i i32) (local $blk i32) (local $acc v128) (local $xs i32) (local $xi v128)
    (if (i32.le_u (local.get $nv) (i32.const 4)) (then
      (call $dense_forward_narrow (local.get $x) (local.get $nvIn) (local.get $nin) (local.get $batch)
        (local.get $wt) (local.get $b) (local.get $out) (local.get $nv))
      (return)))
    (block $done (loop $samples
      (br_if $done (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $xs (i32.add (local.get $x) (i32.mul (local.get $s) (i32.shl (local.get $nvIn) (i32.const 4)))))
      (local.set $blk (i32.const 0))
      (block $bd (loop $bl
        (br_if $bd (i32.ge_u (local.get $blk) (local.get $nv)))
        (local.set $acc (v128.load (i32.add (local.get $b) (i32.shl (local.get $blk) (i32.const 4)))))
        (local.set $i (i32.const 0))
        (block $id (loop $il
          (br_if $id (i32.ge_u (local.get $i) (local.get $nin)))
          (local.set $xi (f32x4.splat (f32.load (i32.add (local.get $xs) (i32.shl (local.get $i) (i32.const 2))))))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $xi)
            (v128.load (i32.add (local.get $wt) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $nv)) (local.get $blk)) (i32.const 4)))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $il)))
        (v128.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $s) (local.get $nv)) (local.get $blk)) (i32.const 4))) (local.get $acc))
        (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
        (br $bl)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples)))
  )

  ;; dense_forward for outputs of at most 4 vectors (the report's 10 classes: 3), with the
  ;; sums in registers. It reads 4 vectors of b and of each Wᵀ row whatever nv is: the extra
  ;; lanes land in sums that are never stored, and Kernels.alloc keeps 64 readable bytes
  ;; past every region.
  (func $dense_forward_narrow
    (param $x i32) (param $nvIn i32) (param $nin i32) (param $batch i32) (param $wt i32) (param $b i32) (param $out i32) (param $nv i32)
    (local $s i32) (local $i i32) (local $xs i32) (local $xi v128) (local $row i32) (local $o i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (block $done (loop $samples
      (br_if $done (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $xs (i32.add (local.get $x) (i32.mul (local.get $s) (i32.shl (local.get $nvIn) (i32.const 4)))))
      (local.set $a0 (v128.load offset=0 (local.get $b)))
      (local.set $a1 (v128.load offset=16 (local.get $b)))
      (local.set $a2 (v128.load offset=32 (local.get $b)))
      (local.set $a3 (v128.load offset=48 (local.get $b)))
      (local.set $i (i32.const 0))
      (block $id (loop $il
        (br_if $id (i32.ge_u (local.get $i) (local.get $nin)))
        (local.set $xi (v128.load32_splat (i32.add (local.get $xs) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $row (i32.add (local.get $wt) (i32.mul (local.get $i) (i32.shl (local.get $nv) (i32.const 4)))))
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $xi) (v128.load offset=0 (local.get $row)))))
        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $xi) (v128.load offset=16 (local.get $row)))))
        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $xi) (v128.load offset=32 (local.get $row)))))
        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $xi) (v128.load offset=48 (local.get $row)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $il)))
      (local.set $o (i32.add (local.get $out) (i32.mul (local.get $s) (i32.shl (local.get $nv) (i32.const 4)))))
      (v128.store offset=0 (local.get $o) (local.get $a0))
      (if (i32.gt_u (local.get $nv) (i32.const 1)) (then (v128.store offset=16 (local.get $o) (local.get $a1))))
      (if (i32.gt_u (local.get $nv) (i32.const 2)) (then (v128.store offset=32 (local.get $o) (local.get $a2))))
      (if (i32.gt_u (local.get $nv) (i32.const 3)) (then (v128.store offset=48 (local.get $o) (local.get $a3))))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples)))
  )

  ;; dWᵀ[i] = Σ_s x[s][i] · dT[s]    db = Σ_s dT[s]    dx[s][i] = Wᵀ[i] · dT[s] (when dx ≠ 0)
  (func (export "dense_backward")
    (param $x i32) (param $nvIn i32) (param $nin i32) (param $batch i32) (param $wt i32) (param $dwt i32) (param $db i32)
    (param $dt i32) (param $nv i32) (param $dx i32)
    (local $s i32) (local $i i32) (local $blk i32) (local $acc v128) (local $xi v128) (local $row i32) (local $ds i32)
    (if (i32.le_u (local.get $nv) (i32.const 4)) (then
      (call $dense_backward_narrow (local.get $x) (local.get $nvIn) (local.get $nin) (local.get $batch) (local.get $wt)
        (local.get $dwt) (local.get $db) (local.get $dt) (local.get $nv) (local.get $dx))
      (return)))
    (memory.fill (local.get $dwt) (i32.const 0) (i32.mul (local.get $nin) (i32.shl (local.get $nv) (i32.const 4))))
    (call $column_sums (local.get $dt) (local.get $batch) (local.get $nv) (local.get $db))
    (block $done (loop $samples
      (br_if $done (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $ds (i32.add (local.get $dt) (i32.mul (local.get $s) (i32.shl (local.get $nv) (i32.const 4)))))
      (local.set $i (i32.const 0))
      (block $id (loop $il
        (br_if $id (i32.ge_u (local.get $i) (local.get $nin)))
        (local.set $xi (f32x4.splat (f32.load (i32.add (i32.add (local.get $x) (i32.mul (local.get $s) (i32.shl (local.get $nvIn) (i32.const 4))))
                                                       (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $row (i32.add (local.get $dwt) (i32.mul (local.get $i) (i32.shl (local.get $nv) (i32.const 4)))))
        (local.set $blk (i32.const 0))
        (block $bd (loop $bl
          (br_if $bd (i32.ge_u (local.get $blk) (local.get $nv)))
          (v128.store (i32.add (local.get $row) (i32.shl (local.get $blk) (i32.const 4)))
            (f32x4.add (v128.load (i32.add (local.get $row) (i32.shl (local.get $blk) (i32.const 4))))
                       (f32x4.mul (local.get $xi) (v128.load (i32.add (local.get $ds) (i32.shl (local.get $blk) (i32.const 4)))))))
          (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
          (br $bl)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $il)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples)))
    (if (i32.eqz (local.get $dx)) (then (return)))
    (local.set $s (i32.const 0))
    (block $done2 (loop $samples2
      (br_if $done2 (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $ds (i32.add (local.get $dt) (i32.mul (local.get $s) (i32.shl (local.get $nv) (i32.const 4)))))
      (local.set $i (i32.const 0))
      (block $id2 (loop $il2
        (br_if $id2 (i32.ge_u (local.get $i) (local.get $nin)))
        (local.set $row (i32.add (local.get $wt) (i32.mul (local.get $i) (i32.shl (local.get $nv) (i32.const 4)))))
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $blk (i32.const 0))
        (block $bd2 (loop $bl2
          (br_if $bd2 (i32.ge_u (local.get $blk) (local.get $nv)))
          (local.set $acc (f32x4.add (local.get $acc)
            (f32x4.mul (v128.load (i32.add (local.get $row) (i32.shl (local.get $blk) (i32.const 4))))
                       (v128.load (i32.add (local.get $ds) (i32.shl (local.get $blk) (i32.const 4)))))))
          (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
          (br $bl2)))
        (f32.store (i32.add (i32.add (local.get $dx) (i32.mul (local.get $s) (i32.shl (local.get $nvIn) (i32.const 4)))) (i32.shl (local.get $i) (i32.const 2)))
          (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
                   (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $il2)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples2)))
  )

  ;; dense_backward for outputs of at most 4 vectors, the sums in registers: each row of dWᵀ
  ;; over the samples in order, each dx[s][i] over the output vectors in order. Reads past
  ;; a row as dense_forward_narrow does; lanes beyond nv are never stored or summed.
  (func $dense_backward_narrow
    (param $x i32) (param $nvIn i32) (param $nin i32) (param $batch i32) (param $wt i32) (param $dwt i32) (param $db i32)
    (param $dt i32) (param $nv i32) (param $dx i32)
    (local $s i32) (local $i i32) (local $xi v128) (local $row i32) (local $ds i32) (local $acc v128) (local $xstride i32) (local $dstride i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $xstride (i32.shl (local.get $nvIn) (i32.const 4)))
    (local.set $dstride (i32.shl (local.get $nv) (i32.const 4)))
    (call $column_sums (local.get $dt) (local.get $batch) (local.get $nv) (local.get $db))
    (block $id (loop $il
      (br_if $id (i32.ge_u (local.get $i) (local.get $nin)))
      (local.set $a0 (v128.const f32x4 0 0 0 0))
      (local.set $a1 (v128.const f32x4 0 0 0 0))
      (local.set $a2 (v128.const f32x4 0 0 0 0))
      (local.set $a3 (v128.const f32x4 0 0 0 0))
      (local.set $s (i32.const 0))
      (block $sd (loop $sl
        (br_if $sd (i32.ge_u (local.get $s) (local.get $batch)))
        (local.set $xi (v128.load32_splat (i32.add (i32.add (local.get $x) (i32.mul (local.get $s) (local.get $xstride))) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $ds (i32.add (local.get $dt) (i32.mul (local.get $s) (local.get $dstride))))
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $xi) (v128.load offset=0 (local.get $ds)))))
        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $xi) (v128.load offset=16 (local.get $ds)))))
        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $xi) (v128.load offset=32 (local.get $ds)))))
        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $xi) (v128.load offset=48 (local.get $ds)))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $sl)))
      (local.set $row (i32.add (local.get $dwt) (i32.mul (local.get $i) (local.get $dstride))))
      (v128.store offset=0 (local.get $row) (local.get $a0))
      (if (i32.gt_u (local.get $nv) (i32.const 1)) (then (v128.store offset=16 (local.get $row) (local.get $a1))))
      (if (i32.gt_u (local.get $nv) (i32.const 2)) (then (v128.store offset=32 (local.get $row) (local.get $a2))))
      (if (i32.gt_u (local.get $nv) (i32.const 3)) (then (v128.store offset=48 (local.get $row) (local.get $a3))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $il)))
    (if (i32.eqz (local.get $dx)) (then (return)))
    (local.set $s (i32.const 0))
    (block $sd2 (loop $sl2
      (br_if $sd2 (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $ds (i32.add (local.get $dt) (i32.mul (local.get $s) (local.get $dstride))))
      (local.set $a0 (v128.load offset=0 (local.get $ds)))
      (local.set $a1 (v128.load offset=16 (local.get $ds)))
      (local.set $a2 (v128.load offset=32 (local.get $ds)))
      (local.set $a3 (v128.load offset=48 (local.get $ds)))
      (local.set $i (i32.const 0))
      (block $id2 (loop $il2
        (br_if $id2 (i32.ge_u (local.get $i) (local.get $nin)))
        (local.set $row (i32.add (local.get $wt) (i32.mul (local.get $i) (local.get $dstride))))
        (local.set $acc (f32x4.mul (v128.load offset=0 (local.get $row)) (local.get $a0)))
        (if (i32.gt_u (local.get $nv) (i32.const 1)) (then
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=16 (local.get $row)) (local.get $a1))))))
        (if (i32.gt_u (local.get $nv) (i32.const 2)) (then
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=32 (local.get $row)) (local.get $a2))))))
        (if (i32.gt_u (local.get $nv) (i32.const 3)) (then
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=48 (local.get $row)) (local.get $a3))))))
        (f32.store (i32.add (i32.add (local.get $dx) (i32.mul (local.get $s) (local.get $xstride))) (i32.shl (local.get $i) (i32.const 2)))
          (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
                   (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $il2)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $sl2)))
  )

  ;; sums[v] = Σ_s m[s][v], over batch rows of nv vectors, samples in order
  (func $column_sums (param $m i32) (param $batch i32) (param $nv i32) (param $sums i32)
    (local $s i32) (local $blk i32) (local $o i32)
    (memory.fill (local.get $sums) (i32.const 0) (i32.shl (local.get $nv) (i32.const 4)))
    (block $done (loop $samples
      (br_if $done (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $blk (i32.const 0))
      (block $bd (loop $bl
        (br_if $bd (i32.ge_u (local.get $blk) (local.get $nv)))
        (local.set $o (i32.add (local.get $sums) (i32.shl (local.get $blk) (i32.const 4))))
        (v128.store (local.get $o) (f32x4.add (v128.load (local.get $o))
          (v128.load (i32.add (local.get $m) (i32.shl (i32.add (i32.mul (local.get $s) (local.get $nv)) (local.get $blk)) (i32.const 4))))))
        (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
        (br $bl)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples)))
  )

  ;; ---- activations, elementwise over n floats (n a multiple of 4) ----

  ;; exp(x), float32, about 1 ulp (Cephes' expf): x = k·ln 2 + r, |r| ≤ ln 2 / 2, then
  ;; 2^k · e^r with a degree-7 polynomial. x is clamped to [-87.3, 88.3], so 2^k is a normal float.
  (func $exp (param $x v128) (result v128)
    (local $k v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.max (f32x4.min (local.get $x) (v128.const f32x4 88.3 88.3 88.3 88.3))
                             (v128.const f32x4 -87.3 -87.3 -87.3 -87.3)))
    (local.set $k (f32x4.nearest (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))))
    (local.set $r (f32x4.sub (f32x4.sub (local.get $x) (f32x4.mul (local.get $k) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
                             (f32x4.mul (local.get $k) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $p (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    (local.set $p (f32x4.add (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r))
                             (v128.const f32x4 1 1 1 1)))
    (f32x4.mul (local.get $p)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $k)) (v128.const i32x4 127 127 127 127)) (i32.const 23)))
  )

  ;; y = σ(t) = 1 / (1 + e^−t) for t ≥ 0, e^t / (1 + e^t) for t < 0: exp only of −|t| ≤ 0, never overflowing
  (func (export "sigmoid_forward") (param $t i32) (param $y i32) (param $n i32)
    (local $end i32) (local $v v128) (local $e v128) (local $d v128)
    (local.set $end (i32.add (local.get $t) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $t) (local.get $end)))
      (local.set $v (v128.load (local.get $t)))
      (local.set $e (call $exp (f32x4.neg (f32x4.abs (local.get $v)))))
      (local.set $d (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $e)))
      (v128.store (local.get $y)
        (v128.bitselect (f32x4.div (v128.const f32x4 1 1 1 1) (local.get $d)) (f32x4.div (local.get $e) (local.get $d))
                        (f32x4.ge (local.get $v) (v128.const f32x4 0 0 0 0))))
      (local.set $t (i32.add (local.get $t) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (br $l)))
  )

  ;; dT = dY ⊙ (1 − y) ⊙ y
  (func (export "sigmoid_backward") (param $dy i32) (param $y i32) (param $dt i32) (param $n i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $y) (local.get $end)))
      (local.set $v (v128.load (local.get $y)))
      (v128.store (local.get $dt)
        (f32x4.mul (f32x4.mul (v128.load (local.get $dy)) (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $v))) (local.get $v)))
      (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (local.set $dt (i32.add (local.get $dt) (i32.const 16)))
      (br $l)))
  )

  ;; y = max(0, t)
  (func (export "relu_forward") (param $t i32) (param $y i32) (param $n i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $t) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $t) (local.get $end)))
      (local.set $v (v128.load (local.get $t)))
      (v128.store (local.get $y) (v128.and (local.get $v) (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0))))
      (local.set $t (i32.add (local.get $t) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (br $l)))
  )

  ;; dT = dY where y > 0 (exactly where t > 0), else 0
  (func (export "relu_backward") (param $dy i32) (param $y i32) (param $dt i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $y) (local.get $end)))
      (v128.store (local.get $dt)
        (v128.and (v128.load (local.get $dy)) (f32x4.gt (v128.load (local.get $y)) (v128.const f32x4 0 0 0 0))))
      (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (local.set $dt (i32.add (local.get $dt) (i32.const 16)))
      (br $l)))
  )

  ;; ---- softmax and cross-entropy: the output layer and the loss ----

  ;; Per sample: m = max_c a[c], y[c] = e^(a[c] − m) / Σ_c e^(a[c] − m); stats[s] = (m, Σ)
  ;; (two floats), from which the caller takes log y[label] = a[label] − m − log Σ.
  ;; a, y: batch × nv vectors, `classes` lanes used; y's pad lanes are set to 0.
  (func (export "softmax_forward")
    (param $a i32) (param $batch i32) (param $nv i32) (param $classes i32) (param $y i32) (param $stats i32)
    (local $s i32) (local $c i32) (local $blk i32) (local $row i32) (local $out i32) (local $m f32) (local $sum f32)
    (block $done (loop $samples
      (br_if $done (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $row (i32.add (local.get $a) (i32.mul (local.get $s) (i32.shl (local.get $nv) (i32.const 4)))))
      (local.set $out (i32.add (local.get $y) (i32.mul (local.get $s) (i32.shl (local.get $nv) (i32.const 4)))))
      (local.set $m (f32.load (local.get $row)))
      (local.set $c (i32.const 1))
      (block $md (loop $ml
        (br_if $md (i32.ge_u (local.get $c) (local.get $classes)))
        (local.set $m (f32.max (local.get $m) (f32.load (i32.add (local.get $row) (i32.shl (local.get $c) (i32.const 2))))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $ml)))
      (local.set $blk (i32.const 0))
      (block $ed (loop $el
        (br_if $ed (i32.ge_u (local.get $blk) (local.get $nv)))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $blk) (i32.const 4)))
          (call $exp (f32x4.sub (v128.load (i32.add (local.get $row) (i32.shl (local.get $blk) (i32.const 4)))) (f32x4.splat (local.get $m)))))
        (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
        (br $el)))
      ;; the sum over the classes in order; pad lanes zeroed
      (local.set $sum (f32.const 0))
      (local.set $c (i32.const 0))
      (block $sd (loop $sl
        (br_if $sd (i32.ge_u (local.get $c) (local.get $classes)))
        (local.set $sum (f32.add (local.get $sum) (f32.load (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $sl)))
      (block $pd (loop $pl
        (br_if $pd (i32.ge_u (local.get $c) (i32.shl (local.get $nv) (i32.const 2))))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))) (f32.const 0))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $pl)))
      (local.set $blk (i32.const 0))
      (block $nd (loop $nl
        (br_if $nd (i32.ge_u (local.get $blk) (local.get $nv)))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $blk) (i32.const 4)))
          (f32x4.div (v128.load (i32.add (local.get $out) (i32.shl (local.get $blk) (i32.const 4)))) (f32x4.splat (local.get $sum))))
        (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
        (br $nl)))
      (f32.store (i32.add (local.get $stats) (i32.shl (local.get $s) (i32.const 3))) (local.get $m))
      (f32.store offset=4 (i32.add (local.get $stats) (i32.shl (local.get $s) (i32.const 3))) (local.get $sum))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples)))
  )

  ;; dA = (y − onehot(label)) / B    labels: batch bytes
  (func (export "softmax_backward")
    (param $y i32) (param $labels i32) (param $batch i32) (param $nv i32) (param $da i32)
    (local $s i32) (local $blk i32) (local $inv f32) (local $at i32)
    (local.set $inv (f32.div (f32.const 1) (f32.convert_i32_u (local.get $batch))))
    (block $done (loop $samples
      (br_if $done (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $blk (i32.const 0))
      (block $bd (loop $bl
        (br_if $bd (i32.ge_u (local.get $blk) (local.get $nv)))
        (local.set $at (i32.shl (i32.add (i32.mul (local.get $s) (local.get $nv)) (local.get $blk)) (i32.const 4)))
        (v128.store (i32.add (local.get $da) (local.get $at))
          (f32x4.mul (v128.load (i32.add (local.get $y) (local.get $at))) (f32x4.splat (local.get $inv))))
        (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
        (br $bl)))
      ;; the label's lane: (y − 1) / B
      (local.set $at (i32.add (i32.mul (local.get $s) (i32.shl (local.get $nv) (i32.const 4)))
                              (i32.shl (i32.load8_u (i32.add (local.get $labels) (local.get $s))) (i32.const 2))))
      (f32.store (i32.add (local.get $da) (local.get $at))
        (f32.mul (f32.sub (f32.load (i32.add (local.get $y) (local.get $at))) (f32.const 1)) (local.get $inv)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples)))
  )

  ;; out = a + b over n floats (n a multiple of 4)
  (func (export "add") (param $a i32) (param $b i32) (param $out i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
      (v128.store (local.get $out) (f32x4.add (v128.load (local.get $a)) (v128.load (local.get $b))))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (br $l)))
  )

  ;; ---- plain SGD: v ← v − lr·g over n floats (n a multiple of 4) ----
  (func (export "sgd") (param $v i32) (param $g i32) (param $n i32) (param $lr f32)
    (local $end i32) (local $l v128)
    (local.set $l (f32x4.splat (local.get $lr)))
    (local.set $end (i32.add (local.get $v) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $v) (local.get $end)))
      (v128.store (local.get $v) (f32x4.sub (v128.load (local.get $v)) (f32x4.mul (local.get $l) (v128.load (local.get $g)))))
      (local.set $v (i32.add (local.get $v) (i32.const 16)))
      (local.set $g (i32.add (local.get $g) (i32.const 16)))
      (br $loop)))
  )
)
