// Package synth generates realistic synthetic IoT models of any size, for
// benchmarks and load tests: sites of devices behind gateways, the
// vendor's support services, third parties, clients and users, in the
// proportions of the templates, about three flows per element, nested
// boundaries. The same size and seed always give the same bytes.
package synth

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
)

// Options size the model.
type Options struct {
	Elements int    // approximate number of elements (at least 20)
	Seed     uint64 // same seed, same model
}

// Generate writes a model of about opts.Elements elements as YAML.
func Generate(w io.Writer, opts Options) error {
	g := &gen{rnd: rand.New(rand.NewPCG(opts.Seed, 0x10f7)), b: &strings.Builder{}}
	g.model(max(opts.Elements, 20))
	_, err := io.WriteString(w, g.b.String())
	return err
}

type gen struct {
	rnd      *rand.Rand
	b        *strings.Builder
	elements int
	flows    []string
}

func (g *gen) line(format string, args ...any) {
	fmt.Fprintf(g.b, format, args...)
	g.b.WriteByte('\n')
}

// Device types: radio, sensors and whether they act on the world. The
// radio must be a radio protocol: it also carries configuration.
var deviceTypes = []struct {
	name, radio, protocol, sensors, actuators string
	safety                                    bool
}{
	{"motion-sensor", "zigbee", "zigbee", "motion", "", false},
	{"door-lock", "ble", "ble", "", "bolt", true},
	{"thermostat", "zwave", "zwave", "temperature", "valve", true},
	{"camera", "wifi", "mqtt", "camera, microphone", "", false},
	{"smart-plug", "zigbee", "zigbee", "power", "relay", false},
	{"leak-sensor", "thread", "thread", "moisture", "", false},
}

func (g *gen) model(n int) {
	// Shared services take about 2% of the elements; each site is a
	// gateway, its devices and a user: about 8 elements.
	services := max(4, n/50)
	thirdParties := max(1, n/200)
	sites := max(1, (n-services-thirdParties-2)/8)

	g.line("# Synthetic model: %d sites, %d services, %d third parties (iotthreat generate).", sites, services, thirdParties)
	g.line("iotthreat: 1")
	g.line("system: {name: Synthetic fleet, criticality: high, deployment: %d}", sites*7)
	g.line("data:")
	for _, d := range []string{
		"{id: readings, classification: personal}", "{id: commands, classification: confidential, integrity: critical}",
		"{id: config, classification: confidential, integrity: high}", "{id: firmware, classification: internal, integrity: critical}",
		"{id: credentials, classification: secret, integrity: critical}", "{id: account, classification: personal}",
		"{id: video, classification: sensitive}", "{id: analytics, classification: personal, integrity: low}",
	} {
		g.line("  - %s", d)
	}
	g.line("boundaries:")
	g.line("  - {id: cloud, name: Vendor cloud, kind: vendor-cloud}")
	g.line("  - {id: phone, name: User phones, kind: mobile-device}")
	g.line("  - {id: browser, name: User browsers, kind: browser}")
	for t := 0; t < thirdParties; t++ {
		g.line("  - {id: tp-cloud-%d, kind: third-party-cloud}", t)
	}
	for s := 0; s < sites; s++ {
		g.line("  - {id: site-%d, kind: local-network}", s)
		g.line("  - {id: site-%d-hw, kind: physical, within: site-%d}", s, s)
	}
	g.line("elements:")
	g.line("  - {id: app, kind: mobile-client, boundary: phone, platform: cross-platform, stores: [account]}")
	g.line("  - {id: portal, kind: web-client, boundary: browser}")
	g.elements += 2
	for i := 0; i < services; i++ {
		controls := ""
		if g.rnd.IntN(3) == 0 {
			controls = ", controls: [input-validation, rate-limiting]"
		}
		g.line("  - {id: svc-%d, kind: support-service, boundary: cloud, internet_facing: %t, multi_tenant: true, data_subjects: %d, stores: [readings, account]%s}",
			i, i%2 == 0, 1000+g.rnd.IntN(100000), controls)
		g.elements++
	}
	for t := 0; t < thirdParties; t++ {
		g.line("  - {id: tp-%d, kind: third-party-service, boundary: tp-cloud-%d, provider: Provider %d, jurisdiction: US, stores: [analytics]}", t, t, t)
		g.elements++
	}
	for s := 0; s < sites; s++ {
		g.site(s, services, thirdParties)
	}
	g.line("flows:")
	for _, f := range g.flows {
		g.line("  - %s", f)
	}
	g.line("tracking: {}")
}

