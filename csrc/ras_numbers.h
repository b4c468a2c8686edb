/* Every RAS and Windows number rasfast uses: RASCONNSTATE, RDEOPT_ options,
 * error codes, string lengths, WM_RASDIALEVENT, notifier types, tunnel
 * endpoint types and connection substates.
 *
 * One place for them.  The C files include this header (ras_abi.h does), and
 * cffi's cdef reads it too (it is the first header csrc/rasfast.h lists), so
 * Python takes the numbers from the compiled module (lib.RF_RASCS_Connected,
 * lib.RF_ERROR_TIMEOUT) instead of writing them a second time.  For the cdef
 * they are plain enums: no macros, no suffixes, no #pragma.
 *
 * The values are the Windows SDK's (Ras.h, RasError.h, WinError.h, LMCons.h,
 * minwindef.h); .ci/steps/35-ras-abi.sh checks each one against mingw-w64's
 * headers at compile time. */
#ifndef RASFAST_RAS_NUMBERS_H
#define RASFAST_RAS_NUMBERS_H

/* RASCONNSTATE: running states from 0, paused states from RF_RASCS_PAUSED,
 * end states from RF_RASCS_DONE. */
enum {
    RF_RASCS_OpenPort = 0, RF_RASCS_PortOpened, RF_RASCS_ConnectDevice,
    RF_RASCS_DeviceConnected, RF_RASCS_AllDevicesConnected, RF_RASCS_Authenticate,
    RF_RASCS_AuthNotify, RF_RASCS_AuthRetry, RF_RASCS_AuthCallback,
    RF_RASCS_AuthChangePassword, RF_RASCS_AuthProject, RF_RASCS_AuthLinkSpeed,
    RF_RASCS_AuthAck, RF_RASCS_ReAuthenticate, RF_RASCS_Authenticated,
    RF_RASCS_PrepareForCallback, RF_RASCS_WaitForModemReset, RF_RASCS_WaitForCallback,
    RF_RASCS_Projected, RF_RASCS_StartAuthentication, RF_RASCS_CallbackComplete,
    RF_RASCS_LogonNetwork, RF_RASCS_SubEntryConnected, RF_RASCS_SubEntryDisconnected,
    RF_RASCS_ApplySettings,
    RF_RASCS_Interactive = 0x1000, RF_RASCS_RetryAuthentication,
    RF_RASCS_CallbackSetByCaller, RF_RASCS_PasswordExpired, RF_RASCS_InvokeEapUI,
    RF_RASCS_Connected = 0x2000, RF_RASCS_Disconnected
};
enum { RF_RASCS_PAUSED = 0x1000, RF_RASCS_DONE = 0x2000 };

/* The unMsg of every notification (and the message posted to a window). */
enum { RF_WM_RASDIALEVENT = 0xCCCD };

/* RasDialW's dwNotifierType (the RasDial reference page; the SDK names no
 * constants): which signature lpvNotifier has, or that it is an HWND. */
enum {
    RF_RAS_NOTIFIER_RASDIALFUNC = 0,
    RF_RAS_NOTIFIER_RASDIALFUNC1 = 1,
    RF_RAS_NOTIFIER_RASDIALFUNC2 = 2,
    RF_RAS_NOTIFIER_HWND = 0xFFFFFFFF
};

/* RASCONNSTATUSW (Windows 7): RASTUNNELENDPOINT.dwType and RASCONNSUBSTATE. */
enum {
    RF_RASTUNNELENDPOINT_UNKNOWN = 0,
    RF_RASTUNNELENDPOINT_IPv4 = 1,
    RF_RASTUNNELENDPOINT_IPv6 = 2
};
enum {
    RF_RASCSS_None = 0, RF_RASCSS_Dormant, RF_RASCSS_Reconnecting,
    RF_RASCSS_Reconnected = 0x2000
};

/* Windows errors (WinError.h). */
enum {
    RF_ERROR_SUCCESS = 0,
    RF_ERROR_INVALID_HANDLE = 6,
    RF_ERROR_NOT_ENOUGH_MEMORY = 8,
    RF_ERROR_INVALID_PARAMETER = 87,
    RF_ERROR_CALL_NOT_IMPLEMENTED = 120,
    RF_ERROR_INSUFFICIENT_BUFFER = 122,
    RF_ERROR_INVALID_NAME = 123,
    RF_ERROR_MOD_NOT_FOUND = 126,
    RF_ERROR_PROC_NOT_FOUND = 127,
    RF_ERROR_ALREADY_EXISTS = 183,
    RF_ERROR_INTERNAL_ERROR = 1359,
    RF_ERROR_TIMEOUT = 1460
};

