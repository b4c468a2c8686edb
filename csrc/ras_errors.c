/* The error texts rasfast gives off Windows (and where rasapi32 has none):
 * RasGetErrorStringW's semantics over rasfast's own table.
 *
 * The simulated service's RasGetErrorStringW is this function, so every
 * error the library raises outside Windows gets its message here.  The
 * wording is rasfast's own English, in the spirit of Windows' messages.
 * As the current reference page says (nf-ras-rasgeterrorstringa, Remarks):
 * ERROR_INVALID_PARAMETER for a bad argument or a code without a message,
 * ERROR_INSUFFICIENT_BUFFER for a buffer too small (older pages said
 * ERROR_INVALID_PARAMETER). */
#include <string.h>

#include "ras_abi.h"

static const struct {
    uint32_t code;
    const char *text;
} k_errors[] = {
    { RF_ERROR_SUCCESS, "The operation completed successfully." },
    { RF_ERROR_INVALID_HANDLE, "The handle is invalid." },
    { RF_ERROR_NOT_ENOUGH_MEMORY, "Not enough memory is available to complete this operation." },
    { RF_ERROR_INVALID_PARAMETER, "The parameter is incorrect." },
    { RF_ERROR_CALL_NOT_IMPLEMENTED, "This function is not supported on this system." },
    { RF_ERROR_INSUFFICIENT_BUFFER, "The data area passed to a system call is too small." },
    { RF_ERROR_MOD_NOT_FOUND, "The specified module could not be found." },
    { RF_ERROR_PROC_NOT_FOUND, "The specified procedure could not be found." },
    { RF_ERROR_INVALID_NAME, "The name is not valid: empty, too long, starting with a dot, or with a character such as \\ / : * ? \" < > |." },
    { RF_ERROR_ALREADY_EXISTS, "Cannot create an object that already exists." },
    { RF_PENDING, "An operation is pending." },
    { RF_ERROR_INVALID_PORT_HANDLE, "An invalid port handle was detected." },
    { RF_ERROR_BUFFER_TOO_SMALL, "The caller's buffer is too small." },
    { RF_ERROR_PORT_DISCONNECTED, "A connection to the remote computer could not be established, so the port used for this connection was closed." },
    { RF_ERROR_CANNOT_OPEN_PHONEBOOK, "The system could not open the phone book file." },
    { RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY, "The system could not find the phone book entry for this connection." },
    { RF_ERROR_DISCONNECTION, "The connection was terminated by the remote computer before it could be completed." },
    { RF_ERROR_REMOTE_DISCONNECTION, "The connection was closed by the remote computer." },
    { RF_ERROR_USER_DISCONNECTION, "The port was disconnected by the user." },
    { RF_ERROR_INVALID_SIZE, "An incorrect structure size was detected." },
    { RF_ERROR_PORT_NOT_AVAILABLE, "The modem or other connecting device is already in use or is not configured properly." },
    { RF_ERROR_PASSWD_EXPIRED, "The password for this connection has expired." },
    { RF_ERROR_NO_CONNECTION, "The connection was lost." },
    { RF_ERROR_NO_ANSWER, "The remote computer did not respond." },
    { RF_ERROR_NO_CARRIER, "The system could not detect the carrier." },
    { RF_ERROR_NO_DIALTONE, "There was no dial tone." },
    { RF_ERROR_AUTHENTICATION_FAILURE, "The remote connection was denied because the user name and password combination is not recognized, or the authentication protocol is not permitted on the remote access server." },
    { RF_ERROR_INTERACTIVE_MODE, "The connection needs information from you, but the application does not allow user interaction." },
    { RF_ERROR_PPP_TIMEOUT, "The connection was terminated because the remote computer did not respond in time." },
    { RF_ERROR_PPP_NO_PROTOCOLS_CONFIGURED, "A connection to the remote computer could not be established: no PPP control protocols are configured." },
    { RF_ERROR_DIAL_ALREADY_IN_PROGRESS, "This connection is already being dialed." },
    { RF_ERROR_AUTOMATIC_VPN_FAILED, "The remote connection was not made because the attempted VPN tunnels failed." },
    { RF_ERROR_VPN_TIMEOUT, "The network connection between your computer and the VPN server could not be established because the remote server is not responding." },
    { RF_ERROR_DNSNAME_NOT_RESOLVABLE, "The remote connection was not made because the name of the remote access server did not resolve." },
    { RF_ERROR_TIMEOUT, "This operation returned because the timeout period expired." },
};

uint32_t rf_ras_error_text(uint32_t code, rf_wchar *buf, uint32_t cch)
{
    if (!buf) return RF_ERROR_INVALID_PARAMETER;
    const char *text = NULL;
    for (size_t i = 0; i < sizeof k_errors / sizeof *k_errors; i++) {
        if (k_errors[i].code == code) {
            text = k_errors[i].text;
            break;
        }
    }
    if (!text) return RF_ERROR_INVALID_PARAMETER;
    size_t n = strlen(text);
    if (cch < n + 1) return RF_ERROR_INSUFFICIENT_BUFFER;
    for (size_t i = 0; i <= n; i++) buf[i] = (rf_wchar)(unsigned char)text[i];
    return 0;
}
