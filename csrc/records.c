/* rasfast._records: the event object's storage (EventRecord, the base of
 * rasfast.RasEvent) and the drain loop's batch conversion of 64-byte ring
 * records into events, one call per batch.
 *
 * An event holds its ten fields as C integers, not as a tuple of int
 * objects: making one is a single allocation and a 56-byte copy, freeing
 * it is a single free, and an attribute makes its int only when it is
 * read (a consumer reads a few fields of each event, if any).  As a tuple
 * subclass it took 11-13 allocations' worth of work per event and two more
 * int objects; and CPython 3.14's cached tuple hash, zero in memory that a
 * tuple subclass's allocator hands out, made every drained event hash 0,
 * unlike an equal event built in Python.  It compares and sorts as the
 * tuple of its fields did.  It holds no objects, so it can
 * never be part of a reference cycle: the conversion leaves it untracked
 * by the cyclic GC.  Limited API (abi3, CPython 3.9+) where there is one. */
/* Py_LIMITED_API comes from setup.py: the limited API (abi3) on CPython
 * with a GIL, the full API on a free-threaded build, which has none. */
#include <Python.h>
#include <structmember.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rf_events.h"

typedef struct {
    PyObject_HEAD
    /* In this order: the order of RasEvent's fields (its index, its
     * constructor's arguments, its pickle). */
    uint64_t seq, timestamp_ns, callback_id, handle;
    uint32_t subentry, message, raw_state, error, extended_error, flags;
} event_record;

#define FIELDS 10
#define WIDE_FIELDS 4   /* the uint64_t ones come first */

static const char *const field_names[FIELDS + 1] = {
    "seq", "timestamp_ns", "callback_id", "handle", "subentry",
    "message", "state", "error", "extended_error", "flags", NULL,
};

static PyTypeObject *record_type;   /* EventRecord, made at import */

static uint64_t field_get(const event_record *r, int i)
{
    switch (i) {
    case 0: return r->seq;
    case 1: return r->timestamp_ns;
    case 2: return r->callback_id;
    case 3: return r->handle;
    case 4: return r->subentry;
    case 5: return r->message;
    case 6: return r->raw_state;
    case 7: return r->error;
    case 8: return r->extended_error;
    default: return r->flags;
    }
}

/* The untracked fast path is only for a subclass that adds no storage:
 * one with a __dict__ or slots could hold objects, so the GC must see it. */
static int holds_no_objects(PyTypeObject *type)
{
    if (type == record_type) return 1;
    int ok = 0;
    PyObject *basic = PyObject_GetAttrString((PyObject *)type, "__basicsize__");
    PyObject *dict = basic ? PyObject_GetAttrString((PyObject *)type, "__dictoffset__") : NULL;
    PyObject *weak = dict ? PyObject_GetAttrString((PyObject *)type, "__weakrefoffset__") : NULL;
    if (weak) {
        ok = PyLong_AsSsize_t(basic) == (Py_ssize_t)sizeof(event_record)
             && PyLong_AsSsize_t(dict) == 0 && PyLong_AsSsize_t(weak) == 0;
    }
    Py_XDECREF(basic);
    Py_XDECREF(dict);
    Py_XDECREF(weak);
    if (PyErr_Occurred()) return -1;
    return ok;
}

#ifdef Py_GIL_DISABLED
/* No GIL to guard a shared cache: ask each time. */
static int holds_no_objects_cached(PyTypeObject *type) { return holds_no_objects(type); }
#else
/* holds_no_objects, remembered for the last type asked about (the drain
 * asks for RasEvent every batch; the GIL guards it).  The reference keeps
 * the address from naming another type later. */
static PyTypeObject *checked_type;
static int checked_result;

static int holds_no_objects_cached(PyTypeObject *type)
{
    if (type == checked_type) return checked_result;
    int ok = holds_no_objects(type);
    if (ok < 0) return -1;
    Py_INCREF(type);
    Py_XDECREF(checked_type);
    checked_type = type;
    checked_result = ok;
    return ok;
}
#endif

static allocfunc alloc_of(PyTypeObject *type)
{
    allocfunc alloc = (allocfunc)PyType_GetSlot(type, Py_tp_alloc);
    return alloc ? alloc : PyType_GenericAlloc;
}