func (g *gen) site(s, services, thirdParties int) {
	gw := fmt.Sprintf("gw-%d", s)
	svc := fmt.Sprintf("svc-%d", g.rnd.IntN(services))
	g.line("  - {id: %s, kind: gateway, boundary: site-%d-hw, radios: [zigbee, ble, zwave, thread, wifi], physical_access: restricted, debug_interfaces: [uart], firmware_update: ota, credentials: unique, stores: [readings, credentials]}", gw, s)
	g.elements++
	g.flow(gw, svc, "mqtt", "[readings, commands]", "tls", "certificate", ", bidirectional: true")
	g.flow(fmt.Sprintf("svc-%d", g.rnd.IntN(services)), gw, "https", "[firmware]", "tls", "certificate", "")
	devices := 6
	for d := 0; d < devices; d++ {
		t := deviceTypes[g.rnd.IntN(len(deviceTypes))]
		id := fmt.Sprintf("dev-%d-%d", s, d)
		extra := ""
		if t.actuators != "" {
			extra = fmt.Sprintf(", actuators: [%s], safety_critical: %t", t.actuators, t.safety)
		}
		access := []string{"restricted", "public"}[g.rnd.IntN(2)]
		g.line("  - {id: %s, name: %s %d, kind: device, boundary: site-%d-hw, radios: [%s], sensors: [%s], physical_access: %s, firmware_update: ota, credentials: %s%s, stores: [readings]}",
			id, t.name, d, s, t.radio, t.sensors, access, []string{"unique", "shared-default"}[g.rnd.IntN(2)], extra)
		g.elements++
		switch t.protocol {
		case "mqtt":
			g.flow(id, svc, "mqtt", "[video, readings]", []string{"tls", "none"}[g.rnd.IntN(2)], "password", "")
		case "ble":
			g.flow("app", id, "ble", "[commands]", "link", "pairing", ", options: {pairing: just-works}")
			g.flow(id, gw, "ble", "[readings]", "link", "pairing", "")
		case "zwave":
			g.flow(id, gw, "zwave", "[readings]", "link", "pairing", ", options: {security: s2-authenticated}")
			g.flow(gw, id, "zwave", "[commands]", "link", "pairing", ", options: {security: s2-authenticated}")
		default:
			g.flow(id, gw, t.protocol, "[readings]", "link", "shared-key", "")
			g.flow(gw, id, t.protocol, "[commands]", "link", "shared-key", "")
		}
		// Configuration pushed through the gateway, and a direct health
		// report to the cloud: about three flows per element in all.
		auth := "shared-key"
		if t.radio == "ble" {
			auth = "pairing"
		}
		g.flow(gw, id, t.radio, "[config]", "link", auth, "")
		g.flow(id, fmt.Sprintf("svc-%d", g.rnd.IntN(services)), "https", "[readings]", "tls", []string{"certificate", "api-key", "token"}[g.rnd.IntN(3)], "")
	}
	user := fmt.Sprintf("user-%d", s)
	g.line("  - {id: %s, kind: user, role: owner}", user)
	g.elements++
	g.flow(user, "app", "ui", "[commands]", "", "", "")
	if g.rnd.IntN(4) == 0 {
		g.flow(gw, fmt.Sprintf("tp-%d", g.rnd.IntN(thirdParties)), "https", "[analytics]", "tls", "api-key", "")
	}
}

func (g *gen) flow(from, to, protocol, data, enc, auth, extra string) {
	id := fmt.Sprintf("f-%d", len(g.flows))
	s := fmt.Sprintf("{id: %s, from: %s, to: %s, protocol: %s, data: %s", id, from, to, protocol, data)
	if enc != "" {
		s += ", encryption: " + enc
	}
	if auth != "" {
		s += ", authentication: " + auth
	}
	g.flows = append(g.flows, s+extra+"}")
}
