package bench

import (
	"io"
	"testing"

	"github.com/iotthreat/iotthreat/report"
)

// documentOf builds the report document of the size-n model without its
// diagram, which BenchmarkSVG measures on its own.
func documentOf(b *testing.B, n int) *report.Document {
	b.Helper()
	f := modelOf(b, n, true)
	d, err := report.NewDocument(f.loaded, f.result.Report, report.DocumentOptions{Date: today, Version: "bench", NoDiagram: true})
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
			if _, err := report.NewDocument(f.loaded, f.result.Report, report.DocumentOptions{Date: today, NoDiagram: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// reportStep benchmarks one document format at every size up to limit.
func reportStep(b *testing.B, limit int, write func(io.Writer, *report.Document) error) {
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
func BenchmarkHTML(b *testing.B) { reportStep(b, 0, report.HTML) }

// MaxPDFElements caps BenchmarkPDF: at 100,000 elements the PDF lists a
// million findings' titles in its tables of findings by element, which
// takes minutes and is no document anyone reads.
const MaxPDFElements = 10000

// BenchmarkPDF writes the PDF report (default --detail).
func BenchmarkPDF(b *testing.B) { reportStep(b, MaxPDFElements, report.PDF) }

// BenchmarkCSV writes a row per finding.
func BenchmarkCSV(b *testing.B) {
	reportStep(b, 0, func(w io.Writer, d *report.Document) error {
		return report.Write(w, "csv", d, report.WriteOptions{})
	})
}

// MaxXLSXElements caps BenchmarkXLSX: the 100,000-element model has more
// findings than a sheet has rows (report.MaxXLSXFindings), which XLSX
// refuses with a clear error.
const MaxXLSXElements = 10000

// BenchmarkXLSX writes the workbook.
func BenchmarkXLSX(b *testing.B) { reportStep(b, MaxXLSXElements, report.XLSX) }
