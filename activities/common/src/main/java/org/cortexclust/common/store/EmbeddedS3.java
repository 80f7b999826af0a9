package org.cortexclust.common.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * The embedded S3-compatible server of the local mode: S3Proxy with a filesystem backend under
 * {@code <home>/s3}, bound to 127.0.0.1 only, with credentials generated once per home and kept in a 0600 file.
 * Objects are plain files ({@code <home>/s3/<bucket>/<key>}), so artifacts survive the process.
 */
public final class EmbeddedS3 implements AutoCloseable {
  public static final String BUCKET = "cortexclust";

  private final S3Proxy proxy;
  private final String accessKey;
  private final String secretKey;

  private EmbeddedS3(S3Proxy proxy, String accessKey, String secretKey) {
    this.proxy = proxy;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** Start on 127.0.0.1:{@code port} (0 = any free port). */
  public static EmbeddedS3 start(Path home, int port) throws IOException {
    Path base = home.resolve("s3");
    Files.createDirectories(base.resolve(BUCKET));
    ownerOnly(base); // the objects are plain files: on a shared host nobody else may list or read the bucket
    Properties cred = credentials(home);
    String ak = cred.getProperty("access_key");
    String sk = cred.getProperty("secret_key");
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(base.toAbsolutePath().toString()))
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ak, sk)
        .ignoreUnknownHeaders(true)
        .build();
    try {
      proxy.start();
      long deadline = System.currentTimeMillis() + 10_000;
      while (!"STARTED".equals(proxy.getState()) && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
    } catch (Exception e) {
      try {
        proxy.stop();
      } catch (Exception ignored) {
        // the start failure is what matters
      }
      throw new IOException("cannot start the embedded S3 server on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    return new EmbeddedS3(proxy, ak, sk);
  }

  /** Make {@code dir} {@code rwx------} (where the file system has POSIX permissions). */
  static void ownerOnly(Path dir) throws IOException {
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** Credentials of a home's embedded store, created on first use. */
  public static Properties credentials(Path home) throws IOException {
    Path f = home.resolve("s3-credentials.properties");
    Properties p = new Properties();
    if (Files.exists(f)) {
      try (InputStream in = Files.newInputStream(f)) {
        p.load(in);
      }
      return p;
    }
    Files.createDirectories(home);
    SecureRandom rnd = new SecureRandom();
    byte[] a = new byte[10];
    byte[] s = new byte[20];
    rnd.nextBytes(a);
    rnd.nextBytes(s);
    p.setProperty("access_key", "cc" + HexFormat.of().formatHex(a));
    p.setProperty("secret_key", HexFormat.of().formatHex(s));
    Path tmp = Files.createTempFile(home, "cred", ".tmp");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // non-POSIX file system: keep the default permissions
    }
    try (OutputStream out = Files.newOutputStream(tmp)) {
      p.store(out, "credentials of the embedded S3 server of this cortexclust home");
    }
    Files.move(tmp, f);
    return p;
  }

  public int port() {
    return proxy.getPort();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  public StoreSettings settings(Path localCache) {
    return new StoreSettings(endpoint(), BUCKET, accessKey, secretKey, localCache);
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
