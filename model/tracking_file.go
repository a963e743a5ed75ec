package model

import (
	"io/fs"
	"os"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// TrackingFile is the format of a side file of triage decisions
// (--tracking FILE): the model's tracking: section on its own, for teams
// that keep triage apart from the architecture.
type TrackingFile struct {
	Tracking map[string]Tracking `yaml:"tracking,required" json:"tracking" doc:"Triage decisions keyed by finding id."`
}

// AddTrackingFile reads a tracking side file and merges its entries into
// the loaded model. An entry for a finding the model already triages is an
// error naming both places: decisions are never silently overwritten.
// err is for a file that cannot be read.
func AddTrackingFile(l *Loaded, path string) (diag.List, error) {
	data, err := readLimited(osFS{}, path, strictyaml.DefaultLimits.MaxBytes)
	if err != nil {
		return nil, err
	}
	root, diags := strictyaml.Parse(path, data, strictyaml.DefaultLimits)
	if len(diags) > 0 {
		return diags, nil
	}
	var tf TrackingFile
	if diags = strictyaml.Decode(root, &tf, ""); len(diags) > 0 {
		return diags, nil
	}
	diags = ValidateTracking(tf.Tracking, l.Vocab)
	for id, t := range tf.Tracking {
		if prev, dup := l.Model.Tracking[id]; dup {
			diags.Add(t.Src.KeyPos(), "tracking."+id, "keep one decision per finding: remove it from the model or from this file",
				"finding %q is already triaged at %s", id, prev.Src.KeyPos())
			continue
		}
		if l.Model.Tracking == nil {
			l.Model.Tracking = map[string]Tracking{}
		}
		l.Model.Tracking[id] = t
	}
	return diags.Sort(), nil
}

// osFS opens paths as given, for files named on the command line.
type osFS struct{}

func (osFS) Open(name string) (fs.File, error) { return os.Open(name) }
