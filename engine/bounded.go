package engine

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/functions"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/ext"
)

// cel-go charges a call after it has run, by the size of its result. For
// most functions the result is no larger than the arguments, which exist
// already. A few can return far more than they were given: each replace
// in 'a'.replace('a', 'aaaaaaaaaa').replace(…)… multiplies the string by
// ten, and join and format copy a list of references to one string as
// many times as it holds it. Those are checked before they run, and
// refused when their result alone would exceed the evaluation's budget
// (MaxEvalCost characters or entries, each costing at least one), so
// that no call allocates more than a few megabytes.
//
// The strings extension gives format and strings.quote no cost model, so
// cel-go would charge them as constant: a loop could build one large
// string per iteration for next to nothing. Their models here charge the
// result's length, as the extension's other functions do.

// refusedCall is the error of a call refused before it ran.
type refusedCall struct {
	function string
	what     string // what it would do
}

func (e *refusedCall) Error() string { return e.function + " would " + e.what }

// callCheck refuses, before it runs, a call of the function name whose
// result or work would exceed the budget; nil lets it run.
type callCheck func(name string, args []ref.Val) error

// resultBound bounds the size of a call's result from its arguments,
// counting until it passes MaxEvalCost.
type resultBound func(args []ref.Val) uint64

// sizeCheck refuses a call whose result would be larger than the budget.
func sizeCheck(bound resultBound) callCheck {
	return func(name string, args []ref.Val) error {
		if bound(args) > MaxEvalCost {
			return &refusedCall{function: name, what: fmt.Sprintf("build a result of more than %d characters or entries", MaxEvalCost)}
		}
		return nil
	}
}

// boundedOverloads are the strings extension's overloads whose result
// can outgrow their arguments, with their checks.
var boundedOverloads = map[string]callCheck{
	"string_replace_string_string":     sizeCheck(replaceBound),
	"string_replace_string_string_int": sizeCheck(replaceBound),
	"list_join":                        sizeCheck(joinBound),
	"list_join_string":                 sizeCheck(joinBound),
	"string_split_string":              sizeCheck(splitBound),
	"string_split_string_int":          sizeCheck(splitBound),
	"string_format":                    sizeCheck(formatBound),
}

// boundedFunctions redefines the overloads of boundedOverloads with their
// checks in front of the extension's implementation. cel-go lets an
// overload's implementation be redefined under the same signature; its
// cost model stays. It also adds the cost models the extension lacks, and
// cel-go's limit of patterns' size (see regex.go).
var boundedFunctions = sync.OnceValues(func() ([]cel.EnvOption, error) {
	base, err := cel.NewEnv(ext.Strings())
	if err != nil {
		return nil, err
	}
	var opts []cel.EnvOption
	fns := base.Functions()
	for _, name := range slices.Sorted(maps.Keys(fns)) {
		fn := fns[name]
		bindings, err := fn.Bindings()
		if err != nil {
			return nil, err
		}
		impl := map[string]*functions.Overload{}
		for _, b := range bindings {
			impl[b.Operator] = b
		}
		for _, o := range fn.OverloadDecls() {
			check, ok := boundedOverloads[o.ID()]
			if !ok {
				continue
			}
			inner, ok := impl[o.ID()]
			if !ok {
				return nil, fmt.Errorf("no implementation of %s", o.ID())
			}
			binding := cel.FunctionBinding(checked(name, check, inner))
			overload := cel.Overload
			if o.IsMemberFunction() {
				overload = cel.MemberOverload
			}
			opts = append(opts, cel.Function(name, overload(o.ID(), o.ArgTypes(), o.ResultType(), binding)))
		}
	}
	if len(opts) != len(boundedOverloads) {
		return nil, fmt.Errorf("found %d of the %d overloads to bound", len(opts), len(boundedOverloads))
	}
	return append(opts, cel.CostModel(formatCostModel, quoteCostModel), regexLimit()), nil
})

// formatCostModel prices template.format(list): a scan of the template
// and the result's length. The result is estimated at most the template,
// 4 characters per character of the list's elements and 512 per element
// (a number printed with the maximum precision), which is what
// formattedSize bounds at runtime for a flat list.
var formatCostModel = cost.MemberOverload("string_format",
	cost.EvalCost(cost.Sum(cost.Const(cost.CallCost), cost.StringScan(cost.Target()), cost.Length(cost.Result()))),
	cost.ResultSize(cost.AtMost(cost.Sum(cost.Target(), cost.Scale(cost.ElemTotal(cost.Arg(0)), 4),
		cost.Scale(cost.Length(cost.Arg(0)), 512)))),
)

