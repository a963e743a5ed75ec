package main

import (
	"strings"
	"testing"
)

// The table is read by people comparing runs: a wrong median or ratio
// would mislead them, so both are checked on a known output.
func TestTable(t *testing.T) {
	r := newResults()
	r.add(`goos: linux
BenchmarkAnalyze/elements=100-2   	      10	 100000000 ns/op	 3000000 B/op	   20000 allocs/op
BenchmarkAnalyze/elements=100-2   	      10	 140000000 ns/op	 3000000 B/op	   20000 allocs/op
BenchmarkAnalyze/elements=100-2   	      10	 120000000 ns/op	 3000000 B/op	   20000 allocs/op
BenchmarkAnalyze/elements=1000-2  	       1	1500000000 ns/op	33000000 B/op	  210000 allocs/op
BenchmarkLoad/elements=100-2      	     100	  14000000 ns/op	   4.07 MB/s	 4700000 B/op	   52000 allocs/op
PASS
ok  	github.com/iotthreat/iotthreat/bench	3.425s
`)
	var out strings.Builder
	r.print(&out, []string{"Load", "Analyze", "SVG"}, []int{100, 1000})
	want := []string{
		"Load    100   14.0 ms  4.70 MB  52,000",
		"Analyze    100   120 ms  3.00 MB  20,000",
		"Analyze  1,000  1.50 s  33.0 MB  210,000  10.0×  12.5×  11.0×",
	}
	got := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(got) != 4 {
		t.Fatalf("want a header and 3 rows, got:\n%s", out.String())
	}
	for i, w := range want {
		if strings.Join(strings.Fields(got[i+1]), " ") != strings.Join(strings.Fields(w), " ") {
			t.Errorf("row %d:\n got %q\nwant %q", i+1, got[i+1], w)
		}
	}
}
