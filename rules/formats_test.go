package rules_test

import (
	"strings"
	"testing"
)

// These tests pin down how the injection, cloud, HTTP and build rules read
// the facts a model states about what a product accepts and builds
// (formats, the build pipeline): a stated format raises its rule on any
// kind the rule covers, a stated absence silences a heuristic, and a model
// that says nothing still gets the heuristic's question.

const formatsBase = `
iotthreat: 1
system: {name: t}
boundaries:
  - {id: home, kind: local-network}
  - {id: cloud, kind: vendor-cloud}
  - {id: partner, kind: third-party-cloud}
  - {id: web, kind: browser}
  - {id: ci, kind: vendor-cloud}
data:
  - {id: page, classification: public}
  - {id: profile, classification: personal}
elements:
  - {id: cam, kind: device, boundary: home, os: FreeRTOS}
  - {id: partner-api, kind: third-party-service, boundary: partner}
`

// want analyses formatsBase plus extra and checks, for each finding id,
// whether it must be open (with the given likelihood when not empty) or
// absent.
func want(t *testing.T, extra string, present map[string]string, absent ...string) {
	t.Helper()
	got := analyzeYAML(t, "formats.yaml", []byte(formatsBase+extra), builtinSet(t))
	for id, likelihood := range present {
		f, ok := got[id]
		switch {
		case !ok || f.Status != "open":
			t.Errorf("want %s open; got %v\nmodel:%s", id, ids(got), extra)
		case likelihood != "" && f.Likelihood != likelihood:
			t.Errorf("%s: likelihood %s, want %s", id, f.Likelihood, likelihood)
		}
	}
	for _, id := range absent {
		if _, ok := got[id]; ok {
			t.Errorf("%s must not fire here\nmodel:%s", id, extra)
		}
	}
}

// An SSRF finding follows what the model says the service accepts: url
// raises it at medium likelihood; formats without url silence it; no
// formats at all keep the old shape-based question at low likelihood.
func TestServerSideRequestForgeryFollowsFormats(t *testing.T) {
	svc := `  - {id: events, kind: support-service, boundary: cloud}
flows:
  - {id: notify, from: events, to: partner-api, protocol: https, encryption: tls, authentication: token}
`
	up := func(formats string) string {
		return "  - {id: up, from: cam, to: events, protocol: https, encryption: tls, authentication: certificate" + formats + "}\n"
	}
	want(t, svc+up(", formats: [json, url]"), map[string]string{"IOT-CLOUD-001@events": "medium"})
	want(t, svc+up(""), map[string]string{"IOT-CLOUD-001@events": "low"})
	want(t, svc+up(", formats: [json]"), nil, "IOT-CLOUD-001@events")
	// A URL accepted from an internal caller only: still raised, at low likelihood.
	want(t, `  - {id: events, kind: support-service, boundary: cloud}
  - {id: fetcher, kind: support-service, boundary: cloud}
flows:
  - {id: job, from: events, to: fetcher, protocol: grpc, encryption: tls, authentication: mutual-tls, formats: [url]}
`, map[string]string{"IOT-CLOUD-001@fetcher": "low"})
}

// Stated formats reach the injection and parser rules on kinds and
// protocols their heuristics do not cover.
func TestInjectionRulesReadFormats(t *testing.T) {
	want(t, `  - id: diag
    kind: support-service
    boundary: cloud
    multi_tenant: true
    services:
      - {name: Diagnostics, protocol: https, port: 443, authentication: token, formats: [command, file-upload, serialized-object]}
`, map[string]string{"IOT-INJ-001@diag": "", "IOT-INJ-004@diag": "low", "IOT-INJ-005@diag": ""})
	// The same service saying it takes JSON only gets none of them.
	want(t, `  - id: diag
    kind: support-service
    boundary: cloud
    services:
      - {name: Diagnostics, protocol: https, port: 443, authentication: token, formats: [json]}
`, nil, "IOT-INJ-001@diag", "IOT-INJ-004@diag", "IOT-INJ-005@diag", "IOT-XML-001@diag")
	// An RTOS device is spared the shell heuristic, not a stated command format.
	want(t, `  - id: cam2
    kind: device
    boundary: home
    os: Zephyr
    services:
      - {name: Local API, protocol: http, port: 80, authentication: password}
`, nil, "IOT-INJ-001@cam2")
	want(t, `  - id: cam2
    kind: device
    boundary: home
    os: Zephyr
    services:
      - {name: AT console, protocol: http, port: 80, authentication: password, formats: [command]}
`, map[string]string{"IOT-INJ-001@cam2": ""})
	// SOAP over HTTPS into a back end: XML stated on the flow.
	want(t, `  - {id: onvif-proxy, kind: support-service, boundary: cloud}
flows:
  - {id: soap, from: cam, to: onvif-proxy, protocol: https, encryption: tls, authentication: certificate, formats: [xml]}
`, map[string]string{"IOT-XML-001@onvif-proxy": ""})
}

// A web client that only shows public pages, signs in nowhere and
// triggers nothing is not a clickjacking target; one that handles a
// user's data is, and so is one the model says nothing about.
func TestClickjackingSparesPublicPages(t *testing.T) {
	site := `  - {id: site, kind: support-service, boundary: cloud, internet_facing: true}
`
	want(t, `  - {id: browser, kind: web-client, boundary: web}
`+site+`flows:
  - {id: load, from: browser, to: site, protocol: https, encryption: tls, authentication: none, data: [page]}
`, nil, "IOT-HTTP-003@browser")
	want(t, `  - {id: browser, kind: web-client, boundary: web}
`+site+`flows:
  - {id: load, from: browser, to: site, protocol: https, encryption: tls, authentication: session, data: [page]}
`, map[string]string{"IOT-HTTP-003@browser": ""})
	want(t, `  - {id: browser, kind: web-client, boundary: web}
`+site+`flows:
  - {id: load, from: browser, to: site, protocol: https, encryption: tls, authentication: none, data: [page, profile]}
`, map[string]string{"IOT-HTTP-003@browser": ""})
	want(t, `  - {id: browser, kind: web-client, boundary: web}
`, map[string]string{"IOT-HTTP-003@browser": ""})
}

// IOT-BUILD-005 asks for the build chain only of a product that takes
// updates, and only until a pipeline is drawn.
func TestBuildChainAskedForWhenUpdatable(t *testing.T) {
	const updatable = `  - {id: cam2, kind: device, boundary: home, firmware_update: ota}
`
	want(t, updatable, map[string]string{"IOT-BUILD-005@system": "low"})
	want(t, `  - {id: cam2, kind: device, boundary: home, firmware_update: none}
`, nil, "IOT-BUILD-005@system")
	want(t, updatable+`  - {id: pipeline, kind: build-pipeline, boundary: ci}
`, nil, "IOT-BUILD-005@system")
	got := analyzeYAML(t, "b.yaml", []byte(strings.Replace(formatsBase, "{name: t}", "{name: t, deployment: 1000000, criticality: critical}", 1)+updatable), builtinSet(t))
	if sev := got["IOT-BUILD-005@system"].Severity; sev != "low" {
		t.Errorf("IOT-BUILD-005 severity %q, want low", sev)
	}
}
