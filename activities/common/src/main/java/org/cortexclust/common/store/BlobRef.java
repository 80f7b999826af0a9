package org.cortexclust.common.store;

/** A content-addressed blob: its SHA-256 (hex) and size in bytes. */
public record BlobRef(String sha256, long size) {
  public BlobRef {
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a SHA-256 hex digest: " + sha256);
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
  }

  /** Object key of the blob in the bucket. */
  public String objectKey() {
    return "blobs/sha256/" + sha256.substring(0, 2) + "/" + sha256;
  }
}
