module github.com/segtui/segtui

go 1.26.8
