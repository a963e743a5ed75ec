// Command benchtable runs the pipeline benchmarks of package bench (load,
// validate, analyze, diagram, and the JSON, HTML, PDF, CSV and XLSX
// reports) at each model size and prints
// one table: time, memory and allocations per operation, and how much each
// step in size multiplied the time, the number the design's linearity
// target is about (each 10× in size at most 12× in time).
//
//	go run ./tools/benchtable                        # every step, 100 … 100,000 elements
//	go run ./tools/benchtable -sizes 1000,10000 -steps Analyze -count 5 -o new.txt
//
// Each step and size runs in its own process, so that the large models
// built for one measurement do not sit in the heap of another and change
// how often it collects garbage. -o keeps the raw `go test` output, which
// benchstat compares (docs/performance.md says how).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

func main() {
	sizes := flag.String("sizes", "100,1000,10000,100000", "model sizes in elements, comma-separated")
	steps := flag.String("steps", "Load,Validate,Analyze,DOT,SVG,JSON,Document,HTML,PDF,CSV,XLSX", "benchmarks of package bench to run (names without Benchmark)")
	count := flag.Int("count", 1, "runs of each benchmark (benchstat wants 5 or more to compare)")
	benchtime := flag.String("benchtime", "", "passed to go test -benchtime (default: go test's)")
	raw := flag.String("o", "", "also write the raw go test output to this file, for benchstat")
	pkg := flag.String("pkg", "./bench", "package holding the benchmarks")
	flag.Parse()
	ns, err := parseSizes(*sizes)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(2)
	}
	if err := run(*pkg, strings.Split(*steps, ","), ns, *count, *benchtime, *raw); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-sizes: %q is not a positive number", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// run builds the test binary once, runs each step at each size, and prints
// the table to stdout; progress goes to stderr.
func run(pkg string, steps []string, sizes []int, count int, benchtime, rawPath string) error {
	dir, err := os.MkdirTemp("", "benchtable")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "bench.test")
	build := exec.Command("go", "test", "-c", "-o", bin, pkg)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("go test -c %s: %w", pkg, err)
	}
	var rawOut io.Writer = io.Discard
	if rawPath != "" {
		f, err := os.Create(rawPath)
		if err != nil {
			return err
		}
		defer f.Close()
		rawOut = f
	}
	results := newResults()
	for _, step := range steps {
		step = strings.TrimSpace(step)
		for _, n := range sizes {
			fmt.Fprintf(os.Stderr, "benchtable: %s at %d elements\n", step, n)
			args := []string{"-test.run", "^$", "-test.bench", fmt.Sprintf("^Benchmark%s$/^elements=%d$", step, n),
				"-test.benchmem", "-test.count", strconv.Itoa(count)}
			if benchtime != "" {
				args = append(args, "-test.benchtime", benchtime)
			}
			cmd := exec.Command(bin, args...)
			cmd.Stderr = os.Stderr
			out, err := cmd.Output()
			rawOut.Write(out)
			if err != nil {
				os.Stderr.Write(out)
				return fmt.Errorf("%s at %d elements: %w", step, n, err)
			}
			if results.add(string(out)) == 0 {
				fmt.Fprintf(os.Stderr, "benchtable: no benchmark Benchmark%s/elements=%d in %s\n", step, n, pkg)
			}
		}
	}
	results.print(os.Stdout, steps, sizes)
	return nil
}
