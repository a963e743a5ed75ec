package model

import (
	"strings"
	"testing"
)

// An empty id is written, so the decoder accepts it, but it names
// nothing: every kind of id is refused empty, and nothing else is said
// about a model without them.
func TestEmptyIDs(t *testing.T) {
	for _, tt := range []struct {
		name, yaml, want string
	}{
		{"data", `data: [{id: ""}]`, `data[0].id: empty id`},
		{"boundary", `boundaries: [{id: "", kind: internet}]`, `boundaries[0].id: empty id`},
		{"element", `elements: [{id: "", kind: device}]`, `elements[0].id: empty id`},
		{"flow", `elements: [{id: a, kind: gateway}, {id: b, kind: device}]
flows: [{id: "", from: a, to: b, protocol: zigbee}]`, `flows[0].id: empty id`},
		{"flow from", `elements: [{id: b, kind: device}]
flows: [{id: f, from: "", to: b, protocol: zigbee}]`, `flows[f].from: empty element id`},
		{"within", `boundaries: [{id: b, kind: internet, within: ""}]`, `boundaries[b].within: empty boundary id`},
		{"element boundary", `elements: [{id: a, kind: device, boundary: ""}]`, `elements[a].boundary: empty boundary id`},
		{"stores", `elements: [{id: a, kind: device, stores: [""]}]`, `elements[a].stores: empty data asset id`},
		{"kind", `elements: [{id: a, kind: ""}]`, `elements[a].kind: unknown element kind ""`},
		{"status", `tracking: {IOT-HW-001@a: {status: ""}}`, `tracking.IOT-HW-001@a.status: empty status`},
		{"rule", `rules: [{id: "", title: t, target: {type: system}, condition: "true", stride: [spoofing], likelihood: low, impact: low, mitigation: m}]`,
			`rules[0].id: empty rule id`},
		{"vocabulary", `vocabulary: {protocols: [{id: "", name: n, description: d, medium: wired, range: local}]}`,
			`vocabulary.protocols[0].id: empty id`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			requireDiag(t, "iotthreat: 1\nsystem: {name: Acme}\n"+tt.yaml+"\n", tt.want)
		})
	}
}

// requireDiag parses src as m.yaml and fails unless one diagnostic
// contains want.
func requireDiag(t *testing.T, src, want string) {
	t.Helper()
	_, diags := Parse("m.yaml", []byte(src), Options{})
	var all []string
	for _, d := range diags {
		if strings.Contains(d.String(), want) {
			return
		}
		all = append(all, d.String())
	}
	t.Errorf("no %q among:\n%s", want, strings.Join(all, "\n"))
}