/* RAS errors (RasError.h: RASBASE is 600). */
enum {
    RF_PENDING = 600,
    RF_ERROR_INVALID_PORT_HANDLE = 601,
    RF_ERROR_BUFFER_TOO_SMALL = 603,
    RF_ERROR_CANNOT_OPEN_PHONEBOOK = 621,
    RF_ERROR_PORT_DISCONNECTED = 619,
    RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY = 623,
    RF_ERROR_DISCONNECTION = 628,
    RF_ERROR_REMOTE_DISCONNECTION = 629,
    RF_ERROR_USER_DISCONNECTION = 631,
    RF_ERROR_INVALID_SIZE = 632,
    RF_ERROR_PORT_NOT_AVAILABLE = 633,
    RF_ERROR_PASSWD_EXPIRED = 648,
    RF_ERROR_NO_CONNECTION = 668,
    RF_ERROR_NO_ANSWER = 678,
    RF_ERROR_NO_CARRIER = 679,
    RF_ERROR_NO_DIALTONE = 680,
    RF_ERROR_AUTHENTICATION_FAILURE = 691,
    RF_ERROR_INTERACTIVE_MODE = 703,
    RF_ERROR_PPP_TIMEOUT = 718,
    RF_ERROR_PPP_NO_PROTOCOLS_CONFIGURED = 720,
    RF_ERROR_DIAL_ALREADY_IN_PROGRESS = 756,
    RF_ERROR_AUTOMATIC_VPN_FAILED = 800,
    RF_ERROR_VPN_TIMEOUT = 809,
    RF_ERROR_DNSNAME_NOT_RESOLVABLE = 868
};
/* After CONNECTED: a subentry that is down, a projection not (yet) there. */
enum {
    RF_ERROR_PORT_NOT_CONNECTED = 606,
    RF_ERROR_PROJECTION_NOT_COMPLETE = 730,
    RF_ERROR_PROTOCOL_NOT_CONFIGURED = 731
};

/* RasConnectionNotificationW's dwFlags (RASCN_); the handle that means
 * "every connection" is INVALID_HANDLE_VALUE. */
enum {
    RF_RASCN_Connection = 0x1,
    RF_RASCN_Disconnection = 0x2,
    RF_RASCN_BandwidthAdded = 0x4,
    RF_RASCN_BandwidthRemoved = 0x8
};

/* RasGetProjectionInfoW's RASPROJECTION, RasGetProjectionInfoEx's
 * RASAPIVERSION and RASPROJECTION_INFO_TYPE. */
enum { RF_RASP_PppIp = 0x8021, RF_RASP_PppIpv6 = 0x8057 };
enum { RF_RASAPIVERSION_601 = 4 };
enum { RF_PROJECTION_INFO_TYPE_PPP = 1, RF_PROJECTION_INFO_TYPE_IKEv2 = 2 };
/* What the projections report: PPP's LCP authentication protocol and CHAP
 * data, CCP's compression and options, IKEv2's authentication and cipher
 * (IPSEC_CIPHER_TYPE). */
enum {
    RF_RASLCPAP_PAP = 0xC023, RF_RASLCPAP_CHAP = 0xC223, RF_RASLCPAP_EAP = 0xC227,
    RF_RASLCPAD_CHAP_MD5 = 0x05, RF_RASLCPAD_CHAP_MS = 0x80, RF_RASLCPAD_CHAP_MSV2 = 0x81,
    RF_RASCCPCA_MPPC = 0x6, RF_RASCCPCA_STAC = 0x5,
    RF_RASCCPO_Compression = 0x1, RF_RASCCPO_HistoryLess = 0x2,
    RF_RASCCPO_Encryption56bit = 0x10, RF_RASCCPO_Encryption40bit = 0x20,
    RF_RASCCPO_Encryption128bit = 0x40,
    RF_RASIKEv2_AUTH_MACHINECERTIFICATES = 1, RF_RASIKEv2_AUTH_EAP = 2,
    RF_RASIKEv2_AUTH_PSK = 3,
    RF_IPSEC_CIPHER_TYPE_DES = 1, RF_IPSEC_CIPHER_TYPE_3DES = 2,
    RF_IPSEC_CIPHER_TYPE_AES_128 = 3, RF_IPSEC_CIPHER_TYPE_AES_192 = 4,
    RF_IPSEC_CIPHER_TYPE_AES_256 = 5
};
/* RAS_MaxIpAddress: RASPPPIPW's address strings ("255.255.255.255"). */
enum { RF_RAS_MaxIpAddress = 15 };

