package main

import (
	"slices"
	"strconv"
	"strings"
)

// measurement is one benchmark result line's values per unit
// (ns/op, B/op, allocs/op, MB/s).
type measurement map[string]float64

// results holds every run of every step and size.
type results struct {
	runs map[string]map[int][]measurement // step → size → runs
}

func newResults() *results {
	return &results{runs: map[string]map[int][]measurement{}}
}

// add parses the result lines of go test -bench output, in the standard
// format: "BenchmarkStep/elements=N-P  iterations  value unit  value unit …".
// Other lines (goos:, PASS, ok) are ignored. It returns how many result
// lines there were.
func (r *results) add(output string) int {
	added := 0
	for _, line := range strings.Split(output, "\n") {
		step, size, m, ok := parseLine(line)
		if !ok {
			continue
		}
		added++
		if r.runs[step] == nil {
			r.runs[step] = map[int][]measurement{}
		}
		r.runs[step][size] = append(r.runs[step][size], m)
	}
	return added
}

func parseLine(line string) (step string, size int, m measurement, ok bool) {
	fields := strings.Fields(line)
	if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") || len(fields)%2 != 0 {
		return "", 0, nil, false
	}
	name := strings.TrimPrefix(fields[0], "Benchmark")
	if i := strings.LastIndex(name, "-"); i > 0 {
		name = name[:i] // the GOMAXPROCS suffix
	}
	step, sub, found := strings.Cut(name, "/elements=")
	if !found {
		return "", 0, nil, false
	}
	size, err := strconv.Atoi(sub)
	if err != nil {
		return "", 0, nil, false
	}
	m = measurement{}
	for i := 2; i+1 < len(fields); i += 2 {
		v, err := strconv.ParseFloat(fields[i], 64)
		if err != nil {
			return "", 0, nil, false
		}
		m[fields[i+1]] = v
	}
	return step, size, m, true
}

// median of one unit over the runs of a step and size; ok is false when
// the step did not run at that size.
func (r *results) median(step string, size int, unit string) (float64, bool) {
	var vs []float64
	for _, m := range r.runs[step][size] {
		if v, ok := m[unit]; ok {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return 0, false
	}
	slices.Sort(vs)
	if len(vs)%2 == 1 {
		return vs[len(vs)/2], true
	}
	return (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2, true
}
