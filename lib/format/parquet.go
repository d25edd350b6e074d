package format

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	pqformat "github.com/parquet-go/parquet-go/format"
)

// parquetBatch is how many rows are read from a row group at a time: rows are
// converted and handed to fn one batch at a time, so memory stays bounded by the
// batch plus the pages the library holds for the current row group.
const parquetBatch = 128

// EachParquet calls fn for every row of a Parquet file, row group by row group,
// never holding more than one row group's worth of a bounded batch in memory.
//
// Values become the JSON-like tree the JSON decoders produce: string for UTF8,
// STRING, ENUM and JSON byte arrays, int64 for every integer type (DATE, TIME and
// TIMESTAMP stay raw int64 counts of their unit), float64, bool, nil for nulls,
// []any for LIST groups (3-level and legacy 2-level) and repeated fields,
// map[string]any for plain groups and for MAP groups (keys rendered as strings).
// DECIMAL values and unsigned integers too large for int64 become json.Number so
// that they stay exact, legacy INT96 timestamps RFC 3339 text, and unannotated
// binary stays []byte.
//
// Pos.RowGroup and Pos.Row are 0-based, Pos.Index counts rows across the file and
// Pos.Line is 0. A string with invalid UTF-8 makes its row an ErrEncoding error
// naming the column, subject to Options like an error returned by fn. A 0-byte file
// is ErrEmpty (a valid file with no rows simply has none, like a CSV file with only
// a header); a file that is not Parquet is ErrSyntax. A truncated or corrupt file
// (missing footer, damaged page, a column ending early) is an ErrTruncated error
// returned whatever the mode, because the rows after the damage cannot be trusted;
// panics inside the Parquet library are turned into such errors.
func EachParquet(path string, opt Options, fn func(Row) error) error {
	if err := opt.check(); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	pf, err := openParquet(f, path)
	if err != nil {
		return err
	}
	sc, err := compileSchema(pf)
	if err != nil {
		return &RowError{Pos: Position{File: path}, Err: fmt.Errorf("%w: schema: %v", ErrTruncated, err)}
	}
	index := 0
	var batch [parquetBatch]parquet.Row
	for g, rg := range pf.RowGroups() {
		if err := eachRowGroup(path, g, rg, sc, &index, batch[:], opt, fn); err != nil {
			return err
		}
	}
	return nil
}

// eachRowGroup decodes one row group; index is the file-wide ordinal of its first row.
func eachRowGroup(path string, g int, rg parquet.RowGroup, sc *pqSchema, index *int, batch []parquet.Row, opt Options, fn func(Row) error) error {
	want := rg.NumRows()
	var rows parquet.Rows
	corrupt := func(row int, err error) error {
		return &RowError{Pos: Position{File: path, RowGroup: g, Row: row, Index: *index},
			Err: fmt.Errorf("%w: %v", ErrTruncated, err)}
	}
	if fr, ok := rg.(*parquet.FileRowGroup); ok {
		for _, cc := range fr.File().Metadata().RowGroups[g].Columns {
			if err := safely(func() error { return checkPages(fr.File(), &cc.MetaData) }); err != nil {
				return corrupt(0, err)
			}
		}
	}
	if err := safely(func() error { rows = rg.Rows(); return nil }); err != nil {
		return corrupt(0, err)
	}
	// Close errors are irrelevant once every row has been read, and after a
	// failure the failure is what matters, so the close is best effort.
	defer safely(func() error { return rows.Close() })

	done := 0
	for {
		var n int
		rerr := safely(func() error {
			var err error
			n, err = rows.ReadRows(batch)
			return err
		})
		for i := range n {
			if int64(done) >= want {
				return corrupt(done, fmt.Errorf("row group %d holds more rows than the %d it declares", g, want))
			}
			pos := Position{File: path, RowGroup: g, Row: done, Index: *index}
			var fields map[string]any
			var ferr error
			// Assembly trusts the levels and kinds it has checked; the recover is a
			// last line of defence for whatever damage those checks do not foresee.
			if err := safely(func() error { fields, ferr = sc.assemble(batch[i], pos); return nil }); err != nil {
				return corrupt(done, err)
			}
			if ferr != nil {
				var re *RowError
				if !errors.As(ferr, &re) {
					return corrupt(done, ferr)
				}
			} else {
				ferr = fn(Row{Pos: pos, Fields: fields})
			}
			done++
			*index++
			if err := opt.Handle(ferr); err != nil {
				return err
			}
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			return corrupt(done, rerr)
		}
		if n == 0 {
			// ReadRows promises progress or an error; guard against a reader
			// that does neither on a damaged file rather than spin.
			return corrupt(done, errors.New("no progress reading rows"))
		}
	}
	if int64(done) != want {
		return corrupt(done, fmt.Errorf("row group %d declares %d rows but its columns hold %d", g, want, done))
	}
	return nil
}

