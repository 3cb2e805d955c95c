package dev.logpro.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real PostgreSQL 15 server for tests, without Docker: {@code initdb} + {@code pg_ctl} on a fresh temporary
 * directory, a free port on 127.0.0.1 and a private Unix socket directory, trust authentication for user
 * {@code postgres}, {@code fsync=off}, and {@code wal_level=logical} with replication slots and WAL senders for CDC.
 * {@code initdb} refuses root: as root the binaries run as the {@code postgres} user (created if missing) through
 * {@code runuser}; otherwise as the current user. Starting takes about half a second.
 *
 * <p>Either with try-with-resources:
 *
 * <pre>{@code
 * try (PostgresServer pg = PostgresServer.start()) {
 *   pg.createDatabase("catalog");
 *   String url = pg.jdbcUrl("catalog"); // user postgres, no password
 * }
 * }</pre>
 *
 * <p>or as a JUnit 5 extension, which hands a {@code PostgresServer} parameter to tests and lifecycle methods: one
 * server for the whole test run, started on first use and stopped when the run ends (give each test its own
 * database):
 *
 * <pre>{@code
 * @ExtendWith(PostgresServer.Extension.class)
 * class MyTest {
 *   @Test void works(PostgresServer pg) throws Exception { pg.createDatabase("my_test"); ... }
 * }
 * }</pre>
 *
 * <p>A JVM shutdown hook stops the server and deletes its directory if it is still there when the JVM exits, so a
 * failed or interrupted test leaves no server behind (a SIGKILLed JVM cannot run it: then the server stays up). The binaries are looked up in the directory of system
 * property {@code logpro.postgres.bin}, then {@code /usr/lib/postgresql/15/bin}, then {@code /usr/local/bin}.
 */
public final class PostgresServer implements AutoCloseable {

  /** The superuser every database is reachable as, with trust authentication. */
  public static final String USER = "postgres";

  private static final long START_TIMEOUT_S = 30;
  private static final long COMMAND_TIMEOUT_S = 60;
  private static final int START_ATTEMPTS = 3;
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final Path dir;
  private final Path data;
  private final Path bin;
  private final boolean asPostgresUser;
  private final Thread shutdownHook = new Thread(this::onJvmExit, "postgres-server-stop");
  private int port;
  private volatile boolean running;

