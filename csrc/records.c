/* rasfast._records: turn a batch of 64-byte event records into RasEvent
 * objects in one call (the drain loop's hot path).
 *
 * Python could do this with struct.iter_unpack and tuple.__new__, but that
 * costs two allocations per event and, worse, leaves millions of objects
 * for the cyclic GC to scan.  Here each event is one allocation of the
 * RasEvent tuple subclass, field values that repeat from the previous
 * record (callback id, handle, message...) share one int object, and the
 * finished event is untracked by the GC: it holds only ints, so it can
 * never be part of a cycle.  Limited API (abi3, CPython 3.9+). */
#define Py_LIMITED_API 0x03090000
#include <Python.h>
#include <stdint.h>
#include <string.h>

#include "rf_events.h"

#define FIELDS 10

static PyObject *make_int(uint64_t v, uint64_t *last_v, PyObject **last_obj)
{
    if (*last_obj && *last_v == v) {
        Py_INCREF(*last_obj);
        return *last_obj;
    }
    PyObject *o = PyLong_FromUnsignedLongLong(v);
    if (!o) return NULL;
    Py_XDECREF(*last_obj);
    Py_INCREF(o);
    *last_obj = o;
    *last_v = v;
    return o;
}

/* convert(event_type, address, count) -> list of event_type instances.
 * `address` points at `count` rf_event records (the caller's batch array,
 * alive for the duration of the call). */
static PyObject *convert(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *type_obj;
    unsigned long long address;
    Py_ssize_t count;
    if (!PyArg_ParseTuple(args, "OKn:convert", &type_obj, &address, &count)) return NULL;
    if (!PyType_Check(type_obj) || !PyType_IsSubtype((PyTypeObject *)type_obj, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "event_type must be a tuple subclass");
        return NULL;
    }
    if (count < 0 || (count > 0 && address == 0)) {
        PyErr_SetString(PyExc_ValueError, "bad record batch");
        return NULL;
    }
    PyTypeObject *type = (PyTypeObject *)type_obj;
    allocfunc alloc = (allocfunc)PyType_GetSlot(type, Py_tp_alloc);
    if (!alloc) alloc = PyType_GenericAlloc;
    const rf_event *rec = (const rf_event *)(uintptr_t)address;

    PyObject *list = PyList_New(count);
    if (!list) return NULL;
    uint64_t last_v[FIELDS] = {0};
    PyObject *last_o[FIELDS] = {0};
    for (Py_ssize_t i = 0; i < count; i++, rec++) {
        const uint64_t v[FIELDS] = {
            rec->seq, rec->timestamp_ns, rec->callback_id, rec->hconn, rec->subentry,
            rec->message, rec->state, rec->error, rec->extended_error, rec->flags,
        };
        PyObject *ev = alloc(type, FIELDS);
        if (!ev) goto fail;
        for (int f = 0; f < FIELDS; f++) {
            PyObject *o = make_int(v[f], &last_v[f], &last_o[f]);
            if (!o || PyTuple_SetItem(ev, f, o) < 0) {
                Py_DECREF(ev);
                goto fail;
            }
        }
        /* Only ints inside: no cycle possible, nothing for the GC to scan. */
        PyObject_GC_UnTrack(ev);
        PyList_SetItem(list, i, ev);   /* steals ev */
    }
    for (int f = 0; f < FIELDS; f++) Py_XDECREF(last_o[f]);
    return list;
fail:
    for (int f = 0; f < FIELDS; f++) Py_XDECREF(last_o[f]);
    Py_DECREF(list);
    return NULL;
}

static PyMethodDef methods[] = {
    {"convert", convert, METH_VARARGS,
     "convert(event_type, address, count) -> list: rf_event records to events."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "rasfast._records", "Batch conversion of event records.", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__records(void) { return PyModule_Create(&module); }