// FeaturesJSON returns the Hugging Face features JSON that the datasets library
// (and the hub conversions) store under the key-value metadata key "huggingface",
// or "" when the file has none.
func FeaturesJSON(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	pf, err := openParquet(f, path)
	if err != nil {
		return "", err
	}
	v, _ := pf.Lookup("huggingface")
	return v, nil
}

// openParquet opens f after checking its magic numbers itself, so that a file that
// is not Parquet at all (ErrSyntax) is told apart from one that lost its footer
// (ErrTruncated), and checks that every column chunk lies inside the file.
func openParquet(f *os.File, path string) (*parquet.File, error) {
	at := Position{File: path}
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := info.Size()
	if size == 0 {
		return nil, &RowError{Pos: at, Err: ErrEmpty}
	}
	head := make([]byte, min(size, 4))
	if _, err := f.ReadAt(head, 0); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if string(head) != "PAR1"[:len(head)] {
		if string(head) == "PARE" {
			return nil, &RowError{Pos: at, Err: fmt.Errorf("%w: encrypted Parquet files are not supported", ErrSyntax)}
		}
		return nil, &RowError{Pos: at, Err: fmt.Errorf("%w: not a Parquet file (no PAR1 magic number)", ErrSyntax)}
	}
	// The smallest Parquet file is the two magic numbers and the footer length.
	if size < 12 {
		return nil, &RowError{Pos: at, Err: fmt.Errorf("%w: %d bytes, too short for a Parquet footer", ErrTruncated, size)}
	}
	var tail [8]byte
	if _, err := f.ReadAt(tail[:], size-8); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if string(tail[4:]) != "PAR1" {
		return nil, &RowError{Pos: at, Err: fmt.Errorf("%w: no footer (the file does not end in PAR1)", ErrTruncated)}
	}
	footerLen := int64(binary.LittleEndian.Uint32(tail[:4]))
	if footerLen > size-12 {
		return nil, &RowError{Pos: at, Err: fmt.Errorf("%w: footer of %d bytes does not fit in a file of %d", ErrTruncated, footerLen, size)}
	}
	// The library sizes slices by the element counts the footer declares before
	// decoding a single element: a count damaged into the billions is a fatal
	// out-of-memory crash, which no recover catches. Walk the footer first.
	footer := make([]byte, footerLen)
	if _, err := f.ReadAt(footer, size-8-footerLen); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if n, err := thriftStructLen(footer); err != nil || n != len(footer) {
		if err == nil {
			err = fmt.Errorf("%d bytes after the metadata", len(footer)-n)
		}
		return nil, &RowError{Pos: at, Err: fmt.Errorf("%w: footer: %v", ErrTruncated, err)}
	}
	var pf *parquet.File
	err = safely(func() error {
		var err error
		// The page index and bloom filters serve lookups, not a full scan: skipping
		// them saves reads and keeps their parsers away from damaged bytes.
		pf, err = parquet.OpenFile(f, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
		return err
	})
	if err != nil {
		return nil, &RowError{Pos: at, Err: fmt.Errorf("%w: footer: %v", ErrTruncated, err)}
	}
	md := pf.Metadata()
	first := 0 // file-wide index of the row group's first row
	for g, rg := range md.RowGroups {
		for _, cc := range rg.Columns {
			start, end := chunkBounds(&cc.MetaData)
			if start < 4 || end > size || end < start {
				return nil, &RowError{Pos: Position{File: path, RowGroup: g, Index: first},
					Err: fmt.Errorf("%w: column chunk %s of row group %d lies outside the file", ErrTruncated, strings.Join(cc.MetaData.PathInSchema, "."), g)}
			}
		}
		if rg.NumRows < 0 || rg.NumRows > math.MaxInt32 {
			return nil, &RowError{Pos: Position{File: path, RowGroup: g, Index: first}, Err: fmt.Errorf("%w: row group %d declares %d rows", ErrTruncated, g, rg.NumRows)}
		}
		first += int(rg.NumRows)
	}
	return pf, nil
}

// safely runs a call into the Parquet library, turning a panic (the library panics
// on some damaged inputs) into an error.
func safely(call func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("parquet: %v", p)
		}
	}()
	return call()
}

