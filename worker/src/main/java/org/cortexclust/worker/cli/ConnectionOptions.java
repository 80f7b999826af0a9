package org.cortexclust.worker.cli;

import java.nio.file.Path;
import java.util.Map;
import org.cortexclust.worker.Connection;
import org.cortexclust.worker.TemporalSettings;
import picocli.CommandLine.Option;

/**
 * Where to find Temporal and the object store; nothing given means the embedded default. Temporal's options carry
 * the names of Temporal's own CLI (and its TEMPORAL_* variables and profiles); the older names still work.
 * docs/connections.md has the precedence.
 */
public class ConnectionOptions {
  @Option(names = "--home", description = "Project home for the embedded store, caches and reports (default: $CORTEXCLUST_HOME or ./.cortexclust)")
  Path home;

  @Option(names = {"--address", "--temporal"}, paramLabel = "HOST:PORT", description = "A Temporal frontend (else $TEMPORAL_ADDRESS, "
      + "else the profile's address); with none the embedded server runs in-process. --temporal is the older name")
  String temporal;

  @Option(names = {"-n", "--namespace"}, description = "Temporal namespace (else $TEMPORAL_NAMESPACE, else the profile's, else default)")
  String namespace;

  @Option(names = "--profile", paramLabel = "NAME", description = "Profile of Temporal's environment-config file (else $TEMPORAL_PROFILE); "
      + "naming one (or --config-file) is what makes the file count")
  String profile;

  @Option(names = "--config-file", paramLabel = "FILE", description = "Temporal environment-config TOML file (else $TEMPORAL_CONFIG_FILE, "
      + "else ~/.config/temporalio/temporal.toml when a profile is named)")
  Path configFile;

  @Option(names = {"--tls", "--temporal-tls"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
      description = "TLS to the Temporal frontend (--tls=false turns off TLS a profile or API key turned on). --temporal-tls is the older name")
  Boolean tls;

  @Option(names = {"--tls-cert-path", "--temporal-tls-cert"}, paramLabel = "FILE", description = "Client certificate (PEM) for mTLS")
  Path tlsCertPath;

  @Option(names = {"--tls-key-path", "--temporal-tls-key"}, paramLabel = "FILE", description = "Client private key (PEM, PKCS#8) for mTLS")
  Path tlsKeyPath;

  @Option(names = "--tls-ca-path", paramLabel = "FILE", description = "CA certificate (PEM) that signed the frontend's certificate")
  Path tlsCaPath;

  @Option(names = "--tls-server-name", paramLabel = "NAME", description = "Server name the frontend's certificate must carry")
  String tlsServerName;

  @Option(names = "--tls-disable-host-verification", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
      description = "Do not check the frontend's host name against its certificate")
  Boolean tlsDisableHostVerification;

  @Option(names = "--api-key", paramLabel = "KEY", description = "Temporal API key (prefer $TEMPORAL_API_KEY: a flag shows in the process "
      + "list); turns TLS on unless --tls=false")
  String apiKey;

  @Option(names = "--s3-endpoint", paramLabel = "URL", description = "An S3-compatible endpoint (MinIO, AWS S3); credentials from "
      + "--s3-credentials, CORTEXCLUST_S3_ACCESS_KEY/CORTEXCLUST_S3_SECRET_KEY, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or an AWS "
      + "profile (AWS_PROFILE, ~/.aws); without it the embedded S3 runs in-process")
  String s3Endpoint;

  @Option(names = "--bucket", defaultValue = "cortexclust", description = "Bucket (default: ${DEFAULT-VALUE})")
  String bucket;

  @Option(names = "--s3-credentials", paramLabel = "FILE", description = "Properties file with access_key and secret_key (optional session_token)")
  Path s3Credentials;

  @Option(names = "--metrics-port", defaultValue = "-1", description = "Serve Prometheus metrics on this port (0 = any free port; default: off)")
  int metricsPort;

  @Option(names = "--metrics-host", defaultValue = "127.0.0.1", description = "Address for the metrics endpoint (default: ${DEFAULT-VALUE})")
  String metricsHost;

  private TemporalSettings resolved;

  /** Temporal as flags, TEMPORAL_* variables and the named profile say (resolved once). */
  TemporalSettings temporal() {
    if (resolved == null) {
      resolved = TemporalSettings.resolve(new TemporalSettings.Flags(temporal, namespace, profile, configFile, tls, tlsCertPath, tlsKeyPath,
          tlsCaPath, tlsServerName, tlsDisableHostVerification, apiKey), env());
    }
    return resolved;
  }

  /** Whether a remote Temporal frontend is configured (flag, variable or profile). */
  boolean remote() {
    return !temporal().embedded();
  }

  /** The environment the settings read (a seam for tests). */
  Map<String, String> env() {
    return System.getenv();
  }

  public Connection connection() {
    TemporalSettings t = temporal();
    return new Connection(home == null ? Connection.defaultHome() : home.toAbsolutePath().normalize(), t.address(), t.namespace(), t.tls(),
        s3Endpoint, bucket, s3Credentials, metricsHost, metricsPort, t);
  }
}
