# smtpc — the two commands a newcomer needs are `make run` and `make test`.
# Every target installs what it needs first, idempotently (Debian, as root or with sudo).

SWIFT      ?= swift
PREFIX     ?= /usr/local
CONFIG     ?= debug
BIN         = .build/$(CONFIG)/smtpc
# The release build: optimised, the Swift runtime linked in statically (runs without a
# Swift toolchain), in its own build directory.
RELEASE_BIN = .build-release/release/smtpc
# Its flags (scripts/release-flags says why): the Swift runtime and libstdc++ linked in
# statically, every function in a section of its own (linker/symbol-order.txt).
RELEASE_FLAGS = $(shell scripts/release-flags)
# `make run HOST=mail.example.com PORT=25 ARGS="--starttls"`; with no HOST the console
# opens on the built-in practice server.
HOST       ?=
PORT       ?=
ARGS       ?=

.PHONY: all deps build release run test test-only install uninstall deb clean bench docs format lint fuzz

all: build

## deps: install the system packages the build needs (libedit-dev), only when missing.
deps:
	@scripts/install-build-deps

## build: compile smtpc (debug by default; CONFIG=release for an optimised build).
build: deps
	@scripts/stamp-revision
	$(SWIFT) build -c $(CONFIG) --product smtpc

## run: build and open the console (on the practice server unless HOST is given).
run: build
	$(BIN) $(ARGS) $(HOST) $(PORT)

## test: install and start the real test servers, run the whole suite, stop the servers.
test: deps
	@scripts/run-tests

## release: the self-contained release binary (.build-release/release/smtpc).
release: deps
	@scripts/stamp-revision
	$(SWIFT) build -c release --scratch-path .build-release $(RELEASE_FLAGS) --product smtpc

## install: the stripped, self-contained binary in $(PREFIX)/bin, smtpc(1) in
## $(PREFIX)/share/man/man1, and the bash, zsh and fish completions (DESTDIR for staging).
install: release
	@scripts/install-files $(RELEASE_BIN) "$(PREFIX)" "$(DESTDIR)"

## uninstall: remove everything install put in place.
uninstall:
	@scripts/install-files --uninstall "$(PREFIX)" "$(DESTDIR)"

## deb: smtpc_VERSION_ARCH.deb (binary, manual page, completions; Depends from dpkg-shlibdeps).
deb: release
	@scripts/make-deb

## docs: regenerate docs/reply-codes.md from the built-in table and docs/reference.md from
## the command-line definitions (as smtpc(1) is).
docs: build
	$(BIN) explain --all --format markdown > docs/reply-codes.md
	$(BIN) --generate-reference > docs/reference.md

## bench: issue 9's figures, smtpc against the tools users would otherwise use, each as a
## ratio with its target (docs/benchmarks.md). SMTPC_BIN=path measures another binary.
bench: deps
	@bench/run

## fuzz: libFuzzer on every fuzz target (fuzz/), FUZZ_SECONDS per target (default 60); see docs/testing.md.
fuzz: deps
	@scripts/fuzz

## format: rewrite the sources in the style of .swift-format; lint: check it (part of `make test`).
format:
	$(SWIFT) format --in-place --recursive --parallel Sources Tests fuzz Package.swift

lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests fuzz Package.swift

clean:
	rm -rf .build .build-release
