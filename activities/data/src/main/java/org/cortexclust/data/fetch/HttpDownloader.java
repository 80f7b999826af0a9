package org.cortexclust.data.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpHeaders;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
import org.cortexclust.common.store.Redaction;

/**
 * Resumable download of a release archive over HTTP(S) into a local cache directory. An interrupted download leaves
 * {@code <name>.part} and, beside it, the validator the server sent with it ({@code <name>.part.validator}: the strong
 * ETag, else Last-Modified). The next attempt asks for the rest with {@code Range: bytes=<size>-} and {@code If-Range:
 * <validator>}, and appends only when the server answers 206 with a {@code Content-Range} starting at that size; a 200
 * (the file changed, or the server ignores ranges), a part without a validator or a mismatched range restarts from
 * zero. A finished download is reused only while the server still reports the same validator and length; a file
 * with neither ETag nor Last-Modified is fetched again unless its SHA-256 is pinned. The finished file's SHA-256 is
 * compared with the expected one when given; a mismatch deletes the download and raises {@link
 * IllegalArgumentException} (retrying cannot fix it). A body that delivers no byte for the read timeout is abandoned
 * with an {@link IOException} (retryable; the next attempt resumes). URLs in messages are redacted ({@link Redaction}).
 */
public final class HttpDownloader {
  /** Default time a response body may deliver no byte before the download is abandoned. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

  private final Path cacheDir;
  private final HttpClient client;
  private final Duration readTimeout;

  public HttpDownloader(Path cacheDir) {
    this(cacheDir, DEFAULT_READ_TIMEOUT);
  }

  public HttpDownloader(Path cacheDir, Duration readTimeout) {
    this.cacheDir = cacheDir;
    this.readTimeout = readTimeout;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /**
   * The default cache: {@code $CORTEXCLUST_DOWNLOADS}, else {@code downloads/} under {@code $CORTEXCLUST_HOME} (else
   * {@code ./.cortexclust}); it is created owner-only ({@link PrivateDirs}).
   */
  public static Path defaultCache() {
    String env = System.getenv("CORTEXCLUST_DOWNLOADS");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String home = System.getenv("CORTEXCLUST_HOME");
    return (home != null && !home.isBlank() ? Path.of(home) : Path.of(".cortexclust")).resolve("downloads");
  }

  /** A finished download and its digest; {@code validator} is what the server identified the content by (or null). */
  public record Download(Path file, String sha256, long bytes, boolean resumed, String validator) {}

  /** What the server says about a URL without sending it: strong ETag, Last-Modified, length (-1 when unknown). */
  public record Remote(String etag, String lastModified, long length) {
    /** The validator for {@code If-Range} and for reusing a finished download: the strong ETag, else Last-Modified. */
    public String validator() {
      return etag != null ? etag : lastModified;
    }

    /** A description of the content version for a stage key, or null when the server gives no validator. */
    public String fingerprint() {
      return validator() == null ? null : "etag=" + etag + " last-modified=" + lastModified + " length=" + length;
    }

    static Remote of(HttpHeaders h, long length) {
      String etag = h.firstValue("ETag").filter(e -> !e.startsWith("W/")).orElse(null); // weak tags cannot drive If-Range
      return new Remote(etag, h.firstValue("Last-Modified").orElse(null), length);
    }
  }

