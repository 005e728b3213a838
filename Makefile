# The GAN book. `make help` lists the targets; `make book` and `make test` are all you need.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
# tests/conftest.py puts tools/ on the path and loads the nbval plugin (tests/nbval_cache.py)
PYTEST := $(PY) -m pytest -c tests/pytest.ini --rootdir .
JOBS ?= 2

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==24.3.1
	$(PY) -m pip install --quiet -r requirements.txt
	# d2lmini itself, editable: `import d2lmini` finds this checkout from any folder
	# (notebooks/, the kernels, the tests); its dependencies are the pinned ones above
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check
	touch $@

venv: $(STAMP)  ## create .venv from the pinned requirements.txt (when missing or stale)

chromium:  ## install headless Chromium for the browser tests (Debian package), when missing
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -q chromium >/dev/null || \
	    { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; \
	  else echo "Chromium missing: run 'sudo apt-get install -y chromium'"; fi; }

learner-venvs: $(STAMP)  ## fresh venvs that install d2lmini as learners do (numpy 2), for make test
	$(PY) tools/learners.py

lib: $(STAMP)  ## regenerate d2lmini/{torch,tensorflow,mxnet,configs}.py and the playground's presets
	$(PY) tools/lib.py

notebooks: lib  ## regenerate notebooks/<framework>/*.ipynb from book/
	$(PY) tools/notebooks.py

execute: notebooks  ## execute the notebooks (cached by content, $(JOBS) kernels at once)
	$(PY) tools/execute.py -j $(JOBS)

vendor: $(STAMP)  ## fetch the pinned third-party files (MathJax) from the npm registry, once
	$(PY) tools/vendor.py

book: execute vendor  ## set everything up, execute, and build the website into _build/html
	$(PY) tools/build.py

serve:  ## serve the built website on http://127.0.0.1:8000
	$(PY) -m http.server --bind 127.0.0.1 --directory _build/html 8000

lab: notebooks  ## open the per-framework notebooks in Jupyter Lab
	cd notebooks && ../$(VENV)/bin/jupyter lab

test: $(STAMP) chromium vendor learner-venvs  ## run every test: unit, sync, notebooks, learners, site
	$(PY) tools/execute.py --stage
	D2LMINI_LEARNERS=required $(PYTEST) -n $(JOBS) --dist loadfile --nbval-lax \
	  --nbval-current-env --nbval-cell-timeout 1800 --durations=20 -m "not site" tests _build/exec
	$(PY) tools/build.py --strict
	$(PYTEST) -m site tests

seeds: $(STAMP)  ## check the MNIST GANs' quality for further seeds (slow, not in CI)
	$(PY) bench/seeds.py

sweep: $(STAMP)  ## count the 2-D GAN's misses over 200 seeds per framework (slow, not in CI)
	$(PY) bench/sweep.py

bench: $(STAMP)  ## time d2l.train_fast against d2l.train; writes _build/bench.json
	$(PY) bench/run.py

freeze: $(STAMP)  ## rewrite requirements.txt from the current .venv
	{ sed -n '1,3p' requirements.txt; $(PY) -m pip freeze --exclude-editable | grep -v '^torch=='; } > requirements.tmp
	mv requirements.tmp requirements.txt

clean:  ## remove build outputs (keeps .venv, the fetched .cache/vendor and the learners' venvs in .learners)
	rm -rf _build .pytest_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -not -path './.learners/*' -prune \
	  -exec rm -rf {} +

.PHONY: help venv chromium vendor learner-venvs lib notebooks execute book serve lab test seeds sweep bench freeze clean
