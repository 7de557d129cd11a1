  ;; ---- elementwise updates over n floats (n a multiple of 4) ----

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

  ;; plain SGD: v ← v − lr·g
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
