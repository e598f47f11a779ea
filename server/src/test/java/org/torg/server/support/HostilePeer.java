package org.torg.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A remote server that misbehaves at the socket level, on a plain {@link ServerSocket} of a
 * loopback address of its own: it accepts connections and then never answers, or trickles its
 * answer (or only its body) one byte a second, or streams a 3 GB answer (written as it goes, never held in memory).
 * It records, per connection, when Torg hung up and how much it was sent, so a test can show that
 * Torg gave up within its limits. Each connection has a thread of its own; tests open a few.
 */
public final class HostilePeer implements AutoCloseable {

  public enum Behaviour {
    /** Reads the request, then says nothing, for ever. */
    NEVER_ANSWERS,
    /** Answers 200 with a small JSON document, one byte a second from the status line on. */
    TRICKLES,
    /** Sends the answer's head at once, then its body one byte a second. */
    TRICKLES_BODY,
    /** Answers 200 at once, then a chunked body of 3 GB as fast as Torg reads it. */
    SENDS_3_GB
  }

  /** One accepted connection: when it was accepted and closed by Torg (nanoTime; 0 while open), bytes sent to it. */
  public static final class Connection {
    public final long acceptedNanos = System.nanoTime();
    volatile long closedNanos;
    final AtomicLong sent = new AtomicLong();

    public boolean closed() {
      return closedNanos != 0;
    }

    /** How long Torg kept it open, in milliseconds (until now if it still is). */
    public long openMillis() {
      long end = closed() ? closedNanos : System.nanoTime();
      return (end - acceptedNanos) / 1_000_000;
    }

    public long bytesSent() {
      return sent.get();
    }
  }

  static final long THREE_GB = 3L * 1024 * 1024 * 1024;

  private final Behaviour behaviour;
  private final ServerSocket server;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closing;

  private HostilePeer(Behaviour behaviour, ServerSocket server) {
    this.behaviour = behaviour;
    this.server = server;
  }

  public static HostilePeer start(String address, Behaviour behaviour) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getByName(address), 0), 64);
    HostilePeer peer = new HostilePeer(behaviour, server);
    Thread acceptor = new Thread(peer::accept, "hostile-peer-" + behaviour);
    acceptor.setDaemon(true);
    acceptor.start();
    return peer;
  }

  /** http://address:port, to build inbox and actor URLs on. */
  public String base() {
    return "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
  }

  public List<Connection> connections() {
    return connections;
  }

  @Override
  public void close() throws IOException {
    closing = true;
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  private void accept() {
    while (!closing) {
      try {
        Socket socket = server.accept();
        sockets.add(socket);
        Connection connection = new Connection();
        connections.add(connection);
        daemon(() -> watchForHangUp(socket, connection));
        if (behaviour != Behaviour.NEVER_ANSWERS) {
          daemon(() -> answer(socket, connection));
        }
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Reads (and drops) whatever Torg sends until it closes the connection: that moment is what the tests measure. */
  private void watchForHangUp(Socket socket, Connection connection) {
    byte[] buffer = new byte[8192];
    try (InputStream in = socket.getInputStream()) {
      while (in.read(buffer) >= 0) {
        // The request, which a hostile peer does not care about.
      }
    } catch (IOException reset) {
      // A reset is a hang-up too.
    }
    if (!closing) {
      connection.closedNanos = System.nanoTime();
    }
  }

  private void answer(Socket socket, Connection connection) {
    try {
      OutputStream out = socket.getOutputStream();
      if (behaviour == Behaviour.TRICKLES || behaviour == Behaviour.TRICKLES_BODY) {
        String body = "{\"id\":\"" + base() + "/slow\",\"type\":\"Note\",\"content\":\"" + "x".repeat(200) + "\"}";
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/activity+json\r\nContent-Length: "
            + body.length() + "\r\n\r\n";
        if (behaviour == Behaviour.TRICKLES_BODY) {
          out.write(head.getBytes(StandardCharsets.US_ASCII));
          head = "";
        }
        for (byte b : (head + body).getBytes(StandardCharsets.US_ASCII)) {
          out.write(b);
          out.flush();
          connection.sent.incrementAndGet();
          Thread.sleep(1000);
        }
      } else {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/activity+json\r\nTransfer-Encoding: chunked\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
        while (connection.sent.get() < THREE_GB) {
          out.write(size);
          out.write(chunk);
          out.write(crlf);
          connection.sent.addAndGet(chunk.length);
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    } catch (IOException | InterruptedException hungUp) {
      // Torg closed the connection: the watcher has noted when.
    }
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "hostile-peer-connection");
    thread.setDaemon(true);
    thread.start();
  }
}
