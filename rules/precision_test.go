package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/rules"
	"github.com/iotthreat/iotthreat/vocab"
)

// These tests hold the library to the precision issue 14 asks for:
// missing authentication reported whether or not a flow is encrypted, and
// once per flow; severities that follow exposure; and no noise on a model
// written the way a new user writes one (rules/testdata/precision).

// builtinSet compiles the whole built-in library once per test.
func builtinSet(t *testing.T) *engine.Ruleset {
	t.Helper()
	all, diags := rules.Builtin()
	if len(diags) > 0 {
		t.Fatalf("built-in rules: %v", diags)
	}
	set, diags := engine.Compile(all, vocab.Builtin(), nil)
	if len(diags) > 0 {
		t.Fatalf("built-in rules do not compile: %v", diags)
	}
	return set
}

// analyzeYAML validates and analyses a model given as YAML, and indexes
// the findings by id.
func analyzeYAML(t *testing.T, name string, src []byte, set *engine.Ruleset) map[string]engine.Finding {
	t.Helper()
	l, diags := model.Parse(name, src, model.Options{})
	if len(diags) > 0 {
		t.Fatalf("%s is not a valid model:\n%v", name, diags)
	}
	rep, err := engine.Analyze(l, set, engine.Options{Today: "2026-11-26"})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := map[string]engine.Finding{}
	for _, f := range rep.Findings {
		out[f.ID] = f
	}
	return out
}

const twoEnds = `
iotthreat: 1
system: {name: t, deployment: 100}
data:
  - {id: payload, classification: confidential, integrity: high}
boundaries:
  - {id: home, kind: local-network}
  - {id: phone, kind: mobile-device}
  - {id: cloud, kind: vendor-cloud}
  - {id: hw, kind: physical, within: home}
elements:
  - {id: sensor, kind: device, boundary: home, firmware_update: ota, physical_access: restricted}
  - {id: cam, kind: device, boundary: hw, firmware_update: ota, physical_access: restricted}
  - {id: hub, kind: gateway, boundary: home, firmware_update: ota, physical_access: restricted}
  - {id: ingest, kind: support-service, boundary: cloud}
  - {id: app, kind: mobile-client, boundary: phone}
flows:
`

// TestMissingAuthenticationWithoutEncryption: a flow with neither
// encryption nor authentication into a device or a vendor service is
// reported as cleartext (IOT-NET-001) and, separately, as unauthenticated
// (IOT-NET-004, CWE-306). Before issue 14 IOT-NET-004 required an
// end-to-end encrypted flow and stayed silent here.
func TestMissingAuthenticationWithoutEncryption(t *testing.T) {
	set := builtinSet(t)
	for _, fl := range []string{
		"  - {id: f, from: sensor, to: ingest, protocol: http, data: [payload], encryption: none, authentication: none}",
		"  - {id: f, from: app, to: sensor, protocol: http, data: [payload], encryption: none, authentication: none}",
		"  - {id: f, from: ingest, to: hub, protocol: websocket, data: [payload], encryption: none, authentication: none}",
	} {
		got := analyzeYAML(t, "auth.yaml", []byte(twoEnds+fl), set)
		for _, want := range []string{"IOT-NET-001@f", "IOT-NET-004@f"} {
			f, ok := got[want]
			if !ok || f.Status != "open" {
				t.Errorf("%s: want %s open, got %v", fl, want, ids(got))
			}
		}
		if !containsInt(got["IOT-NET-004@f"].CWE, 306) {
			t.Errorf("IOT-NET-004 must carry CWE-306, has %v", got["IOT-NET-004@f"].CWE)
		}
	}
}

