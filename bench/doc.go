// Package bench measures every step of the pipeline — load, validate,
// analyze, diagram and the JSON report — on synthetic models of 100,
// 1,000, 10,000 and 100,000 elements (package synth), so that the design's
// targets (docs/performance.md) are checked with one command and each 10×
// step in size can be compared with the last. It holds only benchmarks;
// `go run ./tools/benchtable` runs them and prints the table.
package bench
