package ferry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingImpl;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.configuration.ssl.ClientAuth;
import org.neo4j.configuration.ssl.SslPolicyConfig;
import org.neo4j.configuration.ssl.SslPolicyScope;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Starts an in-process Neo4j Community with Bolt on 127.0.0.1:PORT and auth on.
 * $NEO4J_TEST_LISTEN_HOST replaces 127.0.0.1 (0.0.0.0 in the test container
 * image, whose published port must reach it).
 *
 * <p>Usage: Neo4jTestServer PORT HOME [TLS_DIR]. The password of user neo4j is
 * taken from $NEO4J_TEST_PASSWORD (never argv, so it does not show in ps).
 * When TLS_DIR holds private.key and public.crt, Bolt accepts TLS as well as
 * plain connections. Prints "READY bolt://127.0.0.1:PORT" once clients can
 * log in; stops cleanly when stdin closes or on SIGTERM (shutdown hook), so a
 * test that dies never leaves a server behind.
 */
public final class Neo4jTestServer {
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: Neo4jTestServer PORT HOME [TLS_DIR]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Path home = Path.of(args[1]).toAbsolutePath();
    String password = System.getenv().getOrDefault("NEO4J_TEST_PASSWORD", "ferry-test-password");
    String host = System.getenv().getOrDefault("NEO4J_TEST_LISTEN_HOST", "127.0.0.1");

    DatabaseManagementServiceBuilder builder =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            // Small and quick: tests start several servers on a shared machine.
            .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(1))
            // Netty's quiet period before Bolt stops (5 s) made every stop
            // take ~10 s; a test server has no clients left to wait for.
            .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
    smallPageCache(builder);
    if (args.length >= 3 && Files.exists(Path.of(args[2], "private.key"))) {
      SslPolicyConfig policy = SslPolicyConfig.forScope(SslPolicyScope.BOLT);
      builder
          .setConfig(policy.enabled, true)
          .setConfig(policy.base_directory, Path.of(args[2]).toAbsolutePath())
          .setConfig(policy.client_auth, ClientAuth.NONE)
          .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.OPTIONAL);
    }
    DatabaseManagementService service = builder.build();
    Runtime.getRuntime().addShutdownHook(new Thread(service::shutdown));

    // The embedded API runs with full rights, so it can set the password the
    // tests know and clear the "change on first login" flag.
    try {
      service
          .database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
          .executeTransactionally(
              "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
              java.util.Map.of("password", password));
    } catch (RuntimeException e) {
      // Started again on its own store: the password is already this one,
      // which Neo4j refuses to set twice. Anything else is a real failure.
      if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
        e.printStackTrace();
        System.exit(1);
      }
    }

    System.out.println("READY bolt://" + host + ":" + port);
    System.out.flush();

    waitForStdinClose();
    System.exit(0);  // runs the shutdown hook
  }

  // 64 MiB of page cache. The setting holds bytes in 5.x and text in 4.4
  // (the -Pneo4j44 build), so it parses "64m" into whichever it takes.
  @SuppressWarnings("unchecked")
  private static <T> void smallPageCache(DatabaseManagementServiceBuilder builder) {
    SettingImpl<T> setting = (SettingImpl<T>) (Object) GraphDatabaseSettings.pagecache_memory;
    builder.setConfig(setting, setting.parse("64m"));
  }

  private static void waitForStdinClose() {
    InputStream in = System.in;
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // Input is ignored; only end of stream matters.
      }
    } catch (IOException e) {
      // A broken stdin means the parent is gone: stop as well.
    }
  }
}
