package org.cortexclust.common.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * Content-addressed artifact store on any S3-compatible service (MinIO, S3Proxy, AWS S3) through the MinIO client.
 *
 * <p>Layout: {@code blobs/sha256/<2>/<hex>} (immutable, verified on every read), {@code manifests/<id>.json}
 * (one per stage run, written last), {@code checkpoints/<id>/...} (resumable work), {@code lineage/...}
 * (OpenLineage events), {@code runs/...} (our own run index, since the embedded Temporal has no visibility API).
 */
public final class ArtifactStore implements AutoCloseable {
  /** Objects above this size are uploaded in parts of this size (multipart). */
  static final long PART_SIZE = 16L * 1024 * 1024;

  static final ObjectMapper JSON = new ObjectMapper()
      .configure(SerializationFeature.INDENT_OUTPUT, true)
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final StoreSettings settings;
  private final MinioClient client;
  private final Counter bytesWritten;
  private final Counter bytesRead;

  public ArtifactStore(StoreSettings settings) {
    this(settings, Metrics.globalRegistry);
  }

  public ArtifactStore(StoreSettings settings, MeterRegistry registry) {
    this.settings = settings;
    OkHttpClient http = new OkHttpClient.Builder()
        .connectTimeout(10, TimeUnit.SECONDS)
        .readTimeout(5, TimeUnit.MINUTES)
        .writeTimeout(5, TimeUnit.MINUTES)
        .retryOnConnectionFailure(true)
        .build();
    this.client = MinioClient.builder()
        .endpoint(settings.endpoint())
        .credentialsProvider(new io.minio.credentials.StaticProvider(settings.accessKey(), settings.secretKey(), settings.sessionToken()))
        .region("us-east-1")
        .httpClient(http, true)
        .build();
    this.bytesWritten = Counter.builder("cortexclust.store.bytes.written").description("Bytes uploaded to the artifact store").register(registry);
    this.bytesRead = Counter.builder("cortexclust.store.bytes.read").description("Bytes downloaded from the artifact store").register(registry);
  }

  public StoreSettings settings() {
    return settings;
  }

  /** Create the bucket when missing. */
  public void ensureBucket() throws IOException {
    try {
      if (!client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
        client.makeBucket(MakeBucketArgs.builder().bucket(settings.bucket()).build());
      }
    } catch (MinioException | RuntimeException e) {
      throw io("cannot reach bucket '" + settings.bucket() + "' at " + settings.endpoint(), e);
    }
  }

  // ---------------------------------------------------------------- blobs

  /** Upload a file as a content-addressed blob (skipped when the blob already exists). */
  public BlobRef putFile(Path file) throws IOException {
    String sha = sha256(file);
    BlobRef ref = new BlobRef(sha, Files.size(file));
    if (exists(ref.objectKey())) {
      return ref;
    }
    try (InputStream in = Files.newInputStream(file)) {
      putStream(ref.objectKey(), in, ref.size());
    }
    return ref;
  }

  /** Upload bytes as a content-addressed blob. */
  public BlobRef putBytes(byte[] data) throws IOException {
    BlobRef ref = new BlobRef(sha256(data), data.length);
    if (!exists(ref.objectKey())) {
      putObject(ref.objectKey(), data);
    }
    return ref;
  }

  /** Open a blob; the stream fails on close-after-full-read if the content does not match its digest. */
  public InputStream openBlob(BlobRef ref) throws IOException {
    return new VerifyingInputStream(getStream(ref.objectKey()), ref);
  }

  public byte[] readBlob(BlobRef ref) throws IOException {
    try (InputStream in = openBlob(ref)) {
      byte[] b = in.readAllBytes();
      in.read(); // reach EOF so verification runs
      return b;
    }
  }

