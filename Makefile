# The two commands a newcomer needs (see README.md):
#   make run    install dependencies, build a release binary, start Baro on its embedded default
#   make test   install dependencies, build, run the whole test suite through ctest
DATA_DIR ?= data
JOBS ?= 2

.PHONY: run test deps test-deps build release bench format clean

run: deps release
	./build-release/src/app/baro serve --data-dir $(DATA_DIR)

test: test-deps build
	BARO_REQUIRE_BROWSER=1 BARO_REQUIRE_ORACLE=1 BARO_REQUIRE_POSTGRES=1 ctest --test-dir build --output-on-failure --timeout 300 -j$(JOBS)

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

clean:
	rm -rf build build-release build-bench
