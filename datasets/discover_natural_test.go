package datasets

import (
	"strings"
	"testing"
)

func TestNaturalLess(t *testing.T) {
	names := []string{"case_10", "case_2", "Case_1", "case_02", "case_1b", "case_1", "a"}
	sortNatural(names)
	if got := strings.Join(names, " "); got != "Case_1 a case_1 case_1b case_02 case_2 case_10" {
		t.Errorf("natural order: %s", got)
	}
}
