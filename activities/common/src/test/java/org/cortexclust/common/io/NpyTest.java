package org.cortexclust.common.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads fixtures written by numpy 2.x (bench/npy-fixtures/make_fixtures.py) and writes them back byte for byte. */
class NpyTest {
  @TempDir Path tmp;

  /** base[i,j,k] = 0.5*(12i+4j+k) - 3 in C order. */
  static final double[] BASE = new double[24];
  static final int[] INTS = {-3, -1, 0, 1, 2, 100};

  static {
    for (int i = 0; i < 24; i++) {
      BASE[i] = 0.5 * i - 3;
    }
  }

  static Path fixture(String name) {
    try {
      return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static float[] baseFloats(int n) {
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = (float) BASE[i];
    }
    return f;
  }

  @Test
  void float32LittleAndBigEndianCOrder() throws IOException {
    NpyArray le = Npy.read(fixture("f4_le_c.npy"));
    NpyArray be = Npy.read(fixture("f4_be_c.npy"));
    assertEquals(NpyDType.FLOAT32, le.dtype());
    assertArrayEquals(new long[] {2, 3, 4}, le.shape());
    assertEquals(ByteOrder.LITTLE_ENDIAN, le.byteOrder());
    assertEquals(ByteOrder.BIG_ENDIAN, be.byteOrder());
    assertEquals("<f4", le.descr());
    assertEquals(">f4", be.descr());
    assertArrayEquals(baseFloats(24), le.toFloatArray());
    assertArrayEquals(baseFloats(24), be.toFloatArray());
    assertEquals(-3.0 + 0.5 * 23, be.getDouble(23));
    assertFalse(le.fortranOrder());
  }

  @Test
  void fortranOrderIsReturnedInCOrder() throws IOException {
    for (String f : List.of("f8_le_fortran.npy", "f8_be_fortran.npy")) {
      NpyArray a = Npy.read(fixture(f));
      assertTrue(a.fortranOrder(), f);
      assertEquals(NpyDType.FLOAT64, a.dtype());
      assertArrayEquals(BASE, a.toDoubleArray(), f);
      // element [1,2,3] sits at C index 23 whatever the storage order
      assertEquals(8.5, a.getDouble(23));
    }
    NpyArray f2 = Npy.read(fixture("f4_le_fortran_2d.npy"));
    assertArrayEquals(new long[] {3, 4}, f2.shape());
    assertArrayEquals(baseFloats(12), f2.toFloatArray());
    assertArrayEquals(baseFloats(12), toArray(f2.floatBuffer()));
  }

  @Test
  void integerTypesBothByteOrders() throws IOException {
    assertArrayEquals(INTS, Npy.read(fixture("i1.npy")).toIntArray());
    assertArrayEquals(Arrays.stream(INTS).map(x -> x + 3).toArray(), Npy.read(fixture("u1.npy")).toIntArray());
    assertArrayEquals(INTS, Npy.read(fixture("i2_be.npy")).toIntArray());
    assertArrayEquals(INTS, Npy.read(fixture("i4_le.npy")).toIntArray());
    NpyArray f = Npy.read(fixture("i4_be_fortran.npy"));
    assertTrue(f.fortranOrder());
    assertArrayEquals(INTS, f.toIntArray());
    long[] big = Arrays.stream(INTS).mapToLong(x -> x * 10_000_000_000L).toArray();
    assertArrayEquals(big, Npy.read(fixture("i8_le.npy")).toLongArray());
    assertArrayEquals(big, Npy.read(fixture("i8_be.npy")).toLongArray());
    assertArrayEquals(new int[] {0, 1, 65535}, Npy.read(fixture("u2_le.npy")).toIntArray());
    assertArrayEquals(new long[] {0, 1, 4294967295L}, Npy.read(fixture("u4_be.npy")).toLongArray());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Npy.read(fixture("i8_le.npy")).toIntArray());
    assertTrue(e.getMessage().contains("does not fit a 32-bit int"), e.getMessage());
    assertArrayEquals(new boolean[] {true, false, true, true}, Npy.read(fixture("b1.npy")).toBooleanArray());
  }

