package org.torg.server.app;

import org.torg.server.config.TorgConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Vert.x for one node of several (cluster.enabled): Hazelcast joins the static member list over
 * TCP/IP, never multicast, bound to {@code cluster.host} only, and the clustered event bus listens
 * on the same host. The cluster's name is derived from the public URL, so the nodes of two
 * instances on one network never merge into one cluster.
 */
final class ClusteredVertx {

  private ClusteredVertx() {}

  /** Blocking only to resolve {@code cluster.host} to the address Hazelcast binds (it takes IP addresses). */
  static Future<Vertx> start(TorgConfig config) throws StartupException {
    TorgConfig.Cluster cluster = config.cluster();
    String address;
    try {
      address = java.net.InetAddress.getByName(cluster.host()).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new StartupException("cluster.host " + cluster.host() + " does not resolve: " + e.getMessage());
    }
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName("torg-" + config.publicAuthority().replace(':', '-'));
    // Hazelcast's own shutdown hook would leave the cluster before Torg has drained its requests.
    hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false");
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    // Bind to the configured address alone, not to every interface (an address of the loopback
    // range, as in the tests, is no interface's own: hence the local address, not an interface list).
    hazelcast.setProperty("hazelcast.socket.bind.any", "false");
    hazelcast.setProperty("hazelcast.local.localAddress", address);
    // A member that vanished (SIGKILL, a lost machine) is dropped after this, not after 60 s.
    hazelcast.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
    hazelcast.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    NetworkConfig network = hazelcast.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    network.setPublicAddress(address + ":" + cluster.port());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());

    VertxOptions options = new VertxOptions()
        .setEventBusOptions(new EventBusOptions().setHost(address).setPort(0).setClusterPublicHost(address));
    return Vertx.builder()
        .with(options)
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered();
  }
}
