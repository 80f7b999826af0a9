package org.cortexclust.data.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.DataConfig;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.DatasetImporter;
import org.cortexclust.data.prepared.PreparedMouse;
import org.cortexclust.data.simulator.SimulatorOptions;
import org.cortexclust.data.simulator.V1Simulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resumable, checksummed download from a local HTTP server on 127.0.0.1 (the public archive is out of reach). */
class HttpDownloaderTest {
  @TempDir Path dir;
  HttpServer server;
  byte[] archive;
  final List<String> ranges = new CopyOnWriteArrayList<>();
  final AtomicBoolean cutFirst = new AtomicBoolean(true);

  @BeforeEach
  void serve() throws IOException {
    Path src = dir.resolve("src");
    List<Path> mice = V1Simulator.write(SimulatorOptions.defaults(2).withSize(1, 12, 100, 24, 32), src, Progress.NONE);
    Path zip = dir.resolve("release.zip");
    org.cortexclust.data.sensorium.SensoriumReaderTestSupport.zip(mice.get(0), zip, mice.get(0).getFileName() + "/");
    archive = Files.readAllBytes(zip);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/files/release.zip", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    String range = ex.getRequestHeaders().getFirst("Range");
    ranges.add(String.valueOf(range));
    int from = 0;
    if (range != null && range.startsWith("bytes=")) {
      from = Integer.parseInt(range.substring(6, range.indexOf('-')));
      if (from >= archive.length) {
        ex.sendResponseHeaders(416, -1);
        ex.close();
        return;
      }
      ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (archive.length - 1) + "/" + archive.length);
      ex.sendResponseHeaders(206, archive.length - from);
    } else {
      ex.sendResponseHeaders(200, archive.length);
    }
    try (OutputStream out = ex.getResponseBody()) {
      if (from == 0 && cutFirst.getAndSet(false)) {
        out.write(archive, 0, archive.length / 2);
        out.flush();
        throw new IOException("simulated connection drop");
      }
      out.write(archive, from, archive.length - from);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/files/release.zip";
  }

  @Test
  void interruptedDownloadResumesWithRangeAndVerifiesChecksum() throws IOException {
    HttpDownloader d = new HttpDownloader(dir.resolve("cache"));
    String sha = HttpDownloader.sha256(archive);
    assertThrows(IOException.class, () -> d.fetch(url(), sha, Progress.NONE), "the first transfer is cut in half");
    HttpDownloader.Download done = d.fetch(url(), sha, Progress.NONE);
    assertTrue(done.resumed());
    assertTrue(ranges.get(1).startsWith("bytes=") && !ranges.get(1).equals("bytes=0-"), ranges.toString());
    assertArrayEquals(archive, Files.readAllBytes(done.file()));
    assertEquals(sha, done.sha256());
    // a finished download is reused without a request
    int requests = ranges.size();
    assertEquals(done.file(), d.fetch(url(), sha, Progress.NONE).file());
    assertEquals(requests, ranges.size());
  }