// A pqNode is one node of the logical schema: LIST and MAP groups already folded
// into lists and maps, so that assembly never sees the list/element wrappers.
type pqNode struct {
	name string
	kind pqKind
	// def is the definition level from which the node is present (not null).
	def int
	// For lists and maps: elemDef is the definition level from which the list has
	// an element, rep the repetition level at which a new element starts.
	elemDef int
	rep     int
	elem    *pqNode   // list element; for a map, a struct with fields key and value
	fields  []*pqNode // struct fields
	leaf    *pqLeaf
	hasMap  bool // a map lies at or below this node, so the row needs fixMaps
}

type pqKind int

const (
	pqLeafKind pqKind = iota
	pqStructKind
	pqListKind
	pqMapKind
)

// A pqLeaf is one column: how to convert its values and where they go.
type pqLeaf struct {
	name   string    // logical dotted path, for errors
	path   []*pqNode // nodes from a top-level field down to this leaf
	col    int
	kind   parquet.Kind // physical type, which every non-null value must have
	conv   pqConv
	scale  int // DECIMAL scale
	maxRep int
	maxDef int
}

type pqConv int

const (
	convNull pqConv = iota
	convBool
	convInt32
	convUint32
	convInt64
	convUint64
	convInt96
	convFloat
	convDouble
	convString
	convBytes
	convDecimal
	convUUID
	convFloat16
)

type pqSchema struct {
	fields []*pqNode
	leaves []*pqLeaf // by column index
	hasMap bool
	// Scratch state for assemble, reused across rows.
	idx  []int // element index per repetition level of the current column
	seen []int // row stamp of the last value seen per column
	row  int
}

// compileSchema builds the logical schema from the library's column tree, paired
// in depth-first order with the raw schema elements for the annotations.
func compileSchema(pf *parquet.File) (sc *pqSchema, err error) {
	err = safely(func() error {
		b := &pqBuilder{elems: pf.Metadata().Schema}
		root := pf.Root()
		if _, err := b.element(root); err != nil {
			return err
		}
		sc = &pqSchema{}
		for _, c := range root.Columns() {
			n, err := b.node(c, 0, 0)
			if err != nil {
				return err
			}
			sc.fields = append(sc.fields, n)
		}
		for _, n := range sc.fields {
			sc.collect(n, nil, n.name)
			sc.hasMap = sc.hasMap || n.hasMap
		}
		for i, l := range sc.leaves {
			if l.col != i {
				return fmt.Errorf("column %s has index %d, want %d", l.name, l.col, i)
			}
			sc.idx = make([]int, max(len(sc.idx), l.maxRep+1))
		}
		sc.seen = make([]int, len(sc.leaves))
		return nil
	})
	return sc, err
}

type pqBuilder struct {
	elems []pqformat.SchemaElement
	next  int
}

// element returns the raw schema element of c, the next one in depth-first order.
func (b *pqBuilder) element(c *parquet.Column) (*pqformat.SchemaElement, error) {
	if b.next >= len(b.elems) || b.elems[b.next].Name != c.Name() {
		return nil, fmt.Errorf("schema element %d does not match column %q", b.next, c.Name())
	}
	e := &b.elems[b.next]
	b.next++
	return e, nil
}

// node builds the logical node for column c whose parent is present from
// definition level def and repeats at level rep.
func (b *pqBuilder) node(c *parquet.Column, def, rep int) (*pqNode, error) {
	e, err := b.element(c)
	if err != nil {
		return nil, err
	}
	switch {
	case c.Optional():
		return b.value(c, e, def+1, rep)
	case c.Repeated():
		// A repeated field outside a LIST or MAP group is a list that is never
		// null, only empty: the legacy form, and how protobuf writers spell lists.
		elem, err := b.value(c, e, def+1, rep+1)
		if err != nil {
			return nil, err
		}
		return &pqNode{name: c.Name(), kind: pqListKind, def: def, elemDef: def + 1, rep: rep + 1, elem: elem, hasMap: elem.hasMap}, nil
	}
	return b.value(c, e, def, rep)
}

