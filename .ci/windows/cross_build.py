"""Cross-compile rasfast's cffi extensions for Windows with mingw-w64.

    python3 .ci/windows/cross_build.py [--arch x86_64|i686] [--out DIR]
                                       [--builder MODULE_OR_FILE:FUNC]...
                                       [--target win32] [--compile-only]

The FFI builders come from the project: by default both of setup.py's,
``rasfast._build:make_ffibuilder`` (rasfast._native) and
``rasfast._build:make_testing_ffibuilder`` (rasfast._testing), each called
as ``make_ffibuilder("win32")``; ``--builder`` (repeatable) names others.
Each returns a ``cffi.FFI`` whose ``set_source(...)`` names the C sources,
include dirs, ``define_macros`` and ``libraries``; this script reads those
back from ``ffi._assigned_source``, emits the C wrapper with
``ffi.emit_c_code`` and compiles wrapper + sources with
``x86_64-w64-mingw32-gcc`` against the Windows CPython in
``.cache/win/cp313`` (``include/`` and ``libs/python3.lib``: the stable
ABI, like the abi3 wheels; a .pyd importing python313.dll is refused).

Output: ``OUT/<package path>/<name>.pyd`` per module (for a module named
``rasfast._native``: ``OUT/rasfast/_native.pyd``),
so OUT can be copied over a staged source tree.  The paths are printed last,
one per line.

``--arch i686 --compile-only`` compiles every C file for 32-bit Windows
without linking (there is no 32-bit CPython here): it keeps the 32-bit build
compiling.

``--wheel HOST_WHEEL`` also writes the Windows wheel users get,
``OUT/rasfast-<version>-cp39-abi3-win_amd64.whl``: the host's wheel of the
same source (``pip wheel .``: its metadata, console-script entry point and
pure-Python files come from the real build) with its compiled modules
replaced by the .pyd files, retagged, and its RECORD rewritten, all by the
``wheel`` tool's own unpack and pack.

``--sim-dll`` also builds ``OUT/rasapi32.dll`` from the simulated RAS
service (csrc/rasapi32_sim_dll.c + the simulator's files, SIM_SOURCES of
rasfast/_build.py, + platform_win32.c + hist.c, same macros and libraries
as the extension), the stand-in for Wine's stub
rasapi32 that run-tests.sh loads with WINEDLLOVERRIDES="rasapi32=n,b".  It
needs no Python, so it is linked for i686 too (exports undecorated,
``--kill-at``, as GetProcAddress expects).
"""
import argparse
import importlib
import importlib.util
import os
import re
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_PY = os.path.join(ROOT, ".cache", "win", "cp313")

# Windows DLLs that every Windows (and Wine) has; anything else imported by
# the .pyd must ship with it, so we refuse it (e.g. libgcc_s_seh-1.dll or
# libwinpthread-1.dll from a missing -static-libgcc / -static).
#: The rasapi32-shaped DLL: its export file, the simulator (SIM_SOURCES of
#: the project's build script, where the builders come from), the platform.
SIM_DLL_EXPORT_FILE = "rasapi32_sim_dll.c"
SIM_DLL_PLATFORM = ("platform_win32.c", "hist.c")
DEFAULT_BUILDERS = ("rasfast._build:make_ffibuilder", "rasfast._build:make_testing_ffibuilder")
SIM_DLL_EXPORTS = ("RasDialW", "RasHangUpW", "RasGetConnectStatusW",
                   "RasEnumConnectionsW", "RasEnumEntriesW", "RasGetErrorStringW",
                   "RasValidateEntryNameW", "RasGetEntryPropertiesW",
                   "RasSetEntryPropertiesW", "RasDeleteEntryW", "RasRenameEntryW",
                   "RasGetCredentialsW", "RasSetCredentialsW", "RasGetCustomAuthDataW",
                   "RasSetCustomAuthDataW",
                   "RasConnectionNotificationW", "RasGetConnectionStatistics",
                   "RasGetLinkStatistics", "RasClearConnectionStatistics",
                   "RasClearLinkStatistics", "RasGetProjectionInfoW", "RasGetProjectionInfoEx",
                   "RfSimGetHoldHistogram", "RfSimResetHoldHistogram", "RfSimSetTimeScale",
                   "RfSimSetServerPassword")

