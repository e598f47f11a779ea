package org.torg.federation.fetch;

import io.vertx.core.Future;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Resolves a host name and returns an address to connect to only when every address the name
 * has passes the address check. Shared by everything that connects to a URL a stranger chose:
 * document fetches, and deliveries to the inboxes remote actors name.
 */
public final class VettedResolver {

  private final HostResolver resolver;
  private final Function<InetAddress, AddressVerdict> addressCheck;

  /**
   * @param addressCheck usually {@link AddressPolicy#check}; tests pass one that lets a
   *     loopback address stand in for a public one
   */
  public VettedResolver(HostResolver resolver, Function<InetAddress, AddressVerdict> addressCheck) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.addressCheck = Objects.requireNonNull(addressCheck, "addressCheck");
  }

  /**
   * Every address the name resolves to must pass, not only the one connected to: a name that
   * mixes public and private addresses is a probe, and refusing it is simpler than picking.
   *
   * @return the address to connect to; or a failed future with a {@link FetchException}:
   *     {@link FetchException.Reason#UNRESOLVABLE_HOST} when the name does not resolve (often
   *     passing: worth retrying later), {@link FetchException.Reason#ADDRESS_NOT_ALLOWED} when
   *     an address is refused, the message naming the address and its {@link AddressVerdict}
   */
  public Future<InetAddress> addressToConnect(String hostName) {
    return resolver.resolve(hostName)
        .recover(failure -> Future.failedFuture(new FetchException(FetchException.Reason.UNRESOLVABLE_HOST,
            "cannot resolve " + hostName, failure)))
        .map(addresses -> vetted(hostName, addresses));
  }

  /** Releases the resolver. */
  public Future<Void> close() {
    return resolver.close();
  }

  private InetAddress vetted(String hostName, List<InetAddress> addresses) {
    if (addresses.isEmpty()) {
      throw new FetchException(FetchException.Reason.UNRESOLVABLE_HOST, "no address for " + hostName);
    }
    for (InetAddress address : addresses) {
      AddressVerdict verdict = addressCheck.apply(address);
      if (verdict != AddressVerdict.ALLOWED) {
        throw new FetchException(FetchException.Reason.ADDRESS_NOT_ALLOWED,
            hostName + " resolves to " + address.getHostAddress() + " (" + verdict + ")");
      }
    }
    return addresses.get(0);
  }
}
