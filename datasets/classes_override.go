package datasets

// UseClassTable makes t the dataset's class table (Classes, ClassesFor),
// as --classes asks: ground-truth ids t lacks still get generic entries
// from ClassesFor. Masks are still decoded with the table discovery found,
// since palette colours and instance-mask class names are how the files
// encode ids; for palette masks the discovered colours are kept, so saved
// masks stay readable by the same discovery.
func (d *Dataset) UseClassTable(t ClassTable) {
	if d.maskClasses == nil {
		found := d.Classes
		d.maskClasses = &found
	}
	t = t.clone()
	if d.MaskKind == MaskPalette {
		for i, c := range t.Classes {
			if known, ok := d.maskClasses.ByID(c.ID); ok {
				t.Classes[i].Color = known.Color
			}
		}
	}
	d.Classes = t
}

// decodeClasses is the table that maps mask files to ids.
func (d *Dataset) decodeClasses() ClassTable {
	if d.maskClasses != nil {
		return *d.maskClasses
	}
	return d.Classes
}