SYSTEM_DLL_PREFIXES = ("kernel32", "user32", "advapi32", "ws2_32", "rasapi32",
                       "ntdll", "msvcrt", "ucrtbase", "api-ms-win-",
                       "python3", "vcruntime140", "shell32", "ole32",
                       "oleaut32", "iphlpapi", "bcrypt", "secur32")


def say(msg):
    print(f"[cross-build] {msg}", flush=True)


def load_builder(spec):
    """spec: 'pkg.module:func' or '/path/file.py:func' -> (module, func)."""
    target, _, func = spec.rpartition(":")
    if not target:
        raise SystemExit(f"--builder wants MODULE:FUNC, got {spec!r}")
    as_file = os.path.join(ROOT, *target.split(".")) + ".py"
    if not (target.endswith(".py") or os.sep in target) and os.path.isfile(as_file):
        # Load rasfast/_build.py by path, like cffi's setuptools hook does,
        # so rasfast/__init__.py (which imports the compiled extension that
        # is not built yet) does not run.
        target = as_file
    if target.endswith(".py") or os.sep in target:
        path = os.path.abspath(target)
        sys.path.insert(0, os.path.dirname(path))
        mspec = importlib.util.spec_from_file_location(
            "_cross_build_ffibuilder", path)
        mod = importlib.util.module_from_spec(mspec)
        mspec.loader.exec_module(mod)
    else:
        sys.path.insert(0, ROOT)
        try:
            mod = importlib.import_module(target)
        except ModuleNotFoundError as e:
            raise SystemExit(f"cannot load the FFI builder {spec!r} ({e}); "
                             "pass --builder MODULE_OR_FILE:FUNC") from None
    return mod, getattr(mod, func)


def ffi_source(ffi):
    """(module_name, kwds) from a cffi FFI after set_source()."""
    assigned = getattr(ffi, "_assigned_source", None)
    if assigned is None:
        raise SystemExit("the FFI builder did not call set_source()")
    module_name, _source, _ext, kwds = assigned
    return module_name, dict(kwds)


def lib_flag(name):
    # MSVC-style names ("Kernel32", "rasapi32.lib") -> mingw's libkernel32.a
    name = name[:-4] if name.lower().endswith(".lib") else name
    return "-l" + name.lower()


def macro_flags(define_macros, undef_macros):
    flags = []
    for item in define_macros or ():
        if isinstance(item, str):
            item = (item, None)
        name, value = item
        flags.append(f"-D{name}" if value is None else f"-D{name}={value}")
    flags += [f"-U{name}" for name in undef_macros or ()]
    return flags


def gcc_args(args):
    """Keep only gcc-style extra args; MSVC ones (/W4, /O2) are dropped."""
    kept, dropped = [], []
    for a in args or ():
        (dropped if a.startswith("/") else kept).append(a)
    if dropped:
        say(f"ignoring MSVC-only args: {' '.join(dropped)}")
    return kept


def run(cmd):
    say("$ " + " ".join(shlex.quote(c) for c in cmd))
    subprocess.run(cmd, check=True)


def imported_dlls(cc_prefix, path):
    out = subprocess.run([cc_prefix + "objdump", "-p", path], check=True,
                         capture_output=True, text=True).stdout
    return [line.split(":", 1)[1].strip() for line in out.splitlines()
            if "DLL Name:" in line]


def exported_names(cc_prefix, path):
    out = subprocess.run([cc_prefix + "objdump", "-p", path], check=True,
                         capture_output=True, text=True).stdout
    names, in_table = [], False
    for line in out.splitlines():
        if "[Ordinal/Name Pointer] Table" in line:
            in_table = True
        elif in_table:
            m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s*$", line)
            if m:
                names.append(m.group(1))
            elif line.strip():
                in_table = False
    return names