  /** Ask the server (HEAD; a one-byte ranged GET where HEAD is refused) what version of {@code url} it holds. */
  public Remote probe(String url) throws IOException {
    URI uri = uri(url);
    HttpResponse<Void> r = send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(60)).build(), url, HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() == 405 || r.statusCode() == 501) {
      r = send(HttpRequest.newBuilder(uri).GET().header("Range", "bytes=0-0").timeout(Duration.ofSeconds(60)).build(), url,
          HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() == 206) {
        return Remote.of(r.headers(), ContentRange.parse(r.headers().firstValue("Content-Range").orElse(null)).total());
      }
    }
    check(r.statusCode(), url, 200, 206);
    return Remote.of(r.headers(), r.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  /**
   * Fetch {@code url} (reusing a complete earlier download of the same version, resuming a partial one).
   *
   * @param expectedSha256 64 hex digits, or null to accept any content
   */
  public Download fetch(String url, String expectedSha256, Progress progress) throws IOException {
    URI uri = uri(url);
    String name = Path.of(uri.getPath() == null || uri.getPath().isEmpty() ? "/download" : uri.getPath()).getFileName().toString();
    Path dir = PrivateDirs.create(PrivateDirs.create(cacheDir).resolve(sha256(url.getBytes(StandardCharsets.UTF_8)).substring(0, 16)));
    Path done = dir.resolve(name);
    Path doneValidator = dir.resolve(name + ".validator");
    Path part = dir.resolve(name + ".part");
    Path partValidator = dir.resolve(name + ".part.validator");
    for (Path f : new Path[] {done, doneValidator, part, partValidator}) {
      if (Files.isSymbolicLink(f)) {
        Files.delete(f); // the link only, never where it points: nothing we write may follow a planted link
      }
    }
    if (Files.isRegularFile(done, LinkOption.NOFOLLOW_LINKS)) {
      if (expectedSha256 != null) {
        String have = sha256(done);
        if (have.equalsIgnoreCase(expectedSha256)) {
          return new Download(done, have, Files.size(done), false, read(doneValidator));
        }
      } else {
        Remote now = probe(url);
        String was = read(doneValidator);
        if (now.validator() != null && stamp(now.validator(), Files.size(done)).equals(was)
            && (now.length() < 0 || now.length() == Files.size(done))) {
          return new Download(done, sha256(done), Files.size(done), false, now.validator());
        }
      }
    }
    Files.deleteIfExists(done);
    Files.deleteIfExists(doneValidator);
    String partWas = read(partValidator);
    // A part is resumed against the version it was cut from (If-Range), or, from a server without validators, only
    // when the content is pinned by SHA-256 (a spliced file then fails the check and the next attempt starts over).
    long offset = Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS) && (partWas != null || expectedSha256 != null) ? Files.size(part) : 0;
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofMinutes(30));
    if (offset > 0) {
      rb.header("Range", "bytes=" + offset + "-");
      if (partWas != null) {
        rb.header("If-Range", partWas);
      }
    }
    HttpResponse<InputStream> resp = send(rb.build(), url, HttpResponse.BodyHandlers.ofInputStream());
    int code = resp.statusCode();
    String validator = Remote.of(resp.headers(), -1).validator();
    boolean resumed = false;
    if (code == 206 && offset > 0) {
      ContentRange cr = ContentRange.parse(resp.headers().firstValue("Content-Range").orElse(null));
      resumed = cr.from() == offset && (validator == null || partWas == null || validator.equals(partWas));
      if (!resumed) { // not the rest of our part: start over without trusting what we have
        resp.body().close();
        Files.deleteIfExists(part);
        Files.deleteIfExists(partValidator);
        throw new IOException(Redaction.url(url) + ": asked for bytes " + offset + "- of version " + partWas + ", the server sent "
            + resp.headers().firstValue("Content-Range").orElse("no Content-Range") + " of version " + validator
            + "; the partial download was discarded and the next attempt starts over");
      }
    } else if (code == 416 && offset > 0 && ContentRange.parse(resp.headers().firstValue("Content-Range").orElse(null)).total() == offset
        && (validator == null || validator.equals(partWas))) {
      resp.body().close(); // the part already holds every byte of this version (cut before the rename): finish it
      resumed = true;
    } else if (code == 416 && offset > 0) {
      resp.body().close();
      Files.deleteIfExists(part); // the server has no byte at our offset: its file is shorter than our part, so it changed
      Files.deleteIfExists(partValidator);
      throw new IOException(Redaction.url(url) + ": the server has no byte at offset " + offset
          + " of the partial download, so the remote file changed; the partial download was discarded and the next attempt starts over");
    } else if (code != 200) {
      resp.body().close();
      check(code, url, 200, 206);
      throw new IOException(Redaction.url(url) + ": HTTP " + code + " to a request without a range");
    }
    boolean complete = code == 416;
    long total = complete ? offset : resp.headers().firstValueAsLong("Content-Length").orElse(-1) + (resumed ? offset : 0);
    if (resumed && !complete) {
      total = Math.max(total, ContentRange.parse(resp.headers().firstValue("Content-Range").orElse(null)).total());
    } else if (!resumed) {
      offset = 0;
      Files.deleteIfExists(partValidator);
      write(partValidator, validator); // before the first byte: a part is resumable only against this version
    }
    StandardOpenOption mode = resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
    long written = offset;
    try (InputStream in = complete ? InputStream.nullInputStream() : resp.body();
        OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode, LinkOption.NOFOLLOW_LINKS);
        ReadTimeout watchdog = new ReadTimeout(in, readTimeout)) {
      byte[] buf = new byte[1 << 16];
      int n;
      long lastReport = 0;
      while ((n = watchdog.read(buf)) > 0) {
        out.write(buf, 0, n);
        written += n;
        if (written - lastReport > (8 << 20)) {
          progress.report("download", written, Math.max(0, total), Map.of());
          lastReport = written;
        }
      }
    } catch (ReadTimeout.Stalled e) {
      throw new IOException(Redaction.url(url) + ": no data for " + readTimeout.toSeconds() + " s after " + written
          + " bytes; the next attempt resumes", e);
    }
    if (total >= 0 && written != total) {
      throw new IOException(Redaction.url(url) + ": download ended after " + written + " of " + total + " bytes; the next attempt resumes");
    }
    String have = sha256(part);
    if (expectedSha256 != null && !have.equalsIgnoreCase(expectedSha256)) {
      Files.delete(part);
      Files.deleteIfExists(partValidator);
      throw new IllegalArgumentException("data.sha256: " + Redaction.url(url) + " has SHA-256 " + have + ", expected "
          + expectedSha256.toLowerCase(Locale.ROOT) + " (download deleted)");
    }
    Files.move(part, done, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.deleteIfExists(partValidator);
    if (validator != null) {
      write(doneValidator, stamp(validator, Files.size(done)));
    }
    return new Download(done, have, Files.size(done), resumed, validator);
  }

  private static String stamp(String validator, long size) {
    return validator + "\n" + size;
  }

  private static String read(Path f) throws IOException {
    return Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) ? Files.readString(f, StandardCharsets.UTF_8) : null;
  }

  private static void write(Path f, String value) throws IOException {
    if (value != null) {
      Files.writeString(f, value, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }
  }

  private static URI uri(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("data.source: not a valid URL: " + Redaction.url(url) + " (" + Redaction.text(e.getReason()) + ")");
    }
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("data.source: expected an http(s) URL, got " + Redaction.url(url));
    }
    return uri;
  }

  private <T> HttpResponse<T> send(HttpRequest r, String url, HttpResponse.BodyHandler<T> h) throws IOException {
    try {
      return client.send(r, h);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(Redaction.url(url) + ": interrupted", e);
    } catch (IOException e) {
      // the JDK's messages may quote the URI; ours keep the host and path only
      throw new IOException(Redaction.url(url) + ": " + Redaction.text(String.valueOf(e.getMessage())) + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static void check(int code, String url, int... ok) throws IOException {
    for (int o : ok) {
      if (code == o) {
        return;
      }
    }
    String msg = Redaction.url(url) + ": HTTP " + code + " (expected 200 or 206)";
    if (code >= 400 && code < 500 && code != 408 && code != 429) {
      throw new IllegalArgumentException("data.source: " + msg);
    }
    throw new IOException(msg);
  }

  /** {@code Content-Range: bytes <from>-<to>/<total>} ({@code total} -1 when {@code *}); from -1 when absent. */
  record ContentRange(long from, long to, long total) {
    static ContentRange parse(String h) {
      if (h == null) {
        return new ContentRange(-1, -1, -1);
      }
      java.util.regex.Matcher unsatisfied = java.util.regex.Pattern.compile("bytes\\s+\\*/(\\d+)").matcher(h.trim());
      if (unsatisfied.matches()) { // a 416's "bytes */<length>"
        return new ContentRange(-1, -1, Long.parseLong(unsatisfied.group(1)));
      }
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)").matcher(h.trim());
      if (!m.matches()) {
        return new ContentRange(-1, -1, -1);
      }
      return new ContentRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3)));
    }
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
