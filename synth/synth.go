// Package synth generates realistic synthetic IoT models of any size the
// other commands can read, for benchmarks and load tests: sites of devices
// behind gateways, the vendor's support services, third parties, clients
// and users, in the proportions of the templates, about three flows per
// element, nested boundaries. The same size and seed always give the same
// bytes.
package synth

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
)

// MaxElements is the largest Options.Elements Generate accepts. A model
// of this size is about 66.9 MB (measured: 66.87 to 66.97 MB over 28
// seeds, about 643 bytes an element), just under the 64 MiB (67,108,864
// bytes) that strictyaml.DefaultLimits lets the other commands read; one
// of 105,000 elements is over it. The margin, some 145 kB, is several
// times the spread between seeds.
const MaxElements = 104_000

// Options size the model.
type Options struct {
	Elements int    // approximate number of elements (at least 20, at most MaxElements)
	Seed     uint64 // same seed, same model
}

// Generate writes a model of about opts.Elements elements as YAML, as it
// makes it, in memory that does not grow with the size. The flows come
// after the elements in the file but are made with them; rather than
// keep them, Generate makes the model twice from the same seed, writing
// the elements the first time and the flows the second. It stops at the
// first write error, which it returns.
func Generate(w io.Writer, opts Options) error {
	if opts.Elements > MaxElements {
		return fmt.Errorf("synth: %d elements is more than MaxElements (%d): the model would be too large to read", opts.Elements, MaxElements)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	sz := newSizes(max(opts.Elements, 20))
	g := newGen(bw, opts.Seed, elementsPass)
	g.header(sz)
	g.elements(sz)
	if g.err != nil {
		return g.err
	}
	g = newGen(bw, opts.Seed, flowsPass)
	g.line("flows:")
	g.elements(sz)
	g.line("tracking: {}")
	if g.err != nil {
		return g.err
	}
	return bw.Flush()
}

// pass says what one pass over the model writes.
type pass int

const (
	elementsPass pass = iota // the header, data, boundaries and elements
	flowsPass                // the flows
)

type gen struct {
	rnd   *rand.Rand
	w     *bufio.Writer
	pass  pass
	flows int   // flows made so far, which numbers them
	err   error // the first write error; nothing is written after it
}

func newGen(w *bufio.Writer, seed uint64, p pass) *gen {
	return &gen{rnd: rand.New(rand.NewPCG(seed, 0x10f7)), w: w, pass: p}
}

func (g *gen) line(format string, args ...any) {
	if g.err != nil {
		return
	}
	if _, g.err = fmt.Fprintf(g.w, format, args...); g.err == nil {
		g.err = g.w.WriteByte('\n')
	}
}

// element writes an element's line in the elements pass. Its arguments
// are evaluated in both passes, so that both draw the same random numbers.
func (g *gen) element(format string, args ...any) {
	if g.pass == elementsPass {
		g.line(format, args...)
	}
}

// sizes are how many of each part a model of n elements has. Shared
// services take about 2% of the elements; each site is a gateway, its
// devices and a user: about 8 elements.
type sizes struct{ services, thirdParties, sites int }

func newSizes(n int) sizes {
	services := max(4, n/50)
	thirdParties := max(1, n/200)
	return sizes{services, thirdParties, max(1, (n-services-thirdParties-2)/8)}
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

// header writes what comes before the elements: the system, the data
// assets, the boundaries.
func (g *gen) header(sz sizes) {
	g.line("# Synthetic model: %d sites, %d services, %d third parties (iotthreat generate).", sz.sites, sz.services, sz.thirdParties)
	g.line("iotthreat: 1")
	g.line("system: {name: Synthetic fleet, criticality: high, deployment: %d}", sz.sites*7)
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
	for t := 0; t < sz.thirdParties; t++ {
		g.line("  - {id: tp-cloud-%d, kind: third-party-cloud}", t)
	}
	for s := 0; s < sz.sites && g.err == nil; s++ {
		g.line("  - {id: site-%d, kind: local-network}", s)
		g.line("  - {id: site-%d-hw, kind: physical, within: site-%d}", s, s)
	}
}

// elements makes the elements and their flows, writing what this pass
// writes.
func (g *gen) elements(sz sizes) {
	g.element("elements:")
	g.element("  - {id: app, kind: mobile-client, boundary: phone, platform: cross-platform, stores: [account]}")
	g.element("  - {id: portal, kind: web-client, boundary: browser}")
	for i := 0; i < sz.services; i++ {
		controls := ""
		if g.rnd.IntN(3) == 0 {
			controls = ", controls: [input-validation, rate-limiting]"
		}
		g.element("  - {id: svc-%d, kind: support-service, boundary: cloud, internet_facing: %t, multi_tenant: true, data_subjects: %d, stores: [readings, account]%s}",
			i, i%2 == 0, 1000+g.rnd.IntN(100000), controls)
	}
	for t := 0; t < sz.thirdParties; t++ {
		g.element("  - {id: tp-%d, kind: third-party-service, boundary: tp-cloud-%d, provider: Provider %d, jurisdiction: US, stores: [analytics]}", t, t, t)
	}
	for s := 0; s < sz.sites && g.err == nil; s++ {
		g.site(s, sz.services, sz.thirdParties)
	}
}

func (g *gen) site(s, services, thirdParties int) {
	gw := fmt.Sprintf("gw-%d", s)
	svc := fmt.Sprintf("svc-%d", g.rnd.IntN(services))
	g.element("  - {id: %s, kind: gateway, boundary: site-%d-hw, radios: [zigbee, ble, zwave, thread, wifi], physical_access: restricted, debug_interfaces: [uart], firmware_update: ota, credentials: unique, stores: [readings, credentials]}", gw, s)
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
		g.element("  - {id: %s, name: %s %d, kind: device, boundary: site-%d-hw, radios: [%s], sensors: [%s], physical_access: %s, firmware_update: ota, credentials: %s%s, stores: [readings]}",
			id, t.name, d, s, t.radio, t.sensors, access, []string{"unique", "shared-default"}[g.rnd.IntN(2)], extra)
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
	g.element("  - {id: %s, kind: user, role: owner}", user)
	g.flow(user, "app", "ui", "[commands]", "", "", "")
	if g.rnd.IntN(4) == 0 {
		g.flow(gw, fmt.Sprintf("tp-%d", g.rnd.IntN(thirdParties)), "https", "[analytics]", "tls", "api-key", "")
	}
}

// flow numbers a flow and writes it in the flows pass.
func (g *gen) flow(from, to, protocol, data, enc, auth, extra string) {
	id := g.flows
	g.flows++
	if g.pass != flowsPass {
		return
	}
	s := fmt.Sprintf("{id: f-%d, from: %s, to: %s, protocol: %s, data: %s", id, from, to, protocol, data)
	if enc != "" {
		s += ", encryption: " + enc
	}
	if auth != "" {
		s += ", authentication: " + auth
	}
	g.line("  - %s", s+extra+"}")
}
