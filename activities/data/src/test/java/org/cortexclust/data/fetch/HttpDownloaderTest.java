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
}
