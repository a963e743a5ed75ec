package engine

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/iotthreat/iotthreat/model"
)

// The facts issue 14's precision work added: whether a unit gets critical
// data in the clear from a server across the internet, whether a flow's
// authentication was stated at all, whether an app pins every back-end
// connection, and which credential scopes an element states.
func TestPrecisionFactsDerived(t *testing.T) {
	l := load(t, `iotthreat: 1
system: {name: t}
data:
  - {id: image, classification: internal, integrity: critical}
  - {id: events, classification: personal, integrity: high}
  - {id: key, classification: secret, scope: unit}
boundaries:
  - {id: home, kind: local-network}
  - {id: phone, kind: mobile-device}
  - {id: cloud, kind: vendor-cloud}
elements:
  - {id: plain-cam, kind: device, boundary: home}
  - {id: tls-cam, kind: device, boundary: home}
  - {id: polling-cam, kind: device, boundary: home}
  - {id: phone-cam, kind: device, boundary: home, stores: [key]}
  - {id: tagged-cam, kind: device, boundary: home}
  - {id: updates, kind: support-service, boundary: cloud}
  - {id: pinned-app, kind: mobile-client, boundary: phone}
  - {id: loose-app, kind: mobile-client, boundary: phone}
flows:
  - {id: plain, from: updates, to: plain-cam, protocol: http, data: [image]}
  - {id: tls, from: updates, to: tls-cam, protocol: https, data: [image], authentication: none}
  - {id: poll, from: polling-cam, to: updates, protocol: http, data: [image], bidirectional: true}
  # A phone with no via is placed on the internet; it is not where
  # firmware comes from, so it does not count.
  - {id: from-phone, from: loose-app, to: phone-cam, protocol: http, data: [image], credential_scope: unit}
  # Firmware stated by its format, whatever the data's integrity level.
  - {id: tagged, from: updates, to: tagged-cam, protocol: http, data: [events], formats: [firmware-image]}
  - {id: p1, from: pinned-app, to: updates, protocol: https, data: [events], server_verification: pinned}
  - {id: p2, from: pinned-app, to: tls-cam, protocol: https, data: [events]}
  - {id: l1, from: loose-app, to: updates, protocol: https, data: [events], server_verification: pinned}
  - {id: l2, from: loose-app, to: updates, protocol: https, data: [events], server_verification: ca}
`)
	f := Derive(l)
	el := func(id string) *ElementFacts {
		for i := range f.Elements {
			if f.Elements[i].ID == id {
				return &f.Elements[i]
			}
		}
		t.Fatalf("no element %s", id)
		return nil
	}
	for id, want := range map[string]bool{"plain-cam": true, "tls-cam": false, "polling-cam": true, "phone-cam": false,
		"tagged-cam": true, "updates": false} {
		if got := el(id).CleartextCritical; got != want {
			t.Errorf("%s: receives_critical_cleartext_from_internet = %v, want %v", id, got, want)
		}
	}
	for _, fl := range f.Flows {
		want := fl.ID != "plain" && fl.ID != "poll" && fl.ID != "from-phone" && fl.ID != "tagged" &&
			fl.ID != "p1" && fl.ID != "p2" && fl.ID != "l1" && fl.ID != "l2"
		if fl.AuthDeclared != want {
			t.Errorf("%s: authentication_declared = %v, want %v", fl.ID, fl.AuthDeclared, want)
		}
		if !fl.AuthDeclared && fl.Authentication != "none" {
			t.Errorf("%s: unstated authentication must still read none, got %q", fl.ID, fl.Authentication)
		}
	}
	if !el("pinned-app").BackEndPinned {
		t.Error("an app whose every flow to a service is pinned pins its back end (its flow to a device does not count)")
	}
	if el("loose-app").BackEndPinned || el("updates").BackEndPinned || el("plain-cam").BackEndPinned {
		t.Error("back_end_pinned needs every flow to a service pinned, and at least one")
	}
	if got := el("loose-app").CredentialScopes; !slices.Equal(got, []string{"unit"}) {
		t.Errorf("loose-app credential_scopes = %v, want [unit] (from its flow)", got)
	}
	if got := el("phone-cam").CredentialScopes; !slices.Equal(got, []string{"unit"}) {
		t.Errorf("phone-cam credential_scopes = %v, want [unit] (from the secret it stores)", got)
	}
	if got := el("tls-cam").CredentialScopes; got == nil || len(got) != 0 {
		t.Errorf("tls-cam credential_scopes = %#v, want an empty list", got)
	}
}

// TestSmartHomeHasNoCleartextFirmware: the smart-home example downloads
// firmware over TLS; its app's LAN control is cleartext and, without via,
// counted as crossing the internet, but it comes from a phone, not from
// where firmware comes from. No element may get the fact (an earlier
// attempt raised IOT-FW-003 on the hub this way).
func TestSmartHomeHasNoCleartextFirmware(t *testing.T) {
	path := filepath.Join("..", "examples", "smart-home.yaml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Skip("examples/smart-home.yaml not readable:", err)
	}
	l, diags := model.Parse(path, src, model.Options{})
	if len(diags) > 0 {
		t.Fatalf("smart-home: %v", diags)
	}
	f := Derive(l)
	cleartextLAN := false
	for _, fl := range f.Flows {
		if fl.ID == "app-to-hub-local" {
			cleartextLAN = fl.OverInternet && !fl.EndToEnd && fl.IntegrityRank >= l.Vocab.Rank("level", "critical")
		}
	}
	if !cleartextLAN {
		t.Log("app-to-hub-local is no longer a cleartext critical flow counted as internet; the test below proves less")
	}
	for _, e := range f.Elements {
		if e.CleartextCritical {
			t.Errorf("smart-home %s: receives_critical_cleartext_from_internet is true; its firmware arrives over TLS", e.ID)
		}
	}
}