def build_sim_dll(cc, prefix, cflags, libs, objdir, out, arch, sim_sources):
    """rasapi32.dll from the simulated service; returns its path."""
    objects = []
    for name in (SIM_DLL_EXPORT_FILE, *sim_sources, *SIM_DLL_PLATFORM):
        obj = os.path.join(objdir, "simdll-" + os.path.splitext(name)[0] + ".o")
        run([cc, *cflags, "-c", os.path.join(ROOT, "csrc", name), "-o", obj])
        objects.append(obj)
    dll = os.path.join(out, "rasapi32.dll")
    kill_at = ["-Wl,--kill-at"] if arch == "i686" else []
    run([cc, "-shared", "-static-libgcc", *kill_at, "-o", dll, *objects, *libs])
    exported = exported_names(prefix, dll)
    missing = [n for n in SIM_DLL_EXPORTS if n not in exported]
    if missing:
        raise SystemExit(f"{dll} lacks exports {missing} (has {exported})")
    foreign = [d for d in imported_dlls(prefix, dll)
               if not d.lower().startswith(SYSTEM_DLL_PREFIXES)]
    if foreign:
        raise SystemExit(f"{dll} needs non-system DLLs: {foreign}")
    say(f"sim rasapi32.dll ({arch}) exports: {', '.join(exported)}")
    return dll


WHEEL_PLATFORMS = {"x86_64": "win_amd64", "i686": "win32"}


