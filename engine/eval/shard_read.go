package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// shardRun is one shard's results folder as read back.
type shardRun struct {
	dir     string
	setup   setup
	cases   []CaseResult
	updated time.Time // when results.jsonl last changed
}

var shardDirName = regexp.MustCompile(`^shard-(\d+)-of-(\d+)$`)

// expandShardDirs replaces each folder that holds no results.jsonl but
// shard-K-of-N folders (a run's --out) by those, in shard order.
func expandShardDirs(dirs []string) ([]string, error) {
	var out []string
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, logName)); err == nil {
			out = append(out, d)
			continue
		}
		entries, err := os.ReadDir(d)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d, err)
		}
		type sub struct {
			k    int
			name string
		}
		var subs []sub
		for _, e := range entries {
			if m := shardDirName.FindStringSubmatch(e.Name()); m != nil && e.IsDir() {
				k, _ := strconv.Atoi(m[1])
				subs = append(subs, sub{k, e.Name()})
			}
		}
		if len(subs) == 0 {
			return nil, fmt.Errorf("%s holds no %s and no shard-K-of-N folders: expected a shard's results folder or the --out folder of a sharded run", d, logName)
		}
		slices.SortFunc(subs, func(a, b sub) int { return a.k - b.k })
		for _, s := range subs {
			out = append(out, filepath.Join(d, s.name))
		}
	}
	return out, nil
}

// readShard reads one results folder's log.
func readShard(dir string) (shardRun, error) {
	path := filepath.Join(dir, logName)
	st, err := os.Stat(path)
	if err != nil {
		return shardRun{}, fmt.Errorf("%s: %w", dir, err)
	}
	s, cases, err := readLog(path)
	if err != nil {
		return shardRun{}, err
	}
	return shardRun{dir: dir, setup: s, cases: cases, updated: st.ModTime()}, nil
}

// expectedWork is every shard's share of the run the setup describes.
func expectedWork(s setup) map[WorkItem]int {
	ids := make([]string, len(s.Cases))
	for i, c := range s.Cases {
		ids[i] = c.ID
	}
	return AssignShards(ids, s.Variants, s.Shard.Count)
}

// readFinished reads the results.json a finished run wrote.
func readFinished(dir string) (*Results, error) {
	b, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s has no results.json: the shard did not finish", dir)
	}
	if err != nil {
		return nil, err
	}
	var r Results
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "results.json"), err)
	}
	return &r, nil
}
