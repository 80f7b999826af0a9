package org.cortexclust.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cortexclust.worker.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The Temporal CLI's option names, and the older names still working as aliases. */
class ConnectionOptionsTest {
  @TempDir Path dir;

  @Command(name = "t")
  static final class Holder {
    @Mixin ConnectionOptions conn;

    Holder(ConnectionOptions c) {
      conn = c;
    }
  }

  /** Parse {@code args} as a command would, reading {@code env} instead of the process environment. */
  static ConnectionOptions parse(Map<String, String> env, String... args) {
    ConnectionOptions c = new ConnectionOptions() {
      @Override
      Map<String, String> env() {
        return env;
      }
    };
    Holder h = new Holder(c);
    new CommandLine(h).parseArgs(args);
    return h.conn;
  }

  @Test
  void temporalCliNamesAndOldAliasesMeanTheSame() throws Exception {
    Path cert = Files.writeString(dir.resolve("c.pem"), "x");
    Path key = Files.writeString(dir.resolve("c.key"), "x");
    Connection now = parse(Map.of(), "--address", "h:7233", "--namespace", "lab", "--tls", "--tls-cert-path", cert.toString(),
        "--tls-key-path", key.toString(), "--tls-server-name", "srv").connection();
    Connection old = parse(Map.of(), "--temporal", "h:7233", "--namespace", "lab", "--temporal-tls", "--temporal-tls-cert", cert.toString(),
        "--temporal-tls-key", key.toString(), "--tls-server-name", "srv").connection();
    for (Connection c : new Connection[] {now, old}) {
      assertEquals("h:7233", c.temporalTarget());
      assertEquals("lab", c.namespace());
      assertTrue(c.temporalTls());
      assertEquals(cert.toString(), c.temporalSettings().profile().getTls().getClientCertPath());
      assertEquals(key.toString(), c.temporalSettings().profile().getTls().getClientKeyPath());
      assertEquals("srv", c.temporalSettings().profile().getTls().getServerName());
    }
    Connection env = parse(Map.of("TEMPORAL_ADDRESS", "e:1", "TEMPORAL_NAMESPACE", "ens")).connection();
    assertEquals("e:1", env.temporalTarget());
    assertEquals("ens", env.namespace());
    assertTrue(parse(Map.of()).connection().embedded());
    assertEquals("x:2", parse(Map.of("TEMPORAL_ADDRESS", "e:1"), "--temporal", "x:2").connection().temporalTarget());
  }
}
