# Microcourt build. `make` builds libcommon and every service; `make run` starts the platform on
# the embedded default; `make test` runs unit, integration and end-to-end tests on a private stack.
# Dependencies are found with pkg-config; scripts/deps.sh installs whatever is missing.

CC       ?= cc
BUILD    ?= build
WERROR   ?= ON
SANITIZE ?=

PKGS     := libnats jansson libpq libcurl libsodium
WARN     := -Wall -Wextra -Wstrict-prototypes -Wwrite-strings -Wshadow
ifeq ($(WERROR),ON)
WARN     += -Werror
endif
OPT      ?= -O2 -g
CFLAGS   += -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) -Icommon/include -MMD -MP
LDLIBS   += -lpthread -lm
ifneq ($(SANITIZE),)
CFLAGS   += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=$(SANITIZE)
endif

# pkg-config is asked only once the dependencies are there (deps.sh runs first).
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

# A service is a folder under services/ with a main.c.
SERVICES := $(patsubst services/%/main.c,%,$(wildcard services/*/main.c))

COMMON_SRCS := $(wildcard common/src/*.c)
COMMON_OBJS := $(COMMON_SRCS:%.c=$(BUILD)/obj/%.o)
LIBCOMMON   := $(BUILD)/libcommon.a

# The face engine is a library of the identity service with its own tests.
FACE_SRCS := $(wildcard services/identity/face/*.c)
FACE_OBJS := $(FACE_SRCS:%.c=$(BUILD)/obj/%.o)
LIBFACE   := $(BUILD)/libface.a

svc_srcs = $(wildcard services/$(1)/*.c)
svc_objs = $(patsubst %.c,$(BUILD)/obj/%.o,$(call svc_srcs,$(1)))
BINS     := $(SERVICES:%=$(BUILD)/bin/mc-%) $(BUILD)/bin/microcourt-admin \
            $(BUILD)/bin/face-calibrate $(BUILD)/bin/face-bench $(BUILD)/bin/identity-bench

UNIT_SRCS  := $(shell find tests/unit -name 'test_*.c' 2>/dev/null | sort)
UNIT_BINS  := $(UNIT_SRCS:%.c=$(BUILD)/%)
INTEG_SRCS := $(shell find tests/integration tests/regress tests/fault -name 'test_*.c' 2>/dev/null | sort)
INTEG_BINS := $(INTEG_SRCS:%.c=$(BUILD)/%)
SUPPORT_SRCS := $(wildcard tests/support/*.c)
SUPPORT_OBJS := $(SUPPORT_SRCS:%.c=$(BUILD)/obj/%.o)

# Test support objects are kept between builds.
.SECONDARY: $(SUPPORT_OBJS)

.PHONY: all deps run test test-asan test-unit demo bench fmt fmt-check clean headers
all: deps
	@$(MAKE) --no-print-directory build-all

build-all: $(BINS) $(UNIT_BINS) $(INTEG_BINS) $(BENCH_BINS)

deps:
	@scripts/deps.sh

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(LIBCOMMON): $(COMMON_OBJS)
	@rm -f $@
	@ar rcs $@ $^

$(LIBFACE): $(FACE_OBJS)
	@mkdir -p $(dir $@)
	@rm -f $@
	@ar rcs $@ $^

# Only the gateway links civetweb; only identity links the face engine.
$(BUILD)/bin/mc-gateway: LDLIBS += -lcivetweb
$(BUILD)/bin/mc-identity: $(LIBFACE)
$(BUILD)/bin/mc-identity: LDLIBS += $(LIBFACE) -ljpeg -lpng -lm

define svc_rule
$(BUILD)/bin/mc-$(1): $(call svc_objs,$(1)) $(LIBCOMMON)
	@mkdir -p $$(dir $$@)
	@echo "  LINK    $$@"
	@$$(CC) $$(LDFLAGS) -o $$@ $(call svc_objs,$(1)) $$(LIBCOMMON) $$(LDLIBS) $$(PKG_LIBS)
endef
$(foreach s,$(SERVICES),$(eval $(call svc_rule,$(s))))

$(BUILD)/bin/microcourt-admin: $(BUILD)/obj/tools/admin/main.o $(LIBCOMMON)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) -o $@ $< $(LIBCOMMON) $(LDLIBS) $(PKG_LIBS)

$(BUILD)/bin/face-calibrate: $(BUILD)/obj/tools/face-calibrate/main.o $(LIBFACE)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) -o $@ $< $(LIBFACE) $(LDLIBS) $(PKG_LIBS) -ljpeg -lpng

$(BUILD)/bin/identity-bench: $(BUILD)/obj/bench/identity_bench.o $(LIBFACE) $(LIBCOMMON)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) -o $@ $< $(LIBFACE) $(LIBCOMMON) $(LDLIBS) $(PKG_LIBS) -ljpeg -lpng

$(BUILD)/bin/face-bench: $(BUILD)/obj/bench/face_bench.o $(LIBFACE)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) -o $@ $< $(LIBFACE) $(LDLIBS) $(PKG_LIBS) -ljpeg -lpng

# Only hearings renders PDFs (the mediation agreement) with cairo and pango.
HEARINGS_PKGS := pangocairo cairo
$(BUILD)/obj/services/hearings/%.o: CFLAGS += $(shell pkg-config --cflags $(HEARINGS_PKGS) 2>/dev/null)
$(BUILD)/bin/mc-hearings: LDLIBS += $(shell pkg-config --libs $(HEARINGS_PKGS) 2>/dev/null)
$(BUILD)/tests/unit/services/hearings/%: CFLAGS += $(shell pkg-config --cflags $(HEARINGS_PKGS) 2>/dev/null)
$(BUILD)/tests/unit/services/hearings/%: TEST_LIBS += $(shell pkg-config --libs $(HEARINGS_PKGS) 2>/dev/null)

# The face tools and tests reach into the engine's private header.
$(BUILD)/obj/bench/face_bench.o $(BUILD)/obj/bench/identity_bench.o \
$(BUILD)/obj/tools/face-calibrate/main.o: CFLAGS += -Iservices/identity/face

# Benchmarks of the platform (make bench): bench/bench_*.c -> build/bin/bench-*.
BENCH_SRCS := $(wildcard bench/bench_*.c)
BENCH_BINS := $(BENCH_SRCS:bench/bench_%.c=$(BUILD)/bin/bench-%)
$(BUILD)/obj/bench/bench_%.o: CFLAGS += -Itests
$(BUILD)/bin/bench-%: $(BUILD)/obj/bench/bench_%.o $(LIBCOMMON) $(SUPPORT_OBJS)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) -o $@ $< $(SUPPORT_OBJS) $(LIBCOMMON) $(LDLIBS) $(PKG_LIBS)

# Tests are single translation units (they may #include the .c under test) linked with
# libcommon, the face engine and the test support code.
TEST_LIBS = $(LIBFACE) $(LIBCOMMON) $(LDLIBS) $(PKG_LIBS) -lcivetweb -ljpeg -lpng
$(BUILD)/tests/%: tests/%.c $(LIBCOMMON) $(LIBFACE) $(SUPPORT_OBJS)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests -Iservices/identity/face -o $@ $< $(SUPPORT_OBJS) $(LDFLAGS) $(TEST_LIBS)

run: all
	@scripts/run.sh

test: all
	@scripts/test.sh

# The whole suite again with AddressSanitizer and UndefinedBehaviorSanitizer, in build-asan/.
ASAN_ENV := ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp
test-asan: deps
	@$(MAKE) --no-print-directory build-all BUILD=build-asan SANITIZE=address,undefined \
	  OPT="-O1 -g"
	@BUILD=build-asan $(ASAN_ENV) scripts/test.sh

test-unit: all
	@scripts/test.sh unit

demo:
	@scripts/demo.sh

bench: all
	@scripts/bench.sh

headers:
	@for h in common/include/mc/*.h; do \
	  echo "#include \"$${h#common/include/}\"" | \
	  $(CC) $(filter-out -MMD -MP,$(CFLAGS)) $(PKG_CFLAGS) -x c -fsyntax-only - \
	  || exit 1; done; echo "headers: each compiles alone"

fmt:
	clang-format -i $$(git ls-files '*.c' '*.h')

fmt-check:
	clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