// value builds the node for the content of c, present from definition level def;
// c's own repetition has already been accounted for.
func (b *pqBuilder) value(c *parquet.Column, e *pqformat.SchemaElement, def, rep int) (*pqNode, error) {
	n := &pqNode{name: c.Name(), def: def}
	if c.Leaf() {
		n.kind = pqLeafKind
		n.leaf = &pqLeaf{col: c.Index(), maxRep: c.MaxRepetitionLevel(), maxDef: c.MaxDefinitionLevel()}
		if n.leaf.maxDef != def || n.leaf.maxRep != rep {
			return nil, fmt.Errorf("column %q: levels %d/%d, want %d/%d", c.Name(), n.leaf.maxDef, n.leaf.maxRep, def, rep)
		}
		n.leaf.kind = parquet.Kind(e.Type.V)
		n.leaf.conv, n.leaf.scale = leafConv(e)
		return n, nil
	}
	children := c.Columns()
	lt := e.LogicalType.Value
	ct, hasCT := e.ConvertedType.V, e.ConvertedType.Valid
	_, isList := lt.(*pqformat.ListType)
	_, isMap := lt.(*pqformat.MapType)
	isList = isList || (lt == nil && hasCT && ct == deprecated.List)
	isMap = isMap || (lt == nil && hasCT && (ct == deprecated.Map || ct == deprecated.MapKeyValue))
	if (isList || isMap) && len(children) == 1 && children[0].Repeated() {
		r := children[0]
		re, err := b.element(r)
		if err != nil {
			return nil, err
		}
		n.elemDef, n.rep = def+1, rep+1
		rc := r.Columns()
		switch {
		case isMap && !r.Leaf() && len(rc) >= 1 && len(rc) <= 2:
			// MAP: repeated group key_value { key; value }, assembled as a list of
			// {key, value} structs and turned into a map once the row is complete.
			n.kind = pqMapKind
			entry := &pqNode{name: r.Name(), kind: pqStructKind, def: n.elemDef}
			for i, kc := range rc {
				f, err := b.node(kc, n.elemDef, n.rep)
				if err != nil {
					return nil, err
				}
				f.name = [...]string{"key", "value"}[i]
				entry.fields = append(entry.fields, f)
			}
			n.elem = entry
			n.hasMap = true
			return n, nil
		case isMap:
			// A MAP group of an unexpected shape: read it as the list it physically is.
			n.kind = pqListKind
			n.elem, err = b.value(r, re, n.elemDef, n.rep)
		case r.Leaf():
			// 2-level list: the repeated field is the element.
			n.kind = pqListKind
			n.elem, err = b.value(r, re, n.elemDef, n.rep)
		case len(rc) == 1 && r.Name() != "array" && r.Name() != c.Name()+"_tuple":
			// 3-level list (<col>.list.element): the repeated group only marks
			// repetition, its one child is the element.
			n.kind = pqListKind
			n.elem, err = b.node(rc[0], n.elemDef, n.rep)
		default:
			// 2-level list of structs: the repeated group is the element (the
			// backward-compatibility rules of the Parquet LIST spec).
			n.kind = pqListKind
			n.elem, err = b.value(r, re, n.elemDef, n.rep)
		}
		if err != nil {
			return nil, err
		}
		n.hasMap = n.elem.hasMap
		return n, nil
	}
	n.kind = pqStructKind
	for _, child := range children {
		f, err := b.node(child, def, rep)
		if err != nil {
			return nil, err
		}
		n.fields = append(n.fields, f)
		n.hasMap = n.hasMap || f.hasMap
	}
	return n, nil
}

// collect records, for every leaf below n, the path of nodes that leads to it and
// its logical name: list elements take no name of their own, so a column is
// "choices.text", not "choices.text.list.element".
func (sc *pqSchema) collect(n *pqNode, path []*pqNode, name string) {
	path = append(path[:len(path):len(path)], n)
	switch n.kind {
	case pqLeafKind:
		n.leaf.name = name
		n.leaf.path = path
		sc.leaves = append(sc.leaves, n.leaf)
	case pqStructKind:
		for _, f := range n.fields {
			sc.collect(f, path, name+"."+f.name)
		}
	case pqListKind, pqMapKind:
		sc.collect(n.elem, path, name)
	}
}

