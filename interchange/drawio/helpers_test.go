package drawio

import (
	"bytes"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/model"
)

// load reads and analyses a model file.
func load(t testing.TB, path string) (*model.Loaded, *engine.Report) {
	t.Helper()
	l, diags, err := model.Load(path, model.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("load %s: %v %v", path, err, diags)
	}
	res, diags, err := analysis.RunLoaded(l, analysis.Options{Engine: engine.Options{Today: "2026-11-26"}})
	if err != nil || len(diags) > 0 {
		t.Fatalf("analyse %s: %v %v", path, err, diags)
	}
	return l, res.Report
}

// parseModel reads a model from YAML text.
func parseModel(t testing.TB, src string) *model.Loaded {
	t.Helper()
	l, diags := model.Parse("m.yaml", []byte(src), model.Options{})
	if len(diags) > 0 {
		t.Fatalf("parse: %v", diags)
	}
	return l
}

func export(t testing.TB, l *model.Loaded, rep *engine.Report) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := Export(&out, interchange.Export{Loaded: l, Report: rep, Producer: "iotthreat test"}); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// small is a model with what the drawing must get right: nested
// boundaries (one empty), elements at the top level, a bidirectional
// flow, two flows with the same ends and protection (one line in the
// layout), a cleartext flow crossing a boundary, and every other section.
const small = `iotthreat: 1
system: {name: Small <home> & "co", criticality: high, controls: [vulnerability-disclosure]}
data:
  - {id: telemetry, classification: personal}
  - {id: cmd, name: Commands, integrity: high}
boundaries:
  - {id: home, kind: local-network, name: Home}
  - {id: cloud, kind: vendor-cloud}
  - {id: vpc, kind: vendor-cloud, within: cloud, description: "line one\nline two"}
  - {id: spare, kind: vendor-cloud, within: cloud}
elements:
  - {id: lock, kind: device, boundary: home, internet_facing: false, radios: [ble]}
  - {id: api, kind: support-service, boundary: vpc, name: "API: v2", multi_tenant: true}
  - {id: db, kind: datastore, boundary: vpc, stores: [telemetry]}
  - {id: owner, kind: user, role: owner}
  - {id: app, kind: mobile-client, platform: android}
flows:
  - {id: up, from: lock, to: api, protocol: https, encryption: tls, data: [telemetry], bidirectional: true}
  - {id: up2, from: lock, to: api, protocol: https, encryption: tls, data: [cmd]}
  - {id: clear, from: app, to: api, protocol: http, data: [cmd]}
  - {id: mq, from: lock, to: api, protocol: mqtt, encryption: tls, options: {version: "5", topic_acl: per-client}}
  - {id: store, from: api, to: db, protocol: postgresql, encryption: tls, data: [telemetry]}
  - {id: use, from: owner, to: app, protocol: ui, data: [cmd]}
tracking:
  "IOT-AUTH-001@api": {status: accepted, reason: "behind the gateway", by: ann, date: "2026-01-02"}
threats:
  - {id: SMALL-001, title: Someone shoulder-surfs the PIN, target: lock, stride: [spoofing], severity: medium}
`
