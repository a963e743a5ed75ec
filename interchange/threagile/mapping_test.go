package threagile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/vocab"
)

// TestTablesUseTheVocabulary checks every target of the mapping tables
// against iotthreat's built-in vocabulary, so that a renamed kind or
// value fails here and not in a user's import.
func TestTablesUseTheVocabulary(t *testing.T) {
	v := vocab.Builtin()
	for tech, kinds := range technologies {
		for _, k := range kinds {
			if _, ok := v.ElementKind(k); !ok {
				t.Errorf("technology %s: unknown element kind %s", tech, k)
			}
		}
	}
	for _, bk := range boundaryKinds {
		if _, ok := v.BoundaryKind(bk.Kind); !ok {
			t.Errorf("unknown boundary kind %s", bk.Kind)
		}
	}
	for enum, table := range map[string]map[string]string{
		"classification": classifications, "level": levels, "authentication": authentications,
		"tracking_status": statuses,
	} {
		for from, to := range table {
			if !v.HasTerm(enum, to) {
				t.Errorf("%s %s: %s is not an iotthreat %s", enum, from, to, enum)
			}
		}
	}
	for _, table := range []map[string]string{likelihoods, impacts, severities} {
		for _, to := range table {
			if !v.HasTerm("level", to) {
				t.Errorf("%s is not a level", to)
			}
		}
	}
	for s := range strides {
		if !v.HasTerm("stride", s) {
			t.Errorf("%s is not a STRIDE category", s)
		}
	}
	ext, diags := v.Extend(&vocab.Vocabulary{Protocols: protocolList()})
	if len(diags) > 0 {
		t.Fatalf("extension protocols: %v", diags)
	}
	for name, p := range protocols {
		ids := []string{p.ID}
		if p.Family != "" {
			ids = []string{p.Family}
			for _, d := range databaseProducts {
				if d.Family == p.Family {
					ids = append(ids, d.ID)
				}
			}
		}
		for _, id := range ids {
			if _, ok := ext.Protocol(id); !ok {
				t.Errorf("protocol %s: %s is neither built in nor declared", name, id)
			}
			if !ext.HasTerm("encryption", p.Enc) {
				t.Errorf("protocol %s: encryption %s unknown", name, p.Enc)
			}
		}
	}
}

func protocolList() []vocab.Protocol {
	var out []vocab.Protocol
	for _, p := range extensionProtocols {
		out = append(out, p)
	}
	return out
}

// TestEveryProtocolAndAuthentication imports a link for each Threagile
// protocol with each authentication, with and without a VPN, and checks
// the result validates: the importer must adapt what a protocol cannot
// carry rather than write an invalid model.
func TestEveryProtocolAndAuthentication(t *testing.T) {
	for proto := range protocols {
		for auth := range authentications {
			for _, vpn := range []bool{false, true} {
				src := fmt.Sprintf(`threagile_version: 1.0.0
title: t
technical_assets:
  A: {id: a, type: process, technology: web-server, communication_links: {L: {target: b, protocol: %s, authentication: %s, vpn: %v}}}
  B: {id: b, type: datastore, technology: database, tags: [mysql]}
`, proto, auth, vpn)
				imp, diags := Import("p.yaml", []byte(src))
				if len(diags) > 0 {
					t.Fatalf("%s/%s: %v", proto, auth, diags)
				}
				checkValid(t, imp)
				if len(imp.Model.Flows) != 1 {
					t.Fatalf("%s/%s: %d flows", proto, auth, len(imp.Model.Flows))
				}
				if f := imp.Model.Flows[0]; strings.HasSuffix(proto, "-encrypted") && f.Encryption == "none" {
					t.Errorf("%s: written unencrypted", proto)
				}
			}
		}
	}
}

// TestEveryTechnologyAndBoundary places an asset of each technology and
// type in a boundary of each type: the kind must fit the boundary or the
// element stays outside it, and the model validates either way.
func TestEveryTechnologyAndBoundary(t *testing.T) {
	for tech := range technologies {
		for typ := range typeKinds {
			for btype := range boundaryKinds {
				src := fmt.Sprintf(`title: t
technical_assets:
  X: {id: x, type: %s, technology: %s, internet: true, multi_tenant: true, encryption: transparent}
trust_boundaries:
  B: {id: b, type: %s, technical_assets_inside: [x]}
`, typ, tech, btype)
				imp, diags := Import("t.yaml", []byte(src))
				if len(diags) > 0 {
					t.Fatalf("%s/%s/%s: %v", tech, typ, btype, diags)
				}
				checkValid(t, imp)
			}
		}
	}
}

// TestRatings checks the scale mappings on a data asset and a risk.
func TestRatings(t *testing.T) {
	cases := []struct{ conf, integ, class, level string }{
		{"public", "archive", "public", "low"},
		{"internal", "operational", "internal", "medium"},
		{"restricted", "important", "confidential", "high"},
		{"confidential", "critical", "confidential", "critical"},
		{"strictly-confidential", "mission-critical", "confidential", "critical"},
	}
	for _, c := range cases {
		src := fmt.Sprintf("title: t\ndata_assets:\n  D: {id: d, confidentiality: %s, integrity: %s, availability: %s}\n", c.conf, c.integ, c.integ)
		imp, diags := Import("r.yaml", []byte(src))
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		d := imp.Model.Data[0]
		if d.Classification != c.class || d.Integrity != c.level || d.Availability != c.level {
			t.Errorf("%s/%s: got %s/%s/%s", c.conf, c.integ, d.Classification, d.Integrity, d.Availability)
		}
	}
}
