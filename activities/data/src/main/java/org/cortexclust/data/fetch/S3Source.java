package org.cortexclust.data.fetch;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.common.store.StoreSettings;

/**
 * A dataset under {@code s3://bucket/prefix} on the artifact store's S3 endpoint (same credentials, any bucket): every
 * object under the prefix is copied into a local cache, keeping the relative paths, so the result is a mouse folder, a
 * folder of mouse folders or a folder of mouse zips. An object already cached with the same ETag and size (recorded in
 * {@code <copy>.index.json} beside the copy) is not fetched again; a changed object is fetched again and a cached file
 * whose object is gone is deleted, so the copy is always the prefix as listed. Each object is streamed to {@code
 * .part} and renamed when its byte count matches the listing. {@link #fingerprint} summarises the listing (names,
 * sizes, ETags) for the data stage's key.
 */
public final class S3Source {
  private static final ObjectMapper JSON = new ObjectMapper();

  private S3Source() {}

  /** One object as listed: name relative to the prefix, size, ETag. */
  record Entry(String name, long size, String etag) {}

  /** A listed prefix. */
  record Listing(String uri, String bucket, String prefix, List<Entry> entries, MinioClient client, String endpoint) {}

  static Listing list(String uri, StoreSettings s) throws IOException {
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
    List<Entry> entries = new ArrayList<>();
    try {
      for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
        Item it = r.get();
        if (!it.isDir() && !it.objectName().endsWith("/")) {
          entries.add(new Entry(it.objectName().substring(prefix.length()), it.size(), it.etag()));
        }
      }
    } catch (Exception e) {
      throw new IOException(uri + ": cannot list objects at " + s.endpoint() + ": " + e.getMessage(), e);
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("data.source: no objects under " + uri + " at " + s.endpoint());
    }
    entries.sort(Comparator.comparing(Entry::name));
    return new Listing(uri, bucket, prefix, entries, client, s.endpoint());
  }

  /** The endpoint and every object's name, size and ETag under {@code uri}: changes when any object does. */
  public static String fingerprint(String uri, StoreSettings s) throws IOException {
    Listing l = list(uri, s);
    StringBuilder sb = new StringBuilder("s3 ").append(l.endpoint()).append('\n');
    for (Entry e : l.entries()) {
      sb.append(e.name()).append(' ').append(e.size()).append(' ').append(e.etag()).append('\n');
    }
    return "s3-listing-sha256=" + HttpDownloader.sha256(sb.toString().getBytes(StandardCharsets.UTF_8)) + " objects=" + l.entries().size();
  }

  /** Copy {@code uri} into {@code cacheDir} and return the local root of the copy. */
  public static Path fetch(String uri, StoreSettings s, Path cacheDir, Progress progress) throws IOException {
    Listing l = list(uri, s);
    String id = "s3-" + HttpDownloader.sha256((s.endpoint() + " " + uri).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    Path root = PrivateDirs.create(PrivateDirs.create(cacheDir).resolve(id)).toAbsolutePath().normalize();
    Path indexFile = cacheDir.resolve(id + ".index.json");
    Map<String, String> index = new TreeMap<>();
    if (Files.isRegularFile(indexFile, LinkOption.NOFOLLOW_LINKS)) {
      try {
        index.putAll(JSON.readValue(indexFile.toFile(), new TypeReference<Map<String, String>>() {}));
      } catch (IOException unreadable) {
        index.clear(); // a torn index only costs a fresh copy
      }
    }
    java.util.Set<Path> wanted = new java.util.HashSet<>();
    long done = 0;
    for (Entry it : l.entries()) {
      Path local = root.resolve(it.name()).normalize();
      if (!local.startsWith(root) || local.equals(root)) {
        throw new IllegalArgumentException("data.source: object name " + l.prefix() + it.name() + " escapes the download folder");
      }
      wanted.add(local);
      String version = it.etag() + " " + it.size();
      if (Files.isRegularFile(local, LinkOption.NOFOLLOW_LINKS) && Files.size(local) == it.size() && version.equals(index.get(it.name()))) {
        progress.report("s3", ++done, l.entries().size(), Map.of());
        continue;
      }
      index.remove(it.name());
      Files.createDirectories(local.getParent());
      Path part = local.resolveSibling(local.getFileName() + ".part");
      Files.deleteIfExists(part); // a link planted there is removed, never followed
      long n;
      try (InputStream in = l.client().getObject(GetObjectArgs.builder().bucket(l.bucket()).object(l.prefix() + it.name()).build());
          OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        n = in.transferTo(out);
      } catch (IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(uri + ": cannot read " + l.prefix() + it.name() + ": " + e.getMessage(), e);
      }
      if (n != it.size()) {
        Files.deleteIfExists(part);
        throw new IOException(uri + ": " + l.prefix() + it.name() + " gave " + n + " bytes, the listing says " + it.size());
      }
      Files.move(part, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      index.put(it.name(), version);
      writeIndex(indexFile, index);
      progress.report("s3", ++done, l.entries().size(), Map.of());
    }
    // objects removed from the prefix since the last copy must not be imported from the cache
    List<Path> stale = new ArrayList<>();
    try (Stream<Path> w = Files.walk(root)) {
      w.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)).filter(p -> !wanted.contains(p))
          .forEach(stale::add);
    }
    for (Path p : stale) {
      Files.delete(p);
      index.remove(root.relativize(p).toString().replace('\\', '/'));
    }
    writeIndex(indexFile, index);
    return root;
  }

  private static void writeIndex(Path indexFile, Map<String, String> index) throws IOException {
    Path tmp = indexFile.resolveSibling(indexFile.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.write(tmp, JSON.writeValueAsBytes(index), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    Files.move(tmp, indexFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
