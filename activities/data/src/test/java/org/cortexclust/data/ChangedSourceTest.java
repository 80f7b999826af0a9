package org.cortexclust.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.common.lineage.OpenLineageEvents;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.common.store.StoreSettings;
import org.cortexclust.common.store.TestStore;
import org.cortexclust.data.embeddings.ImportActivitiesImpl;
import org.cortexclust.data.simulator.SimulatorOptions;
import org.cortexclust.data.simulator.V1Simulator;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changed source content is not a cache hit (issue 23 item 2), and a token in a source URL reaches no manifest,
 * dataset.json, lineage event or error (item 8): real StageRunner, real embedded S3, real files, a real HTTP server on
 * loopback.
 */
class ChangedSourceTest {
  @TempDir static Path home;
  static TestStore env;
  static ArtifactStore store;
  static DataActivitiesImpl data;

  @BeforeAll
  static void start() throws Exception {
    env = TestStore.start(home);
    store = env.store;
    data = new DataActivitiesImpl(env.runner, home.resolve("downloads"));
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
  }

  static String config(String dataYaml) {
    return ConfigLoader.parse("t", "name: changed\nseed: 3\ndata:\n" + dataYaml, List.of()).canonicalJson();
  }

  static String yaml(String source) {
    return "  source: " + source + "\n  image_height: 12\n  image_width: 16\n";
  }

  static List<Path> mouse(Path dir, int seed) throws IOException {
    return mouse(dir, seed, 60);
  }

  static List<Path> mouse(Path dir, int seed, int trials) throws IOException {
    return V1Simulator.write(SimulatorOptions.defaults(seed).withSize(1, 8, trials, 24, 32), dir, Progress.NONE);
  }

  static JsonNode dataset(StageOutput o) throws Exception {
    return new ObjectMapper().readTree(store.readBlob(store.manifest(o.artifactId()).output("dataset.json")));
  }

  /** Overwrite {@code to}'s files with {@code from}'s same-named files (same sizes: same shapes), mtimes moved on. */
  static void overwrite(Path from, Path to) throws IOException {
    try (Stream<Path> w = Files.walk(from)) {
      for (Path p : (Iterable<Path>) w::iterator) {
        if (Files.isRegularFile(p)) {
          Path t = to.resolve(from.relativize(p).toString());
          Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          Files.setLastModifiedTime(t, FileTime.fromMillis(Files.getLastModifiedTime(t).toMillis() + 5_000));
        }
      }
    }
  }

  @Test
  void aLocalFolderRewrittenInPlaceIsImportedAgain() throws Exception {
    Path folder = mouse(home.resolve("local"), 11).get(0);
    Path other = mouse(home.resolve("local-other"), 12).get(0);
    String cfg = config(yaml(folder.toString()));
    StageOutput a = data.fetchData(new StageInput("l1", "data", cfg, Map.of()));
    assertTrue(data.fetchData(new StageInput("l2", "data", cfg, Map.of())).cacheHit(), "unchanged folder: a cache hit");
    overwrite(other.resolve("data/responses"), folder.resolve("data/responses"));
    StageOutput b = data.fetchData(new StageInput("l3", "data", cfg, Map.of()));
    assertFalse(b.cacheHit(), "the folder's responses changed: the old artifact must not be served");
    assertNotEquals(a.artifactId(), b.artifactId());
    assertNotEquals(dataset(a).get("mice").get(0).get("source_sha256"), dataset(b).get("mice").get(0).get("source_sha256"));
  }

