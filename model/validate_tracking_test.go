package model

import "testing"

// Triage entries: the finding id's form, the reason accepted needs, and
// real dates, each located at what is wrong.
func TestTrackingValidation(t *testing.T) {
	got := parseDiags(`iotthreat: 1
system: {name: Acme}
tracking:
  iot-x-1@hub: {status: open}
  IOT-X-001@hub: {status: accepted, until: 2027-13-01}
`)
	checkDiags(t, got,
		"m.yaml:4:3: tracking.iot-x-1@hub: invalid finding id \"iot-x-1@hub\"\n\thint: write the finding id as RULE@target, e.g. IOT-MQTT-002@broker, or RULE@* for every target",
		"m.yaml:5:18: tracking.IOT-X-001@hub.reason: status accepted needs a reason\n\thint: say why, so reviewers and auditors can follow the decision",
		"m.yaml:5:44: tracking.IOT-X-001@hub.until: invalid date \"2027-13-01\"\n\thint: write dates as YYYY-MM-DD")
}
