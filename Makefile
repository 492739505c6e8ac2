# The two commands a new user needs:
#   make example   builds the example tender pack into example-pack/
#   make test      runs the tests
# Both set up what is missing first (system libraries, .venv, Python packages).

VENV ?= .venv
SPEC ?= examples/innovation-home-care.yaml
OUT ?= example-pack

.PHONY: example test setup setup-test bench clean

setup:
	@bash scripts/setup.sh

# The tests also read PDFs back (poppler) and open the spreadsheet in LibreOffice.
setup-test:
	@bash scripts/setup.sh --test

example: setup
	$(VENV)/bin/tenderpack build $(SPEC) -o $(OUT)

test: setup-test
	$(VENV)/bin/python -m pytest

bench: setup-test
	$(VENV)/bin/python benchmarks/bench_build.py
	$(VENV)/bin/python benchmarks/bench_compare.py

clean:
	rm -rf $(OUT) dist build .pytest_cache
