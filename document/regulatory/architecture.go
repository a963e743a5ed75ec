package regulatory

import (
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// architecture describes the system from the model (CRA Annex VII point
// 2(a)): every element, and every flow that crosses a trust boundary
// with the protection the model states for it. The diagram is added by
// New. facts are the model's derived facts, in model order.
func architecture(l *model.Loaded, facts *engine.Facts) Architecture {
	m := l.Model
	a := Architecture{
		Elements: len(m.Elements), Flows: len(m.Flows), Boundaries: len(m.Boundaries), DataAssets: len(m.Data),
		Components: make([]Component, 0, len(m.Elements)), Crossings: []Crossing{},
	}
	for _, e := range m.Elements {
		a.Components = append(a.Components, Component{ID: e.ID, Name: nameOr(e.Name, e.ID), Kind: e.Kind, Boundary: e.Boundary, Description: e.Description})
	}
	for i, f := range m.Flows {
		if i >= len(facts.Flows) || !facts.Flows[i].CrossesBoundary {
			continue
		}
		a.Crossings = append(a.Crossings, Crossing{
			ID: f.ID, From: f.From, To: f.To, Protocol: f.Protocol,
			Encryption: f.Encryption, Authentication: f.Authentication,
			Data: append([]string{}, f.Data...), OverInternet: facts.Flows[i].OverInternet,
		})
	}
	return a
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}