def windows_wheel(host_wheel, built, out, arch):
    """host_wheel with its .so modules swapped for the .pyd files in built."""
    import shutil
    import tempfile
    plat = WHEEL_PLATFORMS[arch]
    with tempfile.TemporaryDirectory() as tmp:
        run([sys.executable, "-m", "wheel", "unpack", "-d", tmp, host_wheel])
        (tree,) = [os.path.join(tmp, d) for d in os.listdir(tmp)]
        swapped = []
        for folder, _dirs, files in os.walk(tree):
            for f in files:
                if f.endswith(".so"):
                    os.remove(os.path.join(folder, f))
                    module = f.split(".", 1)[0]
                    rel = os.path.relpath(folder, tree)
                    pyd = os.path.join(built, rel, module + ".pyd")
                    if not os.path.exists(pyd):
                        raise SystemExit(f"no {pyd} for {os.path.join(rel, f)}")
                    shutil.copy(pyd, folder)
                    swapped.append(os.path.join(rel, module + ".pyd"))
        (info,) = [d for d in os.listdir(tree) if d.endswith(".dist-info")]
        wheel_file = os.path.join(tree, info, "WHEEL")
        with open(wheel_file, encoding="utf-8") as f:
            lines = f.read().splitlines()
        tags = [ln for ln in lines if ln.startswith("Tag: ")]
        if len(tags) != 1 or not tags[0].startswith("Tag: cp39-abi3-"):
            raise SystemExit(f"{host_wheel}: want one cp39-abi3 tag, found {tags}")
        lines = [f"Tag: cp39-abi3-{plat}" if ln in tags else ln for ln in lines]
        with open(wheel_file, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
        os.makedirs(out, exist_ok=True)
        before = set(os.listdir(out))
        run([sys.executable, "-m", "wheel", "pack", "-d", out, tree])
        (made,) = set(os.listdir(out)) - before or {None}
        if made is None or not made.endswith(f"-cp39-abi3-{plat}.whl"):
            raise SystemExit(f"wheel pack made {made!r}")
    say(f"wheel {made}: {', '.join(sorted(swapped))}")
    return os.path.join(out, made)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--builder", action="append", default=None,
                    help="MODULE_OR_FILE:FUNC of a cffi builder; repeatable "
                         f"(default: {' and '.join(DEFAULT_BUILDERS)})")
    ap.add_argument("--target", default="win32",
                    help="argument passed to the builder function")
    ap.add_argument("--arch", default="x86_64", choices=("x86_64", "i686"))
    ap.add_argument("--python", default=DEFAULT_PY,
                    help="Windows CPython dir with include/ and libs/")
    ap.add_argument("--out", default=None,
                    help="output dir (default build/win-ARCH under .cache/win)")
    ap.add_argument("--compile-only", action="store_true",
                    help="compile to objects only, no link (i686 check)")
    ap.add_argument("--sim-dll", action="store_true",
                    help="also build OUT/rasapi32.dll from the simulated service")
    ap.add_argument("--extension", action="append", default=[],
                    metavar="MODULE=SRC[,SRC...]",
                    help="also build a plain limited-API extension module "
                         "(e.g. rasfast._records=csrc/records.c); repeatable")
    ap.add_argument("--wheel", metavar="HOST_WHEEL", default=None,
                    help="also write the Windows wheel made from this host wheel "
                         "of the same source (needs the 'wheel' tool)")
    ap.add_argument("--cc", default=None, help="compiler (default ARCH-w64-mingw32-gcc)")
    ap.add_argument("-O", dest="opt", default="-O2")
    opts = ap.parse_args(argv)

    t0 = time.monotonic()
    prefix = f"{opts.arch}-w64-mingw32-"
    cc = opts.cc or prefix + "gcc"
    out = os.path.abspath(opts.out or os.path.join(
        ROOT, ".cache", "win", "build", f"win-{opts.arch}"))
    pyinc = os.path.join(opts.python, "include")
    pylibs = os.path.join(opts.python, "libs")
    if not os.path.exists(os.path.join(pyinc, "Python.h")):
        raise SystemExit(f"{pyinc}/Python.h missing: run .ci/windows/setup.sh")

    def absolute(p):
        return p if os.path.isabs(p) else os.path.join(ROOT, p)

    objdir = os.path.join(out, "obj")
    os.makedirs(objdir, exist_ok=True)

    def module_flags(kw):
        cflags = [opts.opt, "-DNDEBUG", "-Wall", "-Wno-unused-function",
                  "-Wno-unused-variable", "-Wno-unused-but-set-variable"]
        if opts.arch == "i686":
            # On x86 a callback declared without WINAPI (stdcall) corrupts the
            # stack; gcc only warns about the mismatched function pointer.  The
            # other errors are the usual 32-bit breakages (pointer/int sizes).
            cflags += ["-Werror=incompatible-pointer-types", "-Werror=int-conversion",
                       "-Werror=implicit-function-declaration",
                       "-Werror=pointer-to-int-cast", "-Werror=int-to-pointer-cast"]
        cflags += macro_flags(kw.get("define_macros"), kw.get("undef_macros"))
        cflags += [f"-I{absolute(d)}" for d in kw.get("include_dirs", ())]
        cflags += [f"-I{pyinc}"] + gcc_args(kw.get("extra_compile_args"))
        return cflags

    # Every cffi module: its wrapper and sources compiled into a folder of
    # its own (two modules may share a platform file).
    modules = []
    for spec in opts.builder or DEFAULT_BUILDERS:
        build_module, make = load_builder(spec)
        ffi = make(opts.target)
        module_name, kw = ffi_source(ffi)
        unknown = set(kw) - {"sources", "include_dirs", "define_macros",
                             "undef_macros", "libraries", "library_dirs",
                             "extra_compile_args", "extra_link_args",
                             "extra_objects", "depends", "py_limited_api"}
        if unknown:
            say(f"note: set_source() kwargs not used here: {sorted(unknown)}")
        parts = module_name.split(".")
        mod_objdir = os.path.join(objdir, module_name)
        os.makedirs(mod_objdir, exist_ok=True)
        wrapper = os.path.join(mod_objdir, parts[-1] + ".c")
        ffi.emit_c_code(wrapper)
        say(f"module {module_name}: emitted {os.path.relpath(wrapper, ROOT)}")
        cflags = module_flags(kw)
        objects = []
        for i, src in enumerate([wrapper] + [absolute(s) for s in kw.get("sources", ())]):
            obj = os.path.join(mod_objdir, f"{i:02d}-{os.path.splitext(os.path.basename(src))[0]}.o")
            run([cc, *cflags, "-c", src, "-o", obj])
            objects.append(obj)
        modules.append((build_module, module_name, kw, cflags, objects))

    # The plain extensions and the DLL take the first module's flags.
    build_module, _name, kw, cflags, _objects = modules[0]
    extensions = []
    for spec in opts.extension:
        name, _, srcs = spec.partition("=")
        if not name or not srcs:
            raise SystemExit(f"--extension wants MODULE=SRC[,SRC...], got {spec!r}")
        ext_objects = []
        for src in srcs.split(","):
            obj = os.path.join(objdir, f"ext-{name}-{os.path.splitext(os.path.basename(src))[0]}.o")
            # setup.py passes Py_LIMITED_API to the plain extensions (a
            # free-threaded build gets none); the wheels here are abi3.
            run([cc, *cflags, "-DPy_LIMITED_API=0x03090000", "-c", absolute(src), "-o", obj])
            ext_objects.append(obj)
        extensions.append((name, ext_objects))

    dll = None
    if opts.sim_dll:
        sim_sources = getattr(build_module, "SIM_SOURCES", None)
        if not sim_sources:
            raise SystemExit(f"--sim-dll: {build_module.__name__} defines no SIM_SOURCES")
        dll = build_sim_dll(cc, prefix, cflags, [lib_flag(n) for n in kw.get("libraries", ())],
                            objdir, out, opts.arch, sim_sources)
    if opts.compile_only:
        say(f"compiled {sum(len(m[4]) for m in modules)} file(s) of "
            f"{', '.join(m[1] for m in modules)} for {opts.arch} "
            f"(no link) in {time.monotonic() - t0:.1f}s")
        if dll:
            print(dll)
        return 0

    pyds = []
    for _build_module, module_name, kw, _cflags, objects in modules:
        parts = module_name.split(".")
        moddir = os.path.join(out, *parts[:-1])
        os.makedirs(moddir, exist_ok=True)
        # abi3: the plain .pyd suffix, as in the cp39-abi3 wheels.
        pyd = os.path.join(moddir, f"{parts[-1]}.pyd")
        ldirs = [f"-L{absolute(d)}" for d in kw.get("library_dirs", ())]
        # python3.dll, the stable ABI, as the abi3 wheels link it: a call
        # outside the limited API fails to link here.
        run([cc, "-shared", "-static-libgcc", "-o", pyd, *objects,
             *[absolute(o) for o in kw.get("extra_objects", ())],
             *gcc_args(kw.get("extra_link_args")), *ldirs, f"-L{pylibs}",
             *[lib_flag(n) for n in kw.get("libraries", ())], "-lpython3"])
        dlls = imported_dlls(prefix, pyd)
        say(f"{module_name} imports: {', '.join(dlls)}")
        foreign = [d for d in dlls if not d.lower().startswith(SYSTEM_DLL_PREFIXES)]
        if foreign:
            raise SystemExit(f"{pyd} needs non-system DLLs: {foreign}")
        versioned = [d for d in dlls if re.fullmatch(r"python3\d+\.dll", d.lower())]
        if versioned:
            raise SystemExit(f"{pyd} imports {versioned}: not abi3 (want python3.dll only)")
        pyds.append(pyd)
    for name, ext_objects in extensions:
        ext_parts = name.split(".")
        ext_dir = os.path.join(out, *ext_parts[:-1])
        os.makedirs(ext_dir, exist_ok=True)
        ext_pyd = os.path.join(ext_dir, ext_parts[-1] + ".pyd")
        run([cc, "-shared", "-static-libgcc", "-o", ext_pyd, *ext_objects,
             f"-L{pylibs}", "-lpython3"])
        ext_dlls = imported_dlls(prefix, ext_pyd)
        bad = [d for d in ext_dlls if not d.lower().startswith(SYSTEM_DLL_PREFIXES)
               or re.fullmatch(r"python3\d+\.dll", d.lower())]
        if bad:
            raise SystemExit(f"{ext_pyd} imports {bad} (want system DLLs and python3.dll)")
        say(f"extension {name}: imports {', '.join(ext_dlls)}")
    if opts.wheel:
        windows_wheel(opts.wheel, out, out, opts.arch)
    say(f"built in {time.monotonic() - t0:.1f}s")
    for pyd in pyds:
        print(pyd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
