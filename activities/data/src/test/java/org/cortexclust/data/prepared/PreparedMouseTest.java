package org.cortexclust.data.prepared;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparedMouseTest {
  @TempDir Path dir;

  static PreparedMouse sample(boolean withGt) {
    int t = 5, n = 3, c = 2, h = 3, w = 4;
    float[] img = new float[t * c * h * w];
    for (int i = 0; i < img.length; i++) img[i] = i * 0.5f - 7;
    float[] resp = new float[t * n];
    for (int i = 0; i < resp.length; i++) resp[i] = i * 1.25f;
    float[] beh = new float[t * 3];
    for (int i = 0; i < beh.length; i++) beh[i] = -i;
    float[] pup = new float[t * 2];
    for (int i = 0; i < pup.length; i++) pup[i] = i / 3f;
    String[] tiers = {"train", "test", "validation", "test", "final_test"};
    int[] ids = {10, 20, 30, 20, 40};
    int[] units = {101, 102, 103};
    float[] coords = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    PreparedMouse.GroundTruth gt = withGt
        ? new PreparedMouse.GroundTruth(new int[] {0, 1, 0}, new String[] {"simple", "complex"}, new float[] {0.1f, 0.2f, 3f},
            new float[] {-0.5f, 0f, 0.5f}, new float[] {0.25f, -0.25f, 0f})
        : null;
    return PreparedMouse.of("m1", c, h, w, img, n, resp, beh, pup, tiers, ids, units, coords, gt, Map.of("noise_ceiling", 0.75));
  }

  @Test
  void roundTripPreservesEveryField() throws IOException {
    PreparedMouse a = sample(true);
    Path f = dir.resolve("sub/m.bin");
    a.write(f);
    try (PreparedMouse b = PreparedMouse.open(f)) {
      assertEquals("m1", b.mouseId());
      assertEquals(5, b.trials());
      assertEquals(3, b.neurons());
      assertEquals(2, b.channels());
      assertEquals(3, b.height());
      assertEquals(4, b.width());
      assertArrayEquals(toArray(a.images()), toArray(b.images()));
      assertArrayEquals(toArray(a.responses()), toArray(b.responses()));
      assertArrayEquals(a.behavior(), b.behavior());
      assertArrayEquals(a.pupilCenter(), b.pupilCenter());
      assertArrayEquals(a.tiers(), b.tiers());
      assertArrayEquals(a.imageIds(), b.imageIds());
      assertArrayEquals(a.unitIds(), b.unitIds());
      assertArrayEquals(a.cellCoordinates(), b.cellCoordinates());
      assertArrayEquals(new int[] {1, 3}, b.trialIndices("test"));
      assertArrayEquals(new int[] {0}, b.trialIndices("train"));
      assertEquals(0.75, b.attributes().get("noise_ceiling"));
      PreparedMouse.GroundTruth g = b.groundTruth().orElseThrow();
      assertArrayEquals(new int[] {0, 1, 0}, g.type());
      assertArrayEquals(new String[] {"simple", "complex"}, g.typeNames());
      assertArrayEquals(new float[] {0.1f, 0.2f, 3f}, g.preferredOrientation());
      assertArrayEquals(new float[] {0.25f, -0.25f, 0f}, g.rfY());
      assertEquals(Map.of("train", 1, "validation", 1, "test", 2, "final_test", 1), b.tierCounts());
      assertTrue(b.images().isReadOnly());
    }
    assertTrue(Files.list(f.getParent()).allMatch(p -> p.getFileName().toString().equals("m.bin")), "no temp file left");
  }

  @Test
  void sameContentGivesIdenticalBytes() throws IOException {
    sample(false).write(dir.resolve("a.bin"));
    sample(false).write(dir.resolve("b.bin"));
    assertArrayEquals(Files.readAllBytes(dir.resolve("a.bin")), Files.readAllBytes(dir.resolve("b.bin")));
    try (PreparedMouse m = PreparedMouse.open(dir.resolve("a.bin"))) {
      assertTrue(m.groundTruth().isEmpty());
    }
  }

  @Test
  void truncatedFileIsRejectedWithItsName() throws IOException {
    Path f = dir.resolve("t.bin");
    sample(true).write(f);
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 100);
    }
    IOException e = assertThrows(IOException.class, () -> PreparedMouse.open(f));
    assertTrue(e.getMessage().contains("t.bin") && e.getMessage().contains("outside the file"), e.getMessage());
    Files.write(f, "not a mouse file at all".getBytes());
    e = assertThrows(IOException.class, () -> PreparedMouse.open(f));
    assertTrue(e.getMessage().contains("expected 'CXMOUSE1'"), e.getMessage());
  }

  @Test
  void inconsistentLengthsAndUnknownTiersAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PreparedMouse.of("m", 1, 2, 2, new float[3], 1,
        new float[1], new float[3], new float[2], new String[] {"train"}, new int[1], new int[1], new float[3], null));
    assertTrue(e.getMessage().contains("images has 3 elements, expected 4"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PreparedMouse.of("m", 1, 1, 1, new float[1], 1,
        new float[1], new float[3], new float[2], new String[] {"oracle"}, new int[1], new int[1], new float[3], null));
    assertTrue(e.getMessage().contains("tiers[0] = 'oracle'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> sample(false).trialIndices("oracle"));
  }

  static float[] toArray(FloatBuffer b) {
    float[] a = new float[b.remaining()];
    b.get(a);
    return a;
  }
}
