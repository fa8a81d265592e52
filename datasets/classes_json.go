package datasets

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
)

// maxDatasetJSON bounds dataset.json reads; real ones are a few KiB.
const maxDatasetJSON = 16 << 20

// nnunetInfo is what discovery needs from an nnU-Net dataset.json.
type nnunetInfo struct {
	Classes    ClassTable
	FileEnding string // v2 "file_ending", e.g. ".nii.gz" or ".png"
}

// ClassesFromDatasetJSON reads the labels of an nnU-Net dataset.json, in
// either the v2 form {"name": id} or the v1 form {"id": "name"}.
func ClassesFromDatasetJSON(path string) (ClassTable, error) {
	info, err := readDatasetJSON(path)
	return info.Classes, err
}

func readDatasetJSON(path string) (nnunetInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nnunetInfo{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxDatasetJSON+1))
	if err != nil {
		return nnunetInfo{}, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > maxDatasetJSON {
		return nnunetInfo{}, fmt.Errorf("%s: larger than %d bytes; not a dataset.json", path, maxDatasetJSON)
	}
	var doc struct {
		Name       string                     `json:"name"`
		Labels     map[string]json.RawMessage `json:"labels"`
		FileEnding string                     `json:"file_ending"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nnunetInfo{}, fmt.Errorf("%s: not valid JSON: %w", path, err)
	}
	if len(doc.Labels) == 0 {
		return nnunetInfo{}, fmt.Errorf("%s: no \"labels\" object; expected {\"name\": id} (v2) or {\"id\": \"name\"} (v1)", path)
	}
	byID := map[uint16]string{}
	for k, raw := range doc.Labels {
		id, name, err := parseLabelEntry(k, raw)
		if err != nil {
			return nnunetInfo{}, fmt.Errorf("%s: labels entry %q: %w", path, SanitizeName(k), err)
		}
		if id < 0 {
			continue // nnU-Net region (list of ids): not a single class
		}
		if prev, dup := byID[uint16(id)]; dup {
			return nnunetInfo{}, fmt.Errorf("%s: label id %d is named both %q and %q", path, id, prev, name)
		}
		byID[uint16(id)] = name
	}
	t := ClassTable{Name: "dataset.json"}
	if n := SanitizeName(doc.Name); n != "" {
		t.Name = n + " (dataset.json)"
	}
	ids := make([]uint16, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	flare := FLARE22Classes()
	for _, id := range ids {
		if id == 0 {
			continue
		}
		c := Class{ID: id, Name: byID[id], Color: ExtraColor(len(t.Classes))}
		if known, ok := flare.Lookup(c.Name); ok { // same organ, same colour
			c.Color = known.Color
		}
		t.Classes = append(t.Classes, c)
	}
	return nnunetInfo{Classes: t, FileEnding: SanitizeName(doc.FileEnding)}, nil
}

// parseLabelEntry returns the id and sanitized name of one labels entry;
// id is -1 for v2 region entries (lists of ids).
func parseLabelEntry(key string, raw json.RawMessage) (int, string, error) {
	var num json.Number
	if err := json.Unmarshal(raw, &num); err == nil { // v2 {"name": id}
		id, err := strconv.Atoi(num.String())
		if err != nil || id < 0 || id > 0xffff {
			return 0, "", fmt.Errorf("id %s is not an integer in 0..65535", num)
		}
		return id, SanitizeName(key), nil
	}
	var list []int
	if err := json.Unmarshal(raw, &list); err == nil {
		return -1, "", nil
	}
	var name string
	if err := json.Unmarshal(raw, &name); err == nil { // v1 {"id": "name"}
		id, err := strconv.Atoi(key)
		if err != nil || id < 0 || id > 0xffff {
			return 0, "", fmt.Errorf("v1 key must be an integer id in 0..65535")
		}
		return id, SanitizeName(name), nil
	}
	return 0, "", fmt.Errorf("value %s is neither an id (v2) nor a name (v1)", Clip(string(raw)))
}
