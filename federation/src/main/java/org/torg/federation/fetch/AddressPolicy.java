package org.torg.federation.fetch;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Decides which IP addresses the server may connect to when it fetches a remote document.
 *
 * <p>A remote actor chooses the URLs we fetch (key ids, {@code inReplyTo}, redirects), so without
 * this policy anyone on the fediverse could make the server read its own loopback services, the
 * cloud metadata endpoint at 169.254.169.254 or the private network behind it (SSRF). The policy
 * judges addresses, not names: the fetcher resolves the name itself and connects to the address
 * judged here.
 *
 * <p>IPv6 addresses that carry an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, NAT64
 * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by the IPv4 address they reach.
 */
public final class AddressPolicy {

  private static final List<Range> IPV4 = List.of(
      Range.of("0.0.0.0/32", AddressVerdict.UNSPECIFIED),
      Range.of("0.0.0.0/8", AddressVerdict.THIS_NETWORK),
      Range.of("10.0.0.0/8", AddressVerdict.PRIVATE),
      Range.of("100.64.0.0/10", AddressVerdict.CGNAT),
      Range.of("127.0.0.0/8", AddressVerdict.LOOPBACK),
      Range.of("169.254.0.0/16", AddressVerdict.LINK_LOCAL),
      Range.of("172.16.0.0/12", AddressVerdict.PRIVATE),
      Range.of("192.0.0.0/24", AddressVerdict.RESERVED),
      Range.of("192.0.2.0/24", AddressVerdict.DOCUMENTATION),
      Range.of("192.88.99.0/24", AddressVerdict.RESERVED),
      Range.of("192.168.0.0/16", AddressVerdict.PRIVATE),
      Range.of("198.18.0.0/15", AddressVerdict.RESERVED),
      Range.of("198.51.100.0/24", AddressVerdict.DOCUMENTATION),
      Range.of("203.0.113.0/24", AddressVerdict.DOCUMENTATION),
      Range.of("224.0.0.0/4", AddressVerdict.MULTICAST),
      Range.of("255.255.255.255/32", AddressVerdict.BROADCAST),
      Range.of("240.0.0.0/4", AddressVerdict.RESERVED));

  private static final List<Range> IPV6 = List.of(
      Range.of("::/128", AddressVerdict.UNSPECIFIED),
      Range.of("::1/128", AddressVerdict.LOOPBACK),
      Range.of("64:ff9b:1::/48", AddressVerdict.RESERVED),
      Range.of("100::/64", AddressVerdict.RESERVED),
      Range.of("2001::/32", AddressVerdict.RESERVED),
      Range.of("2001:db8::/32", AddressVerdict.DOCUMENTATION),
      Range.of("3fff::/20", AddressVerdict.DOCUMENTATION),
      Range.of("fc00::/7", AddressVerdict.UNIQUE_LOCAL),
      Range.of("fe80::/10", AddressVerdict.LINK_LOCAL),
      Range.of("fec0::/10", AddressVerdict.PRIVATE),
      Range.of("ff00::/8", AddressVerdict.MULTICAST));

  private static final Range GLOBAL_UNICAST_V6 = Range.of("2000::/3", AddressVerdict.ALLOWED);
  private static final Range IPV4_MAPPED = Range.of("::ffff:0:0/96", AddressVerdict.ALLOWED);
  private static final Range NAT64 = Range.of("64:ff9b::/96", AddressVerdict.ALLOWED);
  private static final Range SIX_TO_FOUR = Range.of("2002::/16", AddressVerdict.ALLOWED);

  private final boolean allowPrivateAddresses;

  /**
   * @param allowPrivateAddresses true only for test federations running on one machine or one
   *     private network: every address is then allowed.
   */
  public AddressPolicy(boolean allowPrivateAddresses) {
    this.allowPrivateAddresses = allowPrivateAddresses;
  }

  /** {@link AddressVerdict#ALLOWED}, or why the fetcher must not connect to {@code address}. */
  public AddressVerdict check(InetAddress address) {
    return allowPrivateAddresses ? AddressVerdict.ALLOWED : classify(address);
  }

  /** What {@code address} is, whatever this server's configuration. */
  public static AddressVerdict classify(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == 4 ? classifyV4(bytes) : classifyV6(bytes);
  }

  private static AddressVerdict classifyV4(byte[] bytes) {
    for (Range range : IPV4) {
      if (range.contains(bytes)) {
        return range.verdict();
      }
    }
    return AddressVerdict.ALLOWED;
  }

  private static AddressVerdict classifyV6(byte[] bytes) {
    // Java turns "::ffff:127.0.0.1" into an Inet4Address when it parses text, but an
    // Inet6Address built from raw bytes keeps the mapped form: judge the IPv4 address inside.
    if (IPV4_MAPPED.contains(bytes) || NAT64.contains(bytes)) {
      return classifyV4(Arrays.copyOfRange(bytes, 12, 16));
    }
    if (SIX_TO_FOUR.contains(bytes)) {
      return classifyV4(Arrays.copyOfRange(bytes, 2, 6));
    }
    for (Range range : IPV6) {
      if (range.contains(bytes)) {
        return range.verdict();
      }
    }
    // Every public IPv6 unicast address lies in 2000::/3; whatever else exists is not a server
    // on the internet (including the deprecated IPv4-compatible ::a.b.c.d).
    return GLOBAL_UNICAST_V6.contains(bytes) ? AddressVerdict.ALLOWED : AddressVerdict.RESERVED;
  }

  /** A CIDR block and the verdict on the addresses inside it. */
  private record Range(byte[] network, int prefixBits, AddressVerdict verdict) {

    static Range of(String cidr, AddressVerdict verdict) {
      int slash = cidr.indexOf('/');
      byte[] network = literal(cidr.substring(0, slash));
      return new Range(network, Integer.parseInt(cidr.substring(slash + 1)), verdict);
    }

    /**
     * Literal addresses never touch DNS. Raw bytes, because {@code InetAddress} would turn
     * {@code ::ffff:0:0} into an IPv4 address.
     */
    private static byte[] literal(String text) {
      try {
        InetAddress parsed = InetAddress.getByName(text);
        if (parsed instanceof Inet4Address && text.contains(":")) {
          byte[] mapped = new byte[16];
          mapped[10] = (byte) 0xff;
          mapped[11] = (byte) 0xff;
          System.arraycopy(parsed.getAddress(), 0, mapped, 12, 4);
          return mapped;
        }
        return parsed.getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an address literal: " + text, e);
      }
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int fullBytes = prefixBits / 8;
      for (int i = 0; i < fullBytes; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int remainingBits = prefixBits % 8;
      if (remainingBits == 0) {
        return true;
      }
      int mask = (0xff << (8 - remainingBits)) & 0xff;
      return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }
  }
}
