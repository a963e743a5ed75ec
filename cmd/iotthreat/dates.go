package main

import (
	"fmt"
	"io"
	"time"
)

// dateLayout is how dates are written, on the command line and in models:
// YYYY-MM-DD.
const dateLayout = "2006-01-02"

// checkDateFlag refuses a date flag that is not a calendar date written
// YYYY-MM-DD. The engine compares dates as text, which orders them by
// time only in that form: 2027-6-1 would sort after 2027-06-30.
func checkDateFlag(flag, value string) error {
	if value == "" {
		return nil
	}
	if _, err := time.Parse(dateLayout, value); err != nil {
		return usageErrorHint("write the date as YYYY-MM-DD, e.g. 2027-06-30", "%s %q is not a date", flag, value)
	}
	return nil
}

// warnPastUntil notes on w that an acceptance's end date (track --until)
// is already past: the decision is recorded, but the finding counts as
// open again at once. An acceptance lasts through its until day.
func warnPastUntil(w io.Writer, until string) {
	end, err := time.Parse(dateLayout, until)
	if err != nil {
		return
	}
	today, _ := time.Parse(dateLayout, time.Now().Format(dateLayout))
	if end.Before(today) {
		fmt.Fprintf(w, "iotthreat: warning: --until %s is in the past: the acceptance has already expired, so the finding counts as open\n", until)
	}
}