  @Test
  void anS3PrefixWithAChangedObjectIsImportedAgain() throws Exception {
    Path v1 = mouse(home.resolve("s3v1"), 21).get(0);
    Path v2 = mouse(home.resolve("s3v2"), 22).get(0);
    byte[] z1 = storedZip(v1, "m/");
    byte[] z2 = storedZip(v2, "m/");
    assertEquals(z1.length, z2.length, "uncompressed zips of same-shaped mice: same size, other bytes");
    StoreSettings st = store.settings();
    try (ArtifactStore sources = new ArtifactStore(new StoreSettings(st.endpoint(), "changing", st.accessKey(), st.secretKey(),
        home.resolve("srccache")))) {
      sources.ensureBucket();
      sources.putObject("release/mouse.zip", z1);
      String cfg = config(yaml("s3://changing/release"));
      StageOutput a = data.fetchData(new StageInput("s1", "data", cfg, Map.of()));
      assertTrue(data.fetchData(new StageInput("s2", "data", cfg, Map.of())).cacheHit());
      // same name, same size, other bytes: neither the key nor the local copy may keep the old content
      sources.putObject("release/mouse.zip", z2);
      StageOutput b = data.fetchData(new StageInput("s3", "data", cfg, Map.of()));
      assertFalse(b.cacheHit(), "the object under the prefix changed");
      assertNotEquals(a.artifactId(), b.artifactId());
      try (var src = org.cortexclust.data.sensorium.SensoriumDataset.open(v2)) {
        assertEquals(DatasetImporter.digest(src).sha256(), dataset(b).get("mice").get(0).get("source_sha256").asText(),
            "the import read the new object, not the cached copy of the old one");
      }
    }
  }

