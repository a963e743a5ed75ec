package model

import "testing"

const attackPathsBase = "iotthreat: 1\nsystem: {name: Lock}\ndata: [{id: lock-key, classification: secret}]\n" +
	"boundaries: [{id: home, kind: local-network}]\n" +
	"elements: [{id: lock, kind: device, boundary: home, stores: [lock-key], radios: [ble]}]\n"

// A complete, correct block is accepted and decoded.
func TestAttackPathsAccepted(t *testing.T) {
	l, diags := Parse("m.yaml", []byte(attackPathsBase+`attack_paths:
  entries:
    - {element: lock, from: physical, reason: "sold second hand"}
  not_entries:
    - {id: radio:ble, reason: "BLE is off after setup"}
    - {id: insider, reason: "no support staff"}
    - {id: local:home, reason: "a house, not a block of flats"}
  targets:
    - {element: lock, impact: critical, reason: "it is the door"}
    - {data: lock-key, impact: high, reason: "revocable"}
  not_targets:
    - {id: data:lock-key, reason: "test"}
    - {id: device-control, reason: "test"}
`), Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	ap := l.Model.AttackPaths
	if ap == nil || len(ap.Entries) != 1 || ap.Entries[0].From != "physical" || len(ap.NotEntries) != 3 || len(ap.Targets) != 2 || len(ap.NotTargets) != 2 {
		t.Errorf("attack_paths decoded as %+v", ap)
	}
}

// Every mistake is located with a hint.
func TestAttackPathsChecked(t *testing.T) {
	for _, tt := range []struct{ name, yaml, want string }{
		{"element", "attack_paths: {entries: [{element: lok, from: physical, reason: x}]}",
			"m.yaml:6:36: attack_paths.entries[0].element: unknown element \"lok\"\n\thint: did you mean \"lock\"?"},
		{"from", "attack_paths: {entries: [{element: lock, from: radio, reason: x}]}",
			"m.yaml:6:48: attack_paths.entries[0].from: unknown entry kind \"radio\"\n\thint: expected one of: internet, local-network, physical, insider, third-party"},
		{"reason", "attack_paths: {entries: [{element: lock, from: insider, reason: \" \"}]}",
			"m.yaml:6:65: attack_paths.entries[0].reason: empty reason\n\thint: say why, for whoever reviews the attack surface"},
		{"both", "attack_paths: {targets: [{element: lock, data: lock-key, impact: high, reason: x}]}",
			"m.yaml:6:48: attack_paths.targets[0]: target names both an element and a data asset\n\thint: a target is one element or one data asset: write two targets"},
		{"neither", "attack_paths: {targets: [{impact: high, reason: x}]}",
			"m.yaml:6:26: attack_paths.targets[0]: target names neither an element nor a data asset\n\thint: add element: ID or data: ID"},
		{"impact", "attack_paths: {targets: [{data: lock-key, impact: huge, reason: x}]}",
			"m.yaml:6:51: attack_paths.targets[0].impact: unknown level \"huge\"\n\thint: did you mean \"high\"?"},
		{"exclusion", "attack_paths: {not_entries: [{id: radio:lora, reason: x}]}",
			"m.yaml:6:35: attack_paths.not_entries[0].id: \"radio:lora\" names nothing the search could derive\n\thint: write a kind (internet, radio, physical, local-network, third-party, insider), KIND:ID, or an element or data id"},
		{"target exclusion", "attack_paths: {not_targets: [{id: data:door, reason: x}]}",
			"m.yaml:6:35: attack_paths.not_targets[0].id: \"data:door\" names nothing the search could derive\n\thint: write a kind (safety-action, fleet-command, update-service, signing-key, device-control, data, named), KIND:ID, or an element or data id"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkDiags(t, parseDiags(attackPathsBase+tt.yaml+"\n"), tt.want)
		})
	}
}
