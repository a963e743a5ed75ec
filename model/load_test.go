package model

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/iotthreat/iotthreat/diag"
)

// mapFS builds a file system of model files from name → text.
func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

// loadDiags loads model.yaml from files, shown under dir/, and returns its
// diagnostics as the CLI prints them.
func loadDiags(t *testing.T, files map[string]string) []string {
	t.Helper()
	_, diags, err := LoadFS(mapFS(files), "model.yaml", "dir/", Options{})
	if err != nil {
		t.Fatal(err)
	}
	return lines(diags)
}

// parseDiags parses the model text src as m.yaml and returns its
// diagnostics as the CLI prints them.
func parseDiags(src string) []string {
	_, diags := Parse("m.yaml", []byte(src), Options{})
	return lines(diags)
}

func lines(diags diag.List) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.String())
	}
	return out
}

// checkDiags compares diagnostics with the exact lines expected.
func checkDiags(t *testing.T, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Included files add their items after the including file's, depth first;
// a file included twice (a diamond) is merged once; system fields set in
// different files combine, and every item keeps the position it was
// written at.
func TestIncludesMerge(t *testing.T) {
	fsys := mapFS(map[string]string{
		"model.yaml": `iotthreat: 1
system: {name: Acme Lock, controls: [vulnerability-disclosure]}
include: [parts/devices.yaml, parts/cloud.yaml]
boundaries:
  - {id: home, kind: local-network}
`,
		"parts/devices.yaml": `include: [common.yaml]
system: {criticality: high, controls: [support-period]}
elements:
  - {id: lock, kind: device, boundary: home, stores: [log]}
`,
		"parts/cloud.yaml": `include: [common.yaml]
boundaries:
  - {id: cloud, kind: vendor-cloud}
elements:
  - {id: api, kind: support-service, boundary: cloud}
flows:
  - {id: sync, from: lock, to: api, protocol: https, encryption: tls, data: [log]}
tracking:
  IOT-X-001@api: {status: open}
`,
		"parts/common.yaml": `data:
  - {id: log, classification: personal}
`,
	})
	l, diags, err := LoadFS(fsys, "model.yaml", "dir/", Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("LoadFS: %v %v", err, diags)
	}
	m := l.Model
	ids := func(n int, id func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = id(i)
		}
		return out
	}
	for what, c := range map[string]struct{ got, want []string }{
		"files":      {m.Files, []string{"dir/model.yaml", "dir/parts/devices.yaml", "dir/parts/common.yaml", "dir/parts/cloud.yaml"}},
		"boundaries": {ids(len(m.Boundaries), func(i int) string { return m.Boundaries[i].ID }), []string{"home", "cloud"}},
		"elements":   {ids(len(m.Elements), func(i int) string { return m.Elements[i].ID }), []string{"lock", "api"}},
		"data":       {ids(len(m.Data), func(i int) string { return m.Data[i].ID }), []string{"log"}},
		"flows":      {ids(len(m.Flows), func(i int) string { return m.Flows[i].ID }), []string{"sync"}},
		"controls":   {m.System.Controls, []string{"vulnerability-disclosure", "support-period"}},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s = %v, want %v", what, c.got, c.want)
		}
	}
	if m.System.Name != "Acme Lock" || m.System.Criticality != "high" {
		t.Errorf("system = %q, criticality %q", m.System.Name, m.System.Criticality)
	}
	if _, ok := m.Tracking["IOT-X-001@api"]; !ok || len(m.Tracking) != 1 {
		t.Errorf("tracking = %v", m.Tracking)
	}
	for what, c := range map[string]struct{ got, want string }{
		"elements[api]":      {m.Elements[1].Src.Pos.String(), "dir/parts/cloud.yaml:5:5"},
		"data[log]":          {m.Data[0].Src.Pos.String(), "dir/parts/common.yaml:2:5"},
		"system.criticality": {m.System.Src.At("criticality").String(), "dir/parts/devices.yaml:2:23"},
		"system.controls[1]": {m.System.Src.At("controls[1]").String(), "dir/parts/devices.yaml:2:40"},
	} {
		if c.got != c.want {
			t.Errorf("%s is at %s, want %s", what, c.got, c.want)
		}
	}
}

// An id defined in two files is reported at the second, naming the first.
func TestDuplicateIDAcrossFiles(t *testing.T) {
	got := loadDiags(t, map[string]string{
		"model.yaml":   "iotthreat: 1\nsystem: {name: Acme}\ninclude: [parts/a.yaml]\nelements:\n  - {id: hub, kind: gateway}\n",
		"parts/a.yaml": "elements:\n  - {id: hub, kind: gateway}\n",
	})
	checkDiags(t, got, `dir/parts/a.yaml:2:10: elements[hub]: duplicate id "hub" (first defined at dir/model.yaml:5:10)`+
		"\n\thint: boundaries, elements and flows share one id namespace; rename one")
}

// Two files may not say different things about the system or triage the
// same finding twice: includes never overwrite.
func TestIncludedFilesConflict(t *testing.T) {
	got := loadDiags(t, map[string]string{
		"model.yaml":   "iotthreat: 1\nsystem: {name: Acme, criticality: high}\ninclude: [parts/a.yaml]\ntracking:\n  IOT-X-001@hub: {status: open}\n",
		"parts/a.yaml": "system: {name: Other, criticality: high}\ntracking:\n  IOT-X-001@hub: {status: open}\n",
	})
	checkDiags(t, got,
		"dir/parts/a.yaml:1:16: system.name: conflicts with system.name \"Acme\" at dir/model.yaml:2:16\n\thint: set it in one file only, or to the same value",
		"dir/parts/a.yaml:3:18: tracking.IOT-X-001@hub: tracking entry \"IOT-X-001@hub\" is already defined at dir/model.yaml:5:18\n\thint: keep one entry per finding")
}

