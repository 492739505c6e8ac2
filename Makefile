# The two commands a new user needs:
#   make example   builds the example tender pack into example-pack/
#   make test      runs the tests
# Both set up what is missing first (system libraries, .venv, Python packages).

VENV ?= .venv
SPEC ?= examples/innovation-home-care.yaml
OUT ?= example-pack

.PHONY: example test setup setup-test bench clean serve

setup:
	@bash scripts/setup.sh

# The tests also read PDFs back (poppler) and open the spreadsheet in LibreOffice.
setup-test:
	@bash scripts/setup.sh --test

example: setup
	$(VENV)/bin/tenderpack build $(SPEC) -o $(OUT)

# The web page on http://127.0.0.1:8000/ (data in tenderpack-data/); Ctrl-C stops it.
serve: setup
	$(VENV)/bin/tenderpack serve

test: setup-test
	$(VENV)/bin/python -m pytest

bench: setup-test
	$(VENV)/bin/python benchmarks/bench_build.py
	$(VENV)/bin/python benchmarks/bench_compare.py
	$(VENV)/bin/python benchmarks/bench_web.py

clean:
	rm -rf $(OUT) dist build .pytest_cache