// TestMissingAuthenticationReportedOnce: where a protocol rule already
// reports the missing authentication, IOT-NET-004 stands aside, so the
// same threat is not reported twice on one flow.
func TestMissingAuthenticationReportedOnce(t *testing.T) {
	set := builtinSet(t)
	cases := []struct{ flow, rule string }{
		{"{id: f, from: app, to: cam, protocol: ble, data: [payload], encryption: none, authentication: none}", "IOT-BLE-001"},
		{"{id: f, from: sensor, to: ingest, protocol: mqtt, data: [payload], encryption: none, authentication: none}", "IOT-MQTT-001"},
		{"{id: f, from: hub, to: cam, protocol: modbus-tcp, data: [payload], encryption: none, authentication: none}", "IOT-OT-001"},
		{"{id: f, from: hub, to: cam, protocol: modbus-rtu, data: [payload], encryption: none, authentication: none}", "IOT-OT-001"},
		{"{id: f, from: hub, to: cam, protocol: bacnet, data: [payload], encryption: none, authentication: none}", "IOT-OT-002"},
		{"{id: f, from: hub, to: cam, protocol: dnp3, data: [payload], encryption: none, authentication: none}", "IOT-OT-003"},
		{"{id: f, from: hub, to: cam, protocol: opc-ua, data: [payload], encryption: none, authentication: none, options: {security_mode: none}}", "IOT-OT-004"},
		{"{id: f, from: ingest, to: sensor, protocol: coap, data: [payload], encryption: none, authentication: none}", "IOT-COAP-001"},
		{"{id: f, from: ingest, to: sensor, protocol: lwm2m, data: [payload], encryption: none, authentication: none}", "IOT-COAP-002"},
		{"{id: f, from: hub, to: cam, protocol: zwave, data: [payload], encryption: none, authentication: none}", "IOT-ZW-001"},
		{"{id: f, from: app, to: cam, protocol: nfc, data: [payload], encryption: none, authentication: none}", "IOT-RF-002"},
	}
	for _, c := range cases {
		got := analyzeYAML(t, "once.yaml", []byte(twoEnds+"  - "+c.flow), set)
		if _, ok := got["IOT-NET-004@f"]; ok {
			t.Errorf("%s: IOT-NET-004 repeats %s's finding", c.flow, c.rule)
		}
		if _, ok := got[c.rule+"@f"]; !ok {
			t.Errorf("%s: want %s, got %v", c.flow, c.rule, ids(got))
		}
	}
}

// TestSeverityFollowsExposure: firmware fetched over plain HTTP across the
// internet with no authentication is critical on the flow that carries it
// (it was high); a missing secrets manager is never critical.
func TestSeverityFollowsExposure(t *testing.T) {
	set := builtinSet(t)
	const base = `
iotthreat: 1
system: {name: t, deployment: 50000}
data:
  - {id: image, classification: internal, integrity: critical}
  - {id: keys, classification: secret, integrity: critical}
boundaries:
  - {id: home, kind: local-network}
  - {id: cloud, kind: vendor-cloud}
elements:
  - {id: cam, kind: device, boundary: home, firmware_update: ota, physical_access: restricted, instances: 50000}
  - {id: updates, kind: support-service, boundary: cloud, internet_facing: true, stores: [image, keys]}
flows:
`
	plain := analyzeYAML(t, "plain.yaml", []byte(base+
		"  - {id: fw, from: updates, to: cam, protocol: http, data: [image], encryption: none, authentication: none}"), set)
	tls := analyzeYAML(t, "tls.yaml", []byte(base+
		"  - {id: fw, from: updates, to: cam, protocol: https, data: [image], encryption: tls, authentication: certificate}"), set)
	if sev := plain["IOT-NET-001@fw"].Severity; sev != "critical" {
		t.Errorf("firmware over plain HTTP from the internet, unauthenticated: severity %q, want critical", sev)
	}
	if _, ok := tls["IOT-NET-001@fw"]; ok {
		t.Errorf("firmware over TLS is not cleartext")
	}
	f, ok := tls["IOT-SVC-010@updates"]
	if !ok {
		t.Fatalf("IOT-SVC-010 should fire on a service storing keys; got %v", ids(tls))
	}
	if f.Severity == "critical" {
		t.Errorf("a missing secrets manager is rated critical: %v", f.Why)
	}
}

