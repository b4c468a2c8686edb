/* rasfast._testing's link to rasfast._native: asks that module, through
 * Python, for the addresses of its shim, its simulated service and its dial
 * thread's runner, once.
 *
 * The same as a caller would write in Python:
 *     from rasfast._native import ffi, lib
 *     int(ffi.cast("uintptr_t", lib.rf_notifier_address()))
 *     int(ffi.cast("uintptr_t", lib.rf_provider_table(lib.RF_BACKEND_SIM)))
 *     int(ffi.cast("uintptr_t", lib.rf_dial_thread_runner()))
 * so `from rasfast._testing import lib` is all its users write.
 *
 * Not a source of its own: rasfast/_build.py includes this file in the cffi
 * module's preamble, after cffi's Python.h, so it is compiled with the
 * module's own choice of the limited API.  cffi releases the GIL around
 * every call into C; this takes it back for the look-up. */
#include <string.h>

#include "testing_link.h"
#include "atomics.h"
#include "rf_dial.h"

/* int(ffi.cast("uintptr_t", lib.<getter>(*args))) as a pointer, or NULL
 * with the Python error set. */
static void *native_address(PyObject *native, const char *getter, PyObject *args)
{
    void *address = NULL;
    PyObject *lib = PyObject_GetAttrString(native, "lib");
    PyObject *ffi = PyObject_GetAttrString(native, "ffi");
    PyObject *fn = lib ? PyObject_GetAttrString(lib, getter) : NULL;
    PyObject *ptr = fn ? PyObject_CallObject(fn, args) : NULL;
    PyObject *cast = (ffi && ptr) ? PyObject_CallMethod(ffi, "cast", "sO", "uintptr_t", ptr) : NULL;
    PyObject *number = cast ? PyNumber_Long(cast) : NULL;
    if (number) address = PyLong_AsVoidPtr(number);
    Py_XDECREF(number);
    Py_XDECREF(cast);
    Py_XDECREF(ptr);
    Py_XDECREF(fn);
    Py_XDECREF(ffi);
    Py_XDECREF(lib);
    return address;
}

static int look_up(rf_testing_link *out)
{
    PyObject *native = PyImport_ImportModule("rasfast._native");
    PyObject *sim_args = Py_BuildValue("(I)", (unsigned int)RF_BACKEND_SIM);
    void *runner = NULL;
    out->notifier = NULL;
    out->sim = NULL;
    out->dial_thread_run = NULL;
    if (native && sim_args) {
        out->notifier = (RF_RASDIALFUNC2)native_address(native, "rf_notifier_address", NULL);
        if (out->notifier)
            out->sim = (const rf_provider *)native_address(native, "rf_provider_table", sim_args);
        if (out->sim) runner = native_address(native, "rf_dial_thread_runner", NULL);
    }
    Py_XDECREF(sim_args);
    Py_XDECREF(native);
    /* A data pointer to a function pointer: memcpy, as provider_rasapi32.c's bind. */
    memcpy(&out->dial_thread_run, &runner, sizeof runner);
    if (out->notifier && out->sim && out->dial_thread_run) return 1;
    /* Say why, once per failed attempt; cffi's caller must see no error set. */
    if (PyErr_Occurred()) PyErr_WriteUnraisable(NULL);
    return 0;
}

int rf_testing_link_get(rf_testing_link *out)
{
    static rf_testing_link link;
    static uint32_t state;             /* 0 not linked, 1 linking, 2 linked */
    if (rf_load_acquire_u32(&state) != 2) {
        PyGILState_STATE gil = PyGILState_Ensure();
        rf_testing_link found;
        int ok = look_up(&found);
        PyGILState_Release(gil);
        if (!ok) return 0;
        uint32_t expected = 0;
        if (rf_cas_u32(&state, &expected, 1)) {
            link = found;
            rf_store_release_u32(&state, 2);
        } else {
            while (rf_load_acquire_u32(&state) != 2) rf_cpu_relax();
        }
    }
    *out = link;
    return 1;
}
