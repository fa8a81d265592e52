package review

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/eval"
)

// resultsName is the file segtui eval writes its full results to.
const resultsName = "results.json"

// LoadResults reads an evaluation's results.json. path is the file or the
// eval output folder holding it; the returned path is the file read.
func LoadResults(path string) (*eval.Results, string, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, path, fmt.Errorf("%s does not exist: expected a results.json written by segtui eval, or its --out folder", path)
		}
		return nil, path, err
	}
	if st.IsDir() {
		dir := path
		path = filepath.Join(dir, resultsName)
		if _, err := os.Stat(path); err != nil {
			if _, jerr := os.Stat(filepath.Join(dir, "results.jsonl")); jerr == nil {
				return nil, path, fmt.Errorf("%s has no %s, only the incremental results.jsonl: the evaluation did not finish; rerun segtui eval with --resume --out %s", dir, resultsName, dir)
			}
			return nil, path, fmt.Errorf("%s has no %s: expected the --out folder of segtui eval", dir, resultsName)
		}
	}
	f, err := datasets.OpenRegular(path)
	if err != nil {
		return nil, path, err
	}
	defer f.Close()
	var res eval.Results
	if err := json.NewDecoder(f).Decode(&res); err != nil {
		return nil, path, fmt.Errorf("%s is not a segtui eval results file: %v", path, err)
	}
	if res.Version == 0 || res.Dataset == "" || res.Plane == "" {
		return nil, path, fmt.Errorf("%s is not a segtui eval results file: expected version, dataset, plane and cases fields", path)
	}
	if res.Version != eval.ResultsVersion {
		return nil, path, fmt.Errorf("%s is results version %d; this segtui reads version %d: rerun segtui eval", path, res.Version, eval.ResultsVersion)
	}
	if _, err := datasets.ParsePlane(res.Plane); err != nil {
		return nil, path, fmt.Errorf("%s: %w", path, err)
	}
	return &res, path, nil
}

// ReviewPaths are the data and manifest a review reopens: those recorded
// in the results unless overridden, checked to exist so a moved dataset
// is reported before the terminal is taken over.
func ReviewPaths(res *eval.Results, resultsPath, dataset, models string) (string, string, error) {
	if dataset == "" {
		dataset = res.Dataset
		if _, err := os.Stat(dataset); err != nil {
			return "", "", fmt.Errorf("dataset %s recorded in %s is not there (moved or deleted?): pass --dataset PATH with its new place", datasets.SanitizeName(dataset), resultsPath)
		}
	} else if _, err := os.Stat(dataset); err != nil {
		return "", "", fmt.Errorf("--dataset %s: %w", dataset, err)
	}
	if models == "" {
		models = res.Models
		if models != "" {
			if _, err := os.Stat(models); err != nil {
				return "", "", fmt.Errorf("model manifest %s recorded in %s is not there (moved or deleted?): pass --models FILE with its new place", datasets.SanitizeName(models), resultsPath)
			}
		}
	} else if _, err := os.Stat(models); err != nil {
		return "", "", fmt.Errorf("--models %s: %w", models, err)
	}
	return dataset, models, nil
}

// samePath reports whether two paths name the same file or folder.
func samePath(a, b string) bool {
	ca, err1 := filepath.Abs(a)
	cb, err2 := filepath.Abs(b)
	if err1 != nil || err2 != nil {
		return filepath.Clean(a) == filepath.Clean(b)
	}
	if ca == cb {
		return true
	}
	sa, err1 := os.Stat(ca)
	sb, err2 := os.Stat(cb)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// OpenDefault looks for eval's default output folder, evaluated on the
// dataset at root, and goes to its first failure; without one, rv is nil
// and the intent's message says why.
func OpenDefault(root string, s Setup) (rv *Model, _ Intent) {
	path := "eval-results"
	res, file, err := LoadResults(path)
	if err != nil {
		return nil, Intent{Msg: fmt.Sprintf("no evaluation results for this data in ./%s: run segtui eval --out DIR on it, then segtui review DIR", path)}
	}
	if !samePath(res.Dataset, root) {
		return nil, Intent{Msg: fmt.Sprintf("%s evaluated %s, not this data (%s): run segtui review on the right results", file, datasets.SanitizeName(res.Dataset), datasets.SanitizeName(root))}
	}
	rv, err = New(res, file, s)
	if err != nil {
		return nil, Intent{Err: err}
	}
	return rv, rv.jump(0)
}