  private PostgresServer(Path dir, Path bin, boolean asPostgresUser) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.bin = bin;
    this.asPostgresUser = asPostgresUser;
  }

  /**
   * Creates a cluster in a new temporary directory and starts it, returning once it accepts connections.
   *
   * @throws IllegalStateException with the tail of the server log if it does not start within 30 s
   */
  public static PostgresServer start() throws IOException, InterruptedException {
    Path bin = binaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      ensurePostgresUser();
    }
    // Unix socket paths are limited to about 107 bytes: keep the directory short.
    Path base = Path.of(System.getProperty("java.io.tmpdir"));
    Path dir = Files.createTempDirectory(base.toString().length() > 60 ? Path.of("/tmp") : base, "logpro-pg-");
    PostgresServer server = new PostgresServer(dir, bin, root);
    try {
      if (root) {
        UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
        Files.setOwner(dir, owner);
      }
      Runtime.getRuntime().addShutdownHook(server.shutdownHook);
      server.initdb();
      server.startServer(0);
      return server;
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.closeQuietly(e);
      throw e;
    }
  }

  /** The port on 127.0.0.1 the server listens on. */
  public int port() {
    return port;
  }

  /** The directory holding the Unix socket (also the parent of the data directory and the server log). */
  public Path socketDir() {
    return dir;
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/database}; connect as {@link #USER} without a password. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Creates database {@code name} (lower-case letters, digits and underscores) and returns its JDBC URL. */
  public String createDatabase(String name) throws IOException, InterruptedException {
    checkName(name);
    run(COMMAND_TIMEOUT_S, "createdb", "-h", dir.toString(), "-p", Integer.toString(port), "-U", USER, name);
    return jdbcUrl(name);
  }

  /** Runs {@code sql} in {@code database} with {@code psql}, stopping at the first error; returns psql's output. */
  public String execute(String database, String sql) throws IOException, InterruptedException {
    checkName(database);
    return run(COMMAND_TIMEOUT_S, "psql", "-h", dir.toString(), "-p", Integer.toString(port), "-U", USER,
        "-d", database, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql);
  }

  /**
   * Stops the server at once ({@code pg_ctl stop -m immediate}), as a crash would; the data directory is kept and
   * {@link #restart} starts it again.
   */
  public synchronized void stop() throws IOException, InterruptedException {
    if (!running) {
      return;
    }
    try {
      run(COMMAND_TIMEOUT_S, "pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
    } finally {
      killPostmaster();
      running = false;
    }
  }

  /**
   * Starts the server again after {@link #stop}, on the same port with the same data, so JDBC URLs handed out before
   * work again: a database that went away and came back. Does nothing if it is running.
   *
   * @throws IllegalStateException with the tail of the server log if it does not start within 30 s (or another
   *     process took the port meanwhile)
   */
  public synchronized void restart() throws IOException, InterruptedException {
    if (!running) {
      startServer(port);
    }
  }

  /** Stops the server and deletes its directory. */
  @Override
  public void close() throws IOException, InterruptedException {
    try {
      stop();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrNotAdded) {
        // the hook runs (or ran) anyway
      }
      deleteRecursively(dir);
    }
  }

  /**
   * JUnit 5 extension resolving {@code PostgresServer} parameters: one server for the whole test run, started on
   * first use and closed when the run ends.
   */
  public static final class Extension implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresServer.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      // JUnit (5.13+) closes AutoCloseable store values when their context, here the root one, is closed.
      return context.getRoot().getStore(NS).getOrComputeIfAbsent("server", k -> {
        try {
          return start();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while starting PostgreSQL", e);
        }
      }, PostgresServer.class);
    }
  }

  // --- internals ---

  private void initdb() throws IOException, InterruptedException {
    run(COMMAND_TIMEOUT_S, "initdb", "-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8",
        "--locale=C.UTF-8", "--no-sync");
  }

  /** Starts the server on {@code fixedPort}, or on a free port when it is 0. */
  private void startServer(int fixedPort) throws IOException, InterruptedException {
    Path log = dir.resolve("server.log");
    for (int attempt = 1; ; attempt++) {
      port = fixedPort != 0 ? fixedPort : freePort();
      // fsync=off spares the disk; synchronous_commit stays on, which then costs only a write() per commit and
      // keeps every committed transaction across stop() + restart() (with it off, an immediate stop loses the
      // last ones, as a real crash of such a server would).
      String options = "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir
          + " -c fsync=off -c full_page_writes=off"
          + " -c wal_level=logical -c max_replication_slots=10 -c max_wal_senders=10";
      running = true; // from here on, stop() must try to kill whatever may have started
      try {
        run(START_TIMEOUT_S + 10, "pg_ctl", "-D", data.toString(), "-l", log.toString(), "-w",
            "-t", Long.toString(START_TIMEOUT_S), "-o", options, "start");
        return;
      } catch (IllegalStateException e) {
        String tail = tail(log, 30);
        stopQuietly();
        // another process took the port between freePort() and the bind: try another one
        if (fixedPort == 0 && attempt < START_ATTEMPTS && tail.contains("could not bind")) {
          continue;
        }
        throw new IllegalStateException("PostgreSQL did not start on 127.0.0.1:" + port + " (waited up to "
            + START_TIMEOUT_S + " s): " + e.getMessage() + "\n--- tail of the server log ---\n" + tail, e);
      }
    }
  }

  /** Runs a PostgreSQL binary (as postgres when we are root), failing with its output on a non-zero exit. */
  private String run(long timeoutSeconds, String program, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (asPostgresUser) {
      command.addAll(List.of("runuser", "-u", USER, "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(args));
    // Output to a file, not a pipe: pg_ctl's server child must not hold a pipe we wait on.
    Path out = Files.createTempFile(dir, "cmd-", ".out");
    try {
      Process process = new ProcessBuilder(command)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(out.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException(program + " timed out after " + timeoutSeconds + " s: "
            + Files.readString(out, StandardCharsets.UTF_8).strip());
      }
      String output = Files.readString(out, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(program + " exited with " + process.exitValue() + ": " + output.strip());
      }
      return output;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Last resort after pg_ctl: SIGKILL the postmaster named in postmaster.pid, if it is still alive. */
  private void killPostmaster() {
    try {
      Path pidFile = data.resolve("postmaster.pid");
      if (Files.exists(pidFile)) {
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        ProcessHandle.of(pid).ifPresent(p -> {
          p.destroyForcibly();
          p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        });
      }
    } catch (IOException | RuntimeException ignored) {
      // nothing more we can do
    }
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (IOException | RuntimeException e) {
      killPostmaster();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killPostmaster();
    }
  }

  /** The shutdown hook: what {@link #close()} does, without throwing. */
  private void onJvmExit() {
    stopQuietly();
    try {
      deleteRecursively(dir);
    } catch (IOException | RuntimeException ignored) {
      // a temp directory left behind is harmless; a running server is not, and it is stopped
    }
  }

  private void closeQuietly(Exception cause) {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cause.addSuppressed(e);
    }
  }

  private static Path binaries() {
    List<String> candidates = new ArrayList<>();
    String configured = System.getProperty("logpro.postgres.bin");
    if (configured != null) {
      candidates.add(configured);
    }
    candidates.addAll(List.of("/usr/lib/postgresql/15/bin", "/usr/local/bin"));
    for (String candidate : candidates) {
      Path dir = Path.of(candidate);
      if (Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"))) {
        return dir;
      }
    }
    throw new IllegalStateException("No PostgreSQL binaries (initdb, pg_ctl) in " + candidates
        + "; install PostgreSQL 15 or set -Dlogpro.postgres.bin");
  }

  private static synchronized void ensurePostgresUser() throws IOException, InterruptedException {
    if (exec("id", "-u", USER) == 0) {
      return;
    }
    int rc = exec("useradd", "-r", "-M", USER);
    if (rc != 0 && exec("id", "-u", USER) != 0) {
      throw new IllegalStateException("Cannot create user " + USER + " to run initdb (useradd exited with " + rc + ")");
    }
  }

  private static int exec(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Not a plain PostgreSQL database name: " + name);
    }
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
