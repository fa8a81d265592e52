package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/segtui/segtui/datasets"
)

// caseInfo is what `segtui info` reports for one case; the JSON field names
// are a stable interface for scripts.
type caseInfo struct {
	ID          string        `json:"id"`
	Image       string        `json:"image"`
	Labels      string        `json:"labels,omitempty"`
	Dim         [3]int        `json:"dim"`
	DataType    string        `json:"datatype"`
	Spacing     [3]float64    `json:"spacing_mm"`
	Orientation string        `json:"orientation"`
	Affine      [4][4]float64 `json:"affine"`
	Min         float32       `json:"min"`
	Max         float32       `json:"max"`
	LabelIDs    []labelInfo   `json:"label_ids,omitempty"`
	Error       string        `json:"error,omitempty"`
}

type labelInfo struct {
	ID     uint16 `json:"id"`
	Voxels int    `json:"voxels"`
	Name   string `json:"name"`
}

type datasetInfo struct {
	Root     string      `json:"root"`
	Layout   string      `json:"layout"`
	Classes  string      `json:"class_table"`
	Split    string      `json:"split,omitempty"` // the --split the cases are narrowed to
	Splits   []splitInfo `json:"splits,omitempty"`
	Cases    []caseInfo  `json:"cases"`
	Warnings []string    `json:"warnings,omitempty"`
}

// splitInfo is one split list found beside the data.
type splitInfo struct {
	Name            string   `json:"name"`
	Path            string   `json:"path"`
	Cases           int      `json:"cases"`
	Names           int      `json:"names"`   // non-empty lines in the list
	Missing         int      `json:"missing"` // names that match no case
	MissingExamples []string `json:"missing_examples,omitempty"`
}

func runInfo(args []string) int {
	fs := newFlagSet("info", "segtui info [--json] [--labels PATH] [--split NAME] [--classes NAME|FILE] PATH")
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	labels := fs.String("labels", "", "label map for a single-file PATH")
	split := fs.String("split", "", splitUsage)
	classes := fs.String("classes", "", classesUsage)
	pos, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	if len(pos) != 1 {
		fs.Usage()
		return usageError(os.Stderr, "info", fmt.Errorf("expected one PATH, got %d arguments", len(pos)))
	}
	if code, ok := checkClasses(os.Stderr, "info", *classes); !ok {
		return code
	}
	ds, err := datasets.OpenWithLabels(pos[0], *labels)
	if err == nil {
		ds, err = ds.Split(*split)
	}
	if err == nil {
		err = applyClasses(ds, *classes)
	}
	if err != nil {
		return runtimeError(os.Stderr, "info", err)
	}
	info := describeDataset(ds)
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(info); err != nil {
			return runtimeError(os.Stderr, "info", err)
		}
	} else {
		printInfo(os.Stdout, info)
	}
	for _, c := range info.Cases {
		if c.Error != "" {
			return exitError
		}
	}
	return exitOK
}

func describeDataset(ds *datasets.Dataset) datasetInfo {
	info := datasetInfo{Root: ds.Root, Layout: string(ds.Layout), Classes: ds.Classes.Name, Split: ds.SplitName, Warnings: ds.Warnings}
	for _, s := range ds.Splits {
		info.Splits = append(info.Splits, splitInfo{Name: s.Name, Path: s.Path, Cases: len(s.IDs), Names: s.Names, Missing: s.Missing, MissingExamples: s.MissingExamples})
	}
	for _, c := range ds.Cases {
		info.Cases = append(info.Cases, describeCase(ds, c))
	}
	return info
}

func describeCase(ds *datasets.Dataset, c datasets.Case) caseInfo {
	ci := caseInfo{ID: c.ID, Image: c.ImagePath, Labels: c.LabelPath}
	img, lab, err := ds.Load(c)
	if err != nil {
		ci.Error = err.Error()
		return ci
	}
	ci.Dim, ci.DataType, ci.Spacing = img.Dim, string(img.DataType), img.Spacing
	ci.Orientation, ci.Affine = img.Orientation(), img.Affine
	ci.Min, ci.Max = img.MinMax()
	if lab != nil {
		classes := ds.ClassesFor(lab)
		for id, n := range lab.Counts() {
			name := "background"
			if cl, ok := classes.ByID(id); ok && id != 0 {
				name = cl.Name
			}
			ci.LabelIDs = append(ci.LabelIDs, labelInfo{ID: id, Voxels: n, Name: datasets.SanitizeName(name)})
		}
		sort.Slice(ci.LabelIDs, func(i, j int) bool { return ci.LabelIDs[i].ID < ci.LabelIDs[j].ID })
	}
	return ci
}

func printInfo(w io.Writer, info datasetInfo) {
	inSplit := ""
	if info.Split != "" {
		inSplit = " in split " + datasets.SanitizeName(info.Split)
	}
	fmt.Fprintf(w, "%s: %s layout, %d case(s)%s, classes: %s\n", datasets.SanitizeText(info.Root), info.Layout, len(info.Cases), inSplit, info.Classes)
	printSplits(w, info.Splits)
	for _, warn := range info.Warnings {
		fmt.Fprintf(w, "warning: %s\n", datasets.SanitizeText(warn)) // whole: the advice ends it
	}
	for _, c := range info.Cases {
		fmt.Fprintf(w, "\ncase %s\n  image       %s\n", datasets.SanitizeName(c.ID), datasets.SanitizeText(c.Image))
		if c.Labels != "" {
			fmt.Fprintf(w, "  labels      %s\n", datasets.SanitizeText(c.Labels))
		}
		if c.Error != "" {
			fmt.Fprintf(w, "  error       %s\n", datasets.SanitizeText(c.Error))
			continue
		}
		fmt.Fprintf(w, "  dimensions  %d x %d x %d\n  datatype    %s\n", c.Dim[0], c.Dim[1], c.Dim[2], c.DataType)
		fmt.Fprintf(w, "  spacing     %.4g x %.4g x %.4g mm\n  orientation %s\n", c.Spacing[0], c.Spacing[1], c.Spacing[2], c.Orientation)
		for r := 0; r < 4; r++ {
			label := "affine"
			if r > 0 {
				label = ""
			}
			fmt.Fprintf(w, "  %-11s [%9.3f %9.3f %9.3f %9.3f]\n", label, c.Affine[r][0], c.Affine[r][1], c.Affine[r][2], c.Affine[r][3])
		}
		fmt.Fprintf(w, "  intensity   min %g, max %g\n", c.Min, c.Max)
		if len(c.LabelIDs) > 0 {
			fmt.Fprintf(w, "  labels      %d ids\n", len(c.LabelIDs))
			for _, l := range c.LabelIDs {
				fmt.Fprintf(w, "    %3d  %10d voxels  %s\n", l.ID, l.Voxels, l.Name)
			}
		}
	}
}

// printSplits lists the split lists with their case counts and, for lists
// naming files that are not there, how many and which.
func printSplits(w io.Writer, splits []splitInfo) {
	for _, s := range splits {
		fmt.Fprintf(w, "split %s: %d case(s), %s", datasets.SanitizeName(s.Name), s.Cases, datasets.SanitizeName(s.Path))
		if s.Missing > 0 {
			fmt.Fprintf(w, " (%d of %d names match no case, e.g. %s)", s.Missing, s.Names, strings.Join(s.MissingExamples, ", "))
		}
		fmt.Fprintln(w)
	}
}
