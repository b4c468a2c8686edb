/* Statistics and projections of a connection through a provider table
 * (rf_watch.h): RAS_STATS for the connection or one link, and the
 * projection from RasGetProjectionInfoEx, or from RasGetProjectionInfoW's
 * RASP_PppIp and RASP_PppIpv6 where Ex is missing (before Windows 7). */
#include "rf_watch.h"
#include "rf_dial.h"
#include "ras_abi.h"

#include <string.h>

static const rf_provider *provider(uint32_t backend, uint32_t *rc)
{
    *rc = rf_backend_check(backend);
    return *rc ? NULL : (const rf_provider *)rf_provider_table(backend);
}

uint32_t rf_get_statistics(uint32_t backend, uint64_t hconn, uint32_t subentry,
                           rf_link_stats *out)
{
    uint32_t rc;
    const rf_provider *p = provider(backend, &rc);
    if (!out) return RF_ERROR_INVALID_PARAMETER;
    memset(out, 0, sizeof *out);
    if (!p) return rc;
    RF_RAS_STATS st;
    memset(&st, 0, sizeof st);
    st.dwSize = (uint32_t)sizeof st;
    rf_hrasconn h = (rf_hrasconn)(uintptr_t)hconn;
    if (subentry == 0) {
        if (!p->RasGetConnectionStatistics) return RF_ERROR_CALL_NOT_IMPLEMENTED;
        rc = p->RasGetConnectionStatistics(h, &st);
    } else {
        if (!p->RasGetLinkStatistics) return RF_ERROR_CALL_NOT_IMPLEMENTED;
        rc = p->RasGetLinkStatistics(h, subentry, &st);
    }
    if (rc) return rc;
    out->bytes_sent = st.dwBytesXmited;
    out->bytes_received = st.dwBytesRcved;
    out->frames_sent = st.dwFramesXmited;
    out->frames_received = st.dwFramesRcved;
    out->crc_errors = st.dwCrcErr;
    out->timeout_errors = st.dwTimeoutErr;
    out->alignment_errors = st.dwAlignmentErr;
    out->hardware_overrun_errors = st.dwHardwareOverrunErr;
    out->framing_errors = st.dwFramingErr;
    out->buffer_overrun_errors = st.dwBufferOverrunErr;
    out->compression_in = st.dwCompressionRatioIn;
    out->compression_out = st.dwCompressionRatioOut;
    out->bps = st.dwBps;
    out->duration_ms = st.dwConnectDuration;
    return 0;
}

uint32_t rf_clear_statistics(uint32_t backend, uint64_t hconn, uint32_t subentry)
{
    uint32_t rc;
    const rf_provider *p = provider(backend, &rc);
    if (!p) return rc;
    rf_hrasconn h = (rf_hrasconn)(uintptr_t)hconn;
    if (subentry == 0) {
        if (!p->RasClearConnectionStatistics) return RF_ERROR_CALL_NOT_IMPLEMENTED;
        return p->RasClearConnectionStatistics(h);
    }
    if (!p->RasClearLinkStatistics) return RF_ERROR_CALL_NOT_IMPLEMENTED;
    return p->RasClearLinkStatistics(h, subentry);
}

/* "a.b.c.d" (UTF-16) to 4 bytes: 1 when it is a dotted quad. */
static int parse_ipv4(const rf_wchar *s, uint8_t out[4])
{
    uint32_t part = 0, parts = 0, digits = 0;
    for (size_t i = 0; i <= RF_RAS_MaxIpAddress; i++) {
        rf_wchar ch = s[i];
        if (ch >= '0' && ch <= '9') {
            part = part * 10 + (uint32_t)(ch - '0');
            if (++digits > 3 || part > 255) return 0;
            continue;
        }
        if (!digits || parts == 4) return 0;
        out[parts++] = (uint8_t)part;
        part = digits = 0;
        if (ch == 0) return parts == 4;
        if (ch != '.') return 0;
    }
    return 0;
}

/* PPP's IPv6: fe80:: and the interface identifier. */
static void link_local(const uint8_t iid[8], uint8_t out[16])
{
    memset(out, 0, 16);
    out[0] = 0xfe;
    out[1] = 0x80;
    memcpy(out + 8, iid, 8);
}

