package model

import (
	"strings"
	"testing"
)

// The IoT facts a model may state (via, actions, scopes, onboarding, TLS)
// are checked like every other key: each mistake is located at the value
// and says what was expected.
func TestProductFactsAreChecked(t *testing.T) {
	const base = `boundaries: [{id: home, kind: local-network}, {id: cloud, kind: vendor-cloud}]
data: [{id: pw, classification: secret}]
`
	for _, tt := range []struct {
		name, yaml, want string
	}{
		{"via unknown", `elements: [{id: a, kind: device, boundary: home}, {id: b, kind: support-service, boundary: cloud}]
flows: [{id: f, from: a, to: b, protocol: https, via: [hom]}]`, `m.yaml:6:56: flows[f].via: unknown boundary "hom"`},
		{"action unknown", `elements: [{id: a, kind: device, boundary: home}, {id: b, kind: support-service, boundary: cloud}]
flows: [{id: f, from: b, to: a, protocol: https, actions: [unlok]}]`, `flows[f].actions: unknown action "unlok"`},
		{"scope", `data: [{id: k, scope: everyone}]`, `data[k].scope: unknown scope "everyone"`},
		{"credential scope", `elements: [{id: a, kind: device, boundary: home}, {id: b, kind: support-service, boundary: cloud}]
flows: [{id: f, from: a, to: b, protocol: mqtt, encryption: tls, authentication: password, credential_scope: shared}]`,
			`flows[f].credential_scope: unknown scope "shared"`},
		{"server verification without encryption", `elements: [{id: a, kind: device, boundary: home}, {id: b, kind: support-service, boundary: cloud}]
flows: [{id: f, from: a, to: b, protocol: http, server_verification: ca}]`,
			`flows[f].server_verification: server_verification needs an end-to-end encrypted flow, not encryption none`},
		{"tls version without tls", `elements: [{id: a, kind: device, boundary: home}, {id: b, kind: support-service, boundary: cloud}]
flows: [{id: f, from: a, to: b, protocol: mqtt, tls_version: "1.2"}]`, `flows[f].tls_version: tls_version 1.2 needs encryption tls or dtls, not none`},
		{"tls version on https is fine but 1.4 is not", `elements: [{id: a, kind: device, boundary: home}, {id: b, kind: support-service, boundary: cloud}]
flows: [{id: f, from: a, to: b, protocol: https, tls_version: "1.4"}]`, `flows[f].tls_version: unknown tls version "1.4"`},
		{"format", `elements: [{id: a, kind: device, boundary: home, services: [{name: s, protocol: https, formats: [yaml]}]}]`,
			`elements[a].services[0].formats: unknown format "yaml"`},
		{"onboarding method", `elements: [{id: a, kind: device, boundary: home, onboarding: {method: bluetooth}}]`,
			`elements[a].onboarding.method: unknown onboarding method "bluetooth"`},
		{"onboarding needs a method", `elements: [{id: a, kind: device, boundary: home, onboarding: {closes_after_setup: true}}]`,
			`elements[a].onboarding.method: missing required key "method"`},
		{"onboarding window", `elements: [{id: a, kind: device, boundary: home, onboarding: {method: ble, window_minutes: -5}}]`,
			`elements[a].onboarding.window_minutes: window_minutes must be between 0 and 525600, got -5`},
		{"onboarding receives", `elements: [{id: a, kind: device, boundary: home, onboarding: {method: ble, receives: [wifi]}}]`,
			`elements[a].onboarding.receives: unknown data asset "wifi"`},
		{"onboarding on a service", `elements: [{id: a, kind: support-service, boundary: cloud, onboarding: {method: ble}}]`,
			`elements[a].onboarding: onboarding does not apply to a support-service`},
		{"without cloud", `elements: [{id: a, kind: device, boundary: home, without_cloud: maybe}]`,
			`elements[a].without_cloud: unknown without cloud "maybe"`},
		{"grant scope on the wrong kind", `elements: [{id: a, kind: support-service, boundary: cloud, grant_scope: account}]`,
			`elements[a].grant_scope: grant_scope does not apply to a support-service`},
		{"shared account on a device", `elements: [{id: a, kind: device, boundary: home, shared_account: true}]`,
			`elements[a].shared_account: shared_account does not apply to a device`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			head := base
			if strings.HasPrefix(tt.yaml, "data:") {
				head = "boundaries: [{id: home, kind: local-network}]\n"
			}
			requireDiag(t, "iotthreat: 1\nsystem: {name: Acme}\n"+head+tt.yaml+"\n", tt.want)
		})
	}
}

// A user may speak to a third-party voice assistant and to an operator
// workstation; the facts above, used correctly, validate.
func TestProductFactsValid(t *testing.T) {
	src := `iotthreat: 1
system: {name: Acme}
boundaries: [{id: home, kind: local-network}, {id: tp, kind: third-party-cloud}, {id: plant, kind: ot-network}]
data: [{id: pw, classification: secret, scope: unit}]
elements:
  - {id: owner, kind: user, role: owner, shared_account: true}
  - {id: voice, kind: third-party-service, boundary: tp, grant_scope: selected-devices}
  - {id: hmi, kind: workstation, boundary: plant}
  - id: lock
    kind: device
    boundary: home
    without_cloud: works
    onboarding: {method: ble, authentication: pairing, encryption: app, closes_after_setup: true, window_minutes: 5, receives: [pw]}
flows:
  - {id: ask, from: owner, to: voice, protocol: voice}
  - {id: operate, from: owner, to: hmi, protocol: ui}
  - {id: cmd, from: voice, to: lock, protocol: https, via: [home], actions: [unlock], credential_scope: unit, server_verification: pinned, tls_version: "1.3", formats: [json]}
`
	_, diags := Parse("m.yaml", []byte(src), Options{})
	if len(diags) > 0 {
		t.Errorf("valid model refused:\n%v", diags)
	}
}
