# make test ARGS="tests/test_engine.py -x"   pass arguments to pytest / bench / jupyter lab
ARGS ?=

.PHONY: lab test provision bench venv

# A classroom: engine, base image, the lessons' registry; then JupyterLab on notebooks/.
lab:
	bash scripts/lab.sh $(ARGS)

test:
	bash scripts/test.sh $(ARGS)

# Everything the tests need: engine, base image, second engine, registry, chromium.
provision:
	bash scripts/provision.sh --test

venv:
	bash scripts/venv.sh test

bench:
	bash scripts/provision.sh && bash scripts/venv.sh test && .venv/bin/python bench/run.py $(ARGS)