  /**
   * A local, verified copy of a blob in the local cache directory (downloaded once; a cached copy whose size
   * does not match is fetched again).
   */
  public Path localCopy(BlobRef ref) throws IOException {
    Path dest = settings.localCache().resolve("blobs").resolve(ref.sha256());
    if (Files.exists(dest) && Files.size(dest) == ref.size()) {
      return dest;
    }
    Files.createDirectories(dest.getParent());
    Path tmp = Files.createTempFile(dest.getParent(), ref.sha256().substring(0, 8), ".part");
    try (InputStream in = openBlob(ref); OutputStream out = Files.newOutputStream(tmp)) {
      in.transferTo(out);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    move(tmp, dest);
    return dest;
  }

  // ---------------------------------------------------------------- manifests

  public Optional<StageManifest> findManifest(String id) throws IOException {
    Optional<byte[]> b = getIfExists(StageManifest.objectKey(id));
    if (b.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(b.get(), StageManifest.class));
  }

  public StageManifest manifest(String id) throws IOException {
    return findManifest(id).orElseThrow(() -> new IOException("no artifact '" + id + "' in bucket " + settings.bucket()
        + " (no manifest " + StageManifest.objectKey(id) + ")"));
  }

  /** Publish a manifest. Every blob it names must already exist: a manifest is only ever written last. */
  public void publish(StageManifest m) throws IOException {
    for (var e : m.outputs().entrySet()) {
      if (!exists(e.getValue().objectKey())) {
        throw new IOException("refusing to publish " + m.id() + ": output '" + e.getKey() + "' blob " + e.getValue().sha256() + " is missing");
      }
    }
    putObject(StageManifest.objectKey(m.id()), JSON.writeValueAsBytes(m));
  }

  public List<String> listManifestIds() throws IOException {
    List<String> ids = new ArrayList<>();
    for (String k : list("manifests/")) {
      if (k.endsWith(".json")) {
        ids.add(k.substring("manifests/".length(), k.length() - ".json".length()));
      }
    }
    return ids;
  }

  // ---------------------------------------------------------------- small JSON objects (checkpoint pointers, run index)

  public void putJson(String key, Object value) throws IOException {
    putObject(key, JSON.writeValueAsBytes(value));
  }

  public <T> Optional<T> getJson(String key, Class<T> type) throws IOException {
    Optional<byte[]> b = getIfExists(key);
    return b.isEmpty() ? Optional.empty() : Optional.of(JSON.readValue(b.get(), type));
  }

  public void appendLine(String key, String line) throws IOException {
    Optional<byte[]> old = getIfExists(key);
    byte[] add = (line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] all = old.map(o -> {
      byte[] r = new byte[o.length + add.length];
      System.arraycopy(o, 0, r, 0, o.length);
      System.arraycopy(add, 0, r, o.length, add.length);
      return r;
    }).orElse(add);
    putObject(key, all);
  }

  public Optional<byte[]> getIfExists(String key) throws IOException {
    try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(settings.bucket()).object(key).build())) {
      byte[] b = in.readAllBytes();
      bytesRead.increment(b.length);
      return Optional.of(b);
    } catch (ErrorResponseException e) {
      if ("NoSuchKey".equals(e.errorResponse().code())) {
        return Optional.empty();
      }
      throw io("cannot read " + key, e);
    } catch (MinioException | RuntimeException e) {
      throw io("cannot read " + key, e);
    }
  }

  public List<String> list(String prefix) throws IOException {
    List<String> keys = new ArrayList<>();
    try {
      for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(settings.bucket()).prefix(prefix).recursive(true).build())) {
        keys.add(r.get().objectName());
      }
    } catch (MinioException | RuntimeException e) {
      throw io("cannot list " + prefix, e);
    }
    return keys;
  }

  public void remove(String key) throws IOException {
    try {
      client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(key).build());
    } catch (MinioException | RuntimeException e) {
      throw io("cannot remove " + key, e);
    }
  }

  public boolean exists(String key) throws IOException {
    try {
      client.statObject(StatObjectArgs.builder().bucket(settings.bucket()).object(key).build());
      return true;
    } catch (ErrorResponseException e) {
      String code = e.errorResponse().code();
      if ("NoSuchKey".equals(code) || "NotFound".equals(code) || "ResourceNotFound".equals(code)) {
        return false;
      }
      throw io("cannot stat " + key, e);
    } catch (MinioException | RuntimeException e) {
      throw io("cannot stat " + key, e);
    }
  }

  // ---------------------------------------------------------------- plumbing

  /** Write a small object at a fixed key (indexes, pointers); artifacts go through {@link #putFile} instead. */
  public void putObject(String key, byte[] data) throws IOException {
    putStream(key, new ByteArrayInputStream(data), data.length);
  }

  private void putStream(String key, InputStream in, long size) throws IOException {
    try {
      client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(key)
          .stream(in, size, size > PART_SIZE ? PART_SIZE : -1L).build());
      bytesWritten.increment(size);
    } catch (MinioException | RuntimeException e) {
      throw io("cannot write " + key, e);
    }
  }

  private InputStream getStream(String key) throws IOException {
    try {
      InputStream in = client.getObject(GetObjectArgs.builder().bucket(settings.bucket()).object(key).build());
      return new java.io.FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0) {
            bytesRead.increment();
          }
          return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            bytesRead.increment(n);
          }
          return n;
        }
      };
    } catch (ErrorResponseException e) {
      if ("NoSuchKey".equals(e.errorResponse().code())) {
        throw new IOException("missing object " + key + " in bucket " + settings.bucket(), e);
      }
      throw io("cannot read " + key, e);
    } catch (MinioException | RuntimeException e) {
      throw io("cannot read " + key, e);
    }
  }

  private static IOException io(String msg, Exception e) {
    Throwable c = e.getCause() != null ? e.getCause() : e;
    return new IOException(msg + ": " + c, e);
  }

  static void move(Path tmp, Path dest) throws IOException {
    try {
      Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  public static String sha256(Path file) throws IOException {
    MessageDigest md = sha();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  public static String sha256(byte[] data) {
    return HexFormat.of().formatHex(sha().digest(data));
  }

  static MessageDigest sha() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    client.close();
  }

  /** Checks the digest and size once the underlying stream reaches its end. */
  static final class VerifyingInputStream extends DigestInputStream {
    private final BlobRef ref;
    private long count;
    private boolean checked;

    VerifyingInputStream(InputStream in, BlobRef ref) {
      super(in, sha());
      this.ref = ref;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) {
        verify();
      } else {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n < 0) {
        verify();
      } else {
        count += n;
      }
      return n;
    }

    private void verify() throws IOException {
      if (checked) {
        return;
      }
      checked = true;
      String got = HexFormat.of().formatHex(getMessageDigest().digest());
      if (count != ref.size() || !got.equals(ref.sha256())) {
        throw new IOException("blob " + ref.sha256() + " is corrupt: expected " + ref.size() + " bytes with that SHA-256, read "
            + count + " bytes with SHA-256 " + got);
      }
    }
  }
}