/* A Python subclass's instances are always tracked by the cyclic GC. */
static PyObject *record_alloc(PyTypeObject *type, allocfunc alloc, int untrack)
{
    PyObject *o = alloc(type, 0);
    if (o && untrack && PyObject_GC_IsTracked(o)) PyObject_GC_UnTrack(o);
    return o;
}

/* EventRecord(seq, timestamp_ns, callback_id, handle, subentry, message,
 * state, error=0, extended_error=0, flags=0): every field an int in its
 * C type's range (an IntEnum member is one). */
static PyObject *record_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *v[FIELDS] = {0};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOOOOOO|OOO:RasEvent", (char **)field_names,
                                     &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
                                     &v[7], &v[8], &v[9])) {
        return NULL;
    }
    uint64_t n[FIELDS] = {0};
    for (int i = 0; i < FIELDS; i++) {
        if (!v[i]) continue;
        if (!PyLong_Check(v[i])) {
            PyErr_Format(PyExc_TypeError, "RasEvent %s must be an int", field_names[i]);
            return NULL;
        }
        n[i] = PyLong_AsUnsignedLongLong(v[i]);
        int bad = n[i] == (uint64_t)-1 && PyErr_Occurred();
        if (bad) PyErr_Clear();
        if (bad || (i >= WIDE_FIELDS && n[i] > UINT32_MAX)) {
            PyErr_Format(PyExc_ValueError, "RasEvent %s must be in 0..2**%d-1", field_names[i],
                         i >= WIDE_FIELDS ? 32 : 64);
            return NULL;
        }
    }
    int untrack = holds_no_objects_cached(type);
    if (untrack < 0) return NULL;
    event_record *r = (event_record *)record_alloc(type, alloc_of(type), untrack);
    if (!r) return NULL;
    r->seq = n[0];
    r->timestamp_ns = n[1];
    r->callback_id = n[2];
    r->handle = n[3];
    r->subentry = (uint32_t)n[4];
    r->message = (uint32_t)n[5];
    r->raw_state = (uint32_t)n[6];
    r->error = (uint32_t)n[7];
    r->extended_error = (uint32_t)n[8];
    r->flags = (uint32_t)n[9];
    return (PyObject *)r;
}

static void record_dealloc(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    freefunc free_fn = (freefunc)PyType_GetSlot(type, Py_tp_free);
    free_fn(self);
    Py_DECREF(type);   /* a heap type's instance holds a reference to it */
}

/* The fields as a sequence: ev[6], len(ev), tuple(ev), unpacking. */
static Py_ssize_t record_length(PyObject *self)
{
    (void)self;
    return FIELDS;
}

static PyObject *record_item(PyObject *self, Py_ssize_t i)
{
    if (i < 0 || i >= FIELDS) {
        PyErr_SetString(PyExc_IndexError, "RasEvent index out of range");
        return NULL;
    }
    return PyLong_FromUnsignedLongLong(field_get((const event_record *)self, (int)i));
}

static uint64_t mix64(uint64_t x)
{
    /* splitmix64's finaliser: every input bit reaches every output bit. */
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static Py_hash_t record_hash(PyObject *self)
{
    /* Equal events (the same ten fields) hash alike. */
    const event_record *r = (const event_record *)self;
    uint64_t h = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < FIELDS; i++) h = mix64(h ^ field_get(r, i)) + (uint64_t)i;
    Py_hash_t out = (Py_hash_t)h;
    return out == -1 ? -2 : out;
}

/* Equality, and the order a tuple of the fields had (seq first): the
 * event was a tuple before, and sorted(events) should keep working. */
static PyObject *record_richcompare(PyObject *a, PyObject *b, int op)
{
    if (!PyObject_TypeCheck(a, record_type) || !PyObject_TypeCheck(b, record_type))
        Py_RETURN_NOTIMPLEMENTED;
    const event_record *x = (const event_record *)a, *y = (const event_record *)b;
    int c = 0;
    for (int i = 0; i < FIELDS && c == 0; i++) {
        uint64_t u = field_get(x, i), v = field_get(y, i);
        c = u < v ? -1 : u > v;
    }
    int r;
    switch (op) {
    case Py_LT: r = c < 0; break;
    case Py_LE: r = c <= 0; break;
    case Py_EQ: r = c == 0; break;
    case Py_NE: r = c != 0; break;
    case Py_GT: r = c > 0; break;
    default: r = c >= 0; break;
    }
    if (r) Py_RETURN_TRUE;
    Py_RETURN_FALSE;
}

