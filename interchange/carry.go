package interchange

import "encoding/json"

// CarriedTree returns v (a model item, or a part of the model) as a
// decoded JSON tree without the empty values (null, "", [], {}) that a
// model read back from YAML leaves out: the form in which exports carry
// iotthreat's own data inside another tool's file, so that export,
// import, export writes the same file. A false or a zero is kept, since
// internet_facing: false says something that leaving it out does not.
// It returns nil when v is empty or does not encode.
func CarriedTree(v any) any {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		return nil
	}
	return prune(tree)
}

// prune drops empty values from a decoded JSON tree; nil means v itself
// is empty.
func prune(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, item := range x {
			if p := prune(item); p == nil {
				delete(x, k)
			} else {
				x[k] = p
			}
		}
		if len(x) == 0 {
			return nil
		}
	case []any:
		if len(x) == 0 {
			return nil
		}
		for i := range x {
			if p := prune(x[i]); p != nil {
				x[i] = p
			}
		}
	case string:
		if x == "" {
			return nil
		}
	}
	return v
}
