/*
 * constants.c — the module's integer constants (socket.rst:189-291).
 *
 * Values come from the C headers and only names the headers define are in
 * the table (socket.rst:244), which is why every entry sits under its own
 * #ifdef. The few defaults the document alludes to ("for a few symbols,
 * default values are provided") are CPython's: SOL_IP, SOL_TCP, SOL_UDP,
 * IPPORT_RESERVED, IPPORT_USERRESERVED and the INADDR_* values.
 *
 * <linux/in.h> and <linux/in6.h> are deliberately not included: they
 * redefine what glibc's <netinet/in.h> already declares.
 */
#include "internal.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#if defined(__has_include)
#if __has_include(<linux/can.h>)
#include <linux/can.h>
#define HAVE_LINUX_CAN_H 1
#endif
#if __has_include(<linux/can/raw.h>)
#include <linux/can/raw.h>
#define HAVE_LINUX_CAN_RAW_H 1
#endif
#if __has_include(<linux/can/bcm.h>)
#include <linux/can/bcm.h>
#define HAVE_LINUX_CAN_BCM_H 1
#endif
#if __has_include(<linux/tipc.h>)
#include <linux/tipc.h>
#define HAVE_LINUX_TIPC_H 1
#endif
#if __has_include(<linux/rds.h>)
#include <linux/rds.h>
#endif
#if __has_include(<linux/netlink.h>)
#include <linux/netlink.h>
#endif
#if __has_include(<linux/if_packet.h>)
#include <linux/if_packet.h>
#endif
#endif

#define C(name) {#name, (long long)(name)},
#define N(name, value) {#name, (long long)(value)},