// leafConv picks the conversion of a leaf column from its physical type and
// annotations.
func leafConv(e *pqformat.SchemaElement) (pqConv, int) {
	lt := e.LogicalType.Value
	ct, hasCT := e.ConvertedType.V, e.ConvertedType.Valid
	isCT := func(want deprecated.ConvertedType) bool { return lt == nil && hasCT && ct == want }
	switch e.Type.V {
	case pqformat.Int32, pqformat.Int64, pqformat.ByteArray, pqformat.FixedLenByteArray:
		// The only physical types a DECIMAL may have; decimalNumber relies on it.
		if d, ok := lt.(*pqformat.DecimalType); ok && d.Scale >= 0 && d.Scale <= maxDecimalScale {
			return convDecimal, int(d.Scale)
		}
		if isCT(deprecated.Decimal) && e.Scale.Valid && e.Scale.V >= 0 && e.Scale.V <= maxDecimalScale {
			return convDecimal, int(e.Scale.V)
		}
	}
	unsigned := isCT(deprecated.Uint8) || isCT(deprecated.Uint16) || isCT(deprecated.Uint32) || isCT(deprecated.Uint64)
	if it, ok := lt.(*pqformat.IntType); ok && !it.IsSigned {
		unsigned = true
	}
	switch e.Type.V {
	case pqformat.Boolean:
		return convBool, 0
	case pqformat.Int32:
		if unsigned {
			return convUint32, 0
		}
		return convInt32, 0
	case pqformat.Int64:
		if unsigned {
			return convUint64, 0
		}
		return convInt64, 0
	case pqformat.Int96:
		return convInt96, 0
	case pqformat.Float:
		return convFloat, 0
	case pqformat.Double:
		return convDouble, 0
	case pqformat.ByteArray:
		switch lt.(type) {
		case *pqformat.StringType, *pqformat.EnumType, *pqformat.JsonType:
			return convString, 0
		}
		if isCT(deprecated.UTF8) || isCT(deprecated.Enum) || isCT(deprecated.Json) {
			return convString, 0
		}
		return convBytes, 0
	case pqformat.FixedLenByteArray:
		switch lt.(type) {
		case *pqformat.UUIDType:
			if e.TypeLength.V == 16 {
				return convUUID, 0
			}
		case *pqformat.Float16Type:
			if e.TypeLength.V == 2 {
				return convFloat16, 0
			}
		}
		return convBytes, 0
	}
	return convNull, 0
}

// maxDecimalScale bounds the scale honoured, so that a damaged schema cannot ask
// for a billion zeros; DECIMAL precision tops out at 76 digits in practice.
const maxDecimalScale = 200

// assemble turns one row's leaf values into a tree, Dremel style: for each value,
// walk from its top-level field down to the leaf, creating structs and list
// elements as the definition and repetition levels say. A *RowError (invalid
// UTF-8) is returned for a bad row; any other error means the file is damaged.
func (sc *pqSchema) assemble(row parquet.Row, pos Position) (map[string]any, error) {
	fields := make(map[string]any, len(sc.fields))
	sc.row++
	var rowErr error
	last := -1
	for _, v := range row {
		c := v.Column()
		if c < 0 || c >= len(sc.leaves) {
			return nil, fmt.Errorf("value for unknown column %d", c)
		}
		l := sc.leaves[c]
		r, d := v.RepetitionLevel(), v.DefinitionLevel()
		if r > l.maxRep || d > l.maxDef {
			return nil, fmt.Errorf("column %s: levels %d/%d above the maximum %d/%d", l.name, r, d, l.maxRep, l.maxDef)
		}
		if c != last {
			if sc.seen[c] == sc.row {
				return nil, fmt.Errorf("column %s: values out of order", l.name)
			}
			sc.seen[c] = sc.row
			last = c
			clear(sc.idx)
		}
		if r > 0 {
			sc.idx[r]++
			clear(sc.idx[r+1:])
		}
		if err := sc.place(fields, l, v, d, pos, &rowErr); err != nil {
			return nil, err
		}
	}
	for c, l := range sc.leaves {
		if sc.seen[c] != sc.row {
			return nil, fmt.Errorf("column %s has no value for this row", l.name)
		}
	}
	if rowErr != nil {
		return nil, rowErr
	}
	if sc.hasMap {
		for _, n := range sc.fields {
			if n.hasMap {
				fields[n.name] = fixMaps(n, fields[n.name])
			}
		}
	}
	return fields, nil
}

// pqSlot is where a node's value lives: a key of a struct or an element of a list.
// Lists are slices, so a list that grows is stored back through its own slot.
type pqSlot struct {
	m map[string]any
	k string
	l []any
	i int
}

func (s pqSlot) get() (any, bool) {
	if s.m != nil {
		v, ok := s.m[s.k]
		return v, ok
	}
	return s.l[s.i], true
}

func (s pqSlot) set(v any) {
	if s.m != nil {
		s.m[s.k] = v
	} else {
		s.l[s.i] = v
	}
}

