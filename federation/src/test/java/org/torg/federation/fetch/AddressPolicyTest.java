package org.torg.federation.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressPolicyTest {

  private static final AddressPolicy PRODUCTION = new AddressPolicy(false);
  private static final AddressPolicy TEST_FEDERATION = new AddressPolicy(true);

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      // IPv4
      "0.0.0.0, UNSPECIFIED",
      "0.1.2.3, THIS_NETWORK",
      "10.0.0.1, PRIVATE",
      "10.255.255.255, PRIVATE",
      "100.63.255.255, ALLOWED",
      "100.64.0.1, CGNAT",
      "100.127.255.255, CGNAT",
      "100.128.0.0, ALLOWED",
      "127.0.0.1, LOOPBACK",
      "127.255.0.9, LOOPBACK",
      "169.254.169.254, LINK_LOCAL",
      "172.15.255.255, ALLOWED",
      "172.16.0.1, PRIVATE",
      "172.31.255.255, PRIVATE",
      "172.32.0.0, ALLOWED",
      "192.0.0.8, RESERVED",
      "192.0.2.10, DOCUMENTATION",
      "192.168.1.1, PRIVATE",
      "198.18.0.1, RESERVED",
      "198.51.100.7, DOCUMENTATION",
      "203.0.113.9, DOCUMENTATION",
      "224.0.0.1, MULTICAST",
      "239.255.255.250, MULTICAST",
      "240.0.0.1, RESERVED",
      "255.255.255.254, RESERVED",
      "255.255.255.255, BROADCAST",
      "1.1.1.1, ALLOWED",
      "8.8.8.8, ALLOWED",
      "93.184.215.14, ALLOWED",
      // IPv6
      "::, UNSPECIFIED",
      "::1, LOOPBACK",
      "fe80::1, LINK_LOCAL",
      "febf:ffff::1, LINK_LOCAL",
      "fec0::1, PRIVATE",
      "fc00::1, UNIQUE_LOCAL",
      "fd12:3456:789a::1, UNIQUE_LOCAL",
      "ff02::1, MULTICAST",
      "2001:db8::1, DOCUMENTATION",
      "2001:0:4136:e378:8000:63bf:3fff:fdd2, RESERVED",
      "100::1, RESERVED",
      "::7f00:1, RESERVED",
      "4000::1, RESERVED",
      "2606:4700:4700::1111, ALLOWED",
      "2a00:1450:4001:81b::200e, ALLOWED",
      // IPv6 carrying IPv4: judged by the IPv4 address
      "::ffff:127.0.0.1, LOOPBACK",
      "::ffff:10.1.2.3, PRIVATE",
      "::ffff:169.254.169.254, LINK_LOCAL",
      "::ffff:8.8.8.8, ALLOWED",
      "64:ff9b::a00:1, PRIVATE",
      "64:ff9b::808:808, ALLOWED",
      "64:ff9b:1::1, RESERVED",
      "2002:7f00:1::1, LOOPBACK",
      "2002:c0a8:101::1, PRIVATE",
      "2002:808:808::1, ALLOWED",
  })
  void classifiesAddresses(String literal, AddressVerdict expected) throws UnknownHostException {
    InetAddress address = InetAddress.getByName(literal);
    assertEquals(expected, AddressPolicy.classify(address));
    assertEquals(expected, PRODUCTION.check(address));
    assertEquals(AddressVerdict.ALLOWED, TEST_FEDERATION.check(address), "a test federation allows all");
  }

  /** Java parses "::ffff:a.b.c.d" to IPv4, but raw bytes can still make a mapped Inet6Address. */
  @ParameterizedTest(name = "mapped {0} is {1}")
  @CsvSource({
      "127, 0, 0, 1, LOOPBACK",
      "0, 0, 0, 0, UNSPECIFIED",
      "192, 168, 0, 1, PRIVATE",
      "100, 64, 0, 1, CGNAT",
      "9, 9, 9, 9, ALLOWED",
  })
  void judgesIpv4MappedInet6AddressesByTheirIpv4Address(int a, int b, int c, int d, AddressVerdict expected)
      throws UnknownHostException {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) a, (byte) b, (byte) c, (byte) d};
    InetAddress address = Inet6Address.getByAddress(null, mapped, null);
    assertInstanceOf(Inet6Address.class, address);
    assertEquals(expected, PRODUCTION.check(address));
    assertEquals(AddressVerdict.ALLOWED, TEST_FEDERATION.check(address));
  }

  @Test
  void judgesALinkLocalAddressWithAScope() throws UnknownHostException {
    InetAddress scoped = Inet6Address.getByAddress("fe80::1",
        InetAddress.getByName("fe80::1").getAddress(), 1);
    assertEquals(AddressVerdict.LINK_LOCAL, PRODUCTION.check(scoped));
  }
}
