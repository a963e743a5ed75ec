package engine

import (
	"fmt"
	"regexp"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/overloads"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
)

// matches runs in time proportional to the length of the string times the
// size of the pattern's compiled program, which a short pattern can make
// large: 'a{1000}c' compiles to 1,003 instructions, and takes 6 s on a
// string of a million characters. cel-go charges it by the pattern's
// length, after it has run, and cannot interrupt it. So patterns are
// limited to maxRegexProgram instructions (with cel-go's own check, at
// compile time for a constant pattern), and a match is refused before it
// runs when string length times program size exceeds maxRegexSteps.

// maxRegexProgram bounds the compiled size of a pattern. The built-in
// rules' largest is under 100 instructions; a pattern spelling out
// repetitions ('[a-z0-9-]{1,63}') stays within a few hundred.
const maxRegexProgram = 5000

// maxRegexSteps bounds the work of one match, in string characters times
// program instructions: each takes about 5 ns at worst, so a match stops
// within about 50 ms.
const maxRegexSteps = 10 * MaxEvalCost

// stepCheck refuses a match of s against a program of size instructions
// that could take more than maxRegexSteps.
func stepCheck(s string, size int) error {
	if steps := uint64(len(s)+1) * uint64(size); steps > maxRegexSteps {
		return &refusedCall{function: overloads.Matches,
			what: fmt.Sprintf("take up to %d steps (%d characters by %d pattern instructions), more than %d",
				steps, len(s), size, maxRegexSteps)}
	}
	return nil
}

// regexLimit is cel-go's limit of patterns' size, as an environment
// option: a constant pattern over it fails to compile, located.
func regexLimit() cel.EnvOption { return cel.RegexProgramSizeLimit(maxRegexProgram) }

// checkDynamicMatches replaces, as a program is planned, each call of
// matches whose pattern is known only at runtime with one that checks the
// match before running it (constant patterns are compiled once, see
// boundedRegex). cel-go binds one implementation to all of matches'
// overloads, which an environment cannot redefine.
func checkDynamicMatches(i interpreter.InterpretableV2) (interpreter.InterpretableV2, error) {
	call, ok := i.(interpreter.InterpretableCall)
	if !ok || call.Function() != overloads.Matches || len(call.Args()) != 2 {
		return i, nil
	}
	if _, constant := call.Args()[1].(interpreter.InterpretableConst); constant {
		return i, nil
	}
	return interpreter.NewCall(call.ID(), call.Function(), call.OverloadID(), call.Args(), func(args ...ref.Val) ref.Val {
		if len(args) != 2 {
			return types.NoSuchOverloadErr()
		}
		return checkedMatch(args[0], args[1])
	}), nil
}

// matchOptions are the program options checking matches.
var matchOptions = []cel.ProgramOption{cel.OptimizeRegex(boundedRegex...), cel.CustomDecoratorV2(checkDynamicMatches)}

// checkedMatch compiles the pattern, checks the match's work and runs it.
func checkedMatch(s, pattern ref.Val) ref.Val {
	str, ok := s.(types.String)
	pat, ok2 := pattern.(types.String)
	if !ok || !ok2 {
		return types.NoSuchOverloadErr()
	}
	re, err := regexp.Compile(string(pat))
	if err != nil {
		return types.WrapErr(err)
	}
	size, err := types.RegexProgramSize(string(pat))
	if err != nil {
		return types.WrapErr(err)
	}
	if err := stepCheck(string(str), size); err != nil {
		return types.WrapErr(err)
	}
	return types.Bool(re.MatchString(string(str)))
}

// boundedRegex compiles constant patterns once, like cel-go's own
// optimisation it replaces, with the check in front of each match.
var boundedRegex = []*interpreter.RegexOptimization{
	{Function: overloads.Matches, OverloadID: overloads.Matches, RegexIndex: 1, Factory: boundedMatcher},
	{Function: overloads.Matches, OverloadID: overloads.MatchesString, RegexIndex: 1, Factory: boundedMatcher},
}

func boundedMatcher(call interpreter.InterpretableCall, pattern string) (interpreter.InterpretableCall, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	size, err := types.RegexProgramSize(pattern)
	if err != nil {
		return nil, err
	}
	return interpreter.NewCall(call.ID(), call.Function(), call.OverloadID(), call.Args(), func(values ...ref.Val) ref.Val {
		if len(values) != 2 {
			return types.NoSuchOverloadErr()
		}
		s, ok := values[0].(types.String)
		if !ok {
			return types.NoSuchOverloadErr()
		}
		if err := stepCheck(string(s), size); err != nil {
			return types.WrapErr(err)
		}
		return types.Bool(re.MatchString(string(s)))
	}), nil
}