// place puts one value of leaf l into the row tree.
func (sc *pqSchema) place(fields map[string]any, l *pqLeaf, v parquet.Value, d int, pos Position, rowErr *error) error {
	s := pqSlot{m: fields, k: l.path[0].name}
	for i, n := range l.path {
		if d < n.def {
			if _, ok := s.get(); !ok {
				s.set(nil)
			}
			return nil
		}
		switch n.kind {
		case pqLeafKind:
			if !v.IsNull() && v.Kind() != l.kind {
				// The accessors read a value through its kind's representation:
				// a byte array accessor on an integer would dereference nil.
				return fmt.Errorf("column %s: %v value in a %v column", l.name, v.Kind(), l.kind)
			}
			x, ok := l.convert(v)
			if !ok && *rowErr == nil {
				*rowErr = &RowError{Pos: pos, Field: l.name, Value: string(v.ByteArray()), Err: ErrEncoding}
			}
			s.set(x)
			return nil
		case pqStructKind:
			cur, _ := s.get()
			m, ok := cur.(map[string]any)
			if !ok {
				m = make(map[string]any, len(n.fields))
				s.set(m)
			}
			s = pqSlot{m: m, k: l.path[i+1].name}
		case pqListKind, pqMapKind:
			cur, _ := s.get()
			list, ok := cur.([]any)
			if !ok {
				list = []any{}
				s.set(list)
			}
			if d < n.elemDef {
				return nil
			}
			j := sc.idx[n.rep]
			switch {
			case j == len(list):
				list = append(list, nil)
				s.set(list)
			case j > len(list):
				return fmt.Errorf("column %s: element %d of a list of %d", l.name, j, len(list))
			}
			s = pqSlot{l: list, i: j}
		}
	}
	return nil
}

// fixMaps turns the {key, value} entry lists assembled for MAP groups into maps.
func fixMaps(n *pqNode, v any) any {
	switch n.kind {
	case pqStructKind:
		if m, ok := v.(map[string]any); ok {
			for _, f := range n.fields {
				if f.hasMap {
					m[f.name] = fixMaps(f, m[f.name])
				}
			}
		}
	case pqListKind:
		if l, ok := v.([]any); ok {
			for i := range l {
				l[i] = fixMaps(n.elem, l[i])
			}
		}
	case pqMapKind:
		l, ok := v.([]any)
		if !ok {
			return v
		}
		var value *pqNode
		if len(n.elem.fields) > 1 {
			value = n.elem.fields[1]
		}
		out := make(map[string]any, len(l))
		for _, e := range l {
			em, ok := e.(map[string]any)
			if !ok {
				continue
			}
			var x any
			if value != nil {
				x = fixMaps(value, em["value"])
			}
			out[mapKey(em["key"])] = x
		}
		return out
	}
	return v
}

// mapKey renders a MAP key as an object key, as JSON would.
func mapKey(k any) string {
	switch k := k.(type) {
	case string:
		return k
	case int64:
		return strconv.FormatInt(k, 10)
	}
	return Render(k)
}

// convert turns a non-null leaf value into its tree value; ok is false for a
// string column holding invalid UTF-8.
func (l *pqLeaf) convert(v parquet.Value) (x any, ok bool) {
	if v.IsNull() {
		return nil, true
	}
	switch l.conv {
	case convBool:
		return v.Boolean(), true
	case convInt32:
		return int64(v.Int32()), true
	case convUint32:
		return int64(v.Uint32()), true
	case convInt64:
		return v.Int64(), true
	case convUint64:
		if u := v.Uint64(); u > math.MaxInt64 {
			return json.Number(strconv.FormatUint(u, 10)), true
		}
		return v.Int64(), true
	case convInt96:
		return int96Time(v.Int96()), true
	case convFloat:
		return float64(v.Float()), true
	case convDouble:
		return v.Double(), true
	case convString:
		b := v.ByteArray()
		return string(b), utf8.Valid(b)
	case convBytes:
		return append([]byte{}, v.ByteArray()...), true
	case convDecimal:
		return decimalNumber(v, l.scale), true
	case convUUID:
		b := v.ByteArray()
		if len(b) != 16 {
			return append([]byte{}, b...), true
		}
		var s [36]byte
		hex.Encode(s[0:8], b[0:4])
		hex.Encode(s[9:13], b[4:6])
		hex.Encode(s[14:18], b[6:8])
		hex.Encode(s[19:23], b[8:10])
		hex.Encode(s[24:], b[10:16])
		s[8], s[13], s[18], s[23] = '-', '-', '-', '-'
		return string(s[:]), true
	case convFloat16:
		b := v.ByteArray()
		if len(b) != 2 {
			return append([]byte{}, b...), true
		}
		return float16(binary.LittleEndian.Uint16(b)), true
	}
	return nil, true
}

