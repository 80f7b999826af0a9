package org.cortexclust.worker;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the services are. With no Temporal address the process runs the embedded default (Temporal test server and
 * S3 on loopback, files under the home). Temporal's address, namespace, TLS and API key follow Temporal's own
 * conventions ({@link TemporalSettings}); credentials for a remote S3 come from our file or variables or the AWS
 * conventions ({@link S3Credentials}), never from the command line, and are never logged.
 *
 * @param temporalSettings the resolved Temporal connection (null: {@code temporalTarget} and {@code temporalTls} as given)
 */
public record Connection(
    Path home,
    String temporalTarget,
    String namespace,
    boolean temporalTls,
    String s3Endpoint,
    String bucket,
    Path s3CredentialsFile,
    String metricsHost,
    int metricsPort,
    TemporalSettings temporalSettings) {

  /** A connection without Temporal TLS/API-key settings (the embedded default, or a plain-text frontend). */
  public Connection(Path home, String temporalTarget, String namespace, boolean temporalTls, String s3Endpoint, String bucket,
      Path s3CredentialsFile, String metricsHost, int metricsPort) {
    this(home, temporalTarget, namespace, temporalTls, s3Endpoint, bucket, s3CredentialsFile, metricsHost, metricsPort, null);
  }

  public boolean embedded() {
    return temporalTarget == null || temporalTarget.isBlank();
  }

  /** The project home: {@code $CORTEXCLUST_HOME} or {@code ./.cortexclust}. */
  public static Path defaultHome() {
    String env = System.getenv("CORTEXCLUST_HOME");
    return Path.of(env == null || env.isBlank() ? ".cortexclust" : env).toAbsolutePath().normalize();
  }

  S3Credentials s3Credentials() throws IOException {
    // ~ as the shell and the AWS CLI read it: $HOME, else the JVM's idea of the user's home
    String h = System.getenv("HOME");
    return S3Credentials.resolve(s3CredentialsFile, System.getenv(), Path.of(h == null || h.isBlank() ? System.getProperty("user.home") : h));
  }
}