  @Test
  void checksumMismatchDeletesTheDownloadAndIsBadInput() throws IOException {
    cutFirst.set(false);
    HttpDownloader d = new HttpDownloader(dir.resolve("cache"));
    String wrong = "0".repeat(64);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.fetch(url(), wrong, Progress.NONE));
    assertTrue(e.getMessage().contains("expected " + wrong) && e.getMessage().contains(HttpDownloader.sha256(archive)), e.getMessage());
    try (var s = Files.walk(dir.resolve("cache"))) {
      assertFalse(s.anyMatch(Files::isRegularFile), "nothing left in the cache");
    }
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> d.fetch(url().replace("release", "nothing"), null, Progress.NONE));
    assertTrue(missing.getMessage().contains("HTTP 404"), missing.getMessage());
  }

  @Test
  void importerReadsAnHttpReleaseZip() throws IOException {
    cutFirst.set(false);
    DataConfig c = ConfigLoader.parse("t", "data:\n  source: " + url() + "\n  image_height: 12\n  image_width: 16\n", List.of()).config().data();
    DatasetImporter.Result r = DatasetImporter.importDataset(c, dir.resolve("work"), dir.resolve("cache"), null, Progress.NONE);
    assertTrue(r.datasetJson().contains(HttpDownloader.sha256(archive)), r.datasetJson());
    try (PreparedMouse m = PreparedMouse.open(r.files().get("mouse-sim1-2-1.bin"))) {
      assertEquals(100, m.trials());
      assertEquals(12, m.height());
    }
  }

  /** A second server that behaves as RFC 9110 says: ETag, If-Range, a cut first transfer, an optional stall. */
  static final class Versioned implements AutoCloseable {
    final HttpServer server;
    volatile byte[] body;
    volatile String etag;
    volatile boolean cut = true;
    volatile boolean honourIfRange = true;
    volatile long stallMillis;
    final List<String> requests = new CopyOnWriteArrayList<>();

    Versioned(byte[] body, String etag) throws IOException {
      this.body = body;
      this.etag = etag;
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/v/data.zip", this::handle);
      server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/v/data.zip?token=s3cr3t";
    }

    void handle(HttpExchange ex) throws IOException {
      byte[] b = body;
      String range = ex.getRequestHeaders().getFirst("Range");
      String ifRange = ex.getRequestHeaders().getFirst("If-Range");
      requests.add(ex.getRequestMethod() + " range=" + range + " if-range=" + ifRange);
      ex.getResponseHeaders().add("ETag", etag);
      if (ex.getRequestMethod().equals("HEAD")) {
        ex.getResponseHeaders().add("Content-Length", Integer.toString(b.length));
        ex.sendResponseHeaders(200, -1);
        ex.close();
        return;
      }
      int from = 0;
      boolean partial = range != null && (!honourIfRange || ifRange == null || ifRange.equals(etag));
      if (partial) {
        from = Integer.parseInt(range.substring(6, range.indexOf('-')));
        ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (b.length - 1) + "/" + b.length);
        ex.sendResponseHeaders(206, b.length - from);
      } else {
        ex.sendResponseHeaders(200, b.length);
      }
      try (OutputStream out = ex.getResponseBody()) {
        if (from == 0 && cut) {
          cut = false;
          out.write(b, 0, b.length / 2);
          out.flush();
          if (stallMillis > 0) {
            try {
              Thread.sleep(stallMillis);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          throw new IOException("simulated connection drop");
        }
        out.write(b, from, b.length - from);
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void aRemoteFileChangedBetweenAttemptsIsDownloadedAfreshNotSpliced() throws IOException {
    byte[] v1 = bytes(300_000, 1);
    byte[] v2 = bytes(300_000, 2);
    try (Versioned srv = new Versioned(v1, "\"v1\"")) {
      HttpDownloader d = new HttpDownloader(dir.resolve("cache"));
      assertThrows(IOException.class, () -> d.fetch(srv.url(), null, Progress.NONE), "the first transfer is cut in half");
      srv.body = v2;
      srv.etag = "\"v2\"";
      HttpDownloader.Download done = d.fetch(srv.url(), null, Progress.NONE);
      assertArrayEquals(v2, Files.readAllBytes(done.file()), "half of v1 followed by the rest of v2 is neither file");
      assertFalse(done.resumed());
      assertTrue(srv.requests.get(1).contains("if-range=\"v1\""), srv.requests.toString());
      // a finished download is reused while the server reports the same version, and fetched again when it changes
      assertArrayEquals(v2, Files.readAllBytes(d.fetch(srv.url(), null, Progress.NONE).file()));
      srv.body = v1;
      srv.etag = "\"v1b\"";
      assertArrayEquals(v1, Files.readAllBytes(d.fetch(srv.url(), null, Progress.NONE).file()), "the server's file changed again");
    }
  }

  @Test
  void aServerIgnoringIfRangeWithAnotherVersionIsNotAppended() throws IOException {
    byte[] v1 = bytes(200_000, 3);
    byte[] v2 = bytes(200_000, 4);
    try (Versioned srv = new Versioned(v1, "\"a\"")) {
      srv.honourIfRange = false; // answers 206 to any Range, whatever its version
      HttpDownloader d = new HttpDownloader(dir.resolve("cache"));
      assertThrows(IOException.class, () -> d.fetch(srv.url(), null, Progress.NONE));
      srv.body = v2;
      srv.etag = "\"b\"";
      IOException spliced = assertThrows(IOException.class, () -> d.fetch(srv.url(), null, Progress.NONE),
          "a 206 of another version must not be appended");
      assertTrue(spliced.getMessage().contains("discarded") && !spliced.getMessage().contains("s3cr3t"), spliced.getMessage());
      assertArrayEquals(v2, Files.readAllBytes(d.fetch(srv.url(), null, Progress.NONE).file()), "the next attempt starts over");
    }
  }

  @Test
  void aBodyThatStallsTimesOutAndTheNextAttemptResumes() throws IOException {
    byte[] v1 = bytes(400_000, 5);
    try (Versioned srv = new Versioned(v1, "\"s\"")) {
      srv.stallMillis = 20_000;
      HttpDownloader d = new HttpDownloader(dir.resolve("cache"), java.time.Duration.ofMillis(800));
      long t0 = System.nanoTime();
      IOException stalled = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(15),
          () -> assertThrows(IOException.class, () -> d.fetch(srv.url(), null, Progress.NONE)));
      double secs = (System.nanoTime() - t0) / 1e9;
      assertTrue(stalled.getMessage().contains("no data for"), stalled.getMessage());
      assertTrue(secs < 10, "gave up after " + secs + " s, not after the server's 20 s stall");
      assertFalse(Thread.currentThread().isInterrupted(), "the watchdog's interrupt does not leak to the caller");
      HttpDownloader.Download done = d.fetch(srv.url(), null, Progress.NONE);
      assertTrue(done.resumed());
      assertArrayEquals(v1, Files.readAllBytes(done.file()));
    }
  }

  @Test
  void aPlantedSymlinkDoesNotRedirectTheWrite() throws IOException {
    byte[] v1 = bytes(100_000, 6);
    try (Versioned srv = new Versioned(v1, "\"p\"")) {
      srv.cut = false;
      Path cache = dir.resolve("cache");
      Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
      // where the downloader will write: <cache>/<16 hex of the URL>/data.zip.part
      Path slot = cache.resolve(HttpDownloader.sha256(srv.url().getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16));
      Files.createDirectories(slot);
      Files.createSymbolicLink(slot.resolve("data.zip.part"), victim);
      Files.createSymbolicLink(slot.resolve("data.zip"), victim);
      HttpDownloader.Download done = new HttpDownloader(cache).fetch(srv.url(), null, Progress.NONE);
      assertEquals("precious", Files.readString(victim), "the planted link's target was written");
      assertArrayEquals(v1, Files.readAllBytes(done.file()));
      assertFalse(Files.isSymbolicLink(done.file()));
      assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
      assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(slot)));
      // a cache folder that is itself a link is refused, with the way out named
      Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
      Path linked = dir.resolve("linked-cache");
      Files.createSymbolicLink(linked, elsewhere);
      IOException refused = assertThrows(IOException.class, () -> new HttpDownloader(linked).fetch(srv.url(), null, Progress.NONE));
      assertTrue(refused.getMessage().contains("symbolic link") && refused.getMessage().contains("CORTEXCLUST_DOWNLOADS"),
          refused.getMessage());
    }
  }

  @Test
  void theDefaultCacheIsNotASharedTmpPath() {
    Path d = HttpDownloader.defaultCache().toAbsolutePath();
    if (System.getenv("CORTEXCLUST_DOWNLOADS") == null) {
      assertFalse(d.startsWith(Path.of(System.getProperty("java.io.tmpdir"), "cortexclust-downloads")), d.toString());
      assertTrue(d.endsWith("downloads"), d.toString());
    }
  }
}
