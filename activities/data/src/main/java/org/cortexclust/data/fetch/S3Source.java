package org.cortexclust.data.fetch;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.common.store.StoreSettings;

/**
 * A dataset under {@code s3://bucket/prefix} on the artifact store's S3 endpoint (same credentials, any bucket): every
 * object under the prefix is copied into a local cache, keeping the relative paths, so the result is a mouse folder, a
 * folder of mouse folders or a folder of mouse zips. Objects already cached with the same size are not fetched again;
 * each object is streamed to {@code .part} and renamed when its byte count matches the listing.
 */
public final class S3Source {
  private S3Source() {}

  /** Copy {@code uri} into {@code cacheDir} and return the local root of the copy. */
  public static Path fetch(String uri, StoreSettings s, Path cacheDir, Progress progress) throws IOException {
    if (!uri.startsWith("s3://")) {
      throw new IllegalArgumentException("data.source: expected s3://bucket/prefix, got " + uri);
    }
    String rest = uri.substring(5);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException("data.source: no bucket in " + uri + " (expected s3://bucket/prefix)");
    }
    if (s == null) {
      throw new IllegalArgumentException("data.source: " + uri + " needs the artifact store's S3 settings (endpoint, credentials)");
    }
    MinioClient client = MinioClient.builder().endpoint(s.endpoint()).credentials(s.accessKey(), s.secretKey()).region("us-east-1").build();
    Path root = Files.createDirectories(cacheDir.resolve("s3-" + HttpDownloader.sha256((s.endpoint() + " " + uri)
        .getBytes(StandardCharsets.UTF_8)).substring(0, 16)));
    List<Item> items = new ArrayList<>();
    try {
      for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
        Item it = r.get();
        if (!it.isDir() && !it.objectName().endsWith("/")) {
          items.add(it);
        }
      }
    } catch (Exception e) {
      throw new IOException(uri + ": cannot list objects at " + s.endpoint() + ": " + e.getMessage(), e);
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException("data.source: no objects under " + uri + " at " + s.endpoint());
    }
    long done = 0;
    for (Item it : items) {
      String rel = it.objectName().substring(prefix.length());
      Path local = root.resolve(rel).normalize();
      if (!local.startsWith(root)) {
        throw new IllegalArgumentException("data.source: object name " + it.objectName() + " escapes the download folder");
      }
      if (Files.exists(local) && Files.size(local) == it.size()) {
        progress.report("s3", ++done, items.size(), Map.of());
        continue;
      }
      Files.createDirectories(local.getParent());
      Path part = local.resolveSibling(local.getFileName() + ".part");
      long n;
      try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(it.objectName()).build());
          OutputStream out = Files.newOutputStream(part)) {
        n = in.transferTo(out);
      } catch (IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(uri + ": cannot read " + it.objectName() + ": " + e.getMessage(), e);
      }
      if (n != it.size()) {
        Files.deleteIfExists(part);
        throw new IOException(uri + ": " + it.objectName() + " gave " + n + " bytes, the listing says " + it.size());
      }
      Files.move(part, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      progress.report("s3", ++done, items.size(), Map.of());
    }
    return root;
  }
}
