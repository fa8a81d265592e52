package onnx

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// pruneOutputs returns the ONNX model in data without the graph outputs
// named in drop and without the nodes that only they needed. ONNX Runtime
// runs every node of a graph whatever outputs a run asks for, so this is
// the only way not to pay for an output segtui does not read. It edits the
// protobuf wire format directly (no protobuf dependency): the model's
// graph (ModelProto field 7), its nodes (GraphProto field 1), outputs (12)
// and value infos (13); everything else is copied byte for byte. Graphs it
// cannot prove safe to cut (a node with a subgraph attribute, which can
// read outer values unnamed in its inputs) come back as an error, and the
// caller keeps the model whole.
func pruneOutputs(data []byte, drop []string) ([]byte, error) {
	model, err := protoFields(data)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	gi := -1
	for i, f := range model {
		if f.num == modelGraph {
			if gi >= 0 {
				return nil, errors.New("model has more than one graph field")
			}
			gi = i
		}
	}
	if gi < 0 || model[gi].wire != wireLen {
		return nil, errors.New("model has no graph")
	}
	graph, err := protoFields(model[gi].payload)
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	type node struct {
		ins, outs []string
	}
	var nodes []node
	var outputs []string
	dropped := 0
	for _, f := range graph {
		switch {
		case f.num == graphNode && f.wire == wireLen:
			n, err := protoFields(f.payload)
			if err != nil {
				return nil, fmt.Errorf("node: %w", err)
			}
			var nd node
			for _, nf := range n {
				switch {
				case nf.num == nodeInput && nf.wire == wireLen:
					nd.ins = append(nd.ins, string(nf.payload))
				case nf.num == nodeOutput && nf.wire == wireLen:
					nd.outs = append(nd.outs, string(nf.payload))
				case nf.num == nodeAttribute && nf.wire == wireLen:
					if sub, err := hasSubgraph(nf.payload); err != nil || sub {
						return nil, errors.New("a node has a subgraph attribute")
					}
				}
			}
			nodes = append(nodes, nd)
		case f.num == graphOutput && f.wire == wireLen:
			name, err := valueInfoName(f.payload)
			if err != nil {
				return nil, err
			}
			if slices.Contains(drop, name) {
				dropped++
			} else {
				outputs = append(outputs, name)
			}
		}
	}
	if dropped != len(drop) {
		return nil, fmt.Errorf("graph outputs %v not all found", drop)
	}
	// ONNX keeps nodes in topological order: one pass from the end finds
	// every node a kept output depends on.
	needed := map[string]bool{}
	for _, o := range outputs {
		needed[o] = true
	}
	keep := make([]bool, len(nodes))
	for i := len(nodes) - 1; i >= 0; i-- {
		for _, o := range nodes[i].outs {
			if o != "" && needed[o] {
				keep[i] = true
				break
			}
		}
		if keep[i] {
			for _, in := range nodes[i].ins {
				needed[in] = true
			}
		}
	}
	var g []byte
	ni := 0
	for _, f := range graph {
		switch {
		case f.num == graphNode && f.wire == wireLen:
			k := keep[ni]
			ni++
			if !k {
				continue
			}
		case (f.num == graphOutput || f.num == graphValueInfo) && f.wire == wireLen:
			name, err := valueInfoName(f.payload)
			if err != nil {
				return nil, err
			}
			if f.num == graphOutput && slices.Contains(drop, name) || f.num == graphValueInfo && !needed[name] {
				continue
			}
		}
		g = append(g, f.raw...)
	}
	var out []byte
	for i, f := range model {
		if i == gi {
			out = binary.AppendUvarint(out, uint64(modelGraph)<<3|wireLen)
			out = binary.AppendUvarint(out, uint64(len(g)))
			out = append(out, g...)
			continue
		}
		out = append(out, f.raw...)
	}
	return out, nil
}

// Field numbers of onnx.proto and protobuf's wire types.
const (
	modelGraph     = 7
	graphNode      = 1
	graphOutput    = 12
	graphValueInfo = 13
	nodeInput      = 1
	nodeOutput     = 2
	nodeAttribute  = 5
	attrGraph      = 6  // AttributeProto.g
	attrGraphs     = 11 // AttributeProto.graphs
	valueInfoNameF = 1

	wireVarint = 0
	wireI64    = 1
	wireLen    = 2
	wireI32    = 5
)

// protoField is one field of a message: its number, wire type, payload
// (for length-delimited fields) and its bytes as they were, tag included.
type protoField struct {
	num     int
	wire    int
	payload []byte
	raw     []byte
}

// protoFields splits a message into its fields.
func protoFields(b []byte) ([]protoField, error) {
	var fs []protoField
	for off := 0; off < len(b); {
		start := off
		tag, n := binary.Uvarint(b[off:])
		if n <= 0 {
			return nil, fmt.Errorf("bad tag at byte %d", off)
		}
		off += n
		f := protoField{num: int(tag >> 3), wire: int(tag & 7)}
		switch f.wire {
		case wireVarint:
			_, n := binary.Uvarint(b[off:])
			if n <= 0 {
				return nil, fmt.Errorf("bad varint at byte %d", off)
			}
			off += n
		case wireI64:
			off += 8
		case wireI32:
			off += 4
		case wireLen:
			l, n := binary.Uvarint(b[off:])
			if n <= 0 || l > uint64(len(b)-off-n) {
				return nil, fmt.Errorf("bad length at byte %d", off)
			}
			off += n
			f.payload = b[off : off+int(l)]
			off += int(l)
		default:
			return nil, fmt.Errorf("wire type %d at byte %d is not one ONNX uses", f.wire, start)
		}
		if off > len(b) {
			return nil, fmt.Errorf("field %d at byte %d runs past the end", f.num, start)
		}
		f.raw = b[start:off]
		fs = append(fs, f)
	}
	return fs, nil
}

func valueInfoName(b []byte) (string, error) {
	fs, err := protoFields(b)
	if err != nil {
		return "", fmt.Errorf("value info: %w", err)
	}
	for _, f := range fs {
		if f.num == valueInfoNameF && f.wire == wireLen {
			return string(f.payload), nil
		}
	}
	return "", nil
}

func hasSubgraph(attr []byte) (bool, error) {
	fs, err := protoFields(attr)
	if err != nil {
		return false, err
	}
	for _, f := range fs {
		if f.num == attrGraph || f.num == attrGraphs {
			return true, nil
		}
	}
	return false, nil
}
