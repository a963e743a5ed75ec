package triage

import (
	"errors"
	"strings"

	"github.com/iotthreat/iotthreat/strictyaml"
)

func indentOf(line string) int { return len(line) - len(strings.TrimLeft(line, " ")) }

// blockEnd returns the index after the last line belonging to the block
// item starting at start: following lines that are blank, comments or
// indented deeper than it. Trailing blank and comment lines are left
// outside, so they stay with what follows.
func blockEnd(lines []string, start int) int {
	indent := indentOf(lines[start])
	end := start + 1
	last := start + 1
	for ; end < len(lines); end++ {
		t := strings.TrimSpace(lines[end])
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if indentOf(lines[end]) <= indent {
			break
		}
		last = end + 1
	}
	return last
}

// replaceEntry replaces the entry whose key is on line (1-based) with a
// one-line entry at the same indentation, keeping a trailing comment.
func replaceEntry(lines []string, line int, id, entry string) ([]string, error) {
	i := line - 1
	if i < 0 || i >= len(lines) {
		return nil, errors.New("tracking entry not found where the model says it is")
	}
	if t := strings.TrimSpace(lines[i]); !strings.HasPrefix(t, id) && !strings.HasPrefix(t, `"`+id) && !strings.HasPrefix(t, "'"+id) {
		return nil, errors.New("the tracking entry shares its line with other YAML (flow style); put each entry on its own line, then run track again")
	}
	indent := strings.Repeat(" ", indentOf(lines[i]))
	end := blockEnd(lines, i)
	out := append([]string{}, lines[:i]...)
	out = append(out, indent+entry)
	return append(out, lines[end:]...), nil
}

// addEntry adds a new entry to the model's tracking: section, creating the
// section at the end of the file when there is none.
func addEntry(lines []string, src strictyaml.Source, entry string) ([]string, error) {
	if !src.Written("tracking") {
		return appendSection(lines, entry), nil
	}
	keyLine := src.NameAt("tracking").Line - 1
	if keyLine < 0 || keyLine >= len(lines) {
		return nil, errors.New("tracking: section not found where the model says it is")
	}
	return insertIntoSection(lines, keyLine, entry)
}

// insertIntoSection adds entry to the tracking: mapping whose key is on
// line index i: after its last entry for a block mapping, or replacing an
// empty {} written on the key's line.
func insertIntoSection(lines []string, i int, entry string) ([]string, error) {
	keyIndent := indentOf(lines[i])
	rest := strings.TrimSpace(strings.SplitN(lines[i], ":", 2)[1])
	value, comment, _ := strings.Cut(rest, "#")
	value = strings.TrimSpace(value)
	indent := strings.Repeat(" ", keyIndent+2)
	switch {
	case value == "{}" || value == "":
		if value == "{}" {
			head := lines[i][:strings.Index(lines[i], ":")+1]
			if c := strings.TrimSpace(comment); c != "" {
				head += "  # " + strings.TrimSpace(strings.TrimPrefix(c, "#"))
			}
			lines[i] = head
		}
		end := blockEnd(lines, i)
		if end > i+1 {
			indent = strings.Repeat(" ", indentOf(lines[i+1]))
			for j := i + 1; j < end; j++ {
				if t := strings.TrimSpace(lines[j]); t != "" && !strings.HasPrefix(t, "#") {
					indent = strings.Repeat(" ", indentOf(lines[j]))
					break
				}
			}
		}
		out := append([]string{}, lines[:end]...)
		out = append(out, indent+entry)
		return append(out, lines[end:]...), nil
	}
	return nil, errors.New("the tracking: section is written in flow style ({…}) on one line; rewrite it as one entry per line, then run track again")
}

// appendSection adds a tracking: section at the end of the file.
func appendSection(lines []string, entry string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return append(lines, "", "tracking:", "  "+entry, "")
}
