package datasets

import "image/color"

// FLARE22Classes is the FLARE22 abdominal organ table (ids as in the
// challenge labels). Colours are saturated and mutually distinct so each
// organ reads on grey CT; aliases accept AMOS / SAM-Med2D spellings.
func FLARE22Classes() ClassTable {
	c := func(id uint16, name string, r, g, b uint8) Class {
		return Class{ID: id, Name: name, Color: color.RGBA{r, g, b, 255}}
	}
	return ClassTable{
		Name: "FLARE22",
		Classes: []Class{
			c(1, "liver", 190, 75, 45),         // red-brown
			c(2, "right kidney", 255, 170, 30), // amber
			c(3, "spleen", 150, 60, 210),       // purple
			c(4, "pancreas", 255, 130, 200),    // pink
			c(5, "aorta", 235, 20, 40),         // red
			c(6, "inferior vena cava", 40, 90, 240),
			c(7, "right adrenal gland", 0, 210, 210),
			c(8, "left adrenal gland", 0, 140, 110),
			c(9, "gallbladder", 60, 200, 60),
			c(10, "esophagus", 255, 100, 0),
			c(11, "stomach", 255, 240, 110),
			c(12, "duodenum", 170, 140, 255),
			c(13, "left kidney", 210, 220, 20),
		},
		Aliases: map[string]uint16{
			"kidney right": 2, "right kidney": 2, "kidney r": 2,
			"postcava": 6, "ivc": 6, "vena cava inferior": 6,
			"right adrenal": 7, "adrenal gland right": 7,
			"left adrenal": 8, "adrenal gland left": 8,
			"gall bladder": 9, "oesophagus": 10,
			"kidney left": 13, "kidney l": 13,
		},
	}
}

// GIDClasses is the Gaofen Image Dataset land-cover table; the colours are
// the dataset's own label palette.
func GIDClasses() ClassTable {
	return ClassTable{
		Name: "GID",
		Classes: []Class{
			{1, "built-up", color.RGBA{255, 0, 0, 255}},
			{2, "farmland", color.RGBA{0, 255, 0, 255}},
			{3, "forest", color.RGBA{0, 255, 255, 255}},
			{4, "meadow", color.RGBA{255, 255, 0, 255}},
			{5, "water", color.RGBA{0, 0, 255, 255}},
		},
	}
}

// SIRSTClasses is the single-target table of SIRST-5K binary masks.
func SIRSTClasses() ClassTable {
	return ClassTable{Name: "SIRST", Classes: []Class{{1, "target", color.RGBA{255, 220, 0, 255}}}}
}
