package org.torg.server.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket from a chosen local address, for tests that need to do what no
 * HTTP client does: hold a connection open without a request, trickle a request head, or see
 * exactly when the server closes a connection.
 */
public final class RawHttp implements AutoCloseable {

  /** A status line and body, or {@link #CLOSED} when the server closed the connection unanswered. */
  public record Answer(int status, String body) {}

  public static final Answer CLOSED = new Answer(0, "");

  private final Socket socket;

  private RawHttp(Socket socket) {
    this.socket = socket;
  }

  /** Connects from {@code localAddress} (any free port) to the server, with a read timeout. */
  public static RawHttp connect(String localAddress, String host, int port, int readTimeoutMillis) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
    socket.connect(new InetSocketAddress(host, port), 5000);
    socket.setSoTimeout(readTimeoutMillis);
    socket.setTcpNoDelay(true);
    return new RawHttp(socket);
  }

  public void send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** A GET with keep-alive, its answer read whole (the body by Content-Length). */
  public Answer get(String host, String path) throws IOException {
    send("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    return readAnswer();
  }

  /** Reads one answer; {@link #CLOSED} if the connection ends (or is reset) before a status line. */
  public Answer readAnswer() throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    try {
      while (!endsWithBlankLine(head)) {
        int b = in.read();
        if (b < 0) {
          return head.size() == 0 ? CLOSED : fail("the connection ended inside an answer's head");
        }
        head.write(b);
      }
    } catch (java.net.SocketException reset) {
      if (head.size() == 0) {
        return CLOSED;
      }
      throw reset;
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    int length = 0;
    for (String line : lines) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return new Answer(status, new String(body, StandardCharsets.UTF_8));
  }

  /** True once the server has closed the connection: a read sees its end (or a reset). */
  public boolean closedByServer() throws IOException {
    try {
      return socket.getInputStream().read() < 0;
    } catch (java.net.SocketTimeoutException stillOpen) {
      return false;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static boolean endsWithBlankLine(ByteArrayOutputStream head) {
    byte[] b = head.toByteArray();
    int n = b.length;
    return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
  }

  private static Answer fail(String why) throws IOException {
    throw new IOException(why);
  }
}
