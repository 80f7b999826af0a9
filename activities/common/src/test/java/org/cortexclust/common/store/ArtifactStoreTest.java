package org.cortexclust.common.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The artifact store against a real S3 server (embedded S3Proxy on loopback). */
class ArtifactStoreTest {
  @TempDir static Path home;
  static TestStore env;
  static EmbeddedS3 s3;
  static ArtifactStore store;

  @BeforeAll
  static void start() throws Exception {
    env = TestStore.start(home);
    s3 = env.s3;
    store = env.store;
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
  }

  @Test
  void blobRoundTripVerifiesDigestAndIsContentAddressed() throws Exception {
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new Random(1).nextBytes(data);
    Path f = home.resolve("in.bin");
    Files.write(f, data);
    BlobRef a = store.putFile(f);
    BlobRef b = store.putBytes(data);
    assertEquals(a, b);
    assertEquals(ArtifactStore.sha256(data), a.sha256());
    assertArrayEquals(data, store.readBlob(a));
    Path local = store.localCopy(a);
    assertArrayEquals(data, Files.readAllBytes(local));
    // the object is a plain file under the home: browsable without S3
    assertTrue(Files.exists(home.resolve("s3").resolve(EmbeddedS3.BUCKET).resolve(a.objectKey())));
  }

  @Test
  void corruptBlobIsRejectedOnRead() throws Exception {
    BlobRef ref = store.putBytes("hello, cortex".getBytes());
    Path onDisk = home.resolve("s3").resolve(EmbeddedS3.BUCKET).resolve(ref.objectKey());
    Files.writeString(onDisk, "hello, cortEx");
    IOException e = assertThrows(IOException.class, () -> store.readBlob(ref));
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
  }

  @Test
  void multipartUploadOfLargeObject() throws Exception {
    long size = ArtifactStore.PART_SIZE + 1234;
    Path f = home.resolve("big.bin");
    byte[] chunk = new byte[1 << 20];
    new Random(2).nextBytes(chunk);
    try (var out = Files.newOutputStream(f)) {
      for (long w = 0; w < size; w += chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, size - w));
      }
    }
    BlobRef ref = store.putFile(f);
    assertEquals(size, ref.size());
    try (InputStream in = store.openBlob(ref)) {
      assertEquals(size, in.transferTo(java.io.OutputStream.nullOutputStream()));
    }
  }

  @Test
  void manifestIsRefusedWhileABlobIsMissing() throws Exception {
    BlobRef ghost = new BlobRef("0".repeat(64), 10);
    StageManifest m = new StageManifest(StageManifest.SCHEMA, "test-000000000000000000000000", "0".repeat(64), "test", "run",
        "x", "{}", Map.of(), CodeVersion.current(), Map.of(), 0, "h", "s", "e", Map.of(), Map.of("ghost", ghost));
    assertThrows(IOException.class, () -> store.publish(m));
    assertFalse(store.findManifest(m.id()).isPresent());
  }

  @Test
  void wrongCredentialsAreRejected() throws Exception {
    StoreSettings bad = new StoreSettings(s3.endpoint(), EmbeddedS3.BUCKET, "nobody", "wrong", home.resolve("c2"));
    try (ArtifactStore other = new ArtifactStore(bad)) {
      IOException e = assertThrows(IOException.class, () -> other.list("manifests/"));
      assertTrue(e.getMessage().contains("cannot list"), e.getMessage());
    }
  }
}