// decimalNumber renders a DECIMAL as an exact json.Number.
func decimalNumber(v parquet.Value, scale int) json.Number {
	var unscaled big.Int
	switch v.Kind() {
	case parquet.Int32:
		unscaled.SetInt64(int64(v.Int32()))
	case parquet.Int64:
		unscaled.SetInt64(v.Int64())
	default:
		// Big-endian two's complement.
		b := v.ByteArray()
		unscaled.SetBytes(b)
		if len(b) > 0 && b[0]&0x80 != 0 {
			unscaled.Sub(&unscaled, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
		}
	}
	digits := unscaled.String()
	sign := ""
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	if scale == 0 {
		return json.Number(sign + digits)
	}
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	return json.Number(sign + digits[:len(digits)-scale] + "." + digits[len(digits)-scale:])
}

// int96Time renders a legacy INT96 timestamp (nanoseconds of the day, then the
// Julian day) as RFC 3339 text in UTC.
func int96Time(t deprecated.Int96) string {
	const unixEpochJulianDay = 2440588
	nanos := int64(uint64(t[1])<<32 | uint64(t[0]))
	days := int64(t[2]) - unixEpochJulianDay
	return time.Unix(days*86400, nanos).UTC().Format(time.RFC3339Nano)
}

// float16 decodes an IEEE 754 half-precision value.
func float16(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h>>10) & 0x1f
	frac := float64(h & 0x3ff)
	switch exp {
	case 0:
		return sign * math.Ldexp(frac, -24)
	case 0x1f:
		if frac == 0 {
			return math.Inf(int(sign))
		}
		return math.NaN()
	}
	return sign * math.Ldexp(1024+frac, exp-25)
}

// chunkBounds returns the byte range of a column chunk's pages, starting where the
// library starts reading them: at the dictionary page when there is one.
func chunkBounds(md *pqformat.ColumnMetaData) (start, end int64) {
	start = md.DataPageOffset
	if md.DictionaryPageOffset != 0 {
		start = md.DictionaryPageOffset
	}
	if md.TotalCompressedSize < 0 || start > math.MaxInt64-md.TotalCompressedSize {
		return start, -1
	}
	return start, start + md.TotalCompressedSize
}

// Bounds on what a page header may declare. The library allocates the declared
// sizes before reading, so a damaged header could ask for gigabytes; real pages
// are a few megabytes at most and compress less than 256 to 1 in practice.
const (
	maxPageFloor   = 32 << 20 // an uncompressed size always allowed
	maxPageRatio   = 256      // beyond the floor, uncompressed/compressed at most this
	maxValuesFloor = 1 << 20  // a value count always allowed (all-null pages are tiny)
)

// checkPages walks the page headers of a column chunk, checking that each is
// well-formed Thrift, that its page lies inside the chunk, and that its declared
// sizes and value counts are plausible, before the library reads them.
func checkPages(r io.ReaderAt, md *pqformat.ColumnMetaData) error {
	name := strings.Join(md.PathInSchema, ".")
	start, end := chunkBounds(md)
	buf := make([]byte, 0, 4096)
	for pos, page := start, 0; pos < end; page++ {
		var n int
		for window := min(end-pos, 4096); ; window = min(end-pos, window*4) {
			buf = slices.Grow(buf[:0], int(window))[:window]
			if _, err := r.ReadAt(buf, pos); err != nil && !errors.Is(err, io.EOF) {
				return fmt.Errorf("column %s: reading page %d: %w", name, page, err)
			}
			var err error
			n, err = thriftStructLen(buf)
			if errors.Is(err, errThriftShort) && window < end-pos {
				continue
			}
			if err != nil {
				return fmt.Errorf("column %s: header of page %d: %v", name, page, err)
			}
			break
		}
		var h pqformat.PageHeader
		if err := thrift.NewDecoder(new(thrift.CompactProtocol).NewReaderFromBytes(buf[:n])).Decode(&h); err != nil {
			return fmt.Errorf("column %s: header of page %d: %v", name, page, err)
		}
		comp, uncomp := int64(h.CompressedPageSize), int64(h.UncompressedPageSize)
		left := end - pos - int64(n)
		switch {
		case comp < 0 || comp > left:
			return fmt.Errorf("column %s: page %d of %d bytes, %d left in the chunk", name, page, comp, left)
		case uncomp < 0 || uncomp > max(maxPageFloor, comp*maxPageRatio):
			return fmt.Errorf("column %s: page %d declares %d bytes uncompressed from %d", name, page, uncomp, comp)
		}
		limit := min(md.NumValues, max(maxValuesFloor, 8*uncomp))
		var counts []int32
		if p := h.DataPageHeader; p.Valid {
			counts = append(counts, p.V.NumValues)
		}
		if p := h.DataPageHeaderV2; p.Valid {
			counts = append(counts, p.V.NumValues, p.V.NumNulls, p.V.NumRows)
		}
		if p := h.DictionaryPageHeader; p.Valid {
			counts = append(counts, p.V.NumValues)
		}
		for _, c := range counts {
			if int64(c) > limit {
				return fmt.Errorf("column %s: page %d declares %d values, more than the %d possible", name, page, c, limit)
			}
		}
		pos += int64(n) + comp
	}
	return nil
}

