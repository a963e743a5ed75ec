package engine

import (
	"slices"
	"testing"
)

// The product facts a model states become facts rules can read: a flow
// declared to stay on the home network does not cross the internet, a
// vendor service sending unlock commands is a fleet-command service, and
// a secret marked fleet on a device is a fleet secret.
func TestProductFactsDerived(t *testing.T) {
	l := load(t, `iotthreat: 1
system: {name: t}
data:
  - {id: key, classification: secret, scope: fleet}
  - {id: wifi, classification: secret}
  - {id: schedule, classification: internal, availability: critical}
  - {id: cmd, classification: confidential}
boundaries:
  - {id: home, kind: local-network}
  - {id: phone, kind: mobile-device}
  - {id: cloud, kind: vendor-cloud}
  - {id: net, kind: internet}
elements:
  - id: lock
    kind: device
    boundary: home
    stores: [key]
    onboarding: {method: ble, receives: [wifi]}
    services: [{name: api, protocol: https, formats: [xml]}]
  - {id: app, kind: mobile-client, boundary: phone}
  - {id: fleet, kind: support-service, boundary: cloud, stores: [schedule]}
  - {id: optimiser, kind: support-service, boundary: cloud}
  - {id: bms, kind: workstation, boundary: home}
  - {id: reporting, kind: support-service, boundary: cloud}
flows:
  - {id: relay-in, from: optimiser, to: bms, protocol: https, actions: [setpoint]}
  - {id: relay-out, from: bms, to: lock, protocol: bacnet, actions: [setpoint]}
  - {id: report, from: reporting, to: bms, protocol: https}
  - {id: at-home, from: app, to: lock, protocol: https, via: [home], formats: [json]}
  - {id: away, from: app, to: lock, protocol: https, via: [net]}
  - {id: guessed, from: app, to: lock, protocol: https}
  - {id: command, from: fleet, to: lock, protocol: mqtt, encryption: tls, data: [cmd], actions: [unlock, reboot]}
`)
	f := Derive(l)
	flow := func(id string) *FlowFacts {
		for i := range f.Flows {
			if f.Flows[i].ID == id {
				return &f.Flows[i]
			}
		}
		t.Fatalf("no flow %s", id)
		return nil
	}
	if flow("at-home").OverInternet {
		t.Error("a flow via the home network must not cross the internet")
	}
	if !flow("away").OverInternet || !flow("guessed").OverInternet {
		t.Error("a flow via the internet, or between a phone and a home device with no via, crosses the internet")
	}
	if c := flow("command"); !c.SafetyActions || !slices.Equal(c.Actions, []string{"unlock", "reboot"}) {
		t.Errorf("command flow: safety %v, actions %v", c.SafetyActions, c.Actions)
	}
	lock, fleet := &f.Elements[0], &f.Elements[2]
	if !lock.FleetSecrets || !lock.OnboardingSecrets || lock.OnboardingAuth != "none" || lock.OnboardingCloses {
		t.Errorf("lock: fleet secrets %v, onboarding secrets %v, auth %q, closes %v",
			lock.FleetSecrets, lock.OnboardingSecrets, lock.OnboardingAuth, lock.OnboardingCloses)
	}
	if !slices.Equal(lock.Accepts, []string{"json", "xml"}) || !lock.ReceivesSafety {
		t.Errorf("lock: accepts %v, receives safety actions %v", lock.Accepts, lock.ReceivesSafety)
	}
	if !fleet.FleetCommand || !fleet.TriggersSafety || !slices.Equal(fleet.CanTrigger, []string{"reboot", "unlock"}) {
		t.Errorf("fleet: fleet command %v, triggers safety %v, can trigger %v", fleet.FleetCommand, fleet.TriggersSafety, fleet.CanTrigger)
	}
	if !f.Elements[3].FleetCommand || f.Elements[4].FleetCommand || f.Elements[5].FleetCommand {
		t.Errorf("a vendor service whose set-points a workstation relays to devices commands the fleet; the workstation and a service sending no commands do not: %v %v %v",
			f.Elements[3].FleetCommand, f.Elements[4].FleetCommand, f.Elements[5].FleetCommand)
	}
	if fleet.StoredAvailability != 3 {
		t.Errorf("fleet stores critical-availability data: got rank %d", fleet.StoredAvailability)
	}
	for _, d := range f.Data {
		if d.ID == "wifi" && d.CarriedBy != 1 {
			t.Errorf("the Wi-Fi password handed over at setup is carried once, got %d", d.CarriedBy)
		}
	}
}