static const sr_constant table[] = {
	/* Address families (socket.rst:189-197); AF_ROUTE is Linux's alias of AF_NETLINK */
#ifdef AF_UNSPEC
	C(AF_UNSPEC)
#endif
#ifdef AF_UNIX
	C(AF_UNIX)
#endif
#ifdef AF_INET
	C(AF_INET)
#endif
#ifdef AF_INET6
	C(AF_INET6)
#endif
#ifdef AF_APPLETALK
	C(AF_APPLETALK)
#endif
#ifdef AF_ASH
	C(AF_ASH)
#endif
#ifdef AF_ATMPVC
	C(AF_ATMPVC)
#endif
#ifdef AF_ATMSVC
	C(AF_ATMSVC)
#endif
#ifdef AF_AX25
	C(AF_AX25)
#endif
#ifdef AF_BLUETOOTH
	/* a family with a representation of its own (socket.rst:110-113) */
	C(AF_BLUETOOTH)
#endif
#ifdef AF_BRIDGE
	C(AF_BRIDGE)
#endif
#ifdef AF_CAN
	C(AF_CAN)
#endif
#ifdef AF_DECnet
	C(AF_DECnet)
#endif
#ifdef AF_ECONET
	C(AF_ECONET)
#endif
#ifdef AF_IPX
	C(AF_IPX)
#endif
#ifdef AF_IRDA
	C(AF_IRDA)
#endif
#ifdef AF_KEY
	C(AF_KEY)
#endif
#ifdef AF_LLC
	C(AF_LLC)
#endif
#ifdef AF_NETBEUI
	C(AF_NETBEUI)
#endif
#ifdef AF_NETLINK
	C(AF_NETLINK)
#endif
#ifdef AF_NETROM
	C(AF_NETROM)
#endif
#ifdef AF_PACKET
	C(AF_PACKET)
#endif
#ifdef AF_PPPOX
	C(AF_PPPOX)
#endif
#ifdef AF_QIPCRTR
	C(AF_QIPCRTR)
#endif
#ifdef AF_RDS
	C(AF_RDS)
#endif
#ifdef AF_ROSE
	C(AF_ROSE)
#endif
#ifdef AF_ROUTE
	C(AF_ROUTE)
#endif
#ifdef AF_SECURITY
	C(AF_SECURITY)
#endif
#ifdef AF_SNA
	C(AF_SNA)
#endif
#ifdef AF_TIPC
	C(AF_TIPC)
#endif
#ifdef AF_VSOCK
	C(AF_VSOCK)
#endif
#ifdef AF_WANPIPE
	C(AF_WANPIPE)
#endif
#ifdef AF_X25
	C(AF_X25)
#endif
#ifdef AF_ALG
	C(AF_ALG)
#endif
	/* Protocol families: only those the document names (socket.rst:248, 259) */
#ifdef PF_CAN
	C(PF_CAN)
#endif
#ifdef PF_PACKET
	C(PF_PACKET)
#endif
#ifdef PF_RDS
	C(PF_RDS)
#endif
	/* Socket types and creation flags (socket.rst:199-222) */
#ifdef SOCK_STREAM
	C(SOCK_STREAM)
#endif
#ifdef SOCK_DGRAM
	C(SOCK_DGRAM)
#endif
#ifdef SOCK_RAW
	C(SOCK_RAW)
#endif
#ifdef SOCK_RDM
	C(SOCK_RDM)
#endif
#ifdef SOCK_SEQPACKET
	C(SOCK_SEQPACKET)
#endif
#ifdef SOCK_CLOEXEC
	C(SOCK_CLOEXEC)
#endif
#ifdef SOCK_NONBLOCK
	C(SOCK_NONBLOCK)
#endif
	/* Socket options at SOL_SOCKET (socket.rst:226) */
#ifdef SO_DEBUG
	C(SO_DEBUG)
#endif
#ifdef SO_ACCEPTCONN
	C(SO_ACCEPTCONN)
#endif
#ifdef SO_REUSEADDR
	C(SO_REUSEADDR)
#endif
#ifdef SO_REUSEPORT
	C(SO_REUSEPORT)
#endif
#ifdef SO_KEEPALIVE
	C(SO_KEEPALIVE)
#endif
#ifdef SO_DONTROUTE
	C(SO_DONTROUTE)
#endif
#ifdef SO_BROADCAST
	C(SO_BROADCAST)
#endif
#ifdef SO_LINGER
	C(SO_LINGER)
#endif
#ifdef SO_OOBINLINE
	C(SO_OOBINLINE)
#endif
#ifdef SO_SNDBUF
	C(SO_SNDBUF)
#endif
#ifdef SO_RCVBUF
	C(SO_RCVBUF)
#endif
#ifdef SO_SNDLOWAT
	C(SO_SNDLOWAT)
#endif
#ifdef SO_RCVLOWAT
	C(SO_RCVLOWAT)
#endif
#ifdef SO_SNDTIMEO
	C(SO_SNDTIMEO)
#endif
#ifdef SO_RCVTIMEO
	C(SO_RCVTIMEO)
#endif
#ifdef SO_ERROR
	C(SO_ERROR)
#endif
#ifdef SO_TYPE
	C(SO_TYPE)
#endif
#ifdef SO_PASSCRED
	C(SO_PASSCRED)
#endif
#ifdef SO_PEERCRED
	C(SO_PEERCRED)
#endif
#ifdef SO_PASSSEC
	C(SO_PASSSEC)
#endif
#ifdef SO_PEERSEC
	C(SO_PEERSEC)
#endif
#ifdef SO_BINDTODEVICE
	C(SO_BINDTODEVICE)
#endif
#ifdef SO_PRIORITY
	C(SO_PRIORITY)
#endif
#ifdef SO_MARK
	C(SO_MARK)
#endif
#ifdef SO_DOMAIN
	C(SO_DOMAIN)
#endif
#ifdef SO_PROTOCOL
	C(SO_PROTOCOL)
#endif
#ifdef SO_INCOMING_CPU
	C(SO_INCOMING_CPU)
#endif
#ifdef SOMAXCONN
	C(SOMAXCONN)
#endif
	/* Message flags (socket.rst:228) */
#ifdef MSG_OOB
	C(MSG_OOB)
#endif
#ifdef MSG_PEEK
	C(MSG_PEEK)
#endif
#ifdef MSG_DONTROUTE
	C(MSG_DONTROUTE)
#endif
#ifdef MSG_DONTWAIT
	C(MSG_DONTWAIT)
#endif
#ifdef MSG_EOR
	C(MSG_EOR)
#endif
#ifdef MSG_TRUNC
	C(MSG_TRUNC)
#endif
#ifdef MSG_CTRUNC
	C(MSG_CTRUNC)
#endif
#ifdef MSG_WAITALL
	C(MSG_WAITALL)
#endif
#ifdef MSG_NOSIGNAL
	C(MSG_NOSIGNAL)
#endif
#ifdef MSG_CMSG_CLOEXEC
	C(MSG_CMSG_CLOEXEC)
#endif
#ifdef MSG_CONFIRM
	C(MSG_CONFIRM)
#endif
#ifdef MSG_ERRQUEUE
	C(MSG_ERRQUEUE)
#endif
#ifdef MSG_MORE
	C(MSG_MORE)
#endif
#ifdef MSG_FASTOPEN
	C(MSG_FASTOPEN)
#endif
	/* Option levels (socket.rst:229); SOL_IP/TCP/UDP get defaults below */
#ifdef SOL_SOCKET
	C(SOL_SOCKET)
#endif
#ifdef SOL_IP
	C(SOL_IP)
#endif
#ifdef SOL_TCP
	C(SOL_TCP)
#endif
#ifdef SOL_UDP
	C(SOL_UDP)
#endif
#ifdef SOL_IPX
	C(SOL_IPX)
#endif
#ifdef SOL_AX25
	C(SOL_AX25)
#endif
#ifdef SOL_ATALK
	C(SOL_ATALK)
#endif
#ifdef SOL_NETROM
	C(SOL_NETROM)
#endif
#ifdef SOL_ROSE
	C(SOL_ROSE)
#endif
#ifdef SOL_ALG
	C(SOL_ALG)
#endif
	/* Control-message types (socket.rst:230) */
#ifdef SCM_RIGHTS
	C(SCM_RIGHTS)
#endif
#ifdef SCM_CREDENTIALS
	C(SCM_CREDENTIALS)
#endif
#ifdef SCM_CREDS
	C(SCM_CREDS)
#endif
	/* Protocol numbers (socket.rst:231) */
#ifdef IPPROTO_IP
	C(IPPROTO_IP)
#endif
#ifdef IPPROTO_HOPOPTS
	C(IPPROTO_HOPOPTS)
#endif
#ifdef IPPROTO_ICMP
	C(IPPROTO_ICMP)
#endif
#ifdef IPPROTO_IGMP
	C(IPPROTO_IGMP)
#endif
#ifdef IPPROTO_IPIP
	C(IPPROTO_IPIP)
#endif
#ifdef IPPROTO_TCP
	C(IPPROTO_TCP)
#endif
#ifdef IPPROTO_EGP
	C(IPPROTO_EGP)
#endif
#ifdef IPPROTO_PUP
	C(IPPROTO_PUP)
#endif
#ifdef IPPROTO_UDP
	C(IPPROTO_UDP)
#endif
#ifdef IPPROTO_IDP
	C(IPPROTO_IDP)
#endif
#ifdef IPPROTO_TP
	C(IPPROTO_TP)
#endif
#ifdef IPPROTO_IPV6
	C(IPPROTO_IPV6)
#endif
#ifdef IPPROTO_ROUTING
	C(IPPROTO_ROUTING)
#endif
#ifdef IPPROTO_FRAGMENT
	C(IPPROTO_FRAGMENT)
#endif
#ifdef IPPROTO_RSVP
	C(IPPROTO_RSVP)
#endif
#ifdef IPPROTO_GRE
	C(IPPROTO_GRE)
#endif
#ifdef IPPROTO_ESP
	C(IPPROTO_ESP)
#endif
#ifdef IPPROTO_AH
	C(IPPROTO_AH)
#endif
#ifdef IPPROTO_ICMPV6
	C(IPPROTO_ICMPV6)
#endif
#ifdef IPPROTO_NONE
	C(IPPROTO_NONE)
#endif
#ifdef IPPROTO_DSTOPTS
	C(IPPROTO_DSTOPTS)
#endif
#ifdef IPPROTO_PIM
	C(IPPROTO_PIM)
#endif
#ifdef IPPROTO_SCTP
	C(IPPROTO_SCTP)
#endif
#ifdef IPPROTO_UDPLITE
	C(IPPROTO_UDPLITE)
#endif
#ifdef IPPROTO_MPTCP
	C(IPPROTO_MPTCP)
#endif
#ifdef IPPROTO_RAW
	C(IPPROTO_RAW)
#endif
	/* Shutdown directions (socket.rst:1075) */
#ifdef SHUT_RD
	C(SHUT_RD)
#endif
#ifdef SHUT_WR
	C(SHUT_WR)
#endif
#ifdef SHUT_RDWR
	C(SHUT_RDWR)
#endif
	/* IPv4 options (socket.rst:234) */
#ifdef IP_OPTIONS
	C(IP_OPTIONS)
#endif
#ifdef IP_HDRINCL
	C(IP_HDRINCL)
#endif
#ifdef IP_TOS
	C(IP_TOS)
#endif
#ifdef IP_TTL
	C(IP_TTL)
#endif
#ifdef IP_RECVOPTS
	C(IP_RECVOPTS)
#endif
#ifdef IP_RECVRETOPTS
	C(IP_RECVRETOPTS)
#endif
#ifdef IP_RECVTOS
	C(IP_RECVTOS)
#endif
#ifdef IP_RETOPTS
	C(IP_RETOPTS)
#endif
#ifdef IP_MULTICAST_IF
	C(IP_MULTICAST_IF)
#endif
#ifdef IP_MULTICAST_TTL
	C(IP_MULTICAST_TTL)
#endif
#ifdef IP_MULTICAST_LOOP
	C(IP_MULTICAST_LOOP)
#endif
#ifdef IP_ADD_MEMBERSHIP
	C(IP_ADD_MEMBERSHIP)
#endif
#ifdef IP_DROP_MEMBERSHIP
	C(IP_DROP_MEMBERSHIP)
#endif
#ifdef IP_DEFAULT_MULTICAST_TTL
	C(IP_DEFAULT_MULTICAST_TTL)
#endif
#ifdef IP_DEFAULT_MULTICAST_LOOP
	C(IP_DEFAULT_MULTICAST_LOOP)
#endif
#ifdef IP_MAX_MEMBERSHIPS
	C(IP_MAX_MEMBERSHIPS)
#endif
#ifdef IP_TRANSPARENT
	C(IP_TRANSPARENT)
#endif
#ifdef IP_BIND_ADDRESS_NO_PORT
	C(IP_BIND_ADDRESS_NO_PORT)
#endif
	/* IPv6 options (socket.rst:234) */
#ifdef IPV6_JOIN_GROUP
	C(IPV6_JOIN_GROUP)
#endif
#ifdef IPV6_LEAVE_GROUP
	C(IPV6_LEAVE_GROUP)
#endif
#ifdef IPV6_MULTICAST_HOPS
	C(IPV6_MULTICAST_HOPS)
#endif
#ifdef IPV6_MULTICAST_IF
	C(IPV6_MULTICAST_IF)
#endif
#ifdef IPV6_MULTICAST_LOOP
	C(IPV6_MULTICAST_LOOP)
#endif
#ifdef IPV6_UNICAST_HOPS
	C(IPV6_UNICAST_HOPS)
#endif
#ifdef IPV6_V6ONLY
	C(IPV6_V6ONLY)
#endif
#ifdef IPV6_CHECKSUM
	C(IPV6_CHECKSUM)
#endif
#ifdef IPV6_DONTFRAG
	C(IPV6_DONTFRAG)
#endif
#ifdef IPV6_DSTOPTS
	C(IPV6_DSTOPTS)
#endif
#ifdef IPV6_HOPLIMIT
	C(IPV6_HOPLIMIT)
#endif
#ifdef IPV6_HOPOPTS
	C(IPV6_HOPOPTS)
#endif
#ifdef IPV6_NEXTHOP
	C(IPV6_NEXTHOP)
#endif
#ifdef IPV6_PATHMTU
	C(IPV6_PATHMTU)
#endif
#ifdef IPV6_PKTINFO
	C(IPV6_PKTINFO)
#endif
#ifdef IPV6_RECVDSTOPTS
	C(IPV6_RECVDSTOPTS)
#endif
#ifdef IPV6_RECVHOPLIMIT
	C(IPV6_RECVHOPLIMIT)
#endif
#ifdef IPV6_RECVHOPOPTS
	C(IPV6_RECVHOPOPTS)
#endif
#ifdef IPV6_RECVPKTINFO
	C(IPV6_RECVPKTINFO)
#endif
#ifdef IPV6_RECVRTHDR
	C(IPV6_RECVRTHDR)
#endif
#ifdef IPV6_RECVTCLASS
	C(IPV6_RECVTCLASS)
#endif
#ifdef IPV6_RTHDR
	C(IPV6_RTHDR)
#endif
#ifdef IPV6_RTHDRDSTOPTS
	C(IPV6_RTHDRDSTOPTS)
#endif
#ifdef IPV6_RTHDR_TYPE_0
	C(IPV6_RTHDR_TYPE_0)
#endif
#ifdef IPV6_RECVPATHMTU
	C(IPV6_RECVPATHMTU)
#endif
#ifdef IPV6_TCLASS
	C(IPV6_TCLASS)
#endif
	/* TCP options (socket.rst:234) */
#ifdef TCP_NODELAY
	C(TCP_NODELAY)
#endif
#ifdef TCP_MAXSEG
	C(TCP_MAXSEG)
#endif
#ifdef TCP_CORK
	C(TCP_CORK)
#endif
#ifdef TCP_KEEPIDLE
	C(TCP_KEEPIDLE)
#endif
#ifdef TCP_KEEPINTVL
	C(TCP_KEEPINTVL)
#endif
#ifdef TCP_KEEPCNT
	C(TCP_KEEPCNT)
#endif
#ifdef TCP_SYNCNT
	C(TCP_SYNCNT)
#endif
#ifdef TCP_LINGER2
	C(TCP_LINGER2)
#endif
#ifdef TCP_DEFER_ACCEPT
	C(TCP_DEFER_ACCEPT)
#endif
#ifdef TCP_WINDOW_CLAMP
	C(TCP_WINDOW_CLAMP)
#endif
#ifdef TCP_INFO
	C(TCP_INFO)
#endif
#ifdef TCP_QUICKACK
	C(TCP_QUICKACK)
#endif
#ifdef TCP_FASTOPEN
	C(TCP_FASTOPEN)
#endif
#ifdef TCP_CONGESTION
	C(TCP_CONGESTION)
#endif
#ifdef TCP_USER_TIMEOUT
	C(TCP_USER_TIMEOUT)
#endif
#ifdef TCP_NOTSENT_LOWAT
	C(TCP_NOTSENT_LOWAT)
#endif
	/* getaddrinfo errors and flags, getnameinfo flags (socket.rst:236) */
#ifdef EAI_ADDRFAMILY
	C(EAI_ADDRFAMILY)
#endif
#ifdef EAI_AGAIN
	C(EAI_AGAIN)
#endif
#ifdef EAI_BADFLAGS
	C(EAI_BADFLAGS)
#endif
#ifdef EAI_FAIL
	C(EAI_FAIL)
#endif
#ifdef EAI_FAMILY
	C(EAI_FAMILY)
#endif
#ifdef EAI_MEMORY
	C(EAI_MEMORY)
#endif
#ifdef EAI_NODATA
	C(EAI_NODATA)
#endif
#ifdef EAI_NONAME
	C(EAI_NONAME)
#endif
#ifdef EAI_OVERFLOW
	C(EAI_OVERFLOW)
#endif
#ifdef EAI_SERVICE
	C(EAI_SERVICE)
#endif
#ifdef EAI_SOCKTYPE
	C(EAI_SOCKTYPE)
#endif
#ifdef EAI_SYSTEM
	C(EAI_SYSTEM)
#endif
#ifdef AI_PASSIVE
	C(AI_PASSIVE)
#endif
#ifdef AI_CANONNAME
	C(AI_CANONNAME)
#endif
#ifdef AI_NUMERICHOST
	C(AI_NUMERICHOST)
#endif
#ifdef AI_NUMERICSERV
	C(AI_NUMERICSERV)
#endif
#ifdef AI_V4MAPPED
	C(AI_V4MAPPED)
#endif
#ifdef AI_ALL
	C(AI_ALL)
#endif
#ifdef AI_ADDRCONFIG
	C(AI_ADDRCONFIG)
#endif
#ifdef NI_MAXHOST
	C(NI_MAXHOST)
#endif
#ifdef NI_MAXSERV
	C(NI_MAXSERV)
#endif
#ifdef NI_NOFQDN
	C(NI_NOFQDN)
#endif
#ifdef NI_NUMERICHOST
	C(NI_NUMERICHOST)
#endif
#ifdef NI_NAMEREQD
	C(NI_NAMEREQD)
#endif
#ifdef NI_NUMERICSERV
	C(NI_NUMERICSERV)
#endif
#ifdef NI_DGRAM
	C(NI_DGRAM)
#endif
	/* CAN (socket.rst:247-256), from <linux/can.h>, <linux/can/raw.h>, <linux/can/bcm.h> */
#ifdef CAN_RAW
	C(CAN_RAW)
#endif
#ifdef CAN_BCM
	C(CAN_BCM)
#endif
#ifdef CAN_ISOTP
	C(CAN_ISOTP)
#endif
#ifdef CAN_J1939
	C(CAN_J1939)
#endif
#ifdef CAN_EFF_FLAG
	C(CAN_EFF_FLAG)
#endif
#ifdef CAN_RTR_FLAG
	C(CAN_RTR_FLAG)
#endif
#ifdef CAN_ERR_FLAG
	C(CAN_ERR_FLAG)
#endif
#ifdef CAN_SFF_MASK
	C(CAN_SFF_MASK)
#endif
#ifdef CAN_EFF_MASK
	C(CAN_EFF_MASK)
#endif
#ifdef CAN_ERR_MASK
	C(CAN_ERR_MASK)
#endif
#ifdef SOL_CAN_BASE
	C(SOL_CAN_BASE)
#endif
#ifdef SOL_CAN_RAW
	C(SOL_CAN_RAW)
#endif
	/* RDS (socket.rst:258-268), from <linux/rds.h> */
#ifdef SOL_RDS
	C(SOL_RDS)
#endif
#ifdef RDS_CANCEL_SENT_TO
	C(RDS_CANCEL_SENT_TO)
#endif
#ifdef RDS_GET_MR
	C(RDS_GET_MR)
#endif
#ifdef RDS_FREE_MR
	C(RDS_FREE_MR)
#endif
#ifdef RDS_RECVERR
	C(RDS_RECVERR)
#endif
#ifdef RDS_CONG_MONITOR
	C(RDS_CONG_MONITOR)
#endif
#ifdef RDS_GET_MR_FOR_DEST
	C(RDS_GET_MR_FOR_DEST)
#endif
#ifdef RDS_CMSG_RDMA_ARGS
	C(RDS_CMSG_RDMA_ARGS)
#endif
#ifdef RDS_CMSG_RDMA_DEST
	C(RDS_CMSG_RDMA_DEST)
#endif
#ifdef RDS_CMSG_RDMA_MAP
	C(RDS_CMSG_RDMA_MAP)
#endif
#ifdef RDS_CMSG_RDMA_STATUS
	C(RDS_CMSG_RDMA_STATUS)
#endif
#ifdef RDS_CMSG_RDMA_UPDATE
	C(RDS_CMSG_RDMA_UPDATE)
#endif
#ifdef RDS_RDMA_READWRITE
	C(RDS_RDMA_READWRITE)
#endif
#ifdef RDS_RDMA_FENCE
	C(RDS_RDMA_FENCE)
#endif
#ifdef RDS_RDMA_INVALIDATE
	C(RDS_RDMA_INVALIDATE)
#endif
#ifdef RDS_RDMA_USE_ONCE
	C(RDS_RDMA_USE_ONCE)
#endif
#ifdef RDS_RDMA_DONTWAIT
	C(RDS_RDMA_DONTWAIT)
#endif
#ifdef RDS_RDMA_NOTIFY_ME
	C(RDS_RDMA_NOTIFY_ME)
#endif
#ifdef RDS_RDMA_SILENT
	C(RDS_RDMA_SILENT)
#endif
	/* TIPC (socket.rst:281-285), from <linux/tipc.h> */
#ifdef SOL_TIPC
	C(SOL_TIPC)
#endif
#ifdef TIPC_ADDR_NAMESEQ
	C(TIPC_ADDR_NAMESEQ)
#endif
#ifdef TIPC_ADDR_NAME
	C(TIPC_ADDR_NAME)
#endif
#ifdef TIPC_ADDR_ID
	C(TIPC_ADDR_ID)
#endif
#ifdef TIPC_ZONE_SCOPE
	C(TIPC_ZONE_SCOPE)
#endif
#ifdef TIPC_IMPORTANCE
	C(TIPC_IMPORTANCE)
#endif
#ifdef TIPC_SRC_DROPPABLE
	C(TIPC_SRC_DROPPABLE)
#endif
#ifdef TIPC_DEST_DROPPABLE
	C(TIPC_DEST_DROPPABLE)
#endif
#ifdef TIPC_CONN_TIMEOUT
	C(TIPC_CONN_TIMEOUT)
#endif
#ifdef TIPC_LOW_IMPORTANCE
	C(TIPC_LOW_IMPORTANCE)
#endif
#ifdef TIPC_MEDIUM_IMPORTANCE
	C(TIPC_MEDIUM_IMPORTANCE)
#endif
#ifdef TIPC_HIGH_IMPORTANCE
	C(TIPC_HIGH_IMPORTANCE)
#endif
#ifdef TIPC_CRITICAL_IMPORTANCE
	C(TIPC_CRITICAL_IMPORTANCE)
#endif
#ifdef TIPC_SUB_PORTS
	C(TIPC_SUB_PORTS)
#endif
#ifdef TIPC_SUB_SERVICE
	C(TIPC_SUB_SERVICE)
#endif
#ifdef TIPC_SUB_CANCEL
	C(TIPC_SUB_CANCEL)
#endif
#ifdef TIPC_WAIT_FOREVER
	C(TIPC_WAIT_FOREVER)
#endif
#ifdef TIPC_PUBLISHED
	C(TIPC_PUBLISHED)
#endif
#ifdef TIPC_WITHDRAWN
	C(TIPC_WITHDRAWN)
#endif
#ifdef TIPC_SUBSCR_TIMEOUT
	C(TIPC_SUBSCR_TIMEOUT)
#endif
#ifdef TIPC_CFG_SRV
	C(TIPC_CFG_SRV)
#endif
#ifdef TIPC_TOP_SRV
	C(TIPC_TOP_SRV)
#endif
	/* Netlink protocols (socket.rst:73; not in "Module contents", doc-notes.md "73"), from <linux/netlink.h> */
#ifdef NETLINK_ROUTE
	C(NETLINK_ROUTE)
#endif
#ifdef NETLINK_SKIP
	C(NETLINK_SKIP)
#endif
#ifdef NETLINK_W1
	C(NETLINK_W1)
#endif
#ifdef NETLINK_USERSOCK
	C(NETLINK_USERSOCK)
#endif
#ifdef NETLINK_FIREWALL
	C(NETLINK_FIREWALL)
#endif
#ifdef NETLINK_TCPDIAG
	C(NETLINK_TCPDIAG)
#endif
#ifdef NETLINK_NFLOG
	C(NETLINK_NFLOG)
#endif
#ifdef NETLINK_XFRM
	C(NETLINK_XFRM)
#endif
#ifdef NETLINK_ARPD
	C(NETLINK_ARPD)
#endif
#ifdef NETLINK_ROUTE6
	C(NETLINK_ROUTE6)
#endif
#ifdef NETLINK_IP6_FW
	C(NETLINK_IP6_FW)
#endif
#ifdef NETLINK_DNRTMSG
	C(NETLINK_DNRTMSG)
#endif
#ifdef NETLINK_TAPBASE
	C(NETLINK_TAPBASE)
#endif
#ifdef NETLINK_CRYPTO
	C(NETLINK_CRYPTO)
#endif
	/* AF_PACKET packet types (socket.rst:110), from <linux/if_packet.h> */
#ifdef PACKET_HOST
	C(PACKET_HOST)
#endif
#ifdef PACKET_BROADCAST
	C(PACKET_BROADCAST)
#endif
#ifdef PACKET_MULTICAST
	C(PACKET_MULTICAST)
#endif
#ifdef PACKET_OTHERHOST
	C(PACKET_OTHERHOST)
#endif
#ifdef PACKET_OUTGOING
	C(PACKET_OUTGOING)
#endif
#ifdef PACKET_LOOPBACK
	C(PACKET_LOOPBACK)
#endif
#ifdef PACKET_FASTROUTE
	C(PACKET_FASTROUTE)
#endif

	/* Enumerators, not macros, so #ifdef cannot see them: they are
	 * present exactly when their header is. CPython exports the BCM
	 * opcodes with a CAN_BCM_ prefix (TX_SETUP is CAN_BCM_TX_SETUP). */
#ifdef HAVE_LINUX_CAN_RAW_H
	C(CAN_RAW_FILTER)
	C(CAN_RAW_ERR_FILTER)
	C(CAN_RAW_LOOPBACK)
	C(CAN_RAW_RECV_OWN_MSGS)
	C(CAN_RAW_FD_FRAMES)
	C(CAN_RAW_JOIN_FILTERS)
#endif
#ifdef HAVE_LINUX_TIPC_H
	/* Enumerators in current headers, macros in old ones. */
	C(TIPC_CLUSTER_SCOPE)
	C(TIPC_NODE_SCOPE)
#endif
#ifdef HAVE_LINUX_CAN_BCM_H
	N(CAN_BCM_TX_SETUP, TX_SETUP)
	N(CAN_BCM_TX_DELETE, TX_DELETE)
	N(CAN_BCM_TX_READ, TX_READ)
	N(CAN_BCM_TX_SEND, TX_SEND)
	N(CAN_BCM_RX_SETUP, RX_SETUP)
	N(CAN_BCM_RX_DELETE, RX_DELETE)
	N(CAN_BCM_RX_READ, RX_READ)
	N(CAN_BCM_TX_STATUS, TX_STATUS)
	N(CAN_BCM_TX_EXPIRED, TX_EXPIRED)
	N(CAN_BCM_RX_STATUS, RX_STATUS)
	N(CAN_BCM_RX_TIMEOUT, RX_TIMEOUT)
	N(CAN_BCM_RX_CHANGED, RX_CHANGED)
#endif
	/* The BCM flags are macros. */
#ifdef SETTIMER
	N(CAN_BCM_SETTIMER, SETTIMER)
#endif
#ifdef STARTTIMER
	N(CAN_BCM_STARTTIMER, STARTTIMER)
#endif
#ifdef TX_COUNTEVT
	N(CAN_BCM_TX_COUNTEVT, TX_COUNTEVT)
#endif
#ifdef TX_ANNOUNCE
	N(CAN_BCM_TX_ANNOUNCE, TX_ANNOUNCE)
#endif
#ifdef TX_CP_CAN_ID
	N(CAN_BCM_TX_CP_CAN_ID, TX_CP_CAN_ID)
#endif
#ifdef RX_FILTER_ID
	N(CAN_BCM_RX_FILTER_ID, RX_FILTER_ID)
#endif
#ifdef RX_CHECK_DLC
	N(CAN_BCM_RX_CHECK_DLC, RX_CHECK_DLC)
#endif
#ifdef RX_NO_AUTOTIMER
	N(CAN_BCM_RX_NO_AUTOTIMER, RX_NO_AUTOTIMER)
#endif
#ifdef RX_ANNOUNCE_RESUME
	N(CAN_BCM_RX_ANNOUNCE_RESUME, RX_ANNOUNCE_RESUME)
#endif
#ifdef TX_RESET_MULTI_IDX
	N(CAN_BCM_TX_RESET_MULTI_IDX, TX_RESET_MULTI_IDX)
#endif
#ifdef RX_RTR_FRAME
	N(CAN_BCM_RX_RTR_FRAME, RX_RTR_FRAME)
#endif
#ifdef CAN_FD_FRAME
	N(CAN_BCM_CAN_FD_FRAME, CAN_FD_FRAME)
#endif

	/* Port limits and IPv4 addresses (socket.rst:232-233), host order,
	 * with CPython's defaults where a header lacks them. */
#ifdef IPPORT_RESERVED
	C(IPPORT_RESERVED)
#else
	N(IPPORT_RESERVED, 1024)
#endif
#ifdef IPPORT_USERRESERVED
	C(IPPORT_USERRESERVED)
#else
	N(IPPORT_USERRESERVED, 5000)
#endif
#ifdef INADDR_ANY
	C(INADDR_ANY)
#else
	N(INADDR_ANY, 0x00000000)
#endif
#ifdef INADDR_BROADCAST
	C(INADDR_BROADCAST)
#else
	N(INADDR_BROADCAST, 0xffffffff)
#endif
#ifdef INADDR_LOOPBACK
	C(INADDR_LOOPBACK)
#else
	N(INADDR_LOOPBACK, 0x7f000001)
#endif
#ifdef INADDR_UNSPEC_GROUP
	C(INADDR_UNSPEC_GROUP)
#else
	N(INADDR_UNSPEC_GROUP, 0xe0000000)
#endif
#ifdef INADDR_ALLHOSTS_GROUP
	C(INADDR_ALLHOSTS_GROUP)
#else
	N(INADDR_ALLHOSTS_GROUP, 0xe0000001)
#endif
#ifdef INADDR_MAX_LOCAL_GROUP
	C(INADDR_MAX_LOCAL_GROUP)
#else
	N(INADDR_MAX_LOCAL_GROUP, 0xe00000ff)
#endif
#ifdef INADDR_NONE
	C(INADDR_NONE)
#else
	N(INADDR_NONE, 0xffffffff)
#endif

	/* Option levels glibc leaves to the kernel headers; CPython's
	 * defaults are the protocol numbers. */
#ifndef SOL_IP
	N(SOL_IP, 0)
#endif
#ifndef SOL_TCP
	N(SOL_TCP, 6)
#endif
#ifndef SOL_UDP
	N(SOL_UDP, 17)
#endif

	/* A bool in Python (socket.rst:287): this build always has IPv6,
	 * whether or not the running kernel or namespace enables it. */
	N(has_ipv6, 1)
};

#undef C
#undef N

const sr_constant *sr_constants(size_t *n)
{
	*n = sizeof table / sizeof table[0];
	return table;
}

int sr_constant_value(const char *name, long long *value)
{
	size_t i;

	if (name == NULL)
		return -1;
	for (i = 0; i < sizeof table / sizeof table[0]; i++) {
		if (strcmp(table[i].name, name) == 0) {
			*value = table[i].value;
			return 0;
		}
	}
	return -1;
}
