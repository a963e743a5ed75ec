package modeldiff

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/model"
)

// The functions below list every field of each model type, by the key the
// model format uses, in the order model/types.go declares them. A test
// checks that no field of the model types is missing here: a new field is
// compared as soon as it is added to this list.

func systemFields(s model.System) []field {
	return []field{
		str("name", s.Name), str("description", s.Description), str("owner", s.Owner),
		str("criticality", s.Criticality), num("deployment", s.Deployment), set("controls", s.Controls),
	}
}

func dataItem(d model.DataAsset) item {
	return item{id: d.ID, fields: []field{
		str("name", d.Name), str("description", d.Description), str("classification", d.Classification),
		str("integrity", d.Integrity), str("availability", d.Availability), set("tags", d.Tags),
	}}
}

func boundaryItem(b model.Boundary) item {
	return item{id: b.ID, fields: []field{
		str("name", b.Name), str("kind", b.Kind), str("within", b.Within), str("description", b.Description),
	}}
}

func elementItem(e model.Element) item {
	services := make([]string, len(e.Services))
	for i, s := range e.Services {
		services[i] = serviceText(s)
	}
	return item{id: e.ID, fields: []field{
		str("name", e.Name), str("kind", e.Kind), str("description", e.Description),
		str("boundary", e.Boundary), str("technology", e.Technology), str("owner", e.Owner),
		set("stores", e.Stores), set("processes", e.Processes), set("controls", e.Controls), set("tags", e.Tags),
		str("physical_access", e.PhysicalAccess), set("debug_interfaces", e.DebugInterfaces),
		str("firmware_update", e.FirmwareUpdate), str("os", e.OS), str("firmware_version", e.FirmwareVersion),
		set("radios", e.Radios), set("sensors", e.Sensors), set("actuators", e.Actuators),
		set("services", services), str("hardware_security", e.HardwareSecurity), str("credentials", e.Credentials),
		num("instances", e.Instances), flag("safety_critical", e.SafetyCritical),
		optFlag("internet_facing", e.InternetFacing), optFlag("multi_tenant", e.MultiTenant),
		num("data_subjects", e.DataSubjects), str("provider", e.Provider), str("jurisdiction", e.Jurisdiction),
		str("platform", e.Platform), str("role", e.Role),
	}}
}

// serviceText writes a network service on one line, as it would read in
// the model: name, protocol, port, authentication and encryption.
func serviceText(s model.Service) string {
	parts := []string{"protocol " + s.Protocol}
	if s.Port != 0 {
		parts = append(parts, "port "+strconv.Itoa(s.Port))
	}
	if s.Authentication != "" {
		parts = append(parts, "authentication "+s.Authentication)
	}
	if s.Encryption != "" {
		parts = append(parts, "encryption "+s.Encryption)
	}
	return fmt.Sprintf("%s (%s)", s.Name, strings.Join(parts, ", "))
}

func flowItem(f model.Flow) item {
	fields := []field{
		str("name", f.Name), str("description", f.Description), str("from", f.From), str("to", f.To),
		str("protocol", f.Protocol), num("port", f.Port), set("data", f.Data), str("encryption", f.Encryption),
		str("authentication", f.Authentication), flag("bidirectional", f.Bidirectional),
	}
	// Each protocol option is a field of its own: options.pairing.
	keys := make([]string, 0, len(f.Options))
	for k := range f.Options {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fields = append(fields, str("options."+k, f.Options[k]))
	}
	fields = append(fields, set("controls", f.Controls), set("tags", f.Tags))
	return item{id: f.ID, fields: fields}
}

func trackingFields(t model.Tracking) []field {
	return []field{
		str("status", t.Status), str("reason", t.Reason), str("ticket", t.Ticket),
		str("by", t.By), str("date", t.Date), str("until", t.Until),
	}
}

func ruleItem(r model.Rule) item {
	target := r.Target.Type
	if len(r.Target.Kinds) > 0 {
		kinds := append([]string{}, r.Target.Kinds...)
		sort.Strings(kinds)
		target += " (" + strings.Join(kinds, ", ") + ")"
	}
	refs := r.References
	return item{id: r.ID, fields: []field{
		str("title", r.Title), str("description", r.Description), str("target", target),
		str("condition", r.Condition), set("stride", r.STRIDE), set("linddun", r.LINDDUN),
		str("likelihood", r.Likelihood), str("impact", r.Impact), set("controls", r.Controls),
		str("mitigation", r.Mitigation), set("controls_at", r.ControlsAt), flag("fixed_severity", r.Fixed),
		numbers("references.cwe", refs.CWE), numbers("references.capec", refs.CAPEC),
		set("references.owasp_iot", refs.OWASPIoT), set("references.etsi", refs.ETSI),
		set("references.nist_ir_8259a", refs.NISTIR8259), set("references.isvs", refs.ISVS),
	}}
}

func str(name, s string) field { return field{name: name, value: value{s: s}} }

// num is an integer field; zero is unset.
func num(name string, n int) field {
	if n == 0 {
		return str(name, "")
	}
	return str(name, strconv.Itoa(n))
}

// flag is a boolean field; false is unset, as the model format defaults it.
func flag(name string, b bool) field {
	if !b {
		return str(name, "")
	}
	return str(name, "true")
}

// optFlag is a boolean field whose absence means "not said".
func optFlag(name string, b *bool) field {
	if b == nil {
		return str(name, "")
	}
	return str(name, strconv.FormatBool(*b))
}

// set is a list field compared as a set: order and duplicates do not
// matter in any list of the model format.
func set(name string, list []string) field {
	items := append([]string{}, list...)
	sort.Strings(items)
	out := items[:0]
	for i, x := range items {
		if i == 0 || x != items[i-1] {
			out = append(out, x)
		}
	}
	return field{name: name, value: value{list: true, items: out}}
}

// numbers is a list of catalogue numbers, compared as a set in numeric order.
func numbers(name string, list []int) field {
	ns := append([]int{}, list...)
	sort.Ints(ns)
	items := []string{}
	for i, n := range ns {
		if i == 0 || n != ns[i-1] {
			items = append(items, strconv.Itoa(n))
		}
	}
	return field{name: name, value: value{list: true, items: items}}
}
