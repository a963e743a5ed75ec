package main

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// print writes one row per step and size: the median time, memory and
// allocations per operation, and the time and memory growth from the
// previous size that ran (with that size's ratio, usually 10×).
func (r *results) print(w io.Writer, steps []string, sizes []int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "step\telements\ttime/op\tmemory/op\tallocs/op\tsize ×\ttime ×\tmemory ×\t")
	for _, step := range steps {
		prev := 0
		for _, n := range sizes {
			t, ok := r.median(step, n, "ns/op")
			if !ok {
				continue
			}
			mem, _ := r.median(step, n, "B/op")
			allocs, _ := r.median(step, n, "allocs/op")
			growth := "\t\t\t"
			if prev > 0 {
				pt, _ := r.median(step, prev, "ns/op")
				pm, _ := r.median(step, prev, "B/op")
				growth = fmt.Sprintf("%s\t%s\t%s\t", ratio(float64(n), float64(prev)), ratio(t, pt), ratio(mem, pm))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", step, count(float64(n)), duration(t), bytes(mem), count(allocs), growth)
			prev = n
		}
	}
	tw.Flush()
}

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f×", a/b)
}

// duration formats nanoseconds in the largest unit that keeps the value
// at least 1.
func duration(ns float64) string {
	return scaled(ns, []string{"ns", "µs", "ms", "s"})
}

func bytes(b float64) string {
	return scaled(b, []string{"B", "kB", "MB", "GB", "TB"})
}

// scaled divides v by 1000 until it is below 1000 or the units run out,
// and prints it with three significant digits (never in e-notation).
func scaled(v float64, units []string) string {
	u := 0
	for v >= 1000 && u+1 < len(units) {
		v /= 1000
		u++
	}
	switch {
	case v >= 100 || u == 0:
		return fmt.Sprintf("%.0f %s", v, units[u])
	case v >= 10:
		return fmt.Sprintf("%.1f %s", v, units[u])
	}
	return fmt.Sprintf("%.2f %s", v, units[u])
}

// count formats a number with thousands separators (1,000,000).
func count(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
