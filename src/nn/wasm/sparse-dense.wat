  ;; ---- sparse dense: the first layer, over images kept as their nonzero pixels ----
  ;; An image set is CSR: idx (u16 pixel numbers, ascending per image) and val (u8 pixel
  ;; values), x = xs[val] (the set's 256 input values, val · scale). A kernel visits, for image n, the entries k in
  ;; [starts[n], ends[n]) (u32 arrays): all of an image, or the part below or above a
  ;; middle pixel, so that two threads can each own a range of W's rows. The batch is a
  ;; list of image numbers (i32).

  ;; out[s] = b + Σ_k x_k · Wᵀ[idx_k]     out: batch × nv vectors
  ;; x_k is xs[val_k]: xs is the image set's 256 input values (f32, val · scale), so a
  ;; pixel's value is one splatting load. The 8 sums of a block stay in registers; each
  ;; product is added as soon as its row is loaded, which keeps the live vectors to 8 sums,
  ;; x and one row vector (16 registers: no spills).
  (func (export "sparse_forward")
    (param $images i32) (param $batch i32) (param $starts i32) (param $ends i32) (param $idx i32) (param $val i32) (param $xs i32)
    (param $wt i32) (param $b i32) (param $out i32) (param $nv i32)
    (local $s i32) (local $img i32) (local $k i32) (local $kstart i32) (local $kend i32) (local $blk i32)
    (local $row i32) (local $o i32) (local $x v128) (local $stride i32) (local $base i32)
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
        (local.set $base (i32.add (local.get $wt) (i32.shl (local.get $blk) (i32.const 4))))
        (local.set $k (local.get $kstart))
        (block $kdone (loop $ks
          (br_if $kdone (i32.ge_u (local.get $k) (local.get $kend)))
          (local.set $x (v128.load32_splat (i32.add (local.get $xs) (i32.shl (i32.load8_u (i32.add (local.get $val) (local.get $k))) (i32.const 2)))))
          (local.set $row (i32.add (local.get $base)
            (i32.mul (i32.load16_u (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 1)))) (local.get $stride))))
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
        (local.set $base (i32.add (local.get $wt) (i32.shl (local.get $blk) (i32.const 4))))
        (local.set $k (local.get $kstart))
        (block $kdone1 (loop $ks1
          (br_if $kdone1 (i32.ge_u (local.get $k) (local.get $kend)))
          (local.set $x (v128.load32_splat (i32.add (local.get $xs) (i32.shl (i32.load8_u (i32.add (local.get $val) (local.get $k))) (i32.const 2)))))
          (local.set $row (i32.add (local.get $base)
            (i32.mul (i32.load16_u (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 1)))) (local.get $stride))))
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

  ;; dWᵀ[p] = Σ_s x_s[p] · dT_s for the pixels p in [plo, phi), visiting the batch's images
  ;; as they are (no inversion): rows [plo, phi) of dwt are zeroed, then each sample in
  ;; order adds x · dT_s into the rows of its nonzero pixels in [starts[n], ends[n]), which
  ;; are in [plo, phi). Each row gets the same sums in the same order (samples in order,
  ;; from 0) as sparse_backward_pixels. For layers of at most 8 vectors: dT_s is held in
  ;; registers and dWᵀ (plo..phi rows) stays in cache; wider ones use the per-pixel lists.
  (func (export "sparse_backward_scatter")
    (param $images i32) (param $batch i32) (param $starts i32) (param $ends i32) (param $idx i32) (param $val i32) (param $xs i32)
    (param $dt i32) (param $nv i32) (param $dwt i32) (param $plo i32) (param $phi i32)
    (local $s i32) (local $img i32) (local $k i32) (local $kstart i32) (local $kend i32) (local $blk i32)
    (local $row i32) (local $o i32) (local $x v128) (local $stride i32) (local $base i32)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128)
    (local $d4 v128) (local $d5 v128) (local $d6 v128) (local $d7 v128)
    (local.set $stride (i32.shl (local.get $nv) (i32.const 4)))
    (memory.fill (i32.add (local.get $dwt) (i32.mul (local.get $plo) (local.get $stride))) (i32.const 0)
      (i32.mul (i32.sub (local.get $phi) (local.get $plo)) (local.get $stride)))
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
        (local.set $base (i32.add (local.get $dwt) (i32.shl (local.get $blk) (i32.const 4))))
        (local.set $k (local.get $kstart))
        (block $kdone (loop $ks
          (br_if $kdone (i32.ge_u (local.get $k) (local.get $kend)))
          (local.set $x (v128.load32_splat (i32.add (local.get $xs) (i32.shl (i32.load8_u (i32.add (local.get $val) (local.get $k))) (i32.const 2)))))
          (local.set $row (i32.add (local.get $base)
            (i32.mul (i32.load16_u (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 1)))) (local.get $stride))))
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
        (local.set $base (i32.add (local.get $dwt) (i32.shl (local.get $blk) (i32.const 4))))
        (local.set $k (local.get $kstart))
        (block $kdone1 (loop $ks1
          (br_if $kdone1 (i32.ge_u (local.get $k) (local.get $kend)))
          (local.set $x (v128.load32_splat (i32.add (local.get $xs) (i32.shl (i32.load8_u (i32.add (local.get $val) (local.get $k))) (i32.const 2)))))
          (local.set $row (i32.add (local.get $base)
            (i32.mul (i32.load16_u (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 1)))) (local.get $stride))))
          (v128.store (local.get $row) (f32x4.add (v128.load (local.get $row)) (f32x4.mul (local.get $d0) (local.get $x))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $ks1)))
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

  ;; The batch's images inverted, for backward: for each pixel p, the batch's samples whose
  ;; image has p nonzero, in sample order, with the pixel's value: entries
  ;; [poff[p], poff[p+1]) of psample (i32 sample numbers) and pval (u8). poff: pixels + 1
  ;; u32. A counting sort: count, prefix sums, then fill (each count's cursor ends at the
  ;; next pixel's start, so the starts are shifted back once at the end).
  (func (export "sparse_transpose")
    (param $images i32) (param $batch i32) (param $offsets i32) (param $idx i32) (param $val i32) (param $pixels i32)
    (param $poff i32) (param $psample i32) (param $pval i32)
    (local $s i32) (local $img i32) (local $k i32) (local $kend i32) (local $p i32) (local $at i32) (local $run i32) (local $n i32)
    (memory.fill (local.get $poff) (i32.const 0) (i32.shl (i32.add (local.get $pixels) (i32.const 1)) (i32.const 2)))
    ;; counts, at poff[p + 1]
    (block $cd (loop $cl
      (br_if $cd (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $img (i32.load (i32.add (local.get $images) (i32.shl (local.get $s) (i32.const 2)))))
      (local.set $k (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $img) (i32.const 2)))))
      (local.set $kend (i32.load offset=4 (i32.add (local.get $offsets) (i32.shl (local.get $img) (i32.const 2)))))
      (block $kd (loop $kl
        (br_if $kd (i32.ge_u (local.get $k) (local.get $kend)))
        (local.set $at (i32.add (local.get $poff)
          (i32.shl (i32.add (i32.load16_u (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 1)))) (i32.const 1)) (i32.const 2))))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $kl)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $cl)))
    ;; prefix sums: poff[p] = the start of pixel p's entries
    (local.set $p (i32.const 1))
    (block $pd (loop $pl
      (br_if $pd (i32.gt_u (local.get $p) (local.get $pixels)))
      (local.set $at (i32.add (local.get $poff) (i32.shl (local.get $p) (i32.const 2))))
      (local.set $run (i32.add (local.get $run) (i32.load (local.get $at))))
      (i32.store (local.get $at) (local.get $run))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $pl)))
    ;; fill, samples in order; poff[p] advances to pixel p + 1's start
    (local.set $s (i32.const 0))
    (block $fd (loop $fl
      (br_if $fd (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $img (i32.load (i32.add (local.get $images) (i32.shl (local.get $s) (i32.const 2)))))
      (local.set $k (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $img) (i32.const 2)))))
      (local.set $kend (i32.load offset=4 (i32.add (local.get $offsets) (i32.shl (local.get $img) (i32.const 2)))))
      (block $kd2 (loop $kl2
        (br_if $kd2 (i32.ge_u (local.get $k) (local.get $kend)))
        (local.set $at (i32.add (local.get $poff) (i32.shl (i32.load16_u (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 1)))) (i32.const 2))))
        (local.set $n (i32.load (local.get $at)))
        (i32.store (i32.add (local.get $psample) (i32.shl (local.get $n) (i32.const 2))) (local.get $s))
        (i32.store8 (i32.add (local.get $pval) (local.get $n)) (i32.load8_u (i32.add (local.get $val) (local.get $k))))
        (i32.store (local.get $at) (i32.add (local.get $n) (i32.const 1)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $kl2)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $fl)))
    ;; shift the starts back: poff[p] = poff[p − 1] (now pixel p − 1's end), poff[0] = 0
    (local.set $p (local.get $pixels))
    (block $sd (loop $sl
      (br_if $sd (i32.eqz (local.get $p)))
      (local.set $at (i32.add (local.get $poff) (i32.shl (local.get $p) (i32.const 2))))
      (i32.store (local.get $at) (i32.load (i32.sub (local.get $at) (i32.const 4))))
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (br $sl)))
    (i32.store (local.get $poff) (i32.const 0))
  )

  ;; dWᵀ[p] = Σ_s x_s[p] · dT_s for the pixels p in [plo, phi), from sparse_transpose's
  ;; lists: each row's sums in registers over its samples in order (the same sums, in the
  ;; same order, as adding each sample into the row), stored once; a row no sample lights is 0.
  (func (export "sparse_backward_pixels")
    (param $poff i32) (param $psample i32) (param $pval i32) (param $xs i32)
    (param $dwt i32) (param $dt i32) (param $nv i32) (param $plo i32) (param $phi i32)
    (local $p i32) (local $k i32) (local $kstart i32) (local $kend i32) (local $blk i32) (local $row i32) (local $d i32)
    (local $x v128) (local $stride i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local.set $stride (i32.shl (local.get $nv) (i32.const 4)))
    (local.set $p (local.get $plo))
    (block $done (loop $pixels
      (br_if $done (i32.ge_u (local.get $p) (local.get $phi)))
      (local.set $row (i32.add (local.get $dwt) (i32.mul (local.get $p) (local.get $stride))))
      (local.set $kstart (i32.load (i32.add (local.get $poff) (i32.shl (local.get $p) (i32.const 2)))))
      (local.set $kend (i32.load offset=4 (i32.add (local.get $poff) (i32.shl (local.get $p) (i32.const 2)))))
      (local.set $blk (i32.const 0))
      (block $b8done (loop $b8
        (br_if $b8done (i32.gt_u (i32.add (local.get $blk) (i32.const 8)) (local.get $nv)))
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $a1 (v128.const f32x4 0 0 0 0))
        (local.set $a2 (v128.const f32x4 0 0 0 0))
        (local.set $a3 (v128.const f32x4 0 0 0 0))
        (local.set $a4 (v128.const f32x4 0 0 0 0))
        (local.set $a5 (v128.const f32x4 0 0 0 0))
        (local.set $a6 (v128.const f32x4 0 0 0 0))
        (local.set $a7 (v128.const f32x4 0 0 0 0))
        (local.set $k (local.get $kstart))
        (block $kdone (loop $ks
          (br_if $kdone (i32.ge_u (local.get $k) (local.get $kend)))
          (local.set $x (v128.load32_splat (i32.add (local.get $xs) (i32.shl (i32.load8_u (i32.add (local.get $pval) (local.get $k))) (i32.const 2)))))
          (local.set $d (i32.add (i32.add (local.get $dt)
            (i32.mul (i32.load (i32.add (local.get $psample) (i32.shl (local.get $k) (i32.const 2)))) (local.get $stride)))
            (i32.shl (local.get $blk) (i32.const 4))))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load offset=0 (local.get $d)) (local.get $x))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load offset=16 (local.get $d)) (local.get $x))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load offset=32 (local.get $d)) (local.get $x))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load offset=48 (local.get $d)) (local.get $x))))
          (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (v128.load offset=64 (local.get $d)) (local.get $x))))
          (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (v128.load offset=80 (local.get $d)) (local.get $x))))
          (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (v128.load offset=96 (local.get $d)) (local.get $x))))
          (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (v128.load offset=112 (local.get $d)) (local.get $x))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $ks)))
        (local.set $d (i32.add (local.get $row) (i32.shl (local.get $blk) (i32.const 4))))
        (v128.store offset=0 (local.get $d) (local.get $a0))
        (v128.store offset=16 (local.get $d) (local.get $a1))
        (v128.store offset=32 (local.get $d) (local.get $a2))
        (v128.store offset=48 (local.get $d) (local.get $a3))
        (v128.store offset=64 (local.get $d) (local.get $a4))
        (v128.store offset=80 (local.get $d) (local.get $a5))
        (v128.store offset=96 (local.get $d) (local.get $a6))
        (v128.store offset=112 (local.get $d) (local.get $a7))
        (local.set $blk (i32.add (local.get $blk) (i32.const 8)))
        (br $b8)))
      (block $b1done (loop $b1
        (br_if $b1done (i32.ge_u (local.get $blk) (local.get $nv)))
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $k (local.get $kstart))
        (block $kdone1 (loop $ks1
          (br_if $kdone1 (i32.ge_u (local.get $k) (local.get $kend)))
          (local.set $x (v128.load32_splat (i32.add (local.get $xs) (i32.shl (i32.load8_u (i32.add (local.get $pval) (local.get $k))) (i32.const 2)))))
          (local.set $d (i32.add (i32.add (local.get $dt)
            (i32.mul (i32.load (i32.add (local.get $psample) (i32.shl (local.get $k) (i32.const 2)))) (local.get $stride)))
            (i32.shl (local.get $blk) (i32.const 4))))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $d)) (local.get $x))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $ks1)))
        (v128.store (i32.add (local.get $row) (i32.shl (local.get $blk) (i32.const 4))) (local.get $a0))
        (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
        (br $b1)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $pixels)))
  )

  ;; ---- the images' nonzero pixels (SparseImages.fromPixels), 16 pixel bytes at a time ----

  ;; The nonzero bytes of [src, src + bytes). Reads up to 15 bytes past the end (never counted).
  (func (export "count_nonzero") (param $src i32) (param $bytes i32) (result i32)
    (local $end i32) (local $m i32) (local $n i32)
    (local.set $end (i32.add (local.get $src) (local.get $bytes)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
      (local.set $m (i8x16.bitmask (i8x16.ne (v128.load (local.get $src)) (v128.const i32x4 0 0 0 0))))
      (if (i32.lt_u (i32.sub (local.get $end) (local.get $src)) (i32.const 16))
        (then (local.set $m (i32.and (local.get $m)
          (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $end) (local.get $src))) (i32.const 1))))))
      (local.set $n (i32.add (local.get $n) (i32.popcnt (local.get $m))))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (br $l)))
    (local.get $n)
  )

  ;; Appends the nonzero pixels p in [from, to) of the image at $img (pixel bytes) as entries
  ;; idx (u16 p) and val (u8) from entry n, in pixel order; returns the next entry.
  (func $compact_range (param $img i32) (param $from i32) (param $to i32) (param $idx i32) (param $val i32) (param $n i32) (result i32)
    (local $p i32) (local $m i32) (local $j i32)
    (local.set $p (local.get $from))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $p) (local.get $to)))
      (local.set $m (i8x16.bitmask (i8x16.ne (v128.load (i32.add (local.get $img) (local.get $p))) (v128.const i32x4 0 0 0 0))))
      (if (i32.lt_u (i32.sub (local.get $to) (local.get $p)) (i32.const 16))
        (then (local.set $m (i32.and (local.get $m)
          (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $to) (local.get $p))) (i32.const 1))))))
      (block $bits (loop $b
        (br_if $bits (i32.eqz (local.get $m)))
        (local.set $j (i32.add (local.get $p) (i32.ctz (local.get $m))))
        (i32.store16 (i32.add (local.get $idx) (i32.shl (local.get $n) (i32.const 1))) (local.get $j))
        (i32.store8 (i32.add (local.get $val) (local.get $n)) (i32.load8_u (i32.add (local.get $img) (local.get $j))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
        (br $b)))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $l)))
    (local.get $n)
  )

  ;; For each of `count` images of `pixels` bytes at src: offsets[i] = its first entry,
  ;; middles[i] = its first entry at or past pixel `middle`, its nonzero pixels appended from
  ;; entry n (see $compact_range). Returns the next entry. Reads up to 15 bytes past the images.
  (func (export "compact_images") (param $src i32) (param $count i32) (param $pixels i32) (param $middle i32)
    (param $idx i32) (param $val i32) (param $n i32) (param $offsets i32) (param $middles i32) (result i32)
    (local $i i32) (local $img i32)
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
      (local.set $img (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $pixels))))
      (i32.store (i32.add (local.get $offsets) (i32.shl (local.get $i) (i32.const 2))) (local.get $n))
      (local.set $n (call $compact_range (local.get $img) (i32.const 0) (local.get $middle) (local.get $idx) (local.get $val) (local.get $n)))
      (i32.store (i32.add (local.get $middles) (i32.shl (local.get $i) (i32.const 2))) (local.get $n))
      (local.set $n (call $compact_range (local.get $img) (local.get $middle) (local.get $pixels) (local.get $idx) (local.get $val) (local.get $n)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (local.get $n)
  )
