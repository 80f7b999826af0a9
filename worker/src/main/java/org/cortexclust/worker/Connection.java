package org.cortexclust.worker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the services are. With no Temporal target the process runs the embedded default (Temporal test server and
 * S3 on loopback, files under the home). Credentials for a remote S3 come from the environment
 * ({@code CORTEXCLUST_S3_ACCESS_KEY}, {@code CORTEXCLUST_S3_SECRET_KEY}) or a properties file, never from the
 * command line, and are never logged.
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
    int metricsPort) {

  public boolean embedded() {
    return temporalTarget == null || temporalTarget.isBlank();
  }

  /** The project home: {@code $CORTEXCLUST_HOME} or {@code ./.cortexclust}. */
  public static Path defaultHome() {
    String env = System.getenv("CORTEXCLUST_HOME");
    return Path.of(env == null || env.isBlank() ? ".cortexclust" : env).toAbsolutePath().normalize();
  }

  String[] s3Credentials() throws IOException {
    if (s3CredentialsFile != null) {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(s3CredentialsFile)) {
        p.load(in);
      }
      String ak = p.getProperty("access_key");
      String sk = p.getProperty("secret_key");
      if (ak == null || sk == null) {
        throw new IllegalArgumentException(s3CredentialsFile + ": expected properties access_key and secret_key");
      }
      return new String[] {ak, sk};
    }
    String ak = System.getenv("CORTEXCLUST_S3_ACCESS_KEY");
    String sk = System.getenv("CORTEXCLUST_S3_SECRET_KEY");
    if (ak == null || sk == null) {
      throw new IllegalArgumentException("--s3-endpoint needs credentials: set CORTEXCLUST_S3_ACCESS_KEY and "
          + "CORTEXCLUST_S3_SECRET_KEY, or pass --s3-credentials FILE (properties access_key, secret_key)");
    }
    return new String[] {ak, sk};
  }
}