static PyMemberDef record_members[] = {
    {"seq", T_ULONGLONG, offsetof(event_record, seq), READONLY,
     "Position in the buffer's stream of records, from 0."},
    {"timestamp_ns", T_ULONGLONG, offsetof(event_record, timestamp_ns), READONLY,
     "Monotonic clock, in nanoseconds, when RAS called the shim."},
    {"callback_id", T_ULONGLONG, offsetof(event_record, callback_id), READONLY,
     "dwCallbackId: routes the event to its dial."},
    {"handle", T_ULONGLONG, offsetof(event_record, handle), READONLY,
     "The HRASCONN the notifier received."},
    {"subentry", T_UINT, offsetof(event_record, subentry), READONLY,
     "dwSubEntry: 0 for the whole connection."},
    {"message", T_UINT, offsetof(event_record, message), READONLY, "unMsg: WM_RASDIALEVENT."},
    {"raw_state", T_UINT, offsetof(event_record, raw_state), READONLY,
     "The RASCONNSTATE as an int."},
    {"error", T_UINT, offsetof(event_record, error), READONLY, "dwError (0: none)."},
    {"extended_error", T_UINT, offsetof(event_record, extended_error), READONLY,
     "dwExtendedError."},
    {"flags", T_UINT, offsetof(event_record, flags), READONLY, "EventFlag bits."},
    {NULL, 0, 0, 0, NULL},
};

static PyType_Slot record_slots[] = {
    {Py_tp_doc, (void *)"The ten fields of a RAS event, as C integers (RasEvent's base)."},
    {Py_tp_new, (void *)record_new},
    {Py_tp_dealloc, (void *)record_dealloc},
    {Py_tp_hash, (void *)record_hash},
    {Py_tp_richcompare, (void *)record_richcompare},
    {Py_tp_members, (void *)record_members},
    {Py_sq_length, (void *)record_length},
    {Py_sq_item, (void *)record_item},
    {0, NULL},
};

static PyType_Spec record_spec = {
    "rasfast._records.EventRecord", sizeof(event_record), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, record_slots,
};

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
    if (!PyType_Check(type_obj) || !PyType_IsSubtype((PyTypeObject *)type_obj, record_type)) {
        PyErr_SetString(PyExc_TypeError, "event_type must be a subclass of EventRecord");
        return NULL;
    }
    if (count < 0 || (count > 0 && address == 0)) {
        PyErr_SetString(PyExc_ValueError, "bad record batch");
        return NULL;
    }
    PyTypeObject *type = (PyTypeObject *)type_obj;
    int untrack = holds_no_objects_cached(type);
    if (untrack < 0) return NULL;
    allocfunc alloc = alloc_of(type);   /* once a batch, not once an event */
    const rf_event *rec = (const rf_event *)(uintptr_t)address;

    PyObject *list = PyList_New(count);
    if (!list) return NULL;
    for (Py_ssize_t i = 0; i < count; i++, rec++) {
        event_record *r = (event_record *)record_alloc(type, alloc, untrack);
        if (!r) {
            Py_DECREF(list);
            return NULL;
        }
        r->seq = rec->seq;
        r->timestamp_ns = rec->timestamp_ns;
        r->callback_id = rec->callback_id;
        r->handle = rec->hconn;
        r->subentry = rec->subentry;
        r->message = rec->message;
        r->raw_state = rec->state;
        r->error = rec->error;
        r->extended_error = rec->extended_error;
        r->flags = rec->flags;
        PyList_SetItem(list, i, (PyObject *)r);   /* steals r */
    }
    return list;
}

static PyMethodDef methods[] = {
    {"convert", convert, METH_VARARGS,
     "convert(event_type, address, count) -> list: rf_event records to events."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "rasfast._records", "RAS events as C records, and their batch conversion.",
    -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__records(void)
{
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    record_type = (PyTypeObject *)PyType_FromSpec(&record_spec);
    if (!record_type || PyModule_AddObject(m, "EventRecord", (PyObject *)record_type) < 0) {
        Py_XDECREF(record_type);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(record_type);   /* PyModule_AddObject stole one; record_type keeps its own */
    return m;
}
