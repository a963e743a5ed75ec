package guard

import (
	"testing"

	"cel.dev/cel-go/cel"
)

// A guard lets through exactly the protocols and media its condition's
// top-level tests allow, and everything when the condition does not
// constrain them there (an "or", a negation, a comparison with a fact).
func TestOf(t *testing.T) {
	env, err := cel.NewEnv(cel.Variable("flow", cel.MapType(cel.StringType, cel.StringType)))
	if err != nil {
		t.Fatal(err)
	}
	type flow struct{ protocol, medium string }
	mqttIP, coapIP, zigbee, ble := flow{"mqtt", "ip"}, flow{"coap", "ip"}, flow{"zigbee", "radio"}, flow{"ble", "radio"}
	for _, c := range []struct {
		expr    string
		allowed []flow
		refused []flow
	}{
		{"flow.protocol == 'mqtt' && flow.encryption == 'none'", []flow{mqttIP}, []flow{coapIP, zigbee}},
		{"flow.protocol in ['mqtt', 'coap']", []flow{mqttIP, coapIP}, []flow{zigbee}},
		{"flow.medium == 'radio' && (flow.encryption == 'none' || flow.authentication == 'none')", []flow{zigbee, ble}, []flow{mqttIP}},
		{"flow.protocol in ['mqtt', 'zigbee'] && flow.medium == 'radio'", []flow{zigbee}, []flow{mqttIP, ble}},
		{"flow.protocol == 'mqtt' && flow.protocol == 'coap'", nil, []flow{mqttIP, coapIP}},
		{"flow.protocol == 'mqtt' || flow.medium == 'radio'", []flow{mqttIP, coapIP, zigbee}, nil},
		{"!(flow.protocol == 'mqtt')", []flow{mqttIP, coapIP}, nil},
		{"flow.protocol == flow.medium", []flow{mqttIP, zigbee}, nil},
		{"flow.protocol in [flow.medium]", []flow{mqttIP}, nil},
		{"flow.encryption == 'none'", []flow{mqttIP, zigbee}, nil},
	} {
		ast, iss := env.Compile(c.expr)
		if iss.Err() != nil {
			t.Fatalf("%s: %v", c.expr, iss.Err())
		}
		g := Of(ast)
		for _, f := range c.allowed {
			if !g.Allows(f.protocol, f.medium) {
				t.Errorf("%s: refuses %v", c.expr, f)
			}
		}
		for _, f := range c.refused {
			if g.Allows(f.protocol, f.medium) {
				t.Errorf("%s: allows %v", c.expr, f)
			}
		}
	}
	if !(Guard{}).Allows("anything", "any") {
		t.Error("the zero guard refuses a flow")
	}
}
