package org.cortexclust.worker.cli;

import java.nio.file.Path;
import org.cortexclust.worker.Connection;
import picocli.CommandLine.Option;

/** Where to find Temporal and the object store; nothing given means the embedded default. */
public class ConnectionOptions {
  @Option(names = "--home", description = "Project home for the embedded store, caches and reports (default: $CORTEXCLUST_HOME or ./.cortexclust)")
  Path home;

  @Option(names = "--temporal", paramLabel = "HOST:PORT", description = "A Temporal frontend; without it the embedded server runs in-process")
  String temporal;

  @Option(names = "--namespace", defaultValue = "default", description = "Temporal namespace (default: ${DEFAULT-VALUE})")
  String namespace;

  @Option(names = "--temporal-tls", description = "Use TLS to the Temporal frontend")
  boolean tls;

  @Option(names = "--s3-endpoint", paramLabel = "URL", description = "An S3-compatible endpoint (MinIO, AWS S3); credentials from "
      + "CORTEXCLUST_S3_ACCESS_KEY/CORTEXCLUST_S3_SECRET_KEY or --s3-credentials; without it the embedded S3 runs in-process")
  String s3Endpoint;

  @Option(names = "--bucket", defaultValue = "cortexclust", description = "Bucket (default: ${DEFAULT-VALUE})")
  String bucket;

  @Option(names = "--s3-credentials", paramLabel = "FILE", description = "Properties file with access_key and secret_key")
  Path s3Credentials;

  @Option(names = "--metrics-port", defaultValue = "-1", description = "Serve Prometheus metrics on this port (0 = any free port; default: off)")
  int metricsPort;

  @Option(names = "--metrics-host", defaultValue = "127.0.0.1", description = "Address for the metrics endpoint (default: ${DEFAULT-VALUE})")
  String metricsHost;

  public Connection connection() {
    return new Connection(home == null ? Connection.defaultHome() : home.toAbsolutePath().normalize(), temporal, namespace, tls,
        s3Endpoint, bucket, s3Credentials, metricsHost, metricsPort);
  }
}
