package org.cortexclust.worker;

import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where Temporal is and how to reach it, resolved as Temporal's own tools do (docs/connections.md):
 * command-line flags, then the {@code TEMPORAL_*} environment variables, then a profile of the SDK's environment
 * configuration file ({@code temporal.toml}, read by the SDK's {@code temporal-envconfig}), then the default. With
 * no address from any of them the embedded test server runs in-process.
 *
 * <p>The file is read only when asked for ({@code --profile}/{@code TEMPORAL_PROFILE} or
 * {@code --config-file}/{@code TEMPORAL_CONFIG_FILE}), so a Temporal CLI set up for some cloud namespace does not
 * send {@code cortexclust run configs/quickstart.yaml} there unasked.
 *
 * @param address   HOST:PORT of the frontend, or null for the embedded server
 * @param namespace the namespace (default {@code default})
 * @param profile   TLS, API key and gRPC metadata for a remote frontend (null when embedded)
 * @param source    where the address came from, for messages
 */
public record TemporalSettings(String address, String namespace, ClientConfigProfile profile, String source) {

  /** What the command line said; null fields were not given. */
  public record Flags(String address, String namespace, String profile, Path configFile, Boolean tls, Path tlsCertPath,
      Path tlsKeyPath, Path tlsCaPath, String tlsServerName, Boolean tlsDisableHostVerification, String apiKey) {
    public static Flags none() {
      return new Flags(null, null, null, null, null, null, null, null, null, null, null);
    }
  }

  public boolean embedded() {
    return address == null;
  }

  /** Resolve flags over {@code env} over the profile file. */
  public static TemporalSettings resolve(Flags f, Map<String, String> env) {
    String profileName = blankToNull(f.profile() != null ? f.profile() : env.get("TEMPORAL_PROFILE"));
    String file = f.configFile() != null ? f.configFile().toString() : blankToNull(env.get("TEMPORAL_CONFIG_FILE"));
    boolean useFile = profileName != null || file != null;
    if (file != null && !Files.isRegularFile(Path.of(file))) {
      throw new IllegalArgumentException((f.configFile() != null ? "--config-file " : "TEMPORAL_CONFIG_FILE ") + file
          + ": no such file (a Temporal environment-config TOML file, e.g. ~/.config/temporalio/temporal.toml)");
    }
    ClientConfigProfile loaded;
    try {
      LoadClientConfigProfileOptions.Builder o = LoadClientConfigProfileOptions.newBuilder().setEnvOverrides(env).setDisableFile(!useFile);
      if (file != null) o.setConfigFilePath(file);
      if (profileName != null) o.setConfigFileProfile(profileName);
      loaded = ClientConfigProfile.load(o.build());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("Temporal environment config" + (file != null ? " " + file : "")
          + (profileName != null ? " profile '" + profileName + "'" : "") + ": " + e.getMessage(), e);
    }
    String source = useFile ? "profile " + (profileName == null ? "default" : profileName) + (file == null ? "" : " of " + file) : "environment";
    String address = blankToNull(loaded.getAddress());
    if (env.get("TEMPORAL_ADDRESS") != null && !env.get("TEMPORAL_ADDRESS").isBlank()) source = "TEMPORAL_ADDRESS";
    if (f.address() != null) {
      address = blankToNull(f.address());
      source = "--address";
    }
    String namespace = f.namespace() != null ? f.namespace() : blankToNull(loaded.getNamespace());
    if (namespace == null) namespace = "default";
    if (address == null) {
      boolean remoteOnly = f.tls() != null || f.tlsCertPath() != null || f.tlsKeyPath() != null || f.tlsCaPath() != null
          || f.tlsServerName() != null || f.apiKey() != null;
      if (remoteOnly) {
        throw new IllegalArgumentException("TLS and API-key options are for a remote Temporal frontend: give --address HOST:PORT "
            + "(or TEMPORAL_ADDRESS, or a profile with an address); without one the embedded server runs in-process");
      }
      return new TemporalSettings(null, namespace, null, "embedded");
    }
    if (!address.matches("[^\\s/]+:\\d{1,5}")) {
      throw new IllegalArgumentException(source + ": expected HOST:PORT of a Temporal frontend, got '" + address + "'");
    }

    ClientConfigTLS tls = loaded.getTls();
    ClientConfigTLS.Builder t = tls == null ? null : tls.toBuilder();
    boolean anyTlsFlag = f.tlsCertPath() != null || f.tlsKeyPath() != null || f.tlsCaPath() != null || f.tlsServerName() != null
        || f.tlsDisableHostVerification() != null;
    if (t == null && (Boolean.TRUE.equals(f.tls()) || anyTlsFlag)) t = ClientConfigTLS.newBuilder();
    if (t != null) {
      if (f.tls() != null) t.setDisabled(!f.tls());
      if (f.tlsCertPath() != null) t.setClientCertPath(readable(f.tlsCertPath(), "--tls-cert-path")).setClientCertData(null);
      if (f.tlsKeyPath() != null) t.setClientKeyPath(readable(f.tlsKeyPath(), "--tls-key-path")).setClientKeyData(null);
      if (f.tlsCaPath() != null) t.setServerCACertPath(readable(f.tlsCaPath(), "--tls-ca-path")).setServerCACertData(null);
      if (f.tlsServerName() != null) t.setServerName(f.tlsServerName());
      if (f.tlsDisableHostVerification() != null) t.setDisableHostVerification(f.tlsDisableHostVerification());
    }
    String apiKey = f.apiKey() != null ? blankToNull(f.apiKey()) : blankToNull(loaded.getApiKey());
    if (apiKey != null && t == null && !Boolean.FALSE.equals(f.tls())) {
      t = ClientConfigTLS.newBuilder(); // an API key goes over TLS unless TLS is explicitly off (as Temporal's CLI does)
    }
    ClientConfigTLS finalTls = t == null ? null : t.build();
    if (finalTls != null) {
      boolean cert = finalTls.getClientCertPath() != null || finalTls.getClientCertData() != null;
      boolean key = finalTls.getClientKeyPath() != null || finalTls.getClientKeyData() != null;
      if (cert != key) {
        throw new IllegalArgumentException("mTLS needs both a client certificate and its key: give --tls-cert-path and --tls-key-path "
            + "(or TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH) together");
      }
    }
    ClientConfigProfile p = loaded.toBuilder().setAddress(address).setNamespace(namespace).setApiKey(apiKey).setTls(finalTls).build();
    return new TemporalSettings(address, namespace, p, source);
  }

  /** Whether the connection uses TLS. */
  public boolean tls() {
    return profile != null && profile.getTls() != null && !Boolean.TRUE.equals(profile.getTls().isDisabled());
  }

  /** The service-stub options (target, TLS context, API key, metadata); a bad certificate or key fails here, named. */
  public WorkflowServiceStubsOptions.Builder stubOptions() {
    if (profile == null) throw new IllegalStateException("embedded Temporal has no remote connection options");
    try {
      return WorkflowServiceStubsOptions.newBuilder(profile.toWorkflowServiceStubsOptions());
    } catch (RuntimeException e) {
      ClientConfigTLS t = profile.getTls();
      throw new IllegalArgumentException("TLS to Temporal at " + address + " could not be set up from"
          + (t == null ? "" : " cert " + t.getClientCertPath() + ", key " + t.getClientKeyPath() + ", CA " + t.getServerCACertPath())
          + ": " + rootMessage(e) + " (expected PEM files: an X.509 certificate and its PKCS#8 private key)", e);
    }
  }

  /** How long a command waits for a remote frontend (e.g. one still starting beside it in a compose file). */
  public static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(30);

  /**
   * Connect now, so that a wrong TLS setting, certificate or API key fails here with words that name them instead
   * of at the first workflow call. Errors that waiting cannot fix (a TLS handshake that fails, a refused key or
   * certificate) are thrown at once. A frontend that does not answer is tried again until {@code timeout}; then
   * {@code strict} throws, otherwise a warning is logged and the SDK goes on retrying as it always does (a worker
   * started before its server keeps waiting for it).
   */
  public void checkReachable(io.temporal.serviceclient.WorkflowServiceStubs stubs, java.time.Duration timeout, boolean strict) {
    String what = address + " (from " + source + ", " + (tls() ? "TLS" : "plain text") + (profile.getApiKey() != null ? ", API key" : "")
        + ", namespace " + namespace + ")";
    long end = System.nanoTime() + timeout.toNanos();
    io.grpc.StatusRuntimeException last;
    do {
      try {
        // a cheap call every frontend answers; the embedded test server (and `cortexclust server`) answers UNIMPLEMENTED,
        // which still proves the connection (it has no gRPC health service either, so stubs.connect() cannot be used)
        stubs.blockingStub().withDeadlineAfter(Math.min(10_000, Math.max(1000, (end - System.nanoTime()) / 1_000_000)),
            java.util.concurrent.TimeUnit.MILLISECONDS).getSystemInfo(io.temporal.api.workflowservice.v1.GetSystemInfoRequest.getDefaultInstance());
        return;
      } catch (io.grpc.StatusRuntimeException e) {
        last = e;
        switch (e.getStatus().getCode()) {
          case UNIMPLEMENTED -> {
            return;
          }
          case UNAUTHENTICATED, PERMISSION_DENIED -> throw new IllegalStateException("Temporal at " + what + " refused us: " + e.getMessage()
              + "; check the API key (--api-key or TEMPORAL_API_KEY) or the client certificate (--tls-cert-path/--tls-key-path)", e);
          default -> {
            if (tlsFailure(e)) {
              throw new IllegalStateException("cannot reach Temporal at " + what + ": the TLS handshake failed: " + rootMessage(e)
                  + (tls() ? "; if the frontend serves plain text, drop --tls; check --tls-ca-path and --tls-server-name"
                  : "; if the frontend needs TLS, add --tls (and --tls-cert-path/--tls-key-path for mTLS)"), e);
            }
          }
        }
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      }
    } while (System.nanoTime() < end);
    String msg = "cannot reach Temporal at " + what + " within " + timeout.toSeconds() + " s: " + rootMessage(last)
        + (tls() ? "; if the frontend serves plain text, drop --tls" : "; if the frontend needs TLS, add --tls");
    if (strict) throw new IllegalStateException(msg, last);
    org.slf4j.LoggerFactory.getLogger(TemporalSettings.class).warn("{}; still trying", msg);
  }

  private static boolean tlsFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException || t.getClass().getSimpleName().contains("Ssl")
          || t.getClass().getSimpleName().contains("SSL")) {
        return true;
      }
      if (t.getCause() == t) break;
    }
    return false;
  }

  @Override
  public String toString() {
    return "TemporalSettings[address=" + address + ", namespace=" + namespace + ", tls=" + tls() + ", apiKey="
        + (profile != null && profile.getApiKey() != null ? "***" : "-") + ", source=" + source + "]";
  }

  private static String readable(Path p, String flag) {
    if (!Files.isReadable(p)) throw new IllegalArgumentException(flag + " " + p + ": no such readable file");
    return p.toString();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
