  ;; ---- dropout: the mask, drawn from the run's PRNG, and elementwise products ----

  ;; mask[s][j] = 1 if the next xoshiro128** output (as an unsigned 32-bit integer) is
  ;; ≥ threshold, else 0 (threshold = floor(ρ · 2^32), so a node drops with probability ρ); for
  ;; the samples in order, units j < units in order; pad lanes 0. The PRNG's 4 state words
  ;; are read from and written back to `state`: the same stream as Rng.nextU32 (prng.ts).
  (func (export "dropout_mask")
    (param $state i32) (param $mask i32) (param $batch i32) (param $nv i32) (param $units i32) (param $threshold i32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $t i32) (local $r i32)
    (local $s i32) (local $j i32) (local $lanes i32) (local $at i32)
    (local.set $s0 (i32.load offset=0 (local.get $state)))
    (local.set $s1 (i32.load offset=4 (local.get $state)))
    (local.set $s2 (i32.load offset=8 (local.get $state)))
    (local.set $s3 (i32.load offset=12 (local.get $state)))
    (local.set $lanes (i32.shl (local.get $nv) (i32.const 2)))
    (local.set $at (local.get $mask))
    (block $done (loop $samples
      (br_if $done (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $j (i32.const 0))
      (block $jd (loop $jl
        (br_if $jd (i32.ge_u (local.get $j) (local.get $lanes)))
        (if (i32.lt_u (local.get $j) (local.get $units))
          (then
            ;; r = rotl(s1 · 5, 7) · 9, then the state steps
            (local.set $r (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
            (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
            (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
            (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
            (f32.store (local.get $at) (select (f32.const 1) (f32.const 0) (i32.ge_u (local.get $r) (local.get $threshold)))))
          (else (f32.store (local.get $at) (f32.const 0))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jl)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples)))
    (i32.store offset=0 (local.get $state) (local.get $s0))
    (i32.store offset=4 (local.get $state) (local.get $s1))
    (i32.store offset=8 (local.get $state) (local.get $s2))
    (i32.store offset=12 (local.get $state) (local.get $s3))
  )

  ;; out = a ⊙ b over n floats (n a multiple of 4): the mask applied, forward and backward
  (func (export "mul") (param $a i32) (param $b i32) (param $out i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
      (v128.store (local.get $out) (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b))))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (br $l)))
  )

  ;; out = c · a over n floats (n a multiple of 4): evaluation's (1 − ρ)
  (func (export "scale") (param $a i32) (param $c f32) (param $out i32) (param $n i32)
    (local $end i32) (local $k v128)
    (local.set $k (f32x4.splat (local.get $c)))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
      (v128.store (local.get $out) (f32x4.mul (v128.load (local.get $a)) (local.get $k)))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (br $l)))
  )