// quoteCostModel prices strings.quote(s): a scan of s and the result's
// length, which is s with an escape character at most per character and
// two quotes.
var quoteCostModel = cost.Overload("strings_quote",
	cost.EvalCost(cost.Sum(cost.Const(cost.CallCost), cost.StringScan(cost.Arg(0)), cost.Length(cost.Result()))),
	cost.ResultSize(cost.Ranged(cost.Sum(cost.Arg(0), cost.Const(2)), cost.Sum(cost.Scale(cost.Arg(0), 2), cost.Const(2)))),
)

// checked runs inner only when check allows it.
func checked(name string, check callCheck, inner *functions.Overload) functions.FunctionOp {
	return func(args ...ref.Val) ref.Val {
		for _, a := range args {
			if types.IsUnknownOrError(a) {
				return a
			}
		}
		if err := check(name, args); err != nil {
			return types.WrapErr(err)
		}
		switch {
		case len(args) == 1 && inner.Unary != nil:
			return inner.Unary(args[0])
		case len(args) == 2 && inner.Binary != nil:
			return inner.Binary(args[0], args[1])
		case inner.Function != nil:
			return inner.Function(args...)
		}
		return types.NewErr("no implementation of %s for %d arguments", name, len(args))
	}
}

// over is the first value past the budget: bounds stop counting there.
const over = MaxEvalCost + 1

// str returns a string argument, or "" for another type (the overload's
// signature rules that out).
func str(v ref.Val) string {
	s, _ := v.(types.String)
	return string(s)
}

// limitArg returns the optional int limit of replace and split: negative
// means none.
func limitArg(args []ref.Val, i int) int64 {
	if i < len(args) {
		if n, ok := args[i].(types.Int); ok {
			return int64(n)
		}
	}
	return -1
}

// replaceBound is the length of s.replace(old, new[, n]) in bytes.
func replaceBound(args []ref.Val) uint64 {
	if len(args) < 3 {
		return 0
	}
	s, old, repl := str(args[0]), str(args[1]), str(args[2])
	n := uint64(strings.Count(s, old))
	if limit := limitArg(args, 3); limit >= 0 && uint64(limit) < n {
		n = uint64(limit)
	}
	if len(repl) <= len(old) || n == 0 {
		return uint64(len(s))
	}
	growth := uint64(len(repl) - len(old))
	if n > over/growth {
		return over
	}
	return uint64(len(s)) + n*growth
}

// joinBound is the length of list.join([sep]) in bytes.
func joinBound(args []ref.Val) uint64 {
	l, ok := args[0].(traits.Lister)
	if !ok {
		return 0
	}
	sep := uint64(0)
	if len(args) > 1 {
		sep = uint64(len(str(args[1])))
	}
	total := uint64(0)
	for it := l.Iterator(); it.HasNext() == types.True; {
		total += uint64(len(str(it.Next()))) + sep
		if total > MaxEvalCost {
			return over
		}
	}
	return total
}

// splitBound is the number of parts of s.split(sep[, n]).
func splitBound(args []ref.Val) uint64 {
	if len(args) < 2 {
		return 0
	}
	s, sep := str(args[0]), str(args[1])
	parts := uint64(strings.Count(s, sep)) + 1
	if sep == "" {
		parts = uint64(utf8.RuneCountInString(s))
	}
	if limit := limitArg(args, 2); limit >= 0 && uint64(limit) < parts {
		parts = uint64(limit)
	}
	return parts
}

// formatBound bounds the length of template.format(list) in bytes: the
// template, and each argument formatted (it is used once).
func formatBound(args []ref.Val) uint64 {
	if len(args) < 2 {
		return 0
	}
	total := uint64(len(str(args[0])))
	formattedSize(args[1], &total)
	return total
}

// formattedSize adds to total a bound of the length of v formatted by any
// clause: quoting may triple a string (each invalid byte becomes U+FFFD),
// hex output quadruples bytes, and a number takes at most a few hundred
// characters (a double printed with the maximum precision of 100). It
// stops once total passes the budget, so that walking a list of many
// references to one large list takes no longer than the budget.
func formattedSize(v ref.Val, total *uint64) {
	if *total > MaxEvalCost {
		return
	}
	switch x := v.(type) {
	case types.String:
		*total += 3*uint64(len(x)) + 2
	case types.Bytes:
		*total += 4*uint64(len(x)) + 3
	case traits.Mapper:
		*total += 2
		for it := x.Iterator(); it.HasNext() == types.True && *total <= MaxEvalCost; {
			k := it.Next()
			*total += 4
			formattedSize(k, total)
			formattedSize(x.Get(k), total)
		}
	case traits.Lister:
		*total += 2
		for it := x.Iterator(); it.HasNext() == types.True && *total <= MaxEvalCost; {
			*total += 2
			formattedSize(it.Next(), total)
		}
	default:
		*total += 512
	}
}
