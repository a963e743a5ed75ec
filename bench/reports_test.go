package bench

import (
	"io"
	"testing"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/html"
	"github.com/iotthreat/iotthreat/document/pdf"
	"github.com/iotthreat/iotthreat/document/publish"
	"github.com/iotthreat/iotthreat/document/xlsx"
)

// documentOf builds the report document of the size-n model without its
// diagram, which BenchmarkSVG measures on its own.
func documentOf(b *testing.B, n int) *document.Document {
	b.Helper()
	f := modelOf(b, n, true)
	d, err := document.New(f.loaded, f.result.Report, document.Options{Date: today, Version: "bench", NoDiagram: true})
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkDocument works out what the human-readable reports show:
// sections, the mitigation checklist and compliance coverage.
func BenchmarkDocument(b *testing.B) {
	eachSize(b, 0, func(b *testing.B, n int) {
		f := modelOf(b, n, true)
		for b.Loop() {
			if _, err := document.New(f.loaded, f.result.Report, document.Options{Date: today, NoDiagram: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// reportStep benchmarks one document format at every size up to limit.
func reportStep(b *testing.B, limit int, write func(io.Writer, *document.Document) error) {
	eachSize(b, limit, func(b *testing.B, n int) {
		d := documentOf(b, n)
		for b.Loop() {
			if err := write(io.Discard, d); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkHTML writes the self-contained HTML report (default --detail).
func BenchmarkHTML(b *testing.B) { reportStep(b, 0, html.Write) }

// MaxPDFElements caps BenchmarkPDF: at 100,000 elements the PDF lists a
// million findings' titles in its tables of findings by element, which
// takes minutes and is no document anyone reads.
const MaxPDFElements = 10000

// BenchmarkPDF writes the PDF report (default --detail).
func BenchmarkPDF(b *testing.B) { reportStep(b, MaxPDFElements, pdf.Write) }

// BenchmarkCSV writes a row per finding.
func BenchmarkCSV(b *testing.B) {
	reportStep(b, 0, func(w io.Writer, d *document.Document) error {
		return publish.Write(w, "csv", d, publish.Options{})
	})
}

// MaxXLSXElements caps BenchmarkXLSX: the 100,000-element model has more
// findings than a sheet has rows (xlsx.MaxFindings), which XLSX
// refuses with a clear error.
const MaxXLSXElements = 10000

// BenchmarkXLSX writes the workbook.
func BenchmarkXLSX(b *testing.B) { reportStep(b, MaxXLSXElements, xlsx.Write) }
