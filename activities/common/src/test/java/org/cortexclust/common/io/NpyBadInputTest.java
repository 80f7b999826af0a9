package org.cortexclust.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cortexclust.common.stage.StageActivitySupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overflowing shapes, truncated files and zip bombs are bad input: a clear message, never a retryable crash. */
class NpyBadInputTest {
  @TempDir Path dir;

  /** A version 1.0 .npy with this header dict and these data bytes. */
  static byte[] npy(String dict, int dataBytes) {
    String h = dict;
    int total = 10 + h.length() + 1;
    h = h + " ".repeat((64 - total % 64) % 64) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (h.length() & 0xff), (byte) (h.length() >> 8)});
    out.writeBytes(h.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(new byte[dataBytes]);
    return out.toByteArray();
  }

  @Test
  void shapeWhoseSizeOverflowsIsBadInput() throws Exception {
    // 2^62 float32 = 2^64 bytes: the byte count wraps to 0 in 64-bit arithmetic
    Path f = dir.resolve("wrap.npy");
    Files.write(f, npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904,), }", 0));
    NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f).toFloatArray());
    assertTrue(e.getMessage().contains("wrap.npy") && e.getMessage().contains("shape"), e.getMessage());
    Path g = dir.resolve("product.npy");
    Files.write(g, npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", 0));
    NpyFormatException p = assertThrows(NpyFormatException.class, () -> Npy.read(g));
    assertTrue(p.getMessage().contains("product.npy") && p.getMessage().contains("shape"), p.getMessage());
  }

  @Test
  void moreElementsThanOneJavaArrayHoldIsBadInput() throws Exception {
    // declares 2^31 int8 values but holds none: truncated, and too large for one array anyway
    Path f = dir.resolve("big.npy");
    Files.write(f, npy("{'descr': '|i1', 'fortran_order': False, 'shape': (2147483648,), }", 16));
    NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
    assertTrue(e.getMessage().contains("big.npy"), e.getMessage());
  }

  @Test
  void truncatedFileNamesWhatIsMissing() throws Exception {
    Path f = dir.resolve("cut.npy");
    Files.write(f, npy("{'descr': '<f4', 'fortran_order': False, 'shape': (10, 3), }", 100));
    NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
    assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("120 bytes"), e.getMessage());
  }

  @Test
  void npyProblemsAreNotRetried() {
    assertTrue(StageActivitySupport.isBadInput(new NpyFormatException("x.npy", "truncated")));
    assertTrue(StageActivitySupport.isBadInput(new java.io.UncheckedIOException(new NpyFormatException("x.npy", "truncated"))));
    assertTrue(StageActivitySupport.isBadInput(new IllegalArgumentException("bad")));
    assertEquals(false, StageActivitySupport.isBadInput(new java.io.IOException("connection reset")));
  }

  @Test
  void npzEntryLargerThanTheCapIsBadInput() throws Exception {
    Path z = dir.resolve("bomb.npz");
    byte[] big = npy("{'descr': '|u1', 'fortran_order': False, 'shape': (1000000,), }", 1_000_000);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(z))) {
      out.putNextEntry(new ZipEntry("embeddings.npy"));
      out.write(big);
      out.closeEntry();
    }
    assertTrue(Files.size(z) < 10_000, "deflated to " + Files.size(z));
    NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(z, "embeddings", 100_000));
    assertTrue(e.getMessage().contains("bomb.npz:embeddings"), e.getMessage());
    assertEquals(1_000_000, Npz.read(z, "embeddings").size());
    Npz.write(dir.resolve("two.npz"), Map.of("a", NpyArray.ofDoubles(new double[] {1, 2}, 2)));
    assertEquals(2.0, Npz.read(dir.resolve("two.npz"), "a").getDouble(1));
  }
}
