/* The simulator's controls (rf_sim.h): phonebook edits, settings, reset,
 * counts and the hold-time histogram.  Each is one locked call into the
 * phonebook or the engine (sim_locked), after its arguments are checked. */
#include <string.h>

#include "sim_internal.h"

const double RF_SIM_MAX_TIME_SCALE = 1000.0;

static int name_ok(const uint16_t *name)
{
    return name && sim_wlen_max(name, RF_RAS_MaxEntryName) <= RF_RAS_MaxEntryName;
}

/* ------------------------------------------------------------------------
 * The phonebook
 * ---------------------------------------------------------------------- */
static uint32_t add_locked(void *entry)
{
    return sim_pb_add((const rf_sim_entry *)entry);
}

uint32_t rf_sim_add_entry(const rf_sim_entry *entry)
{
    if (!entry) return RF_ERROR_INVALID_PARAMETER;
    return sim_locked(add_locked, (void *)entry);
}

static uint32_t remove_locked(void *name)
{
    return sim_pb_remove((const uint16_t *)name) ? 0 : RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
}

uint32_t rf_sim_remove_entry(const uint16_t *name)
{
    if (!name_ok(name)) return RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
    return sim_locked(remove_locked, (void *)name);
}

static uint32_t count_locked(void *unused)
{
    (void)unused;
    return sim_pb_count();
}

uint32_t rf_sim_entry_count(void)
{
    return sim_locked(count_locked, NULL);
}

typedef struct get_entry_call {
    uint32_t index;
    rf_sim_entry *out;
} get_entry_call;

static uint32_t get_entry_locked(void *arg)
{
    get_entry_call *call = (get_entry_call *)arg;
    const sim_pbe *e = sim_pb_at(call->index);
    if (!e) return 0;
    *call->out = e->pub;
    memset(call->out->password, 0, sizeof call->out->password);   /* never given back */
    return 1;
}

int rf_sim_get_entry(uint32_t index, rf_sim_entry *out)
{
    if (!out) return 0;
    get_entry_call call = { index, out };
    return (int)sim_locked(get_entry_locked, &call);
}

typedef struct find_entry_call {
    const uint16_t *name;
    rf_sim_entry *out;
} find_entry_call;

static uint32_t find_entry_locked(void *arg)
{
    find_entry_call *call = (find_entry_call *)arg;
    const sim_pbe *e = sim_pb_find(call->name);
    if (!e) return 0;
    *call->out = e->pub;
    memset(call->out->password, 0, sizeof call->out->password);   /* never given back */
    return 1;
}

int rf_sim_find_entry(const uint16_t *name, rf_sim_entry *out)
{
    if (!name || !out || sim_wlen_max(name, RF_RAS_MaxEntryName) > RF_RAS_MaxEntryName)
        return 0;
    find_entry_call call = { name, out };
    return (int)sim_locked(find_entry_locked, &call);
}

typedef struct states_call {
    const uint16_t *name;
    uint32_t *states;
    uint32_t max;
} states_call;

static uint32_t states_locked(void *arg)
{
    const states_call *call = (const states_call *)arg;
    const sim_pbe *e = sim_pb_find(call->name);
    if (!e) return 0;
    for (uint32_t i = 0; call->states && i < e->nsteps && i < call->max; i++)
        call->states[i] = e->steps[i].state;
    return e->nsteps;
}

uint32_t rf_sim_entry_states(const uint16_t *name, uint32_t *states, uint32_t max)
{
    if (!name_ok(name)) return 0;
    states_call call = { name, states, max };
    return sim_locked(states_locked, &call);
}

/* ------------------------------------------------------------------------
 * Reset, settings, counts
 * ---------------------------------------------------------------------- */
static uint32_t reset_locked(void *unused)
{
    (void)unused;
    sim_conns_reset();             /* every connection hung up and released */
    sim_pb_restore();              /* user entries forgotten, the built-ins back */
    sim_settings_defaults();
    sim_hold_reset();
    sim_link_clear_log();
    return 0;
}

void rf_sim_reset(void)
{
    sim_locked(reset_locked, NULL);
}

/* The settings are read and written in one place: `change` names the one
 * to write from `value` (SET_NOTHING: none), then `value` gets them all. */
enum { SET_NOTHING, SET_TIME_SCALE, SET_RELEASE_DELAY, SET_DUPLICATES };

typedef struct settings_call {
    uint32_t change;
    sim_settings value;
} settings_call;

static uint32_t settings_locked(void *arg)
{
    settings_call *call = (settings_call *)arg;
    sim_settings *s = sim_settings_locked();
    switch (call->change) {
    case SET_TIME_SCALE: s->time_scale = call->value.time_scale; break;
    case SET_RELEASE_DELAY: s->release_ns = call->value.release_ns; break;
    case SET_DUPLICATES: s->duplicates = call->value.duplicates; break;
    default: break;
    }
    call->value = *s;
    return 0;
}

static sim_settings settings(uint32_t change, sim_settings value)
{
    settings_call call = { change, value };
    sim_locked(settings_locked, &call);
    return call.value;
}

static const sim_settings k_no_change;

void rf_sim_set_time_scale(double scale)
{
    if (!(scale >= 0.0)) return;   /* negative or NaN: ignored */
    if (scale > RF_SIM_MAX_TIME_SCALE) scale = RF_SIM_MAX_TIME_SCALE;
    settings(SET_TIME_SCALE, (sim_settings){ .time_scale = scale });
}

double rf_sim_get_time_scale(void)
{
    return settings(SET_NOTHING, k_no_change).time_scale;
}

void rf_sim_set_release_delay(uint64_t ns)
{
    settings(SET_RELEASE_DELAY, (sim_settings){ .release_ns = ns });
}

uint64_t rf_sim_get_release_delay(void)
{
    return settings(SET_NOTHING, k_no_change).release_ns;
}

void rf_sim_set_duplicate_dials(uint32_t allow)
{
    settings(SET_DUPLICATES, (sim_settings){ .duplicates = allow ? 1 : 0 });
}

uint32_t rf_sim_get_duplicate_dials(void)
{
    return settings(SET_NOTHING, k_no_change).duplicates;
}

int rf_sim_profile_delays(uint32_t profile, uint64_t *min_ns, uint64_t *max_ns)
{
    return sim_profile_delays(profile, min_ns, max_ns);
}

static uint32_t in_use_locked(void *unused)
{
    (void)unused;
    return sim_conns_in_use();
}

/* Every slot in use, hung-up ones whose port is not yet released included. */
uint32_t rf_sim_active_connections(void)
{
    return sim_locked(in_use_locked, NULL);
}

static uint32_t orphaned_locked(void *out)
{
    *(uint64_t *)out = sim_orphaned_count();
    return 0;
}

uint64_t rf_sim_orphaned_dials(void)
{
    uint64_t n = 0;
    sim_locked(orphaned_locked, &n);
    return n;
}

/* ------------------------------------------------------------------------
 * The hold-time histogram (atomics: RAS threads record into it unlocked)
 * ---------------------------------------------------------------------- */
void rf_sim_get_hold_histogram(rf_histogram *out)
{
    if (!out) return;
    sim_ready();
    sim_hold_copy(out);
}

void rf_sim_reset_hold_histogram(void)
{
    sim_ready();
    sim_hold_reset();
}