  /** A zip of {@code folder}'s files under {@code prefix}, uncompressed, with fixed times: its size depends on sizes only. */
  static byte[] storedZip(Path folder, String prefix) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(bytes); Stream<Path> w = Files.walk(folder)) {
      for (Path p : (Iterable<Path>) w.sorted()::iterator) {
        if (Files.isRegularFile(p)) {
          byte[] b = Files.readAllBytes(p);
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(b);
          java.util.zip.ZipEntry e = new java.util.zip.ZipEntry(prefix + folder.relativize(p).toString().replace('\\', '/'));
          e.setMethod(java.util.zip.ZipEntry.STORED);
          e.setSize(b.length);
          e.setCompressedSize(b.length);
          e.setCrc(crc.getValue());
          e.setTime(0);
          z.putNextEntry(e);
          z.write(b);
          z.closeEntry();
        }
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void anHttpSourceIsKeyedByItsValidatorAndItsTokenIsWrittenNowhere() throws Exception {
    Path zipDir = home.resolve("http");
    Path m1 = mouse(zipDir.resolve("v1"), 31).get(0);
    Path m2 = mouse(zipDir.resolve("v2"), 32).get(0);
    Path z1 = zipDir.resolve("v1.zip");
    Path z2 = zipDir.resolve("v2.zip");
    org.cortexclust.data.sensorium.SensoriumReaderTestSupport.zip(m1, z1, m1.getFileName() + "/");
    org.cortexclust.data.sensorium.SensoriumReaderTestSupport.zip(m2, z2, m2.getFileName() + "/");
    byte[][] served = {Files.readAllBytes(z1)};
    String[] etag = {"\"v1\""};
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/release/mouse.zip", ex -> serve(ex, served[0], etag[0]));
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/release/mouse.zip";
      StageOutput a = data.fetchData(new StageInput("h1", "data", config(yaml(base + "?token=SECRET-ONE")), Map.of()));
      // a re-signed URL to the same content is the same source
      StageOutput again = data.fetchData(new StageInput("h2", "data", config(yaml(base + "?token=SECRET-TWO")), Map.of()));
      assertTrue(again.cacheHit(), "another token, same content: a cache hit");
      served[0] = Files.readAllBytes(z2);
      etag[0] = "\"v2\"";
      StageOutput b = data.fetchData(new StageInput("h3", "data", config(yaml(base + "?token=SECRET-ONE")), Map.of()));
      assertFalse(b.cacheHit(), "the server's file changed (new ETag)");
      assertEquals(ArtifactStore.sha256(served[0]), dataset(b).get("source_archive_sha256").asText());
      RuntimeException missing = assertThrows(RuntimeException.class, () -> data.fetchData(new StageInput("h4", "data",
          config(yaml(base.replace("mouse", "gone") + "?X-Amz-Signature=SECRET-THREE&X-Amz-Expires=60")), Map.of())));
      assertTrue(missing.getMessage().contains("HTTP 404") && missing.getMessage().contains("/release/gone.zip"), missing.getMessage());
      StringBuilder written = new StringBuilder(String.valueOf(missing.getMessage()));
      for (Throwable t = missing.getCause(); t != null; t = t.getCause()) {
        written.append(' ').append(t.getMessage());
      }
      for (String id : store.listManifestIds()) {
        StageManifest m = store.manifest(id);
        written.append(new ObjectMapper().writeValueAsString(m));
        if (m.outputs().containsKey("dataset.json")) {
          written.append(new String(store.readBlob(m.output("dataset.json")), StandardCharsets.UTF_8));
        }
      }
      for (String key : store.list("lineage/")) {
        written.append(new String(store.getIfExists(key).orElseThrow(), StandardCharsets.UTF_8));
      }
      assertTrue(written.toString().contains("/release/mouse.zip?token=REDACTED"), "the source is still named");
      for (String secret : List.of("SECRET-ONE", "SECRET-TWO", "SECRET-THREE")) {
        assertFalse(written.toString().contains(secret), secret + " was written to the store or an error");
      }
      assertTrue(store.list("lineage/").size() > 0, "lineage events were written (" + OpenLineageEvents.key("x") + ")");
    } finally {
      server.stop(0);
    }
  }

  static void serve(HttpExchange ex, byte[] body, String etag) throws IOException {
    if (!ex.getRequestURI().getPath().endsWith("mouse.zip")) {
      ex.sendResponseHeaders(404, -1);
      ex.close();
      return;
    }
    ex.getResponseHeaders().add("ETag", etag);
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().add("Content-Length", Integer.toString(body.length));
      ex.sendResponseHeaders(200, -1);
      ex.close();
      return;
    }
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Test
  void embeddingsRewrittenWithoutAShaAreImportedAgain() throws Exception {
    ImportActivitiesImpl imp = new ImportActivitiesImpl(env.runner);
    Path f = home.resolve("emb.npy");
    Npy.write(f, NpyArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 4, 2));
    String cfg = ConfigLoader.parse("t", "name: emb\nseed: 1\nembeddings_source:\n  path: " + f + "\n", List.of()).canonicalJson();
    StageOutput a = imp.importEmbeddings(new StageInput("e1", "import", cfg, Map.of()));
    assertTrue(imp.importEmbeddings(new StageInput("e2", "import", cfg, Map.of())).cacheHit());
    Npy.write(f, NpyArray.ofFloats(new float[] {8, 7, 6, 5, 4, 3, 2, 1}, 4, 2));
    StageOutput b = imp.importEmbeddings(new StageInput("e3", "import", cfg, Map.of()));
    assertFalse(b.cacheHit(), "the table was rewritten: the old embeddings must not be served");
    assertNotEquals(a.artifactId(), b.artifactId());
  }

  @Test
  void theDownloadCacheIsOwnerOnlyAndUnderTheHome() throws Exception {
    DataActivitiesImpl byDefault = new DataActivitiesImpl(env.runner);
    Path folder = mouse(home.resolve("s3perm"), 41).get(0);
    StoreSettings st = store.settings();
    try (ArtifactStore sources = new ArtifactStore(new StoreSettings(st.endpoint(), "perm", st.accessKey(), st.secretKey(),
        home.resolve("srccache2")))) {
      sources.ensureBucket();
      sources.putObject("m/mouse.zip", storedZip(folder, "m/"));
    }
    byDefault.fetchData(new StageInput("p1", "data", config(yaml("s3://perm/m")), Map.of()));
    Path downloads = env.runner.workRoot().toAbsolutePath().resolveSibling("downloads");
    assertTrue(Files.isDirectory(downloads), downloads + " (the default cache, beside the work folder under the home)");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(downloads)));
  }
}
