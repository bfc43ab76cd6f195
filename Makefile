.PHONY: lab test provision bench

lab:
	bash scripts/lab.sh

test:
	bash scripts/test.sh

provision:
	bash scripts/provision.sh --test

bench:
	bash scripts/provision.sh --test && bash scripts/venv.sh test && .venv/bin/python bench/run.py
