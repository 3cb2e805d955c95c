package dev.logpro.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server that can lose one answer: once armed with a marker, the first
 * request whose bytes contain it goes through to the server, which carries it out, but the connection is cut as the
 * answer comes back, and for a while after that every connection is refused (the server seems gone). The client sees
 * a request that did happen fail, and cannot ask whether it did: the "unknown outcome" every network can produce,
 * made to order. Everything else is passed on untouched, both ways.
 *
 * <pre>{@code
 * try (LossyProxy proxy = LossyProxy.start(pg.port())) {
 *   String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/db?prepareThreshold=0";
 *   proxy.loseAnswerTo("UPDATE iceberg_tables", Duration.ofSeconds(3));
 * }
 * }</pre>
 *
 * <p>The marker is looked for in the raw bytes, so the request must carry it as text: PostgreSQL's JDBC driver sends
 * a statement's SQL only until it prepares it on the server, unless the URL says {@code prepareThreshold=0}.
 */
public final class LossyProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int targetPort;
  private final AtomicReference<byte[]> marker = new AtomicReference<>();
  private final AtomicInteger lost = new AtomicInteger();
  private volatile long refuseMillis;
  private volatile long refuseUntilNanos;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private LossyProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
    this.refuseUntilNanos = System.nanoTime();
    this.acceptor = new Thread(this::accept, "lossy-proxy-accept");
    acceptor.setDaemon(true);
  }

  /** A proxy on a free port of 127.0.0.1 forwarding to {@code targetPort} on 127.0.0.1. */
  public static LossyProxy start(int targetPort) throws IOException {
    LossyProxy proxy = new LossyProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
    proxy.acceptor.start();
    return proxy;
  }

  public int port() {
    return server.getLocalPort();
  }

  /**
   * Loses the answer to the next request containing {@code text} (once), then cuts every connection and refuses new
   * ones for {@code outage}.
   */
  public void loseAnswerTo(String text, Duration outage) {
    refuseMillis = outage.toMillis();
    marker.set(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Answers lost so far. */
  public int answersLost() {
    return lost.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (System.nanoTime() - refuseUntilNanos < 0) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(upstream);
        Connection connection = new Connection(client, upstream);
        start(connection::requests, "lossy-proxy-requests");
        start(connection::answers, "lossy-proxy-answers");
      } catch (IOException e) {
        // closed, or the server refused: the client sees its connection fail
      }
    }
  }

  private static void start(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** One client connection and its upstream one. */
  private final class Connection {
    private final Socket client;
    private final Socket upstream;
    private volatile boolean loseNextAnswer;

    Connection(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    /** Client to server; a request holding the armed marker marks this connection's next answer as lost. */
    void requests() {
      byte[] buffer = new byte[64 * 1024];
      byte[] tail = new byte[0];
      try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          byte[] wanted = marker.get();
          if (wanted != null) {
            byte[] window = concat(tail, buffer, n);
            if (indexOf(window, wanted) >= 0 && marker.compareAndSet(wanted, null)) {
              loseNextAnswer = true;
            }
            int keep = Math.min(window.length, wanted.length - 1);
            tail = Arrays.copyOfRange(window, window.length - keep, window.length);
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed: close both below
      } finally {
        closeBoth();
      }
    }

    /** Server to client, until an answer is to be lost: then the connection is cut instead. */
    void answers() {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          if (loseNextAnswer) {
            lost.incrementAndGet();
            refuseUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(refuseMillis);
            for (Socket socket : sockets) {
              closeQuietly(socket);
            }
            break;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed: close both below
      } finally {
        closeBoth();
      }
    }

    private void closeBoth() {
      closeQuietly(client);
      closeQuietly(upstream);
      sockets.remove(client);
      sockets.remove(upstream);
    }
  }

  private static byte[] concat(byte[] tail, byte[] buffer, int n) {
    byte[] all = new byte[tail.length + n];
    System.arraycopy(tail, 0, all, 0, tail.length);
    System.arraycopy(buffer, 0, all, tail.length, n);
    return all;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