/* RASDIALEXTENSIONS.dwfOptions (RDEOPT_). */
enum {
    RF_RDEOPT_UsePrefixSuffix = 0x00000001,
    RF_RDEOPT_PausedStates = 0x00000002,
    RF_RDEOPT_IgnoreModemSpeaker = 0x00000004,
    RF_RDEOPT_SetModemSpeaker = 0x00000008,
    RF_RDEOPT_IgnoreSoftwareCompression = 0x00000010,
    RF_RDEOPT_SetSoftwareCompression = 0x00000020,
    RF_RDEOPT_DisableConnectedUI = 0x00000040,
    RF_RDEOPT_DisableReconnectUI = 0x00000080,
    RF_RDEOPT_DisableReconnect = 0x00000100,
    RF_RDEOPT_NoUser = 0x00000200,
    RF_RDEOPT_PauseOnScript = 0x00000400,
    RF_RDEOPT_Router = 0x00000800,
    RF_RDEOPT_CustomDial = 0x00001000,
    RF_RDEOPT_UseCustomScripting = 0x00002000
};

/* The string lengths the RAS structures are made of, in UTF-16 units (Ras.h,
 * LMCons.h; MAX_PATH from minwindef.h).  Most arrays are one longer, for the
 * NUL. */
enum {
    RF_RAS_MaxEntryName = 256,
    RF_RAS_MaxPhoneNumber = 128,
    RF_RAS_MaxCallbackNumber = 128,
    RF_RAS_MaxDeviceType = 16,
    RF_RAS_MaxDeviceName = 128,
    RF_UNLEN = 256,
    RF_PWLEN = 256,
    RF_DNLEN = 15,
    RF_MAX_PATH = 260,
    RF_RAS_MaxAreaCode = 10,
    RF_RAS_MaxPadType = 32,
    RF_RAS_MaxX25Address = 200,
    RF_RAS_MaxFacilities = 200,
    RF_RAS_MaxUserData = 200,
    RF_RAS_MaxDnsSuffix = 256,
    RF_RAS_MaxIDSize = 256
};

/* The phonebook (RASENTRYW, RASCREDENTIALSW): entry types, encryption types,
 * VPN strategies, the RASEO_/RASEO2_ option bits and RASNP_ protocols
 * rasfast models, and RASCREDENTIALSW.dwMask. */
enum { RF_RASET_Phone = 1, RF_RASET_Vpn = 2 };
enum { RF_ET_None = 0, RF_ET_Require = 1, RF_ET_RequireMax = 2, RF_ET_Optional = 3 };
enum {
    RF_VS_Default = 0, RF_VS_PptpOnly = 1, RF_VS_L2tpOnly = 3, RF_VS_SstpOnly = 5,
    RF_VS_Ikev2Only = 7
};
enum {
    RF_RASEO_RemoteDefaultGateway = 0x00000010,
    RF_RASEO_RequireDataEncryption = 0x00001000,
    RF_RASEO_RequireEAP = 0x00020000,
    RF_RASEO_RequirePAP = 0x00040000,
    RF_RASEO_RequireCHAP = 0x08000000,
    RF_RASEO_RequireMsCHAP2 = 0x20000000
};
enum {
    RF_RASEO2_UsePreSharedKey = 0x00000010,
    RF_RASEO2_RequireMachineCertificates = 0x00400000
};
enum { RF_RASNP_Ip = 0x00000004, RF_RASNP_Ipv6 = 0x00000008 };
enum {
    RF_RASCM_UserName = 0x00000001,
    RF_RASCM_Password = 0x00000002,
    RF_RASCM_Domain = 0x00000004,
    RF_RASCM_DefaultCreds = 0x00000008,
    RF_RASCM_PreSharedKey = 0x00000010
};

#endif /* RASFAST_RAS_NUMBERS_H */
