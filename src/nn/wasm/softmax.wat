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