// A cycle is reported once, where it closes, with the whole chain.
func TestIncludeCycle(t *testing.T) {
	got := loadDiags(t, map[string]string{
		"model.yaml": "iotthreat: 1\nsystem: {name: Acme}\ninclude: [a.yaml]\n",
		"a.yaml":     "include: [b.yaml]\n",
		"b.yaml":     "include: [a.yaml]\n",
	})
	checkDiags(t, got, "dir/b.yaml:1:11: include: include cycle: dir/a.yaml → dir/b.yaml → dir/a.yaml\n\thint: remove one of the includes")

	got = loadDiags(t, map[string]string{"model.yaml": "iotthreat: 1\nsystem: {name: Acme}\ninclude: [model.yaml]\n"})
	checkDiags(t, got, "dir/model.yaml:3:11: include: include cycle: dir/model.yaml → dir/model.yaml\n\thint: remove one of the includes")
}

// Includes that leave the model's directory are refused without being
// read, however they are written; empty and missing ones are located.
func TestIncludeEscapesAndMissing(t *testing.T) {
	const hint = "\n\thint: include files by a relative path inside the model's directory"
	fsys := mapFS(map[string]string{
		"model.yaml": "iotthreat: 1\nsystem: {name: Acme}\ninclude: [../secret.yaml, /etc/passwd, parts/../../x.yaml, \"\", missing.yaml]\n",
	})
	l, diags, err := LoadFS(fsys, "model.yaml", "dir/", Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkDiags(t, lines(diags),
		`dir/model.yaml:3:11: include: include "../secret.yaml" leaves the model's directory`+hint,
		`dir/model.yaml:3:27: include: include "/etc/passwd" leaves the model's directory`+hint,
		`dir/model.yaml:3:40: include: include "parts/../../x.yaml" leaves the model's directory`+hint,
		"dir/model.yaml:3:60: include: empty include path\n\thint: remove the empty entry or name a file",
		"dir/model.yaml:3:64: include: cannot read included file dir/missing.yaml: file does not exist\n\thint: check the path; it is relative to the including file")
	if !slices.Equal(l.Model.Files, []string{"dir/model.yaml"}) {
		t.Errorf("files read: %v", l.Model.Files)
	}
}

// On disk, the model's directory is where the root file is: a parent
// directory is out of reach, and so is a symbolic link that leads there.
func TestLoadKeepsIncludesInTheModelDirectory(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Mkdir(filepath.Join(dir, "m"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "secret.yaml"), []byte("system: {owner: TOKEN}\n"), 0o644))
	must(os.Symlink("../secret.yaml", filepath.Join(dir, "m", "link.yaml")))
	root := filepath.Join(dir, "m", "model.yaml")
	must(os.WriteFile(root, []byte("iotthreat: 1\nsystem: {name: Acme}\ninclude: [../secret.yaml, link.yaml]\n"), 0o644))
	l, diags, err := Load(root, Options{})
	must(err)
	var got []string
	for _, d := range diags {
		got = append(got, strings.ReplaceAll(d.String(), filepath.ToSlash(dir)+"/", ""))
	}
	checkDiags(t, got,
		"m/model.yaml:3:11: include: include \"../secret.yaml\" leaves the model's directory\n\thint: include files by a relative path inside the model's directory",
		"m/model.yaml:3:27: include: cannot read included file m/link.yaml: path escapes from parent\n\thint: check the path; it is relative to the including file")
	if l.Model.System.Owner != "" {
		t.Errorf("the file outside was merged: owner %q", l.Model.System.Owner)
	}
}

// A misspelt key is refused with the key it probably meant, at the top
// level and inside items.
func TestUnknownKeyDidYouMean(t *testing.T) {
	got := loadDiags(t, map[string]string{"model.yaml": `iotthreat: 1
system: {name: Acme}
elemnts: []
elements:
  - {id: app, kind: mobile-client}
  - {id: api, kind: support-service}
flows:
  - {id: f, from: app, to: api, protocol: https, encryption: tls, authentcation: token}
`})
	checkDiags(t, got,
		"dir/model.yaml:3:1: elemnts: unknown key \"elemnts\"\n\thint: did you mean \"elements\"?",
		"dir/model.yaml:8:67: flows[f].authentcation: unknown key \"authentcation\"\n\thint: did you mean \"authentication\"?")
}

// A flow's protection must be one its protocol can have: HTTPS is always
// TLS, and BLE cannot carry TLS.
func TestProtocolContradictions(t *testing.T) {
	got := loadDiags(t, map[string]string{"model.yaml": `iotthreat: 1
system: {name: Acme}
elements:
  - {id: app, kind: mobile-client}
  - {id: api, kind: support-service}
flows:
  - {id: f, from: app, to: api, protocol: https, encryption: none}
  - {id: g, from: app, to: api, protocol: ble, encryption: tls}
`})
	checkDiags(t, got,
		"dir/model.yaml:7:62: flows[f].encryption: encryption none contradicts protocol https (HTTPS)\n\thint: for https use encryption: tls",
		"dir/model.yaml:8:60: flows[g].encryption: encryption tls contradicts protocol ble (Bluetooth Low Energy)\n\thint: for ble use encryption: none, link, app")
}
