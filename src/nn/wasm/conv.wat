  ;; ---- conv and pool: layers over feature maps (conv.ts, pool.ts, image-input.ts) ----
  ;;
  ;; Feature maps: one row per sample in HWC order, position p = y·W + x, channel c at float
  ;; p·cs + c; cs (the channel stride) is vectors(C)·4 for a layer's output (pad channels
  ;; C..cs−1 hold 0) and C for the image input. A sample's row is inRow floats (P·cs for a
  ;; feature map, vectors(P·C)·4 for an image), the batch's rows contiguous.
  ;;
  ;; A convolution is im2col, then dense.wat's products over the B·P_out rows of cols (conv.ts),
  ;; a chunk of samples at a time (conv_forward, conv_weight_gradient, conv_input_gradient):
  ;; cols row r = s·P_out + oy·outW + ox holds the k × k × C patch of output position (oy, ox)
  ;; in (dy, dx, c) order, K = k·k·C floats used of Kpad = vectors(K)·4 (pad floats stay 0).
  ;;
  ;; Geometry is passed as a pointer g to i32 fields the layer writes once:
  ;;   conv (im2col, col2im):  [0] H  [1] W  [2] C  [3] cs  [4] k  [5] stride  [6] padding
  ;;                           [7] outH  [8] outW  [9] Kpad (floats)  [10] inRow (floats)
  ;;                           [11] relu: conv_forward's output is max(0, t) (the layer's fused activation)
  ;;   pool:                   [0] H  [1] W  [2] C  [3] cs  [4] size  [5] stride
  ;;                           [6] outH  [7] outW  [8] inRow (floats)  [9] outRow (floats)
  ;; (a pool's output keeps its input's cs; rows are vectors(P·cs)·4 floats, the tail 0)
  ;; Every kernel here works on `batch` samples starting at the rows its pointers give, and
  ;; writes only those samples' rows, so a caller splits it over samples; but
  ;; conv_weight_gradient, whose every output sums over all samples, splits over ∂Wᵀ's rows.

  ;; dst[0..n) = src[0..n), floats (a vector at a time, then one at a time)
  (func $conv_copy (param $dst i32) (param $src i32) (param $n i32)
    (block $vd (loop $v
      (br_if $vd (i32.lt_s (local.get $n) (i32.const 4)))
      (v128.store (local.get $dst) (v128.load (local.get $src)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (local.set $n (i32.sub (local.get $n) (i32.const 4)))
      (br $v)))
    (block $sd (loop $s
      (br_if $sd (i32.le_s (local.get $n) (i32.const 0)))
      (f32.store (local.get $dst) (f32.load (local.get $src)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (local.set $src (i32.add (local.get $src) (i32.const 4)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $s)))
  )

  ;; dst[0..n) = 0, floats
  (func $conv_zero (param $dst i32) (param $n i32)
    (block $vd (loop $v
      (br_if $vd (i32.lt_s (local.get $n) (i32.const 4)))
      (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (local.set $n (i32.sub (local.get $n) (i32.const 4)))
      (br $v)))
    (block $sd (loop $s
      (br_if $sd (i32.le_s (local.get $n) (i32.const 0)))
      (f32.store (local.get $dst) (f32.const 0))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $s)))
  )

  ;; dst[i] += src[i] for i < n (each element once: vectorising changes no sum)
  (func $conv_accumulate (param $dst i32) (param $src i32) (param $n i32)
    (block $vd (loop $v
      (br_if $vd (i32.lt_s (local.get $n) (i32.const 4)))
      (v128.store (local.get $dst) (f32x4.add (v128.load (local.get $dst)) (v128.load (local.get $src))))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (local.set $n (i32.sub (local.get $n) (i32.const 4)))
      (br $v)))
    (block $sd (loop $s
      (br_if $sd (i32.le_s (local.get $n) (i32.const 0)))
      (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (local.set $src (i32.add (local.get $src) (i32.const 4)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $s)))
  )

  ;; cols[r][(dy·k + dx)·C + c] = x[s][(iy·W + ix)·cs + c], iy = oy·stride + dy − padding,
  ;; ix = ox·stride + dx − padding, or 0 outside the image; for the batch samples starting
  ;; at x (sample rows inRow floats) and cols (rows Kpad floats). Writes every float of each
  ;; row, its pad floats 0 (the layer's chunk buffers also hold other layouts between
  ;; calls: conv_weight_gradient's narrower rows, conv_input_gradient's ∂cols): it is
  ;; conv_im2col_range over all K entries.
  (func $conv_im2col (export "conv_im2col") (param $g i32) (param $x i32) (param $cols i32) (param $batch i32)
    (call $conv_im2col_range (local.get $g) (local.get $x) (local.get $cols) (local.get $batch) (i32.const 0)
      (i32.mul (i32.mul (i32.load offset=16 (local.get $g)) (i32.load offset=16 (local.get $g))) (i32.load offset=8 (local.get $g))))
  )

  ;; The transpose of im2col, for ∂E/∂x: the batch samples' rows of dx (inRow floats each)
  ;; zeroed, then dx[s][(iy·W + ix)·cs + c] += dcols[r][(dy·k + dx)·C + c] for r ascending,
  ;; then the patch entry ascending (entries outside the image dropped). Each element's sum
  ;; runs in that order whatever the batch's split; pad channels are never written (0).
  ;; Loops as conv_im2col_range's: an output row oy, then a patch row dy (its input row iy
  ;; once), then ox, so that one input row takes the additions of an output row's positions
  ;; in turn. The order of each element's additions is the one above: an element of input
  ;; row iy gets, from output row oy, only the patch row dy = iy + padding − oy·stride, so
  ;; within oy its additions come in ox order, and the oy are in order.
  (func $conv_col2im (export "conv_col2im") (param $g i32) (param $dcols i32) (param $dxp i32) (param $batch i32)
    (local $h i32) (local $w i32) (local $c i32) (local $cs i32) (local $k i32) (local $st i32) (local $pad i32)
    (local $oh i32) (local $ow i32) (local $rowB i32) (local $inB i32) (local $kc i32) (local $contig i32)
    (local $s i32) (local $oy i32) (local $ox i32) (local $dy i32) (local $dx i32) (local $iy i32) (local $x0 i32)
    (local $lo i32) (local $hi i32) (local $src i32) (local $dst i32) (local $rowY i32) (local $row i32) (local $dyB i32)
    (local $n i32) (local $o i32)
    (local.set $h (i32.load offset=0 (local.get $g)))
    (local.set $w (i32.load offset=4 (local.get $g)))
    (local.set $c (i32.load offset=8 (local.get $g)))
    (local.set $cs (i32.load offset=12 (local.get $g)))
    (local.set $k (i32.load offset=16 (local.get $g)))
    (local.set $st (i32.load offset=20 (local.get $g)))
    (local.set $pad (i32.load offset=24 (local.get $g)))
    (local.set $oh (i32.load offset=28 (local.get $g)))
    (local.set $ow (i32.load offset=32 (local.get $g)))
    (local.set $rowB (i32.shl (i32.load offset=36 (local.get $g)) (i32.const 2)))
    (local.set $inB (i32.shl (i32.load offset=40 (local.get $g)) (i32.const 2)))
    (local.set $kc (i32.mul (local.get $k) (local.get $c)))
    (local.set $contig (i32.eq (local.get $c) (local.get $cs)))
    (memory.fill (local.get $dxp) (i32.const 0) (i32.mul (local.get $batch) (local.get $inB)))
    (local.set $rowY (local.get $dcols))
    (block $sdone (loop $samples
      (br_if $sdone (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $oy (i32.const 0))
      (block $ydone (loop $ys
        (br_if $ydone (i32.ge_u (local.get $oy) (local.get $oh)))
        (local.set $dy (i32.const 0))
        (block $dydone (loop $dys
          (br_if $dydone (i32.ge_u (local.get $dy) (local.get $k)))
          (local.set $iy (i32.sub (i32.add (i32.mul (local.get $oy) (local.get $st)) (local.get $dy)) (local.get $pad)))
          (if (i32.lt_u (local.get $iy) (local.get $h)) (then
            (local.set $dyB (i32.shl (i32.mul (local.get $dy) (local.get $kc)) (i32.const 2)))
            (local.set $row (local.get $rowY))
            (local.set $ox (i32.const 0))
            (block $xdone (loop $xs
              (br_if $xdone (i32.ge_u (local.get $ox) (local.get $ow)))
              (local.set $x0 (i32.sub (i32.mul (local.get $ox) (local.get $st)) (local.get $pad)))
              (local.set $lo (i32.sub (i32.const 0) (local.get $x0)))
              (if (i32.lt_s (local.get $lo) (i32.const 0)) (then (local.set $lo (i32.const 0))))
              (if (i32.gt_s (local.get $lo) (local.get $k)) (then (local.set $lo (local.get $k))))
              (local.set $hi (i32.sub (local.get $w) (local.get $x0)))
              (if (i32.gt_s (local.get $hi) (local.get $k)) (then (local.set $hi (local.get $k))))
              (if (i32.lt_s (local.get $hi) (local.get $lo)) (then (local.set $hi (local.get $lo))))
              (local.set $src (i32.add (i32.add (local.get $row) (local.get $dyB)) (i32.shl (i32.mul (local.get $lo) (local.get $c)) (i32.const 2))))
              (local.set $dst (i32.add (local.get $dxp) (i32.shl (i32.mul (i32.add (i32.mul (local.get $iy) (local.get $w))
                (i32.add (local.get $x0) (local.get $lo))) (local.get $cs)) (i32.const 2))))
              (local.set $n (i32.shl (i32.mul (i32.sub (local.get $hi) (local.get $lo)) (local.get $c)) (i32.const 2)))
              (if (i32.and (local.get $contig) (i32.eqz (i32.and (local.get $n) (i32.const 15))))
                (then
                  ;; whole vectors, adjacent (each element once: the same sums as conv_accumulate's)
                  (local.set $o (i32.const 0))
                  (block $vdone (loop $vs
                    (br_if $vdone (i32.ge_u (local.get $o) (local.get $n)))
                    (v128.store (i32.add (local.get $dst) (local.get $o))
                      (f32x4.add (v128.load (i32.add (local.get $dst) (local.get $o))) (v128.load (i32.add (local.get $src) (local.get $o)))))
                    (local.set $o (i32.add (local.get $o) (i32.const 16)))
                    (br $vs))))
                (else (if (local.get $contig)
                  (then (call $conv_accumulate (local.get $dst) (local.get $src) (i32.shr_u (local.get $n) (i32.const 2))))
                  (else
                    (local.set $dx (local.get $lo))
                    (block $dxdone (loop $dxs
                      (br_if $dxdone (i32.ge_u (local.get $dx) (local.get $hi)))
                      (call $conv_accumulate (local.get $dst) (local.get $src) (local.get $c))
                      (local.set $src (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 2))))
                      (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $cs) (i32.const 2))))
                      (local.set $dx (i32.add (local.get $dx) (i32.const 1)))
                      (br $dxs)))))))
              (local.set $row (i32.add (local.get $row) (local.get $rowB)))
              (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
              (br $xs)))))
          (local.set $dy (i32.add (local.get $dy) (i32.const 1)))
          (br $dys)))
        (local.set $rowY (i32.add (local.get $rowY) (i32.mul (local.get $ow) (local.get $rowB))))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $ys)))
      (local.set $dxp (i32.add (local.get $dxp) (local.get $inB)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples)))
  )

  ;; Max pooling, y[s][o·cs + c] = max over the window of x[s][p·cs + c], o = oy·outW + ox,
  ;; the window's positions p = (oy·stride + dy)·W + ox·stride + dx in row-major (dy, dx)
  ;; order; arg (i32, laid out as y) gets the float index p·cs + c within the sample's row of
  ;; the maximum. Tie rule: a later entry replaces the best only when strictly greater, so
  ;; the FIRST maximum in (dy, dx) order wins (and a NaN never replaces one). Vectorised over
  ;; the cs channels of a position (pad channels: max of zeros, 0) when cs is whole vectors;
  ;; else (maps in the image's layout, cs = C, rows padded at their end) channel by channel.
  (func $pool_max_forward (export "pool_max_forward") (param $g i32) (param $x i32) (param $y i32) (param $arg i32) (param $batch i32)
    (local $w i32) (local $cs i32) (local $size i32) (local $st i32) (local $oh i32) (local $ow i32) (local $inB i32) (local $outB i32)
    (local $s i32) (local $oy i32) (local $ox i32) (local $v i32) (local $dy i32) (local $dx i32) (local $i i32) (local $o i32)
    (local $best v128) (local $idx v128) (local $val v128) (local $m v128)
    (local.set $w (i32.load offset=4 (local.get $g)))
    (local.set $cs (i32.load offset=12 (local.get $g)))
    (local.set $size (i32.load offset=16 (local.get $g)))
    (local.set $st (i32.load offset=20 (local.get $g)))
    (local.set $oh (i32.load offset=24 (local.get $g)))
    (local.set $ow (i32.load offset=28 (local.get $g)))
    (local.set $inB (i32.shl (i32.load offset=32 (local.get $g)) (i32.const 2)))
    (local.set $outB (i32.shl (i32.load offset=36 (local.get $g)) (i32.const 2)))
    (if (i32.and (local.get $cs) (i32.const 3)) (then
      (call $pool_max_forward_scalar (local.get $g) (local.get $x) (local.get $y) (local.get $arg) (local.get $batch))
      (return)))
    (block $sdone (loop $samples
      (br_if $sdone (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $o (i32.const 0))
      (local.set $oy (i32.const 0))
      (block $ydone (loop $ys
        (br_if $ydone (i32.ge_u (local.get $oy) (local.get $oh)))
        (local.set $ox (i32.const 0))
        (block $xdone (loop $xs
          (br_if $xdone (i32.ge_u (local.get $ox) (local.get $ow)))
          (local.set $v (i32.const 0))
          (block $vdone (loop $vs
            (br_if $vdone (i32.ge_u (local.get $v) (local.get $cs)))
            ;; the window's first entry (dy = dx = 0), then the others in order
            (local.set $i (i32.add (i32.mul (i32.add (i32.mul (i32.mul (local.get $oy) (local.get $st)) (local.get $w))
              (i32.mul (local.get $ox) (local.get $st))) (local.get $cs)) (local.get $v)))
            (local.set $best (v128.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $idx (i32x4.add (i32x4.splat (local.get $i)) (v128.const i32x4 0 1 2 3)))
            (local.set $dy (i32.const 0))
            (block $dydone (loop $dys
              (br_if $dydone (i32.ge_u (local.get $dy) (local.get $size)))
              (local.set $dx (i32.const 0))
              (block $dxdone (loop $dxs
                (br_if $dxdone (i32.ge_u (local.get $dx) (local.get $size)))
                (local.set $i (i32.add (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $oy) (local.get $st)) (local.get $dy)) (local.get $w))
                  (i32.add (i32.mul (local.get $ox) (local.get $st)) (local.get $dx))) (local.get $cs)) (local.get $v)))
                (local.set $val (v128.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))))
                (local.set $m (f32x4.gt (local.get $val) (local.get $best)))
                (local.set $best (v128.bitselect (local.get $val) (local.get $best) (local.get $m)))
                (local.set $idx (v128.bitselect (i32x4.add (i32x4.splat (local.get $i)) (v128.const i32x4 0 1 2 3)) (local.get $idx) (local.get $m)))
                (local.set $dx (i32.add (local.get $dx) (i32.const 1)))
                (br $dxs)))
              (local.set $dy (i32.add (local.get $dy) (i32.const 1)))
              (br $dys)))
            (v128.store (i32.add (local.get $y) (i32.shl (local.get $o) (i32.const 2))) (local.get $best))
            (v128.store (i32.add (local.get $arg) (i32.shl (local.get $o) (i32.const 2))) (local.get $idx))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (local.set $v (i32.add (local.get $v) (i32.const 4)))
            (br $vs)))
          (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
          (br $xs)))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $ys)))
      (local.set $x (i32.add (local.get $x) (local.get $inB)))
      (local.set $y (i32.add (local.get $y) (local.get $outB)))
      (local.set $arg (i32.add (local.get $arg) (local.get $outB)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples)))
  )

;; pool_max_forward for a channel stride that is not whole vectors (maps in the image's
  ;; layout, cs = C): one channel at a time, the same rule (strictly greater replaces).
  (func $pool_max_forward_scalar (param $g i32) (param $x i32) (param $y i32) (param $arg i32) (param $batch i32)
    (local $w i32) (local $cs i32) (local $size i32) (local $st i32) (local $oh i32) (local $ow i32) (local $inB i32) (local $outB i32)
    (local $s i32) (local $oy i32) (local $ox i32) (local $ch i32) (local $dy i32) (local $dx i32) (local $i i32) (local $o i32)
    (local $best f32) (local $idx i32) (local $val f32)
    (local.set $w (i32.load offset=4 (local.get $g)))
    (local.set $cs (i32.load offset=12 (local.get $g)))
    (local.set $size (i32.load offset=16 (local.get $g)))
    (local.set $st (i32.load offset=20 (local.get $g)))
    (local.set $oh (i32.load offset=24 (local.get $g)))
    (local.set $ow (i32.load offset=28 (local.get $g)))
    (local.set $inB (i32.shl (i32.load offset=32 (local.get $g)) (i32.const 2)))
    (local.set $outB (i32.shl (i32.load offset=36 (local.get $g)) (i32.const 2)))
    (block $sdone (loop $samples
      (br_if $sdone (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $o (i32.const 0))
      (local.set $oy (i32.const 0))
      (block $ydone (loop $ys
        (br_if $ydone (i32.ge_u (local.get $oy) (local.get $oh)))
        (local.set $ox (i32.const 0))
        (block $xdone (loop $xs
          (br_if $xdone (i32.ge_u (local.get $ox) (local.get $ow)))
          (local.set $ch (i32.const 0))
          (block $cdone (loop $chs
            (br_if $cdone (i32.ge_u (local.get $ch) (local.get $cs)))
            (local.set $idx (i32.add (i32.mul (i32.add (i32.mul (i32.mul (local.get $oy) (local.get $st)) (local.get $w))
              (i32.mul (local.get $ox) (local.get $st))) (local.get $cs)) (local.get $ch)))
            (local.set $best (f32.load (i32.add (local.get $x) (i32.shl (local.get $idx) (i32.const 2)))))
            (local.set $dy (i32.const 0))
            (block $dydone (loop $dys
              (br_if $dydone (i32.ge_u (local.get $dy) (local.get $size)))
              (local.set $dx (i32.const 0))
              (block $dxdone (loop $dxs
                (br_if $dxdone (i32.ge_u (local.get $dx) (local.get $size)))
                (local.set $i (i32.add (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $oy) (local.get $st)) (local.get $dy)) (local.get $w))
                  (i32.add (i32.mul (local.get $ox) (local.get $st)) (local.get $dx))) (local.get $cs)) (local.get $ch)))
                (local.set $val (f32.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))))
                (if (f32.gt (local.get $val) (local.get $best)) (then
                  (local.set $best (local.get $val))
                  (local.set $idx (local.get $i))))
                (local.set $dx (i32.add (local.get $dx) (i32.const 1)))
                (br $dxs)))
              (local.set $dy (i32.add (local.get $dy) (i32.const 1)))
              (br $dys)))
            (f32.store (i32.add (local.get $y) (i32.shl (local.get $o) (i32.const 2))) (local.get $best))
            (i32.store (i32.add (local.get $arg) (i32.shl (local.get $o) (i32.const 2))) (local.get $idx))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
            (br $chs)))
          (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
          (br $xs)))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $ys)))
      (local.set $x (i32.add (local.get $x) (local.get $inB)))
      (local.set $y (i32.add (local.get $y) (local.get $outB)))
      (local.set $arg (i32.add (local.get $arg) (local.get $outB)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples)))
  )

  ;; ∂E/∂x of max pooling: the batch samples' rows of dx zeroed, then for each output element
  ;; in order (o, then c < C) dx[s][arg] += dy[s][o·cs + c]. Pad channels are not read.
  (func $pool_max_backward (export "pool_max_backward") (param $g i32) (param $dy i32) (param $arg i32) (param $dx i32) (param $batch i32)
    (local $c i32) (local $cs i32) (local $positions i32) (local $inB i32) (local $outB i32)
    (local $s i32) (local $o i32) (local $ch i32) (local $j i32) (local $a i32)
    (local.set $c (i32.load offset=8 (local.get $g)))
    (local.set $cs (i32.load offset=12 (local.get $g)))
    (local.set $positions (i32.mul (i32.load offset=24 (local.get $g)) (i32.load offset=28 (local.get $g))))
    (local.set $inB (i32.shl (i32.load offset=32 (local.get $g)) (i32.const 2)))
    (local.set $outB (i32.shl (i32.load offset=36 (local.get $g)) (i32.const 2)))
    (memory.fill (local.get $dx) (i32.const 0) (i32.mul (local.get $batch) (local.get $inB)))
    (block $sdone (loop $samples
      (br_if $sdone (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $o (i32.const 0))
      (block $odone (loop $os
        (br_if $odone (i32.ge_u (local.get $o) (local.get $positions)))
        (local.set $ch (i32.const 0))
        (block $cdone (loop $cs_
          (br_if $cdone (i32.ge_u (local.get $ch) (local.get $c)))
          (local.set $j (i32.shl (i32.add (i32.mul (local.get $o) (local.get $cs)) (local.get $ch)) (i32.const 2)))
          (local.set $a (i32.add (local.get $dx) (i32.shl (i32.load (i32.add (local.get $arg) (local.get $j))) (i32.const 2))))
          (f32.store (local.get $a) (f32.add (f32.load (local.get $a)) (f32.load (i32.add (local.get $dy) (local.get $j)))))
          (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
          (br $cs_)))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (br $os)))
      (local.set $dy (i32.add (local.get $dy) (local.get $outB)))
      (local.set $arg (i32.add (local.get $arg) (local.get $outB)))
      (local.set $dx (i32.add (local.get $dx) (local.get $inB)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples)))
  )

  ;; The batch's images as HWC float rows: image idx[s] is `channels` planes of `pixels` bytes
  ;; at images + idx[s]·channels·pixels (byte c·pixels + p), and
  ;; out[s][p·channels + c] = xs[byte] (xs: 256 float32); each row `row` floats, the floats
  ;; past pixels·channels set to 0.
  (func $image_gather (export "image_gather")
    (param $images i32) (param $idx i32) (param $batch i32) (param $pixels i32) (param $channels i32) (param $xs i32) (param $out i32) (param $row i32)
    (local $s i32) (local $src i32) (local $p i32) (local $c i32) (local $o i32) (local $plane i32) (local $used i32)
    (local.set $used (i32.mul (local.get $pixels) (local.get $channels)))
    (block $sdone (loop $samples
      (br_if $sdone (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $src (i32.add (local.get $images)
        (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl (local.get $s) (i32.const 2)))) (local.get $used))))
      (local.set $c (i32.const 0))
      (block $cdone (loop $planes
        (br_if $cdone (i32.ge_u (local.get $c) (local.get $channels)))
        (local.set $plane (i32.add (local.get $src) (i32.mul (local.get $c) (local.get $pixels))))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))))
        (local.set $p (i32.const 0))
        (block $pdone (loop $ps
          (br_if $pdone (i32.ge_u (local.get $p) (local.get $pixels)))
          (f32.store (local.get $o) (f32.load (i32.add (local.get $xs) (i32.shl (i32.load8_u (i32.add (local.get $plane) (local.get $p))) (i32.const 2)))))
          (local.set $o (i32.add (local.get $o) (i32.shl (local.get $channels) (i32.const 2))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $ps)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $planes)))
      (call $conv_zero (i32.add (local.get $out) (i32.shl (local.get $used) (i32.const 2))) (i32.sub (local.get $row) (local.get $used)))
      (local.set $out (i32.add (local.get $out) (i32.shl (local.get $row) (i32.const 2))))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples)))
  )

  ;; dWᵀ[i] = Σ_r x[r][i] · dT[r], r in order (overwriting), for the nin input rows starting
  ;; at x's column and dwt's row: dense_backward_weights' arguments and bits (each sum is 0,
  ;; then + x[r][i]·dT[r] for r ascending, in one f32x4 lane), but over the rows in chunks
  ;; of `chunk`, each chunk's sums taken up from where the last one stored them (a float32
  ;; store and load change nothing), so that a chunk's rows of x and dT stay in cache while
  ;; every tile of dWᵀ passes over them. Tiles of 2 rows × 4 vectors (registers as dense.wat's
  ;; 2 × 4); a tile with 1 row or fewer vectors computes the others into sums it never
  ;; stores, reading (never writing) up to 3 vectors past a dT row and 1 float past an x row.
  (func $conv_backward_weights (export "conv_backward_weights")
    (param $x i32) (param $nvIn i32) (param $nin i32) (param $rows i32) (param $dt i32) (param $nv i32) (param $dwt i32) (param $chunk i32)
    ;; no rows: dWᵀ = 0, as dense_backward_weights leaves it
    (if (i32.eqz (local.get $rows)) (then
      (memory.fill (local.get $dwt) (i32.const 0) (i32.mul (local.get $nin) (i32.shl (local.get $nv) (i32.const 4))))
      (return)))
    (call $conv_dw_rows (local.get $x) (local.get $nvIn) (local.get $nin) (local.get $rows) (local.get $dt) (local.get $nv)
      (local.get $dwt) (local.get $chunk) (i32.const 1))
  )

  ;; conv_backward_weights' passes over rows ≥ 1 rows: the sums from 0 when `first`, else
  ;; taken up from the values dWᵀ holds (a previous call's, over the rows before these), so
  ;; that calls over consecutive runs of rows give one call's bits.
  (func $conv_dw_rows
    (param $x i32) (param $nvIn i32) (param $nin i32) (param $rows i32) (param $dt i32) (param $nv i32) (param $dwt i32) (param $chunk i32) (param $first i32)
    (local $r0 i32) (local $n i32) (local $i i32) (local $v i32) (local $xRow i32) (local $dRow i32)
    (local.set $xRow (i32.shl (local.get $nvIn) (i32.const 4)))
    (local.set $dRow (i32.shl (local.get $nv) (i32.const 4)))
    (block $cdone (loop $chunks
      (br_if $cdone (i32.ge_u (local.get $r0) (local.get $rows)))
      (local.set $n (i32.sub (local.get $rows) (local.get $r0)))
      (if (i32.gt_u (local.get $n) (local.get $chunk)) (then (local.set $n (local.get $chunk))))
      (local.set $i (i32.const 0))
      (block $idone (loop $is
        (br_if $idone (i32.ge_u (local.get $i) (local.get $nin)))
        (local.set $v (i32.const 0))
        (block $vdone (loop $vs
          (br_if $vdone (i32.ge_u (local.get $v) (local.get $nv)))
          (call $conv_dw_tile
            (i32.add (i32.add (local.get $x) (i32.mul (local.get $r0) (local.get $xRow))) (i32.shl (local.get $i) (i32.const 2)))
            (local.get $xRow)
            (i32.add (i32.add (local.get $dt) (i32.mul (local.get $r0) (local.get $dRow))) (i32.shl (local.get $v) (i32.const 4)))
            (local.get $dRow) (local.get $n)
            (i32.add (i32.add (local.get $dwt) (i32.mul (local.get $i) (local.get $dRow))) (i32.shl (local.get $v) (i32.const 4)))
            (local.get $dRow)
            (select (i32.const 2) (i32.const 1) (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $nin)))
            (select (i32.const 4) (i32.sub (local.get $nv) (local.get $v)) (i32.ge_u (i32.sub (local.get $nv) (local.get $v)) (i32.const 4)))
            (local.get $first))
          (local.set $v (i32.add (local.get $v) (i32.const 4)))
          (br $vs)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $is)))
      (local.set $first (i32.const 0))
      (local.set $r0 (i32.add (local.get $r0) (local.get $n)))
      (br $chunks)))
  )

  ;; C[j][v] (+)= Σ_r A[r][j] · B[r][v] for j < tileRows (1, 2), v < width (1..4): A[r][j] the
  ;; float at a + r·aRow + 4j, B[r] the row at b + r·bRow, C's rows cRow apart; from 0 when
  ;; `first`, else from C's stored values (only the stored ones are loaded).
  (func $conv_dw_tile
    (param $a i32) (param $aRow i32) (param $b i32) (param $bRow i32) (param $n i32) (param $c i32) (param $cRow i32)
    (param $tileRows i32) (param $width i32) (param $first i32)
    (local $end i32) (local $x v128) (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128) (local $c1 i32)
    (local $c00 v128) (local $c01 v128) (local $c02 v128) (local $c03 v128) (local $c10 v128) (local $c11 v128) (local $c12 v128) (local $c13 v128)
    (local.set $c1 (i32.add (local.get $c) (local.get $cRow)))
    (if (i32.eqz (local.get $first)) (then
      (local.set $c00 (v128.load offset=0 (local.get $c)))
      (if (i32.gt_u (local.get $width) (i32.const 1)) (then (local.set $c01 (v128.load offset=16 (local.get $c)))))
      (if (i32.gt_u (local.get $width) (i32.const 2)) (then (local.set $c02 (v128.load offset=32 (local.get $c)))))
      (if (i32.gt_u (local.get $width) (i32.const 3)) (then (local.set $c03 (v128.load offset=48 (local.get $c)))))
      (if (i32.gt_u (local.get $tileRows) (i32.const 1)) (then
        (local.set $c10 (v128.load offset=0 (local.get $c1)))
        (if (i32.gt_u (local.get $width) (i32.const 1)) (then (local.set $c11 (v128.load offset=16 (local.get $c1)))))
        (if (i32.gt_u (local.get $width) (i32.const 2)) (then (local.set $c12 (v128.load offset=32 (local.get $c1)))))
        (if (i32.gt_u (local.get $width) (i32.const 3)) (then (local.set $c13 (v128.load offset=48 (local.get $c1)))))))))
    (local.set $end (i32.add (local.get $b) (i32.mul (local.get $n) (local.get $bRow))))
    (loop $k
      (local.set $b0 (v128.load offset=0 (local.get $b)))
      (local.set $b1 (v128.load offset=16 (local.get $b)))
      (local.set $b2 (v128.load offset=32 (local.get $b)))
      (local.set $b3 (v128.load offset=48 (local.get $b)))
      (local.set $x (v128.load32_splat offset=0 (local.get $a)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $c02 (f32x4.add (local.get $c02) (f32x4.mul (local.get $x) (local.get $b2))))
      (local.set $c03 (f32x4.add (local.get $c03) (f32x4.mul (local.get $x) (local.get $b3))))
      (local.set $x (v128.load32_splat offset=4 (local.get $a)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $c12 (f32x4.add (local.get $c12) (f32x4.mul (local.get $x) (local.get $b2))))
      (local.set $c13 (f32x4.add (local.get $c13) (f32x4.mul (local.get $x) (local.get $b3))))
      (local.set $a (i32.add (local.get $a) (local.get $aRow)))
      (local.set $b (i32.add (local.get $b) (local.get $bRow)))
      (br_if $k (i32.ne (local.get $b) (local.get $end))))
    (v128.store offset=0 (local.get $c) (local.get $c00))
    (if (i32.gt_u (local.get $width) (i32.const 1)) (then (v128.store offset=16 (local.get $c) (local.get $c01))))
    (if (i32.gt_u (local.get $width) (i32.const 2)) (then (v128.store offset=32 (local.get $c) (local.get $c02))))
    (if (i32.gt_u (local.get $width) (i32.const 3)) (then (v128.store offset=48 (local.get $c) (local.get $c03))))
    (if (i32.gt_u (local.get $tileRows) (i32.const 1)) (then
      (v128.store offset=0 (local.get $c1) (local.get $c10))
      (if (i32.gt_u (local.get $width) (i32.const 1)) (then (v128.store offset=16 (local.get $c1) (local.get $c11))))
      (if (i32.gt_u (local.get $width) (i32.const 2)) (then (v128.store offset=32 (local.get $c1) (local.get $c12))))
      (if (i32.gt_u (local.get $width) (i32.const 3)) (then (v128.store offset=48 (local.get $c1) (local.get $c13))))))
  )

  ;; ---- a conv layer's passes in chunks of samples (conv.ts) ----
  ;;
  ;; The layer never holds a whole batch's columns: each pass below takes `chunk` samples at
  ;; a time (the last chunk may be shorter), builds their columns in `cols` (a buffer of
  ;; chunk·P_out rows, sized by the layer to stay in cache) and runs the product over those
  ;; rows before it moves on, so one call is one half of a split (Kernels.split) however
  ;; many chunks it takes. The bits are those of one im2col and one product over the whole
  ;; batch: the forward's and ∂cols' rows are independent, col2im's sums stay within a
  ;; sample, and ∂Wᵀ's sums over the rows are carried from chunk to chunk (conv_dw_rows).

  ;; im2col of the patch entries [e0, e1) only: cols[r][e − e0] = conv_im2col's cols[r][e],
  ;; rows of vectors(e1 − e0)·4 floats, their pad floats 0; for conv_weight_gradient's halves,
  ;; each of which needs the columns of its own rows of ∂Wᵀ. A patch row dy holds the
  ;; entries [dy·kC, (dy + 1)·kC), of which [a, b) are in [e0, e1). Loops: an output row oy,
  ;; then dy (its input row iy once), then ox, so the inner loop is one copy per position:
  ;; with cs = C and the patch inside the image, b − a adjacent floats (whole vectors, the
  ;; last one overlapping the one before, or floats when fewer than 4); else the in-image
  ;; entries [lo·C, hi·C) copied (one run with cs = C, else one per dx), the others 0.
  (func $conv_im2col_range (param $g i32) (param $x i32) (param $cols i32) (param $batch i32) (param $e0 i32) (param $e1 i32)
    (local $h i32) (local $w i32) (local $c i32) (local $cs i32) (local $k i32) (local $st i32) (local $pad i32)
    (local $oh i32) (local $ow i32) (local $rowB i32) (local $inB i32) (local $kc i32) (local $contig i32)
    (local $s i32) (local $oy i32) (local $ox i32) (local $dy i32) (local $dy0 i32) (local $dy1 i32) (local $iy i32) (local $x0 i32)
    (local $lo i32) (local $hi i32) (local $a i32) (local $b i32) (local $t i32) (local $start i32) (local $end i32)
    (local $dst i32) (local $rowY i32) (local $e i32) (local $dxi i32) (local $n i32) (local $nB i32) (local $last i32)
    (local $src i32) (local $srcY i32) (local $off i32) (local $o i32) (local $inner i32) (local $usedB i32)
    (local $oxA i32) (local $span i32) (local $stB i32)
    (local.set $h (i32.load offset=0 (local.get $g)))
    (local.set $w (i32.load offset=4 (local.get $g)))
    (local.set $c (i32.load offset=8 (local.get $g)))
    (local.set $cs (i32.load offset=12 (local.get $g)))
    (local.set $k (i32.load offset=16 (local.get $g)))
    (local.set $st (i32.load offset=20 (local.get $g)))
    (local.set $pad (i32.load offset=24 (local.get $g)))
    (local.set $oh (i32.load offset=28 (local.get $g)))
    (local.set $ow (i32.load offset=32 (local.get $g)))
    (local.set $inB (i32.shl (i32.load offset=40 (local.get $g)) (i32.const 2)))
    (local.set $kc (i32.mul (local.get $k) (local.get $c)))
    (local.set $contig (i32.eq (local.get $c) (local.get $cs)))
    (local.set $usedB (i32.shl (i32.sub (local.get $e1) (local.get $e0)) (i32.const 2)))
    (local.set $rowB (i32.and (i32.add (local.get $usedB) (i32.const 15)) (i32.const -16)))
    (local.set $dy0 (i32.div_u (local.get $e0) (local.get $kc)))
    (local.set $dy1 (i32.div_u (i32.add (local.get $e1) (i32.sub (local.get $kc) (i32.const 1))) (local.get $kc)))
    ;; the patch at ox is inside the image (0 ≤ x0 ≤ W − k) for ox in [oxA, oxA + span)
    (local.set $oxA (i32.div_u (i32.add (local.get $pad) (i32.sub (local.get $st) (i32.const 1))) (local.get $st)))
    (local.set $span (i32.sub (i32.add (local.get $w) (local.get $pad)) (local.get $k)))
    (local.set $span (select
      (i32.sub (i32.add (i32.div_u (local.get $span) (local.get $st)) (i32.const 1)) (local.get $oxA))
      (i32.const 0) (i32.ge_s (local.get $span) (i32.const 0))))
    (if (i32.gt_s (local.get $span) (i32.sub (local.get $ow) (local.get $oxA))) (then (local.set $span (i32.sub (local.get $ow) (local.get $oxA)))))
    (if (i32.lt_s (local.get $span) (i32.const 0)) (then (local.set $span (i32.const 0))))
    (local.set $stB (i32.shl (i32.mul (local.get $st) (local.get $c)) (i32.const 2)))
    (local.set $rowY (local.get $cols))
    (block $sdone (loop $samples
      (br_if $sdone (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $oy (i32.const 0))
      (block $ydone (loop $ys
        (br_if $ydone (i32.ge_u (local.get $oy) (local.get $oh)))
        ;; the rows' pad floats: the last vector of each row 0, before the copies (which write only the used floats)
        (if (i32.lt_u (local.get $usedB) (local.get $rowB)) (then
          (local.set $dst (i32.sub (i32.add (local.get $rowY) (local.get $rowB)) (i32.const 16)))
          (local.set $ox (i32.const 0))
          (block $pdone (loop $ps
            (br_if $pdone (i32.ge_u (local.get $ox) (local.get $ow)))
            (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
            (local.set $dst (i32.add (local.get $dst) (local.get $rowB)))
            (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
            (br $ps)))))
        (local.set $dy (local.get $dy0))
        (block $dydone (loop $dys
          (br_if $dydone (i32.ge_u (local.get $dy) (local.get $dy1)))
          ;; this patch row's entries [a, b) of [e0, e1), counted from the row's start, at byte off of a cols row
          (local.set $a (i32.sub (local.get $e0) (i32.mul (local.get $dy) (local.get $kc))))
          (if (i32.lt_s (local.get $a) (i32.const 0)) (then (local.set $a (i32.const 0))))
          (local.set $b (i32.sub (local.get $e1) (i32.mul (local.get $dy) (local.get $kc))))
          (if (i32.gt_s (local.get $b) (local.get $kc)) (then (local.set $b (local.get $kc))))
          (local.set $off (i32.shl (i32.sub (i32.add (i32.mul (local.get $dy) (local.get $kc)) (local.get $a)) (local.get $e0)) (i32.const 2)))
          (local.set $nB (i32.shl (i32.sub (local.get $b) (local.get $a)) (i32.const 2)))
          (local.set $last (i32.sub (local.get $nB) (i32.const 16)))
          (local.set $iy (i32.sub (i32.add (i32.mul (local.get $oy) (local.get $st)) (local.get $dy)) (local.get $pad)))
          ;; src: the input of entry a at ox (used only inside the image, cs = C)
          (local.set $src (i32.add (local.get $x) (i32.shl (i32.add (i32.mul (i32.sub (i32.mul (local.get $iy) (local.get $w)) (local.get $pad)) (local.get $c)) (local.get $a)) (i32.const 2))))
          (local.set $inner (i32.and (local.get $contig) (i32.lt_u (local.get $iy) (local.get $h))))
          (local.set $dst (i32.add (local.get $rowY) (local.get $off)))
          (local.set $ox (i32.const 0))
          (block $xdone (loop $xs
            (br_if $xdone (i32.ge_u (local.get $ox) (local.get $ow)))
            (if (i32.and (local.get $inner) (i32.lt_u (i32.sub (local.get $ox) (local.get $oxA)) (local.get $span)))
              (then
                ;; the whole patch row in the image, adjacent floats (cs = C)
                (if (i32.ge_s (local.get $last) (i32.const 0))
                  (then
                    (v128.store (local.get $dst) (v128.load (local.get $src)))
                    (if (i32.gt_s (local.get $last) (i32.const 16)) (then
                      (local.set $o (i32.const 16))
                      (loop $copy
                        (v128.store (i32.add (local.get $dst) (local.get $o)) (v128.load (i32.add (local.get $src) (local.get $o))))
                        (local.set $o (i32.add (local.get $o) (i32.const 16)))
                        (br_if $copy (i32.lt_s (local.get $o) (local.get $last))))))
                    (v128.store (i32.add (local.get $dst) (local.get $last)) (v128.load (i32.add (local.get $src) (local.get $last)))))
                  (else (call $conv_copy (local.get $dst) (local.get $src) (i32.shr_u (local.get $nB) (i32.const 2))))))
              (else
                (local.set $x0 (i32.sub (i32.mul (local.get $ox) (local.get $st)) (local.get $pad)))
                (if (i32.ge_u (local.get $iy) (local.get $h))
                  (then (call $conv_zero (local.get $dst) (i32.shr_u (local.get $nB) (i32.const 2))))
                  (else
                    ;; lo = clamp(−x0, 0, k), hi = clamp(W − x0, lo, k), as entries of a patch row
                    (local.set $lo (i32.sub (i32.const 0) (local.get $x0)))
                    (if (i32.lt_s (local.get $lo) (i32.const 0)) (then (local.set $lo (i32.const 0))))
                    (if (i32.gt_s (local.get $lo) (local.get $k)) (then (local.set $lo (local.get $k))))
                    (local.set $hi (i32.sub (local.get $w) (local.get $x0)))
                    (if (i32.gt_s (local.get $hi) (local.get $k)) (then (local.set $hi (local.get $k))))
                    (if (i32.lt_s (local.get $hi) (local.get $lo)) (then (local.set $hi (local.get $lo))))
                    (local.set $lo (i32.mul (local.get $lo) (local.get $c)))
                    (local.set $hi (i32.mul (local.get $hi) (local.get $c)))
                    ;; 0 in [a, min(b, lo)), the image in [max(a, lo), min(b, hi)), 0 in [max(a, hi), b)
                    (local.set $t (select (local.get $b) (local.get $lo) (i32.lt_s (local.get $b) (local.get $lo))))
                    (call $conv_zero (local.get $dst) (i32.sub (local.get $t) (local.get $a)))
                    (local.set $start (select (local.get $a) (local.get $lo) (i32.gt_s (local.get $a) (local.get $lo))))
                    (local.set $end (select (local.get $b) (local.get $hi) (i32.lt_s (local.get $b) (local.get $hi))))
                    (if (local.get $contig)
                      (then
                        (call $conv_copy (i32.add (local.get $dst) (i32.shl (i32.sub (local.get $start) (local.get $a)) (i32.const 2)))
                          (i32.add (local.get $x) (i32.shl (i32.add (i32.mul (i32.add (i32.mul (local.get $iy) (local.get $w)) (local.get $x0)) (local.get $c))
                            (local.get $start)) (i32.const 2)))
                          (i32.sub (local.get $end) (local.get $start))))
                      (else
                        (local.set $e (local.get $start))
                        (block $edone (loop $es
                          (br_if $edone (i32.ge_s (local.get $e) (local.get $end)))
                          (local.set $dxi (i32.div_u (local.get $e) (local.get $c)))
                          (local.set $n (i32.sub (i32.mul (i32.add (local.get $dxi) (i32.const 1)) (local.get $c)) (local.get $e)))
                          (if (i32.gt_s (local.get $n) (i32.sub (local.get $end) (local.get $e))) (then (local.set $n (i32.sub (local.get $end) (local.get $e)))))
                          (call $conv_copy (i32.add (local.get $dst) (i32.shl (i32.sub (local.get $e) (local.get $a)) (i32.const 2)))
                            (i32.add (local.get $x) (i32.shl (i32.add (i32.mul (i32.add (i32.add (i32.mul (local.get $iy) (local.get $w)) (local.get $x0)) (local.get $dxi)) (local.get $cs))
                              (i32.sub (local.get $e) (i32.mul (local.get $dxi) (local.get $c)))) (i32.const 2)))
                            (local.get $n))
                          (local.set $e (i32.add (local.get $e) (local.get $n)))
                          (br $es)))))
                    (local.set $t (select (local.get $a) (local.get $hi) (i32.gt_s (local.get $a) (local.get $hi))))
                    (call $conv_zero (i32.add (local.get $dst) (i32.shl (i32.sub (local.get $t) (local.get $a)) (i32.const 2)))
                      (i32.sub (local.get $b) (local.get $t)))))))
            (local.set $src (i32.add (local.get $src) (local.get $stB)))
            (local.set $dst (i32.add (local.get $dst) (local.get $rowB)))
            (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
            (br $xs)))
          (local.set $dy (i32.add (local.get $dy) (i32.const 1)))
          (br $dys)))
        (local.set $rowY (i32.add (local.get $rowY) (i32.mul (local.get $ow) (local.get $rowB))))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $ys)))
      (local.set $x (i32.add (local.get $x) (local.get $inB)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples)))
  )

  ;; t = b + cols · Wᵀ for the batch samples starting at x and out (dense_forward's bits):
  ;; per chunk of samples, conv_im2col into cols, then the product over the chunk's rows;
  ;; with g's field [11] (relu) nonzero, y = max(0, t) in place, a chunk at a time.
  ;; out's rows are P_out · nv vectors a sample; wt is K × nv vectors, b nv vectors.
  (func $conv_forward (export "conv_forward")
    (param $g i32) (param $x i32) (param $batch i32) (param $cols i32) (param $chunk i32)
    (param $wt i32) (param $b i32) (param $out i32) (param $nv i32)
    (local $kk i32) (local $colB i32) (local $positions i32) (local $inB i32) (local $outB i32) (local $s i32) (local $n i32)
    (local $relu i32) (local $p i32) (local $end i32) (local $v v128)
    (local.set $relu (i32.load offset=44 (local.get $g)))
    (local.set $kk (i32.mul (i32.mul (i32.load offset=16 (local.get $g)) (i32.load offset=16 (local.get $g))) (i32.load offset=8 (local.get $g))))
    (local.set $colB (i32.shl (i32.load offset=36 (local.get $g)) (i32.const 2)))
    (local.set $positions (i32.mul (i32.load offset=28 (local.get $g)) (i32.load offset=32 (local.get $g))))
    (local.set $inB (i32.shl (i32.load offset=40 (local.get $g)) (i32.const 2)))
    (local.set $outB (i32.mul (local.get $positions) (i32.shl (local.get $nv) (i32.const 4))))
    (block $done (loop $chunks
      (br_if $done (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $n (i32.sub (local.get $batch) (local.get $s)))
      (if (i32.gt_u (local.get $n) (local.get $chunk)) (then (local.set $n (local.get $chunk))))
      (call $conv_im2col (local.get $g) (local.get $x) (local.get $cols) (local.get $n))
      (call $dense_product (local.get $cols) (local.get $colB) (i32.const 4) (i32.mul (local.get $n) (local.get $positions))
        (local.get $wt) (i32.shl (local.get $nv) (i32.const 4)) (local.get $kk) (local.get $b)
        (local.get $out) (i32.shl (local.get $nv) (i32.const 4)) (local.get $nv))
      ;; a fused relu: y = max(0, t) over the chunk's rows while they are in cache (relu_forward's bits)
      (if (local.get $relu) (then
        (local.set $p (local.get $out))
        (local.set $end (i32.add (local.get $out) (i32.mul (local.get $n) (local.get $outB))))
        (block $rdone (loop $rs
          (br_if $rdone (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $v (v128.load (local.get $p)))
          (v128.store (local.get $p) (v128.and (local.get $v) (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0))))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (br $rs)))))
      (local.set $x (i32.add (local.get $x) (i32.mul (local.get $n) (local.get $inB))))
      (local.set $out (i32.add (local.get $out) (i32.mul (local.get $n) (local.get $outB))))
      (local.set $s (i32.add (local.get $s) (local.get $n)))
      (br $chunks)))
  )

  ;; ∂input for the batch samples starting at dt and dx: per chunk of samples, ∂cols = ∂t · W
  ;; into dcols (dense_backward_input's bits), then conv_col2im of the chunk's samples.
  (func $conv_input_gradient (export "conv_input_gradient")
    (param $g i32) (param $dt i32) (param $batch i32) (param $dcols i32) (param $chunk i32)
    (param $wt i32) (param $nv i32) (param $dx i32)
    (local $kk i32) (local $nvCol i32) (local $positions i32) (local $inB i32) (local $dtB i32) (local $s i32) (local $n i32)
    (local.set $kk (i32.mul (i32.mul (i32.load offset=16 (local.get $g)) (i32.load offset=16 (local.get $g))) (i32.load offset=8 (local.get $g))))
    (local.set $nvCol (i32.shr_u (i32.load offset=36 (local.get $g)) (i32.const 2)))
    (local.set $positions (i32.mul (i32.load offset=28 (local.get $g)) (i32.load offset=32 (local.get $g))))
    (local.set $inB (i32.shl (i32.load offset=40 (local.get $g)) (i32.const 2)))
    (local.set $dtB (i32.mul (local.get $positions) (i32.shl (local.get $nv) (i32.const 4))))
    (block $done (loop $chunks
      (br_if $done (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $n (i32.sub (local.get $batch) (local.get $s)))
      (if (i32.gt_u (local.get $n) (local.get $chunk)) (then (local.set $n (local.get $chunk))))
      (call $dense_backward_input (local.get $dt) (local.get $nv) (i32.mul (local.get $n) (local.get $positions))
        (local.get $wt) (local.get $kk) (local.get $dcols) (local.get $nvCol))
      (call $conv_col2im (local.get $g) (local.get $dcols) (local.get $dx) (local.get $n))
      (local.set $dt (i32.add (local.get $dt) (i32.mul (local.get $n) (local.get $dtB))))
      (local.set $dx (i32.add (local.get $dx) (i32.mul (local.get $n) (local.get $inB))))
      (local.set $s (i32.add (local.get $s) (local.get $n)))
      (br $chunks)))
  )

  ;; Rows [e0, e1) of ∂Wᵀ = colsᵀ · ∂t over the whole batch (dense_backward_weights' bits,
  ;; overwriting; dwt points to row 0): per chunk of samples, the chunk's columns of those
  ;; patch entries into cols (conv_im2col_range), then
  ;; conv_dw_rows over the chunk's rows (`rowChunk` rows a pass), each sum taken up from the
  ;; chunk before. The halves of a split take disjoint entry ranges, each with its own cols.
  (func $conv_weight_gradient (export "conv_weight_gradient")
    (param $g i32) (param $x i32) (param $batch i32) (param $cols i32) (param $chunk i32) (param $e0 i32) (param $e1 i32)
    (param $dt i32) (param $nv i32) (param $dwt i32) (param $rowChunk i32)
    (local $positions i32) (local $inB i32) (local $dtB i32) (local $s i32) (local $n i32)
    (local $first i32) (local $nin i32)
    (local.set $positions (i32.mul (i32.load offset=28 (local.get $g)) (i32.load offset=32 (local.get $g))))
    (local.set $inB (i32.shl (i32.load offset=40 (local.get $g)) (i32.const 2)))
    (local.set $dtB (i32.mul (local.get $positions) (i32.shl (local.get $nv) (i32.const 4))))
    (local.set $nin (i32.sub (local.get $e1) (local.get $e0)))
    (local.set $dwt (i32.add (local.get $dwt) (i32.mul (local.get $e0) (i32.shl (local.get $nv) (i32.const 4)))))
    (if (i32.eqz (local.get $batch)) (then
      (memory.fill (local.get $dwt) (i32.const 0) (i32.mul (local.get $nin) (i32.shl (local.get $nv) (i32.const 4))))
      (return)))
    (local.set $first (i32.const 1))
    (block $done (loop $chunks
      (br_if $done (i32.ge_u (local.get $s) (local.get $batch)))
      (local.set $n (i32.sub (local.get $batch) (local.get $s)))
      (if (i32.gt_u (local.get $n) (local.get $chunk)) (then (local.set $n (local.get $chunk))))
      (call $conv_im2col_range (local.get $g) (local.get $x) (local.get $cols) (local.get $n) (local.get $e0) (local.get $e1))
      (call $conv_dw_rows (local.get $cols) (i32.shr_u (i32.add (local.get $nin) (i32.const 3)) (i32.const 2)) (local.get $nin)
        (i32.mul (local.get $n) (local.get $positions)) (local.get $dt) (local.get $nv) (local.get $dwt) (local.get $rowChunk) (local.get $first))
      (local.set $first (i32.const 0))
      (local.set $x (i32.add (local.get $x) (i32.mul (local.get $n) (local.get $inB))))
      (local.set $dt (i32.add (local.get $dt) (i32.mul (local.get $n) (local.get $dtB))))
      (local.set $s (i32.add (local.get $s) (local.get $n)))
      (br $chunks)))
  )