// TestThirdPartyStyleCamera analyses a home camera written as a new user
// writes a model (camera-naive.yaml) and its hardened variant. The naive
// model must raise what an expert expects and none of the noise issue 14
// lists; the hardened one may leave at most 3 % of its findings open.
func TestThirdPartyStyleCamera(t *testing.T) {
	set := builtinSet(t)
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "precision", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	naive := analyzeYAML(t, "camera-naive.yaml", read("camera-naive.yaml"), set)
	for _, want := range []string{
		"IOT-NET-004@app-live-view",     // commands into the camera, unauthenticated, over plain HTTP
		"IOT-NET-004@sensor-to-ingest",  // events into the vendor cloud, unauthenticated
		"IOT-NET-004@firmware-download", // firmware pushed with no authentication
		"IOT-NET-001@app-live-view",     // and cleartext, reported separately
		"IOT-FW-003@camera",             // unsigned firmware
		"IOT-SVCP-002@camera",           // what discovery gives away
		"IOT-CRED-003@camera",           // open local service, no credentials declared
	} {
		if f, ok := naive[want]; !ok || f.Status != "open" {
			t.Errorf("naive camera: want %s open", want)
		}
	}
	if sev := naive["IOT-NET-001@firmware-download"].Severity; sev != "critical" {
		t.Errorf("naive camera: firmware over plain HTTP from the internet is %q, want critical", sev)
	}
	noise := map[string]string{
		"IOT-NET-004@browser-gets-page": "a visitor loading a public page needs no authentication",
		"IOT-NET-001@camera-announces":  "mDNS cannot be encrypted; its exposure is IOT-SVCP-002's finding",
		"IOT-DEV-002@camera":            "says the device has credentials, but the model does not say so",
		"IOT-WEB-005@browser":           "the public website has no login",
		"IOT-WEB-001@browser":           "the public website's browser handles public data only",
		"IOT-SUP-002@firmware-download": "says 'password alone' of a flow with no authentication (IOT-NET-004 reports it)",
		"IOT-BND-001@cloud":             "repeats the flows' own IOT-NET-004 findings",
		"IOT-BND-001@web-hosting":       "repeats the flows' own findings, for a public website",
	}
	for id, why := range noise {
		if _, ok := naive[id]; ok {
			t.Errorf("naive camera: %s is noise: %s", id, why)
		}
	}
	for id, f := range naive {
		if f.Target.Type == "boundary" {
			t.Errorf("naive camera: %s repeats on a boundary what its flows report", id)
		}
		if f.Rule == "IOT-SVC-010" && f.Severity == "critical" {
			t.Errorf("naive camera: %s rated critical", id)
		}
	}

	hard := analyzeYAML(t, "camera-hardened.yaml", read("camera-hardened.yaml"), set)
	open := 0
	var list []string
	for id, f := range hard {
		if f.Status == "open" {
			open++
			list = append(list, id)
		}
	}
	if len(hard) == 0 {
		t.Fatal("hardened camera: no findings at all; the fixture is broken")
	}
	if open*100 > 3*len(hard) {
		t.Errorf("hardened camera: %d of %d findings open (more than 3 %%): %s", open, len(hard), strings.Join(list, ", "))
	}
}

func ids(m map[string]engine.Finding) string {
	var s []string
	for id := range m {
		s = append(s, id)
	}
	return fmt.Sprint(s)
}

func containsInt(s []int, x int) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// expect checks that each of want is raised open and none of absent is
// raised at all.
func expect(t *testing.T, label string, got map[string]engine.Finding, want, absent []string) {
	t.Helper()
	for _, id := range want {
		if f, ok := got[id]; !ok || f.Status != "open" {
			t.Errorf("%s: want %s open; got %v", label, id, ids(got))
		}
	}
	for _, id := range absent {
		if _, ok := got[id]; ok {
			t.Errorf("%s: %s must not be raised", label, id)
		}
	}
}

