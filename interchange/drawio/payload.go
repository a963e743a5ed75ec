package drawio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"
)

// compactJSON writes v (a model item) as JSON with the keys the model's
// json tags give, leaving out every field left empty, so that a cell's
// data holds what the model says and nothing more. A pointer that is set
// is kept even when it points at false or zero: internet_facing: false
// says something that leaving it out does not.
func compactJSON(v any) (string, error) {
	var b bytes.Buffer
	if err := writeJSON(&b, reflect.ValueOf(v)); err != nil {
		return "", err
	}
	return xmlSafe(b.String()), nil
}

func writeJSON(b *bytes.Buffer, v reflect.Value) error {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		return writeJSON(b, v.Elem())
	case reflect.Struct:
		b.WriteByte('{')
		n := 0
		for i := 0; i < v.NumField(); i++ {
			name, ok := jsonName(v.Type().Field(i))
			if !ok || isEmpty(v.Field(i)) {
				continue
			}
			if n > 0 {
				b.WriteByte(',')
			}
			n++
			writeString(b, name)
			b.WriteByte(':')
			if err := writeJSON(b, v.Field(i)); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		b.WriteByte('}')
		return nil
	case reflect.Slice, reflect.Array:
		b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeJSON(b, v.Index(i)); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return fmt.Errorf("map keyed by %s", v.Type().Key())
		}
		keys := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, k)
			b.WriteByte(':')
			if err := writeJSON(b, v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key()))); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
		}
		b.WriteByte('}')
		return nil
	case reflect.String:
		writeString(b, v.String())
		return nil
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		out, err := json.Marshal(v.Interface())
		if err != nil {
			return err
		}
		b.Write(out)
		return nil
	}
	return fmt.Errorf("cannot write a %s", v.Type())
}

// jsonName is the key of a struct field, and whether it is written at all
// (exported, and not tagged "-": the source positions are not).
func jsonName(f reflect.StructField) (string, bool) {
	if !f.IsExported() {
		return "", false
	}
	tag := f.Tag.Get("json")
	name, _, _ := strings.Cut(tag, ",")
	if name == "-" {
		return "", false
	}
	if name == "" {
		name = f.Name
	}
	return name, true
}

// isEmpty reports whether a field says nothing: a zero scalar, a nil
// pointer, an empty list or map, or a struct whose written fields are all
// empty.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	case reflect.Slice, reflect.Map, reflect.Array:
		return v.Len() == 0
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if _, ok := jsonName(v.Type().Field(i)); ok && !isEmpty(v.Field(i)) {
				return false
			}
		}
		return true
	}
	return v.IsZero()
}

// writeString writes s as a JSON string without HTML escaping (the XML
// writer escapes what XML needs).
func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	b.Truncate(b.Len() - 1)
}

// xmlSafe escapes, as JSON \u escapes, the characters XML 1.0 cannot hold
// even as character references (U+FFFE, U+FFFF; the JSON encoder already
// escapes the control characters), so that text reaches the importer
// exactly. They can only occur inside JSON strings, where the escape
// means the same character.
func xmlSafe(s string) string {
	if !strings.ContainsAny(s, "\uFFFE\uFFFF") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r == 0xFFFE || r == 0xFFFF {
			fmt.Fprintf(&b, `\u%04X`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// decodeJSON reads a cell's data into v, refusing keys the model does
// not have, so that a misspelt edit is not silently dropped.
func decodeJSON(s string, v any, values *int) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("not UTF-8")
	}
	if err := checkShape(s, values); err != nil {
		return err
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return fmt.Errorf("invalid JSON at character %d: %v", se.Offset, se)
		case errors.As(err, &te):
			return fmt.Errorf("%s: want %s, got JSON %s", te.Field, te.Type, te.Value)
		}
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("text after the JSON value")
	}
	return nil
}

// Bounds on the JSON data of a file's cells, so that what import returns
// stays within what a model file may hold (the YAML reader's limits of
// 100 levels and 20 million nodes): a model nests about ten deep, and a
// large model has some hundred thousand values.
const (
	MaxJSONDepth  = 64
	MaxJSONValues = 5_000_000 // in all cells together
)

// checkShape refuses JSON nested deeper than MaxJSONDepth, and counts its
// values against *values, refusing more than what is left. It reads the
// text once, before any of it is decoded.
func checkShape(s string, values *int) error {
	depth, inString, escaped := 0, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '[', '{':
			if depth++; depth > MaxJSONDepth {
				return fmt.Errorf("JSON nested more than %d deep", MaxJSONDepth)
			}
		case ']', '}':
			depth--
		}
		if c == '[' || c == '{' || c == ',' {
			if *values--; *values < 0 {
				return fmt.Errorf("more than %d JSON values in the file's iotthreat data", MaxJSONValues)
			}
		}
	}
	return nil
}