  @Test
  void unicodeAndByteStrings() throws IOException {
    NpyArray tiers = Npy.read(fixture("tiers_U.npy"));
    assertEquals("<U10", tiers.descr());
    assertArrayEquals(new String[] {"train", "validation", "test", "final_test", "train"}, tiers.toStringArray());
    NpyArray be = Npy.read(fixture("unicode_be_U.npy"));
    assertEquals(">U3", be.descr());
    assertArrayEquals(new String[] {"µm", "ü", "", "abc"}, be.toStringArray());
    NpyArray f = Npy.read(fixture("strings_U_2d_fortran.npy"));
    assertTrue(f.fortranOrder());
    assertArrayEquals(new String[] {"a", "bb", "ccc", "d"}, f.toStringArray());
    assertArrayEquals(new String[] {"ab", "c", ""}, Npy.read(fixture("bytes_S.npy")).toStringArray());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tiers.toFloatArray());
    assertTrue(e.getMessage().contains("tiers_U.npy") && e.getMessage().contains("<U10"), e.getMessage());
  }

  @Test
  void scalarsEmptyArraysAndHeaderVersions() throws IOException {
    NpyArray s = Npy.read(fixture("scalar_f8.npy"));
    assertEquals(0, s.ndim());
    assertEquals(1, s.size());
    assertEquals(3.5, s.getDouble(0));
    assertEquals(0, Npy.read(fixture("empty_f4.npy")).size());
    assertArrayEquals(new long[] {2, 0}, Npy.read(fixture("empty_2d_i4.npy")).shape());
    assertArrayEquals(new float[] {0f, 8.1e-09f, 1.5f, 2.25f, 1e6f}, Npy.read(fixture("responses_f4.npy")).toFloatArray());
    assertArrayEquals(baseFloats(24), Npy.read(fixture("v2_f4.npy")).toFloatArray());
    assertArrayEquals(baseFloats(24), Npy.read(fixture("v3_f4.npy")).toFloatArray());
  }

  /** Reading then writing reproduces numpy's bytes exactly, in every byte order, memory order and dtype. */
  @ParameterizedTest
  @ValueSource(strings = {"f4_le_c.npy", "f4_be_c.npy", "f8_le_fortran.npy", "f8_be_fortran.npy", "f4_le_fortran_2d.npy", "i1.npy",
      "u1.npy", "i2_be.npy", "i4_le.npy", "i4_be_fortran.npy", "i8_le.npy", "i8_be.npy", "u2_le.npy", "u4_be.npy", "b1.npy",
      "tiers_U.npy", "unicode_be_U.npy", "strings_U_2d_fortran.npy", "bytes_S.npy", "scalar_f8.npy", "empty_f4.npy",
      "empty_2d_i4.npy", "responses_f4.npy"})
  void writeIsByteIdenticalToNumpy(String name) throws IOException {
    byte[] numpy = Files.readAllBytes(fixture(name));
    NpyArray a = Npy.read(fixture(name));
    assertArrayEquals(numpy, Npy.toBytes(a), name);
    Path out = tmp.resolve(name);
    Npy.write(out, a);
    assertArrayEquals(numpy, Files.readAllBytes(out));
    assertEquals(a, Npy.read(out));
  }

  @Test
  void factoriesAndLayoutConversionMatchNumpy() throws IOException {
    assertArrayEquals(Files.readAllBytes(fixture("f4_le_c.npy")), Npy.toBytes(NpyArray.ofFloats(baseFloats(24), 2, 3, 4)));
    assertArrayEquals(Files.readAllBytes(fixture("f4_le_c.npy")), Npy.toBytes(Npy.read(fixture("v2_f4.npy"))),
        "a version-2 header is rewritten as version 1, as numpy does for small headers");
    assertArrayEquals(Files.readAllBytes(fixture("f8_be_fortran.npy")),
        Npy.toBytes(NpyArray.ofDoubles(BASE, 2, 3, 4).withLayout(ByteOrder.BIG_ENDIAN, true)));
    assertArrayEquals(Files.readAllBytes(fixture("f8_le_fortran.npy")),
        Npy.toBytes(Npy.read(fixture("f8_be_fortran.npy")).withLayout(ByteOrder.LITTLE_ENDIAN, true)));
    assertArrayEquals(Files.readAllBytes(fixture("f4_be_c.npy")),
        Npy.toBytes(NpyArray.ofFloats(baseFloats(24), 2, 3, 4).withLayout(ByteOrder.BIG_ENDIAN, false)));
    assertArrayEquals(Files.readAllBytes(fixture("tiers_U.npy")),
        Npy.toBytes(NpyArray.ofStrings(new String[] {"train", "validation", "test", "final_test", "train"})));
    assertArrayEquals(Files.readAllBytes(fixture("i4_be_fortran.npy")),
        Npy.toBytes(NpyArray.ofInts(INTS, 2, 3).withLayout(ByteOrder.BIG_ENDIAN, true)));
    assertArrayEquals(Files.readAllBytes(fixture("i8_le.npy")),
        Npy.toBytes(NpyArray.ofLongs(Arrays.stream(INTS).mapToLong(x -> x * 10_000_000_000L).toArray(), 2, 3)));
    assertArrayEquals(Files.readAllBytes(fixture("b1.npy")), Npy.toBytes(NpyArray.ofBooleans(new boolean[] {true, false, true, true})));
    byte[] i1 = new byte[INTS.length];
    for (int i = 0; i < i1.length; i++) {
      i1[i] = (byte) INTS[i];
    }
    assertArrayEquals(Files.readAllBytes(fixture("i1.npy")), Npy.toBytes(NpyArray.ofBytes(i1, false, 2, 3)));
    assertThrows(IllegalArgumentException.class, () -> NpyArray.ofFloats(new float[5], 2, 3));
    assertArrayEquals(Files.readAllBytes(fixture("scalar_f8.npy")), Npy.toBytes(NpyArray.ofDoubles(new double[] {3.5}).reshape()));
    NpyArray reshaped = Npy.read(fixture("f8_be_fortran.npy")).reshape(6, 4);
    assertEquals(NpyArray.ofDoubles(BASE, 6, 4), reshaped, "reshaping a Fortran array keeps C-order element order");
    assertThrows(IllegalArgumentException.class, () -> NpyArray.ofFloats(new float[6]).reshape(4));
  }

  @ParameterizedTest
  @ValueSource(strings = {"object.npy", "structured.npy", "f2.npy", "datetime.npy", "c8.npy"})
  void unsupportedDtypesNameFileAndDtype(String name) {
    NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(fixture(name)));
    assertTrue(e.getMessage().contains(name), e.getMessage());
    assertTrue(e.getMessage().contains("dtype"), e.getMessage());
    if (name.equals("object.npy")) {
      assertTrue(e.getMessage().contains("'|O'") && e.getMessage().contains("pickle"), e.getMessage());
    }
    if (name.equals("f2.npy")) {
      assertTrue(e.getMessage().contains("'<f2'"), e.getMessage());
    }
  }

  @Test
  void truncatedFilesAtEveryLengthAreRejected() throws IOException {
    byte[] good = Files.readAllBytes(fixture("f4_le_c.npy"));
    for (int len = 0; len < good.length; len++) {
      Path f = tmp.resolve("cut" + len + ".npy");
      Files.write(f, Arrays.copyOf(good, len));
      NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f), "length " + len);
      assertTrue(e.getMessage().contains("cut" + len + ".npy"), e.getMessage());
      assertTrue(e.getMessage().contains("truncated") || len < 6, len + ": " + e.getMessage());
      assertThrows(NpyFormatException.class, () -> Npy.map(f));
    }
    Path f = tmp.resolve("cut.npy");
    Files.write(f, Arrays.copyOf(good, good.length - 4));
    NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
    assertTrue(e.getMessage().contains("shape (2, 3, 4) = 96 bytes of data, found 92"), e.getMessage());
    Files.writeString(f, "just text, not numpy");
    e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
    byte[] v9 = good.clone();
    v9[6] = 9;
    e = assertThrows(NpyFormatException.class, () -> Npy.read("v9.npy", v9));
    assertTrue(e.getMessage().contains("version 9.0"), e.getMessage());
  }

  @Test
  void largeFilesAreMemoryMappedNotCopied() throws IOException {
    int n = (int) (Npy.MAP_THRESHOLD / 4) + 1000;
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i * 0.25f;
    }
    Path f = tmp.resolve("big.npy");
    Npy.write(f, NpyArray.ofFloats(v, 1, n));
    NpyArray a = Npy.read(f);
    FloatBuffer fb = a.floatBuffer();
    assertTrue(fb.isDirect(), "a large float32 C-order array is a view of the mapped file");
    assertEquals(n, fb.remaining());
    assertEquals(v[n - 1], fb.get(n - 1));
    assertArrayEquals(v, a.toFloatArray());
    NpyArray small = Npy.map(fixture("f4_be_c.npy"));
    assertTrue(small.floatBuffer().isDirect());
    assertArrayEquals(baseFloats(24), small.toFloatArray());
    try (var files = Files.list(tmp)) {
      assertEquals(List.of("big.npy"), files.map(p -> p.getFileName().toString()).toList(), "no temporary file left behind");
    }
  }

  static float[] toArray(FloatBuffer b) {
    float[] a = new float[b.remaining()];
    b.duplicate().get(a);
    return a;
  }
}
