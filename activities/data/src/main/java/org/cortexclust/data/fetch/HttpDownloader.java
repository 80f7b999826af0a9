package org.cortexclust.data.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.cortexclust.common.progress.Progress;

/**
 * Resumable download of a release archive over HTTP(S) into a local cache directory. An interrupted download leaves
 * {@code <name>.part}; the next attempt asks for the rest with {@code Range: bytes=<size>-} and appends when the
 * server answers 206 (restarts from zero on 200). The finished file's SHA-256 is compared with the expected one when
 * given; a mismatch deletes the download and raises {@link IllegalArgumentException} (retrying cannot fix it).
 */
public final class HttpDownloader {
  private final Path cacheDir;
  private final HttpClient client;

  public HttpDownloader(Path cacheDir) {
    this.cacheDir = cacheDir;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** The default cache: {@code $CORTEXCLUST_DOWNLOADS}, else {@code <tmp>/cortexclust-downloads}. */
  public static Path defaultCache() {
    String env = System.getenv("CORTEXCLUST_DOWNLOADS");
    return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("java.io.tmpdir"), "cortexclust-downloads");
  }

  /** A finished download and its digest. */
  public record Download(Path file, String sha256, long bytes, boolean resumed) {}

  /**
   * Fetch {@code url} (reusing a complete earlier download, resuming a partial one).
   *
   * @param expectedSha256 64 hex digits, or null to accept any content
   */
  public Download fetch(String url, String expectedSha256, Progress progress) throws IOException {
    URI uri = URI.create(url);
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("data.source: expected an http(s) URL, got " + url);
    }
    String name = Path.of(uri.getPath().isEmpty() ? "/download" : uri.getPath()).getFileName().toString();
    Path dir = Files.createDirectories(cacheDir.resolve(sha256(url.getBytes(StandardCharsets.UTF_8)).substring(0, 16)));
    Path done = dir.resolve(name);
    Path part = dir.resolve(name + ".part");
    if (Files.exists(done)) {
      String have = sha256(done);
      if (expectedSha256 == null || have.equalsIgnoreCase(expectedSha256)) {
        return new Download(done, have, Files.size(done), false);
      }
      Files.delete(done);
    }
    long offset = Files.exists(part) ? Files.size(part) : 0;
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofMinutes(30));
    if (offset > 0) {
      rb.header("Range", "bytes=" + offset + "-");
    }
    HttpResponse<InputStream> resp;
    try {
      resp = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(url + ": interrupted", e);
    }
    int code = resp.statusCode();
    boolean resumed = offset > 0 && code == 206;
    if (code == 416 && offset > 0) {
      // The part file already holds everything (server has nothing after offset): finish below.
      resp.body().close();
      resumed = true;
    } else if (code != 200 && code != 206) {
      resp.body().close();
      String msg = url + ": HTTP " + code + " (expected 200 or 206)";
      if (code >= 400 && code < 500) {
        throw new IllegalArgumentException("data.source: " + msg);
      }
      throw new IOException(msg);
    } else {
      long total = resp.headers().firstValueAsLong("Content-Length").orElse(-1) + (resumed ? offset : 0);
      StandardOpenOption mode = resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
      long written = resumed ? offset : 0;
      try (InputStream in = resp.body();
          OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
        byte[] buf = new byte[1 << 16];
        int n;
        long lastReport = 0;
        while ((n = in.read(buf)) > 0) {
          out.write(buf, 0, n);
          written += n;
          if (written - lastReport > (8 << 20)) {
            progress.report("download", written, Math.max(0, total), Map.of());
            lastReport = written;
          }
        }
      }
      if (total >= 0 && written != total) {
        throw new IOException(url + ": download ended after " + written + " of " + total + " bytes; the next attempt resumes");
      }
    }
    String have = sha256(part);
    if (expectedSha256 != null && !have.equalsIgnoreCase(expectedSha256)) {
      Files.delete(part);
      throw new IllegalArgumentException("data.sha256: " + url + " has SHA-256 " + have + ", expected " + expectedSha256.toLowerCase(Locale.ROOT)
          + " (download deleted)");
    }
    Files.move(part, done, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new Download(done, have, Files.size(done), resumed);
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
