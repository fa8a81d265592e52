package jpeg

// Fixed-point constants of IJG's jidctint.c (CONST_BITS 13).
const (
	constBits  = 13
	fix0298631 = 2446
	fix0390180 = 3196
	fix0541196 = 4433
	fix0765366 = 6270
	fix0899976 = 7373
	fix1175875 = 9633
	fix1501321 = 12299
	fix1847759 = 15137
	fix1961570 = 16069
	fix2053119 = 16819
	fix2562915 = 20995
	fix3072711 = 25172
)

// idct is IJG's jpeg_idct_islow, the accurate integer inverse DCT that
// dcmtk's decoder uses: it dequantises the block, transforms columns then
// rows, and writes level-shifted samples (clamped later) into out with
// the given row stride. 12-bit data keeps one bit less between passes, as
// IJG does to avoid overflow.
func idct(in *[64]int32, q *[64]int32, out []int32, stride, precision int) {
	pass1 := int32(2)
	if precision > 8 {
		pass1 = 1
	}
	var ws [64]int32
	for c := 0; c < 8; c++ {
		if in[8+c]|in[16+c]|in[24+c]|in[32+c]|in[40+c]|in[48+c]|in[56+c] == 0 {
			dc := in[c] * q[c] << pass1
			for r := 0; r < 8; r++ {
				ws[8*r+c] = dc
			}
			continue
		}
		z2, z3 := in[16+c]*q[16+c], in[48+c]*q[48+c]
		z1 := (z2 + z3) * fix0541196
		tmp2 := z1 + z3*-fix1847759
		tmp3 := z1 + z2*fix0765366
		z2, z3 = in[c]*q[c], in[32+c]*q[32+c]
		tmp0 := (z2 + z3) << constBits
		tmp1 := (z2 - z3) << constBits
		tmp10, tmp13 := tmp0+tmp3, tmp0-tmp3
		tmp11, tmp12 := tmp1+tmp2, tmp1-tmp2

		tmp0, tmp1, tmp2, tmp3 = in[56+c]*q[56+c], in[40+c]*q[40+c], in[24+c]*q[24+c], in[8+c]*q[8+c]
		tmp0, tmp1, tmp2, tmp3 = odd(tmp0, tmp1, tmp2, tmp3)
		sh := constBits - pass1
		ws[c] = descale(tmp10+tmp3, sh)
		ws[56+c] = descale(tmp10-tmp3, sh)
		ws[8+c] = descale(tmp11+tmp2, sh)
		ws[48+c] = descale(tmp11-tmp2, sh)
		ws[16+c] = descale(tmp12+tmp1, sh)
		ws[40+c] = descale(tmp12-tmp1, sh)
		ws[24+c] = descale(tmp13+tmp0, sh)
		ws[32+c] = descale(tmp13-tmp0, sh)
	}
	center := int32(1) << (precision - 1)
	sh := constBits + pass1 + 3
	for r := 0; r < 8; r++ {
		w := ws[8*r : 8*r+8]
		o := out[r*stride : r*stride+8]
		if w[1]|w[2]|w[3]|w[4]|w[5]|w[6]|w[7] == 0 {
			v := descale(w[0], pass1+3) + center
			for i := range o {
				o[i] = v
			}
			continue
		}
		z2, z3 := w[2], w[6]
		z1 := (z2 + z3) * fix0541196
		tmp2 := z1 + z3*-fix1847759
		tmp3 := z1 + z2*fix0765366
		tmp0 := (w[0] + w[4]) << constBits
		tmp1 := (w[0] - w[4]) << constBits
		tmp10, tmp13 := tmp0+tmp3, tmp0-tmp3
		tmp11, tmp12 := tmp1+tmp2, tmp1-tmp2
		tmp0, tmp1, tmp2, tmp3 = odd(w[7], w[5], w[3], w[1])
		o[0] = descale(tmp10+tmp3, sh) + center
		o[7] = descale(tmp10-tmp3, sh) + center
		o[1] = descale(tmp11+tmp2, sh) + center
		o[6] = descale(tmp11-tmp2, sh) + center
		o[2] = descale(tmp12+tmp1, sh) + center
		o[5] = descale(tmp12-tmp1, sh) + center
		o[3] = descale(tmp13+tmp0, sh) + center
		o[4] = descale(tmp13-tmp0, sh) + center
	}
}

// odd is the odd part of jidctint.c for inputs 7, 5, 3, 1.
func odd(tmp0, tmp1, tmp2, tmp3 int32) (int32, int32, int32, int32) {
	z1 := tmp0 + tmp3
	z2 := tmp1 + tmp2
	z3 := tmp0 + tmp2
	z4 := tmp1 + tmp3
	z5 := (z3 + z4) * fix1175875
	tmp0 *= fix0298631
	tmp1 *= fix2053119
	tmp2 *= fix3072711
	tmp3 *= fix1501321
	z1 *= -fix0899976
	z2 *= -fix2562915
	z3 *= -fix1961570
	z4 *= -fix0390180
	z3 += z5
	z4 += z5
	return tmp0 + z1 + z3, tmp1 + z2 + z4, tmp2 + z2 + z3, tmp3 + z1 + z4
}

func descale(x int32, n int32) int32 { return (x + 1<<(n-1)) >> n }