// errThriftShort says the bytes end inside a Thrift value (or a length or count
// points past them).
var errThriftShort = errors.New("thrift data ends early")

// thriftStructLen returns the length of the Thrift compact-protocol struct at the
// start of b, checking that every length and element count fits in the bytes that
// remain (every element takes at least one byte) and that nesting stays shallow:
// the checks the library's decoder makes only after allocating.
func thriftStructLen(b []byte) (int, error) {
	s := thriftScan{b: b}
	if err := s.structure(0); err != nil {
		return 0, err
	}
	return s.pos, nil
}

type thriftScan struct {
	b   []byte
	pos int
}

// maxThriftDepth bounds nesting; Parquet metadata nests less than ten deep.
const maxThriftDepth = 32

func (s *thriftScan) skip(n uint64) error {
	if n > uint64(len(s.b)-s.pos) {
		return errThriftShort
	}
	s.pos += int(n)
	return nil
}

func (s *thriftScan) byte() (byte, error) {
	if s.pos >= len(s.b) {
		return 0, errThriftShort
	}
	s.pos++
	return s.b[s.pos-1], nil
}

func (s *thriftScan) uvarint() (uint64, error) {
	v, n := binary.Uvarint(s.b[s.pos:])
	switch {
	case n == 0:
		return 0, errThriftShort
	case n < 0:
		return 0, errors.New("thrift varint overflows 64 bits")
	}
	s.pos += n
	return v, nil
}

func (s *thriftScan) structure(depth int) error {
	if depth > maxThriftDepth {
		return fmt.Errorf("thrift structs nested more than %d deep", maxThriftDepth)
	}
	for {
		h, err := s.byte()
		if err != nil {
			return err
		}
		if h == 0 {
			return nil
		}
		if h>>4 == 0 { // long form: the field id follows as a varint
			if _, err := s.uvarint(); err != nil {
				return err
			}
		}
		if err := s.value(h&0x0f, depth, false); err != nil {
			return err
		}
	}
}

// value skips one value of compact type typ; inside lists and maps booleans take
// a byte, as struct fields they live in the field header.
func (s *thriftScan) value(typ byte, depth int, elem bool) error {
	switch typ {
	case 1, 2: // true, false
		if elem {
			return s.skip(1)
		}
		return nil
	case 3: // byte
		return s.skip(1)
	case 4, 5, 6: // i16, i32, i64
		_, err := s.uvarint()
		return err
	case 7: // double
		return s.skip(8)
	case 8: // binary
		n, err := s.uvarint()
		if err != nil {
			return err
		}
		return s.skip(n)
	case 9, 10: // list, set
		h, err := s.byte()
		if err != nil {
			return err
		}
		n := uint64(h >> 4)
		if n == 15 {
			if n, err = s.uvarint(); err != nil {
				return err
			}
		}
		if n > uint64(len(s.b)-s.pos) {
			return errThriftShort
		}
		for range n {
			if err := s.value(h&0x0f, depth+1, true); err != nil {
				return err
			}
		}
		return nil
	case 11: // map
		n, err := s.uvarint()
		if err != nil || n == 0 {
			return err
		}
		kv, err := s.byte()
		if err != nil {
			return err
		}
		if n > uint64(len(s.b)-s.pos)/2 {
			return errThriftShort
		}
		for range n {
			if err := s.value(kv>>4, depth+1, true); err != nil {
				return err
			}
			if err := s.value(kv&0x0f, depth+1, true); err != nil {
				return err
			}
		}
		return nil
	case 12: // struct
		return s.structure(depth + 1)
	}
	return fmt.Errorf("unknown thrift type %d", typ)
}