static uint32_t projection_legacy(const rf_provider *p, rf_hrasconn h, rf_projection *out)
{
    if (!p->RasGetProjectionInfoW) return RF_ERROR_CALL_NOT_IMPLEMENTED;
    RF_RASPPPIPW ip;
    memset(&ip, 0, sizeof ip);
    ip.dwSize = (uint32_t)sizeof ip;
    uint32_t cb = (uint32_t)sizeof ip;
    uint32_t rc = p->RasGetProjectionInfoW(h, RF_RASP_PppIp, &ip, &cb);
    if (rc) return rc;
    out->kind = RF_PROJECTION_INFO_TYPE_PPP;
    if (ip.dwError == 0) {
        out->has_ipv4 = (uint32_t)parse_ipv4(ip.szIpAddress, out->ipv4);
        (void)parse_ipv4(ip.szServerIpAddress, out->server_ipv4);
    }
    RF_RASPPPIPV6 v6;
    memset(&v6, 0, sizeof v6);
    v6.dwSize = (uint32_t)sizeof v6;
    cb = (uint32_t)sizeof v6;
    if (p->RasGetProjectionInfoW(h, RF_RASP_PppIpv6, &v6, &cb) == 0 && v6.dwError == 0) {
        out->has_ipv6 = 1;
        link_local(v6.bLocalInterfaceIdentifier, out->ipv6);
        link_local(v6.bPeerInterfaceIdentifier, out->server_ipv6);
        out->ipv6_prefix_length = 64;
    }
    return 0;
}

static void from_ex(const RF_RAS_PROJECTION_INFO *info, rf_projection *out)
{
    out->used_ex = 1;
    out->kind = info->type;
    if (info->type == RF_PROJECTION_INFO_TYPE_IKEv2) {
        const RF_RASIKEV2_PROJECTION_INFO *k = &info->u.ikev2;
        out->has_ipv4 = k->dwIPv4NegotiationError == 0;
        memcpy(out->ipv4, k->ipv4Address, 4);
        memcpy(out->server_ipv4, k->ipv4ServerAddress, 4);
        out->has_ipv6 = k->dwIPv6NegotiationError == 0;
        memcpy(out->ipv6, k->ipv6Address, 16);
        memcpy(out->server_ipv6, k->ipv6ServerAddress, 16);
        out->ipv6_prefix_length = k->dwPrefixLength;
        out->auth_protocol = k->dwAuthenticationProtocol;
        out->eap_type = k->dwEapTypeId;
        out->encryption = k->dwEncryptionMethod;
        return;
    }
    const RF_RASPPP_PROJECTION_INFO *q = &info->u.ppp;
    out->has_ipv4 = q->dwIPv4NegotiationError == 0;
    memcpy(out->ipv4, q->ipv4Address, 4);
    memcpy(out->server_ipv4, q->ipv4ServerAddress, 4);
    out->has_ipv6 = q->dwIPv6NegotiationError == 0;
    if (out->has_ipv6) {
        link_local(q->bInterfaceIdentifier, out->ipv6);
        link_local(q->bServerInterfaceIdentifier, out->server_ipv6);
        out->ipv6_prefix_length = 64;
    }
    out->auth_protocol = q->dwAuthenticationProtocol;
    out->auth_data = q->dwAuthenticationData;
    out->eap_type = q->dwEapTypeId;
    out->encryption = q->dwCcpOptions;
    out->compression = q->dwCcpCompressionAlgorithm;
}

uint32_t rf_get_projection(uint32_t backend, uint64_t hconn, uint32_t use_ex, rf_projection *out)
{
    uint32_t rc;
    const rf_provider *p = provider(backend, &rc);
    if (!out) return RF_ERROR_INVALID_PARAMETER;
    memset(out, 0, sizeof *out);
    if (!p) return rc;
    rf_hrasconn h = (rf_hrasconn)(uintptr_t)hconn;
    if (!use_ex || !p->RasGetProjectionInfoEx) return projection_legacy(p, h, out);
    RF_RAS_PROJECTION_INFO info;
    memset(&info, 0, sizeof info);
    info.version = RF_RASAPIVERSION_601;
    uint32_t cb = (uint32_t)sizeof info;
    rc = p->RasGetProjectionInfoEx(h, &info, &cb);
    if (rc == RF_ERROR_CALL_NOT_IMPLEMENTED) return projection_legacy(p, h, out);
    if (rc) return rc;
    from_ex(&info, out);
    return 0;
}
