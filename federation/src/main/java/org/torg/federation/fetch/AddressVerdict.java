package org.torg.federation.fetch;

/**
 * What an IP address is, as far as fetching a stranger's document goes. Anything but
 * {@link #ALLOWED} names the reason the address is refused, so a log line says why.
 */
public enum AddressVerdict {
  /** A public unicast address: the fetcher may connect to it. */
  ALLOWED,
  /** 0.0.0.0 or {@code ::} — on Linux, connecting to it reaches this very host. */
  UNSPECIFIED,
  /** 0.0.0.0/8 other than 0.0.0.0: "this network", never a remote server. */
  THIS_NETWORK,
  /** 127.0.0.0/8, {@code ::1}. */
  LOOPBACK,
  /** 10/8, 172.16/12, 192.168/16 (RFC 1918), and the deprecated IPv6 site-local fec0::/10. */
  PRIVATE,
  /** 100.64.0.0/10, carrier-grade NAT (RFC 6598): a provider's internal network. */
  CGNAT,
  /** 169.254.0.0/16 (where cloud metadata services live), fe80::/10. */
  LINK_LOCAL,
  /** fc00::/7 (RFC 4193), IPv6's private networks. */
  UNIQUE_LOCAL,
  /** 224.0.0.0/4, ff00::/8. */
  MULTICAST,
  /** 255.255.255.255. */
  BROADCAST,
  /** 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20: examples, never servers. */
  DOCUMENTATION,
  /**
   * Everything else not routed on the public internet: 240/4, 192.0.0/24, 198.18/15, Teredo,
   * discard-only and any IPv6 address outside global unicast 2000::/3.
   */
  RESERVED
}
