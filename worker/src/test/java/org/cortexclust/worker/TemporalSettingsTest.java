package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporal's conventions: flags over TEMPORAL_* variables over an envconfig profile; TLS and API key; clear failures. */
class TemporalSettingsTest {
  @TempDir Path dir;

  static TemporalSettings.Flags flags(String address, String namespace) {
    return new TemporalSettings.Flags(address, namespace, null, null, null, null, null, null, null, null, null);
  }

  @Test
  void nothingMeansTheEmbeddedServer() {
    TemporalSettings s = TemporalSettings.resolve(TemporalSettings.Flags.none(), Map.of());
    assertTrue(s.embedded());
    assertEquals("default", s.namespace());
    assertFalse(s.tls());
  }

  @Test
  void flagsOverEnvironment() {
    Map<String, String> env = Map.of("TEMPORAL_ADDRESS", "env-host:7233", "TEMPORAL_NAMESPACE", "env-ns");
    TemporalSettings e = TemporalSettings.resolve(TemporalSettings.Flags.none(), env);
    assertEquals("env-host:7233", e.address());
    assertEquals("env-ns", e.namespace());
    assertEquals("TEMPORAL_ADDRESS", e.source());
    TemporalSettings f = TemporalSettings.resolve(flags("flag-host:7000", "flag-ns"), env);
    assertEquals("flag-host:7000", f.address());
    assertEquals("flag-ns", f.namespace());
    assertEquals("--address", f.source());
    assertFalse(f.tls());
  }

