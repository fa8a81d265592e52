package phantom

import "math/rand/v2"

// structure is one organ or unlabelled structure painted into the phantom.
type structure struct {
	code     uint8 // FLARE22 label id (1-13) or a tissue code
	shape    shape
	thoracic bool    // may lie above the diaphragm (mediastinum) or cross it
	tex      float64 // texture standard deviation in HU
	hu       func(p vec3, f float64) float64
}

// moved shifts a shape by a seed-dependent few millimetres.
type moved struct {
	s shape
	d vec3
}

func (m moved) eval(p vec3) float64 { return m.s.eval(p.sub(m.d)) }

func (m moved) bounds(slack float64) (lo, hi vec3) {
	lo, hi = m.s.bounds(slack)
	return lo.add(m.d), hi.add(m.d)
}

func flat(hu float64) func(vec3, float64) float64 {
	return func(vec3, float64) float64 { return hu }
}

// layered has a wall of wallHU outside normalised depth f = inner and a
// core of coreHU inside it (kidney cortex, bowel and gallbladder walls).
func layered(inner, wallHU, coreHU float64) func(vec3, float64) float64 {
	return func(_ vec3, f float64) float64 {
		if f > inner {
			return wallHU
		}
		return coreHU
	}
}

// phantomAnatomy lists the structures in painting priority: earlier ones win
// overlaps. World millimetres are RAS+: +x is the patient's right, +y
// anterior, +z superior; z = 0 is the L1-L2 disc.
func phantomAnatomy(rng *rand.Rand, f phantomFields) []structure {
	jit := func(mm float64) vec3 {
		return vec3{mm * (2*rng.Float64() - 1), mm * (2*rng.Float64() - 1), mm * (2*rng.Float64() - 1)}
	}
	organ := func(s shape, amp, mm float64) shape {
		off := jit(200)
		if amp > 0 {
			s = deformed{s: s, amp: amp, field: f.shape, off: off}
		}
		return moved{s: s, d: jit(mm)}
	}
	tb := func(radius float64, pts ...vec3) tube {
		r := make([]float64, len(pts))
		for i := range r {
			r[i] = radius
		}
		return newTube(pts, r)
	}
	var s []structure
	add := func(code uint8, sh shape, tex float64, hu func(vec3, float64) float64) {
		s = append(s, structure{code: code, shape: sh, tex: tex, hu: hu})
	}
	thoracic := func() { s[len(s)-1].thoracic = true }

	// Aorta: descends left of the spine, in front of it below the hiatus,
	// and divides at L4 into the (unlabelled) common iliac arteries.
	add(5, organ(newTube(
		[]vec3{{-22, -22, 90}, {-16, -18, 45}, {-10, -14, 0}, {-7, -16, -50}, {-5, -20, -88}},
		[]float64{12.5, 12, 11, 10, 9.5}), 0, 2), 3, flat(180))
	thoracic()
	// IVC: right of the spine, enters the liver's bare area and climbs to
	// the right atrium; infrarenal blood is less opacified.
	add(6, organ(newTube(
		[]vec3{{20, -18, -98}, {22, -16, -60}, {22, -13, -20}, {25, -6, 20}, {20, 2, 50}, {12, 9, 90}},
		[]float64{10, 11, 12, 12, 13, 14}), 0.03, 2), 4,
		func(p vec3, _ float64) float64 { return 117 + 0.12*p[2] })
	thoracic()
	add(tArtery, union{
		tb(6, vec3{-5, -20, -85}, vec3{15, -15, -95}, vec3{38, -10, -110}),                                  // right common iliac
		tb(6, vec3{-5, -20, -85}, vec3{-25, -15, -95}, vec3{-45, -10, -110}),                                // left common iliac
		tb(4, vec3{-9, -2, -4}, vec3{-7, 14, -15}, vec3{-5, 26, -40}, vec3{-2, 32, -80}, vec3{5, 35, -110}), // SMA
		tb(3.5, vec3{-10, 0, 8}, vec3{-8, 12, 10}, vec3{-4, 16, 12}),                                        // coeliac trunk
	}, 3, flat(180))
	add(tVein, union{
		tb(7, vec3{20, -18, -95}, vec3{30, -25, -105}, vec3{45, -22, -115}),                // right common iliac vein
		tb(6, vec3{18, -20, -88}, vec3{-10, -30, -100}, vec3{-40, -25, -115}),              // left common iliac vein
		tb(5.5, vec3{10, 34, -105}, vec3{8, 28, -70}, vec3{8, 20, -35}, vec3{10, 14, -20}), // SMV
		newTube([]vec3{{10, 14, -20}, {22, 6, -5}, {35, 4, 10}, {45, 2, 18}, {60, -4, 24}, {80, -10, 30}},
			[]float64{7, 7.5, 7, 5, 4, 3}), // portal vein into the right lobe
		tb(4, vec3{10, 14, -20}, vec3{-15, 10, -12}, vec3{-45, -2, -4}, vec3{-65, -18, 6}, vec3{-75, -25, 14}), // splenic vein
		tb(4.5, vec3{-50, -38, -15}, vec3{-25, -6, -12}, vec3{-8, 6, -12}, vec3{14, -6, -12}),                  // left renal vein
		tb(4.5, vec3{50, -38, -25}, vec3{32, -18, -22}),                                                        // right renal vein
	}, 4, flat(150))
	// Heart: the inferior wall and cavities resting on the diaphragm.
	add(tHeart, organ(newEllipsoid(vec3{-25, 35, 128}, vec3{70, 55, 52}, 0, 0, 20), 0.03, 2), 6, layered(0.72, 70, 160))
	thoracic()
	// Esophagus: right-anterior of the aorta in the chest, swinging left and
	// forward through the hiatus to the cardia.
	add(10, organ(newTube(
		[]vec3{{-4, -8, 90}, {-8, -4, 70}, {-18, 2, 56}, {-32, 4, 47}, {-42, 5, 42}},
		[]float64{8, 8, 8, 8.5, 9}), 0.05, 2), 5, flat(40))
	thoracic()
	// Adrenals: thin inverted-Y limbs above and medial to the kidneys, the
	// right one behind the IVC, the left one beside the aorta.
	adrenal := func(apex, a, b vec3) shape {
		return union{tb(3.5, apex, a), tb(3.2, apex, b)}
	}
	add(7, organ(adrenal(vec3{30, -20, 36}, vec3{42, -40, 18}, vec3{26, -43, 22}), 0.06, 1.5), 5, flat(36))
	add(8, organ(adrenal(vec3{-30, -16, 24}, vec3{-42, -38, 6}, vec3{-28, -42, 10}), 0.06, 1.5), 5, flat(36))
	// Gallbladder: pear under the liver's inferior surface, fundus forward
	// and down.
	add(9, organ(newEllipsoid(vec3{60, 52, -8}, vec3{14, 15, 30}, 35, 0, -15), 0.04, 3), 3, layered(0.9, 35, 8))
	// Kidneys: bean-shaped (hilum carved medially), upper poles medial and
	// posterior, the right one lower; enhancing cortex around the medulla.
	kidney := func(c vec3, side float64) shape {
		body := newEllipsoid(c, vec3{26, 23, 52}, 12, side*-10, side*15)
		hilum := newEllipsoid(c.add(vec3{-side * 24, 10, 0}), vec3{12, 10, 14}, 0, 0, 0)
		return minus{body, hilum}
	}
	add(2, organ(kidney(vec3{72, -46, -28}, 1), 0.04, 3), 6, layered(0.7, 168, 125))
	add(13, organ(kidney(vec3{-72, -44, -12}, -1), 0.04, 3), 6, layered(0.7, 168, 125))
	// Pancreas: head in the duodenal C-loop, neck in front of the SMV, body
	// over the aorta and SMA, tail toward the splenic hilum.
	add(4, organ(newTube(
		[]vec3{{18, 8, -46}, {28, 12, -32}, {10, 28, -18}, {-15, 26, -10}, {-42, 12, -2}, {-62, -6, 6}, {-72, -16, 12}},
		[]float64{9, 15, 9, 10, 10, 9, 7}), 0.12, 2), 10, flat(45))
	// Duodenum: bulb from the pylorus, descending limb, third part between
	// the aorta and SMA, fourth part up to the duodenojejunal flexure.
	add(12, organ(newTube(
		[]vec3{{30, 40, -12}, {45, 30, -15}, {55, 14, -24}, {58, 8, -45}, {50, 6, -60}, {25, 6, -67},
			{0, 10, -69}, {-20, 10, -62}, {-28, 14, -50}, {-30, 18, -38}},
		[]float64{9, 13, 12, 11, 11, 11, 10, 10, 10, 10}), 0.08, 2), 5, layered(0.65, 48, 24))
	// Stomach: fundus under the left dome, body down and forward, antrum
	// across the midline to the pylorus; a gas cap collects anteriorly.
	add(11, organ(newTube(
		[]vec3{{-62, -8, 62}, {-58, 0, 45}, {-58, 22, 25}, {-46, 44, 2}, {-12, 62, -16}, {14, 56, -16}, {30, 42, -12}},
		[]float64{26, 30, 29, 26, 19, 14, 9}), 0.06, 2), 5,
		func(p vec3, depth float64) float64 {
			switch {
			case depth > 0.8:
				return 50
			case p[1] > 74: // a small gas cap in the most anterior lumen
				return -950
			}
			return 22
		})
	// Spleen: against the left posterolateral ribs, concave visceral face.
	add(3, organ(minus{
		newEllipsoid(vec3{-90, -38, 40}, vec3{22, 58, 46}, 0, -10, 18),
		newEllipsoid(vec3{-58, -22, 38}, vec3{26, 40, 44}, 0, 0, 18),
	}, 0.07, 3), 6, flat(50))
	// Liver: right lobe, left lobe across the midline in front of the
	// stomach, caudate lobe beside the IVC.
	add(1, organ(union{
		newEllipsoid(vec3{72, -2, 34}, vec3{62, 76, 70}, 0, 0, -10),
		newEllipsoid(vec3{8, 42, 52}, vec3{58, 34, 28}, 0, 8, 15),
		newEllipsoid(vec3{10, -6, 36}, vec3{17, 14, 20}, 0, 0, 0),
		underDiaphragm{c: vec3{55, 5, 0}, rx: 95, ry: 85, depth: 30},
	}, 0.06, 3), 7, flat(60))
	// Colon: ascending on the right, transverse hanging forward, descending
	// on the left; gas mottled through faeces.
	add(tColon, organ(newTube(
		[]vec3{{96, 8, -110}, {98, 14, -50}, {84, 38, -28}, {45, 66, -44}, {0, 70, -52}, {-45, 62, -36},
			{-95, 22, 4}, {-106, -12, -30}, {-100, -14, -110}},
		[]float64{20, 20, 18, 17, 17, 17, 16, 15, 15}), 0.08, 2), 6,
		func(p vec3, depth float64) float64 {
			if depth > 0.85 {
				return 40
			}
			n := f.texture.at(p.scale(0.6))
			if n > 0.05 {
				return -900
			}
			return 10 + 150*n
		})
	// Small bowel: a tangle of fluid-filled loops in the lower abdomen.
	add(tBowel, loops{region: newEllipsoid(vec3{0, 35, -100}, vec3{95, 55, 60}, 0, 0, 0), field: f.bowel, width: 0.3}, 6,
		layered(0.55, 45, 12))
	return s
}