// TestUnsignedFirmwareFollowsExposure: unsigned firmware is critical
// (likelihood high) when a server sends it, or other integrity-critical
// data, across the internet without end-to-end encryption, whether the
// server pushes it or the unit polls; over TLS, or in the clear from a
// phone that the model leaves on the internet, it stays high.
func TestUnsignedFirmwareFollowsExposure(t *testing.T) {
	set := builtinSet(t)
	const base = `
iotthreat: 1
system: {name: t, deployment: 50000}
data:
  - {id: image, classification: internal, integrity: critical}
boundaries:
  - {id: home, kind: local-network}
  - {id: phone, kind: mobile-device}
  - {id: cloud, kind: vendor-cloud}
elements:
  - {id: cam, kind: device, boundary: home, firmware_update: ota, physical_access: restricted}
  - {id: updates, kind: support-service, boundary: cloud, internet_facing: true, stores: [image]}
  - {id: app, kind: mobile-client, boundary: phone}
flows:
`
	cases := []struct {
		flow, likelihood, severity string
	}{
		{"{id: f, from: updates, to: cam, protocol: http, data: [image], encryption: none, authentication: none}", "high", "critical"},
		{"{id: f, from: cam, to: updates, protocol: http, data: [image], bidirectional: true, authentication: api-key}", "high", "critical"},
		{"{id: f, from: updates, to: cam, protocol: https, data: [image], authentication: certificate}", "medium", "high"},
		{"{id: f, from: app, to: cam, protocol: http, data: [image], authentication: none}", "medium", "high"},
	}
	for _, c := range cases {
		got := analyzeYAML(t, "fw.yaml", []byte(base+"  - "+c.flow), set)
		f, ok := got["IOT-FW-003@cam"]
		if !ok {
			t.Errorf("%s: IOT-FW-003 not raised", c.flow)
			continue
		}
		if f.Likelihood != c.likelihood || f.Severity != c.severity {
			t.Errorf("%s: IOT-FW-003 is %s/%s, want likelihood %s, severity %s", c.flow, f.Likelihood, f.Severity, c.likelihood, c.severity)
		}
	}
	home, err := os.ReadFile(filepath.Join("..", "examples", "smart-home.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for id, f := range analyzeYAML(t, "smart-home.yaml", home, set) {
		if f.Rule == "IOT-FW-003" && f.Likelihood != "medium" {
			t.Errorf("smart-home %s: likelihood %s; its firmware arrives over TLS", id, f.Likelihood)
		}
	}
}

// TestUnstatedAuthentication: a flow whose model does not say how it
// authenticates gets IOT-NET-013 ("does not say"), never a finding that
// claims the sender is unauthenticated; a declared none keeps those.
// Protocols with no authentication of their own keep their rules.
func TestUnstatedAuthentication(t *testing.T) {
	set := builtinSet(t)
	cases := []struct {
		flow         string
		want, absent []string
	}{
		{"{id: f, from: sensor, to: ingest, protocol: https, data: [payload]}",
			[]string{"IOT-NET-013@f"}, []string{"IOT-NET-004@f"}},
		{"{id: f, from: sensor, to: ingest, protocol: https, data: [payload], authentication: none}",
			[]string{"IOT-NET-004@f"}, []string{"IOT-NET-013@f"}},
		{"{id: f, from: sensor, to: ingest, protocol: mqtt, data: [payload], encryption: tls}",
			[]string{"IOT-NET-013@f"}, []string{"IOT-MQTT-001@f", "IOT-NET-004@f"}},
		{"{id: f, from: sensor, to: ingest, protocol: mqtt, data: [payload], encryption: tls, authentication: none}",
			[]string{"IOT-MQTT-001@f"}, []string{"IOT-NET-013@f", "IOT-NET-004@f"}},
		// Unencrypted BLE with unstated authentication: the cleartext is
		// certain and reported; the missing authentication is not.
		{"{id: f, from: app, to: cam, protocol: ble, data: [payload], encryption: none}",
			[]string{"IOT-NET-013@f", "IOT-NET-001@f"}, []string{"IOT-BLE-001@f", "IOT-BLE-006@f"}},
		{"{id: f, from: app, to: cam, protocol: ble, data: [payload], encryption: none, authentication: none}",
			[]string{"IOT-BLE-001@f"}, []string{"IOT-NET-013@f", "IOT-NET-001@f"}},
		// Modbus has no authentication of its own: saying nothing is none.
		{"{id: f, from: hub, to: cam, protocol: modbus-tcp, data: [payload]}",
			[]string{"IOT-OT-001@f"}, []string{"IOT-NET-013@f", "IOT-NET-004@f"}},
		{"{id: f, from: sensor, to: ingest, protocol: https, data: [payload], authentication: certificate}",
			nil, []string{"IOT-NET-013@f", "IOT-NET-004@f"}},
	}
	for _, c := range cases {
		got := analyzeYAML(t, "unstated.yaml", []byte(twoEnds+"  - "+c.flow), set)
		expect(t, c.flow, got, c.want, c.absent)
	}
	// Unknown, not known missing: one level below IOT-NET-004 on the same
	// flow (both raised one level for crossing the internet).
	unsaid := analyzeYAML(t, "unstated.yaml", []byte(twoEnds+"  - "+cases[0].flow), set)["IOT-NET-013@f"]
	none := analyzeYAML(t, "none.yaml", []byte(twoEnds+"  - "+cases[1].flow), set)["IOT-NET-004@f"]
	if engine.LevelRank(unsaid.Likelihood) != engine.LevelRank(none.Likelihood)-1 || !containsInt(unsaid.CWE, 306) {
		t.Errorf("IOT-NET-013: likelihood %q (IOT-NET-004's is %q), CWE %v (want 306)", unsaid.Likelihood, none.Likelihood, unsaid.CWE)
	}
}

// TestRadioUse: IOT-RF-004 reports a radio nothing uses (a BLE radio no
// flow, service or setup names; a Wi-Fi radio on a unit with no IP
// traffic), and not a Wi-Fi, cellular or Thread radio that the unit's IP
// flows travel over, nor a radio its setup uses.
func TestRadioUse(t *testing.T) {
	set := builtinSet(t)
	const base = `
iotthreat: 1
system: {name: t}
data:
  - {id: cmd, classification: confidential, integrity: high}
boundaries:
  - {id: home, kind: local-network}
  - {id: phone, kind: mobile-device}
  - {id: cloud, kind: vendor-cloud}
elements:
  - {id: api, kind: support-service, boundary: cloud}
  - {id: hub, kind: gateway, boundary: home, radios: [zigbee]}
`
	cases := []struct {
		name, elements, flows string
		fires                 bool
	}{
		{"lock whose IP flows use its Wi-Fi and whose BLE has a flow",
			"  - {id: lock, kind: device, boundary: home, radios: [ble, wifi]}\n  - {id: app, kind: mobile-client, boundary: phone}\n",
			"  - {id: up, from: lock, to: api, protocol: mqtt, data: [cmd], encryption: tls, authentication: certificate}\n" +
				"  - {id: down, from: api, to: lock, protocol: https, data: [cmd], authentication: certificate}\n" +
				"  - {id: key, from: app, to: lock, protocol: ble, data: [cmd], encryption: app, authentication: token}\n", false},
		{"lock whose BLE nothing uses",
			"  - {id: lock, kind: device, boundary: home, radios: [ble, wifi]}\n",
			"  - {id: up, from: lock, to: api, protocol: mqtt, data: [cmd], encryption: tls, authentication: certificate}\n", true},
		{"lock whose BLE is its setup radio",
			"  - {id: lock, kind: device, boundary: home, radios: [ble, wifi], onboarding: {method: ble, authentication: pairing, closes_after_setup: true}}\n",
			"  - {id: up, from: lock, to: api, protocol: mqtt, data: [cmd], encryption: tls, authentication: certificate}\n", false},
		{"Zigbee bulb with a Wi-Fi radio and no IP traffic",
			"  - {id: lock, kind: device, boundary: home, radios: [zigbee, wifi]}\n",
			"  - {id: z, from: hub, to: lock, protocol: zigbee, data: [cmd], encryption: link, authentication: shared-key}\n", true},
		{"cellular tracker reporting over MQTT",
			"  - {id: lock, kind: device, boundary: home, radios: [cellular]}\n",
			"  - {id: up, from: lock, to: api, protocol: mqtt, data: [cmd], encryption: tls, authentication: certificate}\n", false},
	}
	for _, c := range cases {
		got := analyzeYAML(t, "radio.yaml", []byte(base+c.elements+"flows:\n"+c.flows), set)
		if _, ok := got["IOT-RF-004@lock"]; ok != c.fires {
			t.Errorf("%s: IOT-RF-004 raised = %v, want %v", c.name, ok, c.fires)
		}
	}
}

// TestStatedDesignClosesControlRules: a rule that asks for a control
// stands down when the model states the same thing as a design fact:
// pinning on every back-end flow (IOT-MOB-002), the app checking a unit's
// certificate (IOT-MOB-006), per-unit credentials (IOT-CRED-004), local
// operation without the cloud (IOT-GW-002).
func TestStatedDesignClosesControlRules(t *testing.T) {
	set := builtinSet(t)
	const base = `
iotthreat: 1
system: {name: t, deployment: 40000}
data:
  - {id: cmd, classification: confidential}
  - {id: key, classification: secret}
boundaries:
  - {id: home, kind: local-network}
  - {id: phone, kind: mobile-device}
  - {id: cloud, kind: vendor-cloud}
elements:
  - {id: app, kind: mobile-client, boundary: phone}
  - {id: api, kind: support-service, boundary: cloud}
  - {id: sensor, kind: device, boundary: home}
`
	cases := []struct {
		name, more, flows string
		rule              string
		fires             bool
	}{
		{"app with unstated verification", "", "  - {id: f, from: app, to: api, protocol: https, data: [cmd], authentication: token}\n", "IOT-MOB-002@app", true},
		{"app checking the CA only", "", "  - {id: f, from: app, to: api, protocol: https, data: [cmd], authentication: token, server_verification: ca}\n", "IOT-MOB-002@app", true},
		{"app pinning its back end", "", "  - {id: f, from: app, to: api, protocol: https, data: [cmd], authentication: token, server_verification: pinned}\n", "IOT-MOB-002@app", false},
		{"app to a hub, identity unchecked", "  - {id: hub, kind: gateway, boundary: home}\n",
			"  - {id: f, from: app, to: hub, protocol: https, data: [cmd], authentication: token}\n", "IOT-MOB-006@f", true},
		{"app to a hub, certificate checked", "  - {id: hub, kind: gateway, boundary: home}\n",
			"  - {id: f, from: app, to: hub, protocol: https, data: [cmd], authentication: token, server_verification: ca}\n", "IOT-MOB-006@f", false},
		{"unit with a key, scope unstated", "  - {id: cam, kind: device, boundary: home, stores: [key]}\n",
			"  - {id: f, from: cam, to: api, protocol: https, data: [cmd], authentication: certificate}\n", "IOT-CRED-004@cam", true},
		{"unit with a key, its credential stated per unit", "  - {id: cam, kind: device, boundary: home, stores: [key]}\n",
			"  - {id: f, from: cam, to: api, protocol: https, data: [cmd], authentication: certificate, credential_scope: unit}\n", "IOT-CRED-004@cam", false},
		{"gateway, local operation unstated", "  - {id: hub, kind: gateway, boundary: home}\n",
			"  - {id: f, from: sensor, to: hub, protocol: zigbee, data: [cmd], encryption: link, authentication: shared-key}\n  - {id: g, from: hub, to: api, protocol: mqtt, data: [cmd], encryption: tls, authentication: certificate}\n", "IOT-GW-002@hub", true},
		{"gateway that works without the cloud", "  - {id: hub, kind: gateway, boundary: home, without_cloud: works}\n",
			"  - {id: f, from: sensor, to: hub, protocol: zigbee, data: [cmd], encryption: link, authentication: shared-key}\n  - {id: g, from: hub, to: api, protocol: mqtt, data: [cmd], encryption: tls, authentication: certificate}\n", "IOT-GW-002@hub", false},
	}
	for _, c := range cases {
		got := analyzeYAML(t, "design.yaml", []byte(base+c.more+"flows:\n"+c.flows), set)
		if _, ok := got[c.rule]; ok != c.fires {
			t.Errorf("%s: %s raised = %v, want %v", c.name, c.rule, ok, c.fires)
		}
	}
}

// TestRemoteAccessIsNotFirmwareDelivery: IOT-SUP-002 is about support
// sessions into customer sites; a back end delivering firmware with a
// download key, or keeping its MQTT or OCPP channel with a password, is
// not one (the transport and fleet rules judge those credentials).
func TestRemoteAccessIsNotFirmwareDelivery(t *testing.T) {
	set := builtinSet(t)
	const base = `
iotthreat: 1
system: {name: t}
data:
  - {id: image, classification: internal, integrity: critical}
boundaries:
  - {id: office, kind: corporate-network}
  - {id: cloud, kind: vendor-cloud}
  - {id: site, kind: ot-network}
elements:
  - {id: support, kind: support-service, boundary: office}
  - {id: csms, kind: support-service, boundary: cloud}
  - {id: charger, kind: device, boundary: site}
flows:
`
	cases := []struct {
		flow  string
		fires bool
	}{
		{"{id: f, from: support, to: charger, protocol: ssh, data: [image], encryption: app, authentication: password}", true},
		{"{id: f, from: csms, to: charger, protocol: https, data: [image], formats: [firmware-image], authentication: api-key}", false},
		{"{id: f, from: csms, to: charger, protocol: https, data: [image], actions: [firmware-update], authentication: api-key}", false},
		{"{id: f, from: csms, to: charger, protocol: ocpp, data: [image], encryption: tls, authentication: password}", false},
		{"{id: f, from: csms, to: charger, protocol: mqtt, data: [image], encryption: tls, authentication: password}", false},
	}
	for _, c := range cases {
		got := analyzeYAML(t, "support.yaml", []byte(base+"  - "+c.flow), set)
		if _, ok := got["IOT-SUP-002@f"]; ok != c.fires {
			t.Errorf("%s: IOT-SUP-002 raised = %v, want %v", c.flow, ok, c.fires)
		}
	}
}
