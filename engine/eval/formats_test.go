package eval

// The tests read datasets in every format, as segtui does.
import _ "github.com/segtui/segtui/datasets/all"
