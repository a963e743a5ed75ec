package regulatory

import (
	"strings"
	"testing"
)

// transitModel carries a key and personal data between a device, a
// gateway and a cloud service; flows is appended to it.
const transitModel = `iotthreat: 1
system: {name: Transit}
data:
  - {id: key, classification: secret}
  - {id: visits, classification: personal}
  - {id: health, classification: sensitive}
boundaries:
  - {id: home, kind: local-network}
  - {id: cloud, kind: vendor-cloud}
elements:
  - {id: owner, kind: user}
  - {id: app, kind: mobile-client}
  - {id: hub, kind: gateway, boundary: home}
  - {id: api, kind: support-service, boundary: cloud}
flows:
  - {id: owner-uses-app, from: owner, to: app, protocol: ui, data: [visits]}
`

func provisionOf(t *testing.T, d *Document, id string) Provision {
	t.Helper()
	for _, p := range d.ICS.Provisions {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no provision %s", id)
	return Provision{}
}

// The provisions about data in transit are read from the flows carrying
// that data: all encrypted supports them, one in clear text does not and
// is named, a person using an app is not a network flow, and no flow at
// all leaves "no evidence".
func TestICSTransitFacts(t *testing.T) {
	encrypted := transitModel +
		"  - {id: hub-to-api, from: hub, to: api, protocol: mqtt, data: [key, visits], encryption: tls, authentication: mutual-tls}\n" +
		"  - {id: app-to-api, from: app, to: api, protocol: https, data: [visits], encryption: tls, authentication: token}\n"
	d := build(t, encrypted, ETSI)
	for _, id := range []string{"5.5-6", "5.5-7", "5.8-1"} {
		p := provisionOf(t, d, id)
		if p.Support != Supported || !strings.HasPrefix(p.Detail, "supported by the flows' facts") {
			t.Errorf("all encrypted: %s %s %q", id, p.Support, p.Detail)
		}
	}
	if p := provisionOf(t, d, "5.8-1"); !strings.Contains(p.Detail, "all 2 flows") || !strings.Contains(p.Detail, "tls 2") {
		t.Errorf("5.8-1 counts the app's and the hub's flow, not the person's: %q", p.Detail)
	}
	if p := provisionOf(t, d, "5.8-2"); p.Support != NotSupported || p.Detail != noEvidence+": no flow carries sensitive personal data (data classified sensitive)" {
		t.Errorf("nothing sensitive in transit: %s %q", p.Support, p.Detail)
	}

	clear := transitModel +
		"  - {id: hub-to-api, from: hub, to: api, protocol: mqtt, data: [key], encryption: tls, authentication: mutual-tls}\n" +
		"  - {id: app-to-hub, from: app, to: hub, protocol: http, data: [key, health], encryption: none, authentication: none}\n"
	d = build(t, clear, ETSI)
	for _, id := range []string{"5.5-6", "5.8-2"} {
		p := provisionOf(t, d, id)
		if p.Support != NotSupported {
			t.Errorf("clear text: %s %s %q", id, p.Support, p.Detail)
		}
		if len(p.Findings) == 0 && !strings.Contains(p.Detail, "app-to-hub") {
			t.Errorf("%s: neither a finding nor the clear flow named: %q", id, p.Detail)
		}
	}
}

// Unknown encryption is not encryption: a flow that does not say how it
// is protected keeps the provision unsupported.
func TestICSTransitUnstated(t *testing.T) {
	src := transitModel + "  - {id: hub-to-api, from: hub, to: api, protocol: mqtt, data: [key]}\n"
	p := provisionOf(t, build(t, src, ETSI), "5.5-7")
	if p.Support != NotSupported {
		t.Errorf("unstated encryption supported 5.5-7: %q", p.Detail)
	}
}
