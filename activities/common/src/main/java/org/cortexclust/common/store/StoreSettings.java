package org.cortexclust.common.store;

import java.nio.file.Path;

/**
 * Where artifacts live: an S3-compatible endpoint and bucket, credentials (from the environment or a file, never
 * from the command line), and a local directory caching downloaded blobs.
 */
public record StoreSettings(String endpoint, String bucket, String accessKey, String secretKey, Path localCache, String sessionToken) {
  /** Long-lived keys (no session token). */
  public StoreSettings(String endpoint, String bucket, String accessKey, String secretKey, Path localCache) {
    this(endpoint, bucket, accessKey, secretKey, localCache, null);
  }

  @Override
  public String toString() {
    return "StoreSettings[endpoint=" + endpoint + ", bucket=" + bucket + ", accessKey=" + (accessKey == null ? "-" : "***")
        + ", localCache=" + localCache
        + (sessionToken == null ? "" : ", sessionToken=***") + "]";
  }
}
