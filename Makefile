# qmix — see README.md. `make run` builds the 60K set, `make test` checks everything.
SHELL := /bin/bash
GO ?= go
DATASETS ?= ../shared/datasets
QMIX := bin/qmix

.PHONY: build run samples test vet bench fuzz token-golden generate clean

build:
	$(GO) build -o $(QMIX) .

# The batch 60K build on generated demo inputs (written to out/demo the first time),
# run by the interpreter; `go run scripts/build60k.go` gives the same files.
run: build
	$(QMIX) run scripts/build60k.go

# Convert every public source's real sample files (release layout) into out/sources/.
samples: build
	@mkdir -p out/sources
	@$(QMIX) sources
	@echo
	@while read -r name paths; do \
		$(QMIX) convert $$name $$(for p in $$paths; do echo $(DATASETS)/$$p; done) -o out/sources/$$name.jsonl || exit 1; \
	done < scripts/sample_sources.txt

vet:
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(GO) mod tidy -diff

# The kernel's tests drive real Jupyter: install its Debian packages when missing.
test: vet
	sh repl/kernel/testdata/install-jupyter.sh
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -race -short ./lib/format ./lib/record ./lib/token

# Benchmarks: decoders on the real sample files, token counting at 1 and 2 cores, the
# build's steps, and the whole 60K build cold and warm (wall time and peak RSS).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./lib/format ./lib/record ./lib/source
	$(GO) test -run '^$$' -bench . -cpu 1,2 ./lib/token
	$(GO) test -run '^$$' -bench . -benchtime 3x ./lib/dedup ./lib/balance ./lib/demo
	$(GO) test -run '^$$' -bench . -benchtime 3x ./lib/chart ./lib/validate ./lib/decontam
	$(GO) test -run '^$$' -bench . ./repl/kernel
	$(GO) test -run '^$$' -bench PromptStart .
	$(GO) test -run '^$$' -bench 'Build60K' -benchtime 1x .

# Regenerate the golden token counts with js-tiktoken (needs node and npm; dataset
# text never enters the repository, only hashes and counts).
token-golden:
	cd lib/token/testdata/golden && npm ci
	$(GO) test ./lib/token/ -run TestGoldenCounts -update

# Short fuzzing runs of every decoder fuzz target (go test allows one target per run).
fuzz:
	@for pkg in ./lib/format ./lib/record ./lib/source; do \
		for t in $$($(GO) test -list 'Fuzz.*' $$pkg | grep ^Fuzz); do \
			$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime 20s $$pkg || exit 1; \
		done; \
	done

# Regenerate the interpreter's symbol tables after changing the lib facade's API.
generate:
	$(GO) generate ./repl/symbols

clean:
	rm -rf bin out
