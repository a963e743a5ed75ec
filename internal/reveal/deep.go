package reveal

import "reflect"

// maxDepth bounds the walk of Deep: the values it is given are trees a
// few levels deep (a document, its findings, their reasons).
const maxDepth = 32

// Deep returns v with String applied to every string it holds, in
// exported fields, slices, arrays, pointers and map values, for outputs
// that render many fields of one value (the HTML, PDF and XLSX documents).
// It copies on write: parts without a hidden character are shared with v,
// and nothing reachable from v is changed, so a value that other code
// still reads (an analysis report) stays as it was. Map keys, interfaces,
// byte slices, and fields tagged json:"-" (positions, not output) are left
// alone.
func Deep[T any](v T) T {
	rv := reflect.ValueOf(&v).Elem()
	if out, changed := deep(rv, 0); changed {
		rv.Set(out)
	}
	return v
}

// deep returns a revealed copy of v and true, or v and false when nothing
// in it needed revealing.
func deep(v reflect.Value, depth int) (reflect.Value, bool) {
	if depth > maxDepth {
		return v, false
	}
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		if r := String(s); r != s {
			out := reflect.New(v.Type()).Elem()
			out.SetString(r)
			return out, true
		}
	case reflect.Struct:
		var out reflect.Value
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || f.Tag.Get("json") == "-" {
				continue
			}
			nf, changed := deep(v.Field(i), depth+1)
			if !changed {
				continue
			}
			if !out.IsValid() {
				out = reflect.New(t).Elem()
				out.Set(v)
			}
			out.Field(i).Set(nf)
		}
		if out.IsValid() {
			return out, true
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return v, false
		}
		var out reflect.Value
		for i := range v.Len() {
			ne, changed := deep(v.Index(i), depth+1)
			if !changed {
				continue
			}
			if !out.IsValid() {
				if v.Kind() == reflect.Slice {
					out = reflect.MakeSlice(v.Type(), v.Len(), v.Len())
					reflect.Copy(out, v)
				} else {
					out = reflect.New(v.Type()).Elem()
					out.Set(v)
				}
			}
			out.Index(i).Set(ne)
		}
		if out.IsValid() {
			return out, true
		}
	case reflect.Pointer:
		if v.IsNil() {
			return v, false
		}
		if ne, changed := deep(v.Elem(), depth+1); changed {
			out := reflect.New(v.Type().Elem())
			out.Elem().Set(ne)
			return out, true
		}
	case reflect.Map:
		var out reflect.Value
		iter := v.MapRange()
		for iter.Next() {
			nv, changed := deep(iter.Value(), depth+1)
			if !changed {
				continue
			}
			if !out.IsValid() {
				out = reflect.MakeMapWithSize(v.Type(), v.Len())
				for _, k := range v.MapKeys() {
					out.SetMapIndex(k, v.MapIndex(k))
				}
			}
			out.SetMapIndex(iter.Key(), nv)
		}
		if out.IsValid() {
			return out, true
		}
	}
	return v, false
}
