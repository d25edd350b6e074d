package source

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:      "natural_instructions",
		Title:     "Natural Instructions",
		Domain:    record.Instruction,
		HubID:     "Muennighoff/natural-instructions",
		HubConfig: "default",
		Splits:    []string{Train, Test},
		// The repository's license; each task also states an "Instance License",
		// kept per record in meta.instance_license.
		License: "Apache-2.0",
		Formats: []string{
			"Super-NaturalInstructions tasks/taskNNN_<name>.json (with splits/default/*_tasks.txt when beside tasks/)",
			"Hub flattened rows (task_name, id, definition, inputs, targets) as .jsonl or parquet, split from the file or folder name",
		},
		// The tasks span classification to generation and the source has no
		// difficulty signal; the plan labels public records easy by default.
		Difficulty: "easy: every instance (the source has no difficulty signal)",
		Convert:    convertNaturalInstructions,
	})
}

// niTaskFile matches the release's task files, "task001_quoref_question_generation.json",
// so that a walk of the whole repository skips its other JSON (eval/, doc/ …).
var niTaskFile = regexp.MustCompile(`^task\d+.*\.json(\.gz)?$`)

// convertNaturalInstructions reads, by extension:
//
//   - .json: a release task file, one JSON object with Definition (list of strings),
//     Categories, Domains, Positive/Negative Examples and Instances ({id, input,
//     output: [str]}); every instance becomes one record;
//   - .jsonl or .parquet: the Hub's flattened layout, one row per instance with
//     task_name, id, definition, inputs and targets (strings).
//
// question = the task definition, a blank line, "Input: " and the instance input:
// the "definition + input" encoding of Super-NaturalInstructions. The positive
// examples are left out of the question: the flattened layout does not carry them,
// and both layouts must give the same question. answer = the first output (the
// flattened layout's target); meta.outputs keeps every reference output and
// meta.final_answer the first, the gold output the benchmark scores against.
//
// The source id is the instance id ("task001-<hex>"), unique across the dataset. A
// task file has no split of its own: it comes from splits/default/{train,test}_tasks.txt
// when the file sits in the release's tasks/ folder beside splits/, else it is train
// (every task is instruction-tuning material). A flattened file's split comes from its
// name ("default-test.parquet") or its folder ("train/…").
func convertNaturalInstructions(path string, e *Emitter) error {
	files, err := format.Files(path, func(name string) bool {
		switch format.Ext(name) {
		case ".json":
			return niTaskFile.MatchString(strings.ToLower(name))
		case ".jsonl", ".parquet":
			return true
		}
		return false
	})
	if err != nil {
		return err
	}
	splits := map[string]map[string]string{} // release root → task → split
	for _, f := range files {
		var err error
		if format.Ext(f) == ".json" {
			err = convertNITaskFile(f, niTaskSplit(f, splits), e)
		} else {
			err = convertNIFlat(f, e)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// niTaskName is a task file's name without its extensions.
func niTaskName(path string) string {
	name := filepath.Base(path)
	name = strings.TrimSuffix(name, ".gz")
	return strings.TrimSuffix(name, filepath.Ext(name))
}

// niTaskSplit looks the task up in the release's default split lists,
// <root>/splits/default/{train,test}_tasks.txt for a file in <root>/tasks/, reading
// each root's lists once. A task in no list, or a file outside a release tree, is train.
func niTaskSplit(path string, cache map[string]map[string]string) string {
	dir := filepath.Dir(path)
	if filepath.Base(dir) != "tasks" {
		return Train
	}
	root := filepath.Dir(dir)
	m, ok := cache[root]
	if !ok {
		m = map[string]string{}
		for _, split := range []string{Train, Test} {
			readNISplitList(filepath.Join(root, "splits", "default", split+"_tasks.txt"), split, m)
		}
		cache[root] = m
	}
	if s, ok := m[niTaskName(path)]; ok {
		return s
	}
	return Train
}

// readNISplitList adds the task names listed in file, one a line, to m. A missing
// list is no error: a tasks/ folder may be copied without splits/.
func readNISplitList(file, split string, m map[string]string) {
	f, err := os.Open(file)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if name := strings.TrimSpace(sc.Text()); name != "" {
			m[name] = split
		}
	}
}

// niOptStrings reads an optional list-of-strings field; a wrong type is still an error.
func niOptStrings(row format.Row, field string) ([]string, error) {
	if !row.Has(field) {
		return nil, nil
	}
	return row.Strings(field)
}

// convertNITaskFile maps every instance of one release task file. A bad task header
// rejects the file; a bad instance is handed to e.Handle, so lenient mode skips only
// that instance.
func convertNITaskFile(path, split string, e *Emitter) error {
	row, err := format.ReadJSONObject(path)
	if err != nil {
		// A file that is not one JSON object is a bad row (lenient mode skips it);
		// I/O errors pass through Handle unchanged.
		return e.Handle(err)
	}
	defs, err := row.Strings("Definition")
	if err != nil {
		return e.Handle(err)
	}
	definition := strings.TrimSpace(strings.Join(defs, "\n\n"))
	instances, err := row.List("Instances")
	if err != nil {
		return e.Handle(err)
	}
	meta := map[string]any{"task": niTaskName(path)}
	for _, f := range []struct{ field, key string }{
		{"Categories", "categories"},
		{"Domains", "domains"},
		{"Reasoning", "reasoning"},
		{"Source", "source_datasets"},
		{"Input_language", "input_language"},
		{"Output_language", "output_language"},
		{"Instance License", "instance_license"},
	} {
		v, err := niOptStrings(row, f.field)
		if err != nil {
			return e.Handle(err)
		}
		if v != nil {
			meta[f.key] = v
		}
	}
	for i, v := range instances {
		inst, err := row.Sub("Instances["+strconv.Itoa(i)+"]", v)
		if err == nil {
			err = convertNIInstance(inst, split, definition, meta, e)
		}
		if err := e.Handle(err); err != nil {
			return err
		}
	}
	return nil
}

// convertNIInstance maps one instance of a task file.
func convertNIInstance(inst format.Row, split, definition string, taskMeta map[string]any, e *Emitter) error {
	id, err := inst.Str("id")
	if err != nil {
		return err
	}
	input, err := inst.Str("input")
	if err != nil {
		return err
	}
	outputs, err := inst.Strings("output")
	if err != nil {
		return err
	}
	if len(outputs) == 0 {
		return inst.Errorf("output", format.ErrValue, "no reference output")
	}
	meta := make(map[string]any, len(taskMeta)+2)
	for k, v := range taskMeta {
		meta[k] = v
	}
	return emitNI(e, inst, "id", split, id, definition, input, outputs, meta)
}

// emitNI builds the record both layouts share.
func emitNI(e *Emitter, row format.Row, idField, split, id, definition, input string, outputs []string, meta map[string]any) error {
	id = strings.TrimSpace(id)
	if id == "" || strings.ContainsAny(id, "/\\") {
		return &format.RowError{Pos: row.Pos, Field: idField, Value: id,
			Err: errorsJoin(format.ErrValue, "want a non-empty instance id without slashes")}
	}
	definition, input = strings.TrimSpace(definition), strings.TrimSpace(input)
	if definition == "" && input == "" {
		return row.Errorf("", format.ErrValue, "empty definition and input: nothing to ask")
	}
	var q strings.Builder
	q.WriteString(definition)
	if input != "" {
		if definition != "" {
			q.WriteString("\n\n")
		}
		q.WriteString("Input: ")
		q.WriteString(input)
	}
	meta["outputs"] = outputs
	meta["final_answer"] = outputs[0]
	return e.Emit(row.Pos, split, id, record.Record{
		Question: q.String(),
		Answer:   outputs[0],
		Meta:     meta,
	})
}

// niPending is a flattened row waiting for the rows after it: a flattening that
// writes one row per reference output repeats the instance id on consecutive rows,
// which are merged into one record with all the outputs.
type niPending struct {
	row                  format.Row
	task, id, def, input string
	outputs              []string
}

// convertNIFlat maps the rows of one flattened (Hub layout) file.
func convertNIFlat(path string, e *Emitter) error {
	split := SplitFromName(path)
	if split == "" {
		split = SplitFromName(filepath.Base(filepath.Dir(path)))
	}
	var pend *niPending
	flush := func() error {
		if pend == nil {
			return nil
		}
		p := pend
		pend = nil
		return emitNI(e, p.row, "id", split, p.id, p.def, p.input, p.outputs, map[string]any{"task": p.task})
	}
	err := EachRow(path, nil, format.CSVOptions{}, e, func(row format.Row) error {
		if split == "" {
			// Reported row by row, so that lenient mode accounts for every row.
			return row.Errorf("", format.ErrValue, "cannot tell the split: neither the file nor its folder names train, validation or test")
		}
		task, err := row.Str("task_name")
		if err != nil {
			return err
		}
		id, err := row.Str("id")
		if err != nil {
			return err
		}
		def, err := row.Str("definition")
		if err != nil {
			return err
		}
		input, err := row.Str("inputs")
		if err != nil {
			return err
		}
		target, err := row.Str("targets")
		if err != nil {
			return err
		}
		if pend != nil && pend.id == id && pend.task == task && pend.input == input {
			pend.outputs = append(pend.outputs, target)
			return nil
		}
		// The previous instance is complete; its errors are its own, so they are
		// handled here and this row still starts the next instance.
		if err := e.Handle(flush()); err != nil {
			return err
		}
		pend = &niPending{row: row, task: task, id: id, def: def, input: input, outputs: []string{target}}
		return nil
	})
	if err != nil {
		return err
	}
	return e.Handle(flush())
}
