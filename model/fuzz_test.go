package model

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// FuzzParse feeds arbitrary bytes to the loader. It must never panic or
// hang, and every diagnostic and warning must say where the problem is.
// What it accepts must cost in proportion to its size: the text of the
// decoded model, aliases expanded, is at most the parser's text budget
// for that size (strictyaml.Limits.TextBudget), and every string is
// within its length limit (MaxLabelLength, MaxProseLength). Those two
// bounds are what keeps analysing, drawing and reporting an accepted
// file within a memory budget proportional to its size.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../scaffold/files/*.yaml")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"", "iotthreat: 1", "- a\n- b", "iotthreat: 1\nelements: [{id: a, kind: device, boundary: *x}]",
		"a: &a [*a]", "iotthreat: 1\nsystem: {name: x}\nboundaries: [{id: a, kind: internet, within: a}]",
		"iotthreat: 1\nflows:\n  - {id: f, from: a, to: a, protocol: https, encryption: none, options: {x: y}}",
		"{[", "? [a]\n: b", "<<: [1]", "a: !!binary aGVsbG8=", "iotthreat: 1\ntracking: {x: {status: open}}",
		"iotthreat: 1\nsystem: {name: &n \"x\u202ey\"}\nelements: [{id: a, kind: device, name: *n, sensors: [*n, *n]}]",
		"iotthreat: 1\nsystem: {name: s}\nelements:\n  - {id: a, kind: device, description: &d " + strings.Repeat("x", 300) + "}\n  - {id: b, kind: device, sensors: [*d, *d, *d]}",
		"iotthreat: 1\nsystem: {name: s}\nelements:\n  - &e {id: a, kind: device, tags: [t1, t2, t3, t4]}\n  - {<<: *e, id: b}\n  - {<<: *e, id: c}",
		"\xff\xfei\x00", "iotthreat: 1\nsystem: {name: \"a\x00\"}",
		// Hand-written threats: valid, and each way of getting one wrong.
		"iotthreat: 1\nsystem: {name: s}\nelements: [{id: a, kind: device}]\nthreats:\n  - {id: ACME-T-001, title: t, target: a, stride: [tampering], likelihood: high, impact: low, controls: [secure-boot], references: {cwe: [1]}, source: s}\n  - {id: ACME-T-002, title: t, target: system, linddun: [linking], severity: medium}",
		"iotthreat: 1\nsystem: {name: s}\ndata: [{id: a}]\nelements: [{id: a, kind: device}]\nthreats:\n  - {id: ACME-T-001, title: t, target: a, severity: \"\", likelihood: x}\n  - {id: ACME-T-001, title: t, target: \"\", stride: [x], controls: [x, x]}\n  - {id: \"\", title: \"\", target: nope}",
	} {
		f.Add([]byte(s))
	}
	// Prose repeated by aliases: 40 kB of text from 2.7 kB of input.
	repeated := "iotthreat: 1\nsystem: {name: s, description: &d " + strings.Repeat("d", 2000) + "}\nelements:\n"
	for i := range 20 {
		repeated += fmt.Sprintf("  - {id: e%d, kind: device, description: *d}\n", i)
	}
	f.Add([]byte(repeated))
	// A text budget that inputs of a fuzzer's sizes can reach.
	lim := strictyaml.DefaultLimits
	lim.TextFactor, lim.TextSlack = 2, 4096
	f.Fuzz(func(t *testing.T, data []byte) {
		loaded, diags := Parse("fuzz.yaml", data, Options{Limits: lim})
		if loaded == nil {
			t.Fatal("Parse returned no model")
		}
		for _, d := range append(diags, loaded.Warnings...) {
			if d.File != "fuzz.yaml" || d.Line < 1 || d.Message == "" {
				t.Fatalf("diagnostic without a location or message: %#v", d)
			}
			if strings.ContainsRune(d.Message, 0) {
				t.Fatalf("raw NUL in message: %q", d.Message)
			}
		}
		if loaded.Vocab != nil {
			validatedInHalvesAsInOnePass(t, loaded)
		}
		if len(diags) > 0 {
			return
		}
		budget := lim.TextBudget(len(data))
		if text := modelText(reflect.ValueOf(loaded.Model).Elem(), MaxLabelLength, t); text > budget {
			t.Fatalf("accepted %d bytes of text from %d bytes of input, more than the budget of %d", text, len(data), budget)
		}
	})
}

// validatedInHalvesAsInOnePass fails t when checking the elements and
// flows of loaded in two halves (validate_split.go; a fuzzer's models are
// far below splitFrom, so it is moved for the check) reports anything but
// what one pass reports, in another order, or goes on with another count
// of unknown references.
func validatedInHalvesAsInOnePass(t *testing.T, loaded *Loaded) {
	t.Helper()
	check := func(from int) (diag.List, int) {
		was := splitFrom
		splitFrom = from
		defer func() { splitFrom = was }()
		c := newChecker(loaded.Model, loaded.Vocab)
		c.run()
		return c.diags, c.unknownRefs
	}
	onePass, onePassRefs := check(1 << 30)
	halves, halvesRefs := check(0)
	if !reflect.DeepEqual(halves, onePass) || halvesRefs != onePassRefs {
		t.Fatalf("validated in halves (%d unknown references):\n%v\nin one pass (%d):\n%v", halvesRefs, halves, onePassRefs, onePass)
	}
}

// modelText is the bytes of every string of v, map keys included, and
// fails t when one is longer than its limit (limit applies to strings of
// v itself; struct fields get theirs by their YAML key).
func modelText(v reflect.Value, limit int, t *testing.T) int {
	switch v.Kind() {
	case reflect.String:
		if n := utf8.RuneCountInString(v.String()); n > limit {
			t.Fatalf("accepted a string of %d characters, limit %d: %.40q…", n, limit, v.String())
		}
		return v.Len()
	case reflect.Pointer:
		if v.IsNil() {
			return 0
		}
		return modelText(v.Elem(), limit, t)
	case reflect.Struct:
		total := 0
		for i := 0; i < v.NumField(); i++ {
			name, _, ok := strictyaml.FieldName(v.Type().Field(i))
			if !ok {
				continue
			}
			fieldLimit := MaxLabelLength
			if proseKeys[name] {
				fieldLimit = MaxProseLength
			}
			total += modelText(v.Field(i), fieldLimit, t)
		}
		return total
	case reflect.Slice:
		total := 0
		for i := 0; i < v.Len(); i++ {
			total += modelText(v.Index(i), limit, t)
		}
		return total
	case reflect.Map:
		total := 0
		for it := v.MapRange(); it.Next(); {
			total += modelText(it.Key(), MaxLabelLength, t) + modelText(it.Value(), limit, t)
		}
		return total
	}
	return 0
}
