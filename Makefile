# The two commands a newcomer needs (see README.md):
#   make run    install dependencies, build a release binary, start Baro on its embedded default
#   make test   install dependencies, build, run the whole test suite through ctest, then the
#               sanitizer suites (test-sanitize), every fuzz target for FUZZ_CI_SECONDS each and
#               the 2-minute soak (soak-ci)
# Hardening (README.md, "Development"): make test-sanitize | make fuzz [FUZZ_SECONDS=60] |
#   make soak [SOAK_SECONDS=120]
DATA_DIR ?= data
JOBS ?= 2

.PHONY: run test deps test-deps build release bench format clean \
	build-asan test-sanitize fuzz soak soak-ci soak-split realtime realtime-short

run: deps release
	./build-release/src/app/baro serve --data-dir $(DATA_DIR)

test: test-deps build
	BARO_REQUIRE_BROWSER=1 BARO_REQUIRE_ORACLE=1 BARO_REQUIRE_POSTGRES=1 ctest --test-dir build --output-on-failure --timeout 300 -j$(JOBS)
	$(MAKE) test-sanitize
	scripts/run_fuzz.sh $(FUZZ_CI_SECONDS) build-asan
	$(MAKE) soak-ci

deps:
	scripts/install_deps.sh

test-deps:
	scripts/install_deps.sh --test

build:
	cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Debug
	cmake --build build -j$(JOBS)

release:
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DBARO_BUILD_TESTS=OFF -DBARO_BUILD_BENCH=OFF
	cmake --build build-release -j$(JOBS) --target baro

bench: deps
	cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DBARO_BUILD_TESTS=OFF
	cmake --build build-bench -j$(JOBS)
	for b in build-bench/bench/*/*_bench; do $$b; done
	build-bench/bench/exchanges/ccxt_compare 10 5

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

# ASan+UBSan (clang 14) with libFuzzer's coverage hooks: one build serves the sanitizer suites and
# the fuzz targets. The process-level suites (app_*), the browser, CCXT-oracle and KMS tests run
# in the ordinary build only.
SANITIZE_TESTS ?= core_test config_test log_test metrics_test net_test fetcher_test notify_test \
	worker_test web_test store_test risk_test exchanges_test bitget_test gate_test \
	kucoin_test okx_test vault_envelope_test store_check_commit_test store_sqlite_sessions_test
empty :=
space := $(empty) $(empty)
SANITIZE_TEST_LIST = $(subst $(space),;,$(strip $(SANITIZE_TESTS)))
# Left to the ordinary build: the CCXT oracle and browser tests; and the build and deploy checks
# (they inspect libraries and the binary this build does not make).
SANITIZE_EXCLUDE ?= Oracle|web_ui_browser|^build_|^deploy_
FUZZ_SECONDS ?= 60
FUZZ_CI_SECONDS ?= 15
SANITIZER_ENV = ASAN_OPTIONS=detect_leaks=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

build-asan:
	CC=clang-14 CXX=clang++-14 cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DBARO_FUZZ=ON -DBARO_BUILD_BENCH=OFF "-DBARO_TEST_ONLY=$(SANITIZE_TEST_LIST)"
	cmake --build build-asan -j$(JOBS) --target $(SANITIZE_TESTS) fuzz_targets

test-sanitize: test-deps build-asan
	$(SANITIZER_ENV) ctest --test-dir build-asan --output-on-failure --timeout 300 -j$(JOBS) \
	  -E '$(SANITIZE_EXCLUDE)'

fuzz: test-deps build-asan
	scripts/run_fuzz.sh $(FUZZ_SECONDS) build-asan

# The soak load driver (docs/performance.md, "Soak"): a Release `baro serve` against the fakes.
SOAK_SECONDS ?= 1800
SOAK_WARMUP ?= 60
SOAK_CONNECTIONS ?= 10000
SOAK_RATE ?= 1000

soak: test-deps
	cmake -S . -B build-soak -G Ninja -DCMAKE_BUILD_TYPE=Release
	cmake --build build-soak -j$(JOBS) --target baro soak_driver
	build-soak/bench/soak/soak_driver --connections $(SOAK_CONNECTIONS) --seconds $(SOAK_SECONDS) \
	  --warmup $(SOAK_WARMUP) --rate $(SOAK_RATE) --dir build-soak/soak-run

# The same load on the split deployment: api, two workers, notifier and fetcher as processes of
# their own on a PostgreSQL the driver starts (docs/performance.md, "Soak of the split deployment").
soak-split: test-deps
	cmake -S . -B build-soak -G Ninja -DCMAKE_BUILD_TYPE=Release
	cmake --build build-soak -j$(JOBS) --target baro soak_driver
	build-soak/bench/soak/soak_driver --mode split --connections $(SOAK_CONNECTIONS) \
	  --seconds $(SOAK_SECONDS) --warmup $(SOAK_WARMUP) --rate $(SOAK_RATE) \
	  --dir build-soak/soak-split

# The 2-minute version in CI: the Debug build's driver and binary, 300 connections and 300
# hand-entered positions; it fails on a fetcher restart or a lost or doubled alert.
soak-ci: build
	rm -rf build/soak-ci build/soak-ci-serve.log
	build/bench/soak/soak_driver --connections 300 --seconds 120 --warmup 20 --rate 1000 \
	  --dir build/soak-ci

# The real-time load driver (docs/performance.md, "Real-time"): a Release `baro serve` with
# stream.enabled, 10,000 users and 100,000 hand-entered positions over 500 streamed symbols plus
# connected accounts on all seven venues, marks every 100 ms; the delay from a threshold-crossing
# mark on a venue's stream to sendMessage at Telegram, p50/p99/max, and serve's CPU and RSS.
# realtime-short: the same load with 60 probes instead of 500 (a few minutes).
REALTIME_EVENTS ?= 500

realtime: test-deps
	cmake -S . -B build-soak -G Ninja -DCMAKE_BUILD_TYPE=Release
	cmake --build build-soak -j$(JOBS) --target baro realtime_driver
	build-soak/bench/realtime/realtime_driver --users 10000 --per-user 10 --symbols 500 \
	  --events $(REALTIME_EVENTS) --gap-ms 400 --dir build-soak/realtime-run

realtime-short:
	$(MAKE) realtime REALTIME_EVENTS=60

clean:
	rm -rf build build-release build-bench build-asan build-soak
