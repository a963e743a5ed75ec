// Package doctest holds what the tests of package document and of its
// formats share: documents of the example and synthetic models built the
// same way for every test, and a measure of how much of a rendered image
// is drawn on. It is imported only by tests.
package doctest

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/internal/outputtest"
)

// Example is the path of examples/NAME from the test's working directory
// (its package's folder), found by walking up to the module's go.mod, so
// that the packages at every depth below document/ name models alike. The
// path is relative, as the command line's would be: findings carry it as
// their source file.
func Example(t testing.TB, name string) string {
	t.Helper()
	up := "."
	for range 8 {
		if _, err := os.Stat(filepath.Join(up, "go.mod")); err == nil {
			return filepath.Join(up, "examples", name)
		}
		up = filepath.Join(up, "..")
	}
	t.Fatalf("no go.mod above the test's folder to find examples/%s from", name)
	return ""
}

// Load analyses a model and builds its document, dated 2026-01-15 and
// of version "test" unless opts says otherwise, so that outputs are
// reproducible.
func Load(t testing.TB, path string, opts document.Options) *document.Document {
	t.Helper()
	res, diags, err := analysis.Run(path, analysis.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("analysis of %s: %v %v", path, err, diags)
	}
	if opts.Date == "" {
		opts.Date = "2026-01-15"
	}
	if opts.Version == "" {
		opts.Version = "test"
	}
	doc, err := document.New(res.Model, res.Report, opts)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// Reference is the reference example's document, as Load builds it, and
// without a diagram.
func Reference(t testing.TB) *document.Document {
	t.Helper()
	return Load(t, Example(t, "reference.yaml"), document.Options{NoDiagram: true})
}

// Synthetic is the document of a synthetic model of n elements
// (outputtest.Synthetic), without a diagram.
func Synthetic(tb testing.TB, n int) *document.Document {
	tb.Helper()
	res := outputtest.Synthetic(tb, n)
	doc, err := document.New(res.Model, res.Report, document.Options{Date: "2026-01-15", Version: "bench", NoDiagram: true})
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// InkShare is the share of a PNG image's pixels that are not near white:
// text, lines and fills. The PDF pages and the browser screenshots use it
// to tell a blank picture.
func InkShare(t *testing.T, data []byte) float64 {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0xf000 {
				ink++
			}
		}
	}
	return float64(ink) / float64(b.Dx()*b.Dy())
}