  @Test
  void profilesFromTheEnvironmentConfigFileAndTheirPrecedence() throws Exception {
    Path toml = dir.resolve("temporal.toml");
    Files.writeString(toml, """
        [profile.default]
        address = "dev-host:7233"
        namespace = "dev"

        [profile.prod]
        address = "prod-host:7233"
        namespace = "prod-ns"
        api_key = "prod-secret"

        [profile.prod.tls]
        server_name = "prod.example"
        """);
    // the file counts only when named: a Temporal CLI set up elsewhere does not redirect runs unasked
    assertTrue(TemporalSettings.resolve(TemporalSettings.Flags.none(), Map.of()).embedded());
    TemporalSettings def = TemporalSettings.resolve(TemporalSettings.Flags.none(), Map.of("TEMPORAL_CONFIG_FILE", toml.toString()));
    assertEquals("dev-host:7233", def.address());
    assertEquals("dev", def.namespace());
    assertFalse(def.tls());

    TemporalSettings.Flags prodFlag = new TemporalSettings.Flags(null, null, "prod", toml, null, null, null, null, null, null, null);
    TemporalSettings prod = TemporalSettings.resolve(prodFlag, Map.of());
    assertEquals("prod-host:7233", prod.address());
    assertEquals("prod-ns", prod.namespace());
    assertTrue(prod.tls(), "a profile's TLS section (and its API key) turn TLS on");
    assertEquals("prod.example", prod.profile().getTls().getServerName());
    assertEquals("prod-secret", prod.profile().getApiKey());
    assertFalse(prod.toString().contains("prod-secret"), "the API key is never printed");
    // TEMPORAL_PROFILE names it too; variables beat the file; flags beat both
    Map<String, String> env = Map.of("TEMPORAL_CONFIG_FILE", toml.toString(), "TEMPORAL_PROFILE", "prod", "TEMPORAL_NAMESPACE", "env-ns");
    TemporalSettings viaEnv = TemporalSettings.resolve(TemporalSettings.Flags.none(), env);
    assertEquals("prod-host:7233", viaEnv.address());
    assertEquals("env-ns", viaEnv.namespace());
    TemporalSettings flagWins = TemporalSettings.resolve(new TemporalSettings.Flags("other:1", "flag-ns", null, null, false, null, null, null,
        null, null, null), env);
    assertEquals("other:1", flagWins.address());
    assertEquals("flag-ns", flagWins.namespace());
    assertFalse(flagWins.tls(), "--tls=false turns off what the profile turned on");

    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> TemporalSettings.resolve(
        new TemporalSettings.Flags(null, null, null, dir.resolve("nope.toml"), null, null, null, null, null, null, null), Map.of()));
    assertTrue(missing.getMessage().contains("--config-file") && missing.getMessage().contains("nope.toml"), missing.getMessage());
    IllegalArgumentException noProfile = assertThrows(IllegalArgumentException.class, () -> TemporalSettings.resolve(
        new TemporalSettings.Flags(null, null, "staging", toml, null, null, null, null, null, null, null), Map.of()));
    assertTrue(noProfile.getMessage().contains("staging"), noProfile.getMessage());
  }

  @Test
  void tlsAndApiKeyOptionsAndTheirMistakes() throws Exception {
    Path cert = Files.writeString(dir.resolve("client.pem"), "not a certificate");
    Path key = Files.writeString(dir.resolve("client.key"), "not a key");
    TemporalSettings apiKey = TemporalSettings.resolve(new TemporalSettings.Flags("h:7233", null, null, null, null, null, null, null, null,
        null, "k-123"), Map.of());
    assertTrue(apiKey.tls(), "an API key goes over TLS");
    assertEquals("k-123", apiKey.profile().getApiKey());
    TemporalSettings envKey = TemporalSettings.resolve(flags("h:7233", null), Map.of("TEMPORAL_API_KEY", "k-env"));
    assertEquals("k-env", envKey.profile().getApiKey());
    TemporalSettings plainKey = TemporalSettings.resolve(new TemporalSettings.Flags("h:7233", null, null, null, false, null, null, null, null,
        null, "k-123"), Map.of());
    assertFalse(plainKey.tls());

    IllegalArgumentException noAddress = assertThrows(IllegalArgumentException.class, () -> TemporalSettings.resolve(
        new TemporalSettings.Flags(null, null, null, null, true, null, null, null, null, null, null), Map.of()));
    assertTrue(noAddress.getMessage().contains("--address"), noAddress.getMessage());
    IllegalArgumentException half = assertThrows(IllegalArgumentException.class, () -> TemporalSettings.resolve(
        new TemporalSettings.Flags("h:7233", null, null, null, null, cert, null, null, null, null, null), Map.of()));
    assertTrue(half.getMessage().contains("--tls-key-path"), half.getMessage());
    IllegalArgumentException gone = assertThrows(IllegalArgumentException.class, () -> TemporalSettings.resolve(
        new TemporalSettings.Flags("h:7233", null, null, null, null, dir.resolve("missing.pem"), key, null, null, null, null), Map.of()));
    assertTrue(gone.getMessage().contains("--tls-cert-path") && gone.getMessage().contains("missing.pem"), gone.getMessage());
    IllegalArgumentException badAddress = assertThrows(IllegalArgumentException.class,
        () -> TemporalSettings.resolve(flags("http://h:7233/", null), Map.of()));
    assertTrue(badAddress.getMessage().contains("HOST:PORT"), badAddress.getMessage());

    TemporalSettings mtls = TemporalSettings.resolve(new TemporalSettings.Flags("h:7233", null, null, null, null, cert, key, null, "srv", null,
        null), Map.of());
    assertTrue(mtls.tls());
    IllegalArgumentException pem = assertThrows(IllegalArgumentException.class, mtls::stubOptions);
    assertTrue(pem.getMessage().contains("client.pem") && pem.getMessage().contains("PEM"), pem.getMessage());
  }

  @Test
  void tlsToAPlainTextFrontendFailsWithWordsThatSayWhy() throws Exception {
    try (EmbeddedTemporal server = EmbeddedTemporal.start(0)) {
      TemporalSettings plain = TemporalSettings.resolve(flags(server.target(), null), Map.of());
      WorkflowServiceStubs ok = WorkflowServiceStubs.newServiceStubs(plain.stubOptions().build());
      try {
        plain.checkReachable(ok, Duration.ofSeconds(20), true); // the same server, plain text: fine
      } finally {
        ok.shutdownNow();
      }
      TemporalSettings tls = TemporalSettings.resolve(new TemporalSettings.Flags(server.target(), null, null, null, true, null, null, null,
          null, null, null), Map.of());
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(tls.stubOptions().build());
      try {
        long t0 = System.nanoTime();
        // not strict (as commands call it): a TLS handshake failure is thrown at once all the same, it does not wait 60 s
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tls.checkReachable(stubs, Duration.ofSeconds(60), false));
        assertTrue(e.getMessage().startsWith("cannot reach Temporal at " + server.target() + " (from --address, TLS"), e.getMessage());
        assertTrue(e.getMessage().contains("TLS handshake failed") && e.getMessage().contains("drop --tls"), e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 30, "fails without waiting out the timeout");
      } finally {
        stubs.shutdownNow();
      }
    }
    // nobody listening: strict throws after the timeout, naming it; not strict only warns (the SDK keeps retrying)
    TemporalSettings nobody = TemporalSettings.resolve(flags("127.0.0.1:1", null), Map.of());
    WorkflowServiceStubs none = WorkflowServiceStubs.newServiceStubs(nobody.stubOptions().build());
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> nobody.checkReachable(none, Duration.ofSeconds(2), true));
      assertTrue(e.getMessage().contains("within 2 s"), e.getMessage());
      nobody.checkReachable(none, Duration.ofSeconds(1), false);
    } finally {
      none.shutdownNow();
    }
    assertNull(TemporalSettings.resolve(TemporalSettings.Flags.none(), Map.of()).profile());
  }
}
