package org.cortexclust.data.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportedEmbeddingsTest {
  @TempDir Path dir;

  static float[] seq(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i * 0.5f;
    }
    return v;
  }

  @Test
  void npy2dIsSplitIntoFeaturesAndRotations() throws Exception {
    Path f = dir.resolve("e.npy");
    Npy.write(f, NpyArray.ofFloats(seq(3 * 8), 3, 8));
    ImportedEmbeddings e = ImportedEmbeddings.read(f, 4, null, null, null);
    assertEquals(3, e.n());
    assertEquals(2, e.f());
    assertEquals(4, e.rotations());
    assertArrayEquals(seq(24), e.data());
    Path out = dir.resolve("out.npy");
    e.writeNpy(out);
    assertArrayEquals(new long[] {3, 2, 4}, Npy.read(out).shape());
  }

  @Test
  void npy3dTakesItsRotationAxisAndRejectsAMismatch() throws Exception {
    Path f = dir.resolve("e3.npy");
    Npy.write(f, NpyArray.ofDoubles(new double[2 * 3 * 4], 2, 3, 4));
    assertEquals(4, ImportedEmbeddings.read(f, 1, null, null, null).rotations());
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> ImportedEmbeddings.read(f, 8, null, null, null));
    assertTrue(x.getMessage().contains("has 4 rotations on its last axis, but --rotations is 8"), x.getMessage());
  }

  @Test
  void dimensionNotDivisibleByRotationsIsNamed() throws Exception {
    Path f = dir.resolve("e.npy");
    Npy.write(f, NpyArray.ofFloats(seq(2 * 10), 2, 10));
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> ImportedEmbeddings.read(f, 8, null, null, null));
    assertTrue(x.getMessage().contains("d = 10 values per neuron is not divisible by --rotations 8"), x.getMessage());
  }

  @Test
  void nanRowsAreNamedByRow() throws Exception {
    float[] v = seq(5 * 2);
    v[3 * 2 + 1] = Float.NaN;
    v[4 * 2] = Float.POSITIVE_INFINITY;
    Path f = dir.resolve("nan.npy");
    Npy.write(f, NpyArray.ofFloats(v, 5, 2));
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> ImportedEmbeddings.read(f, 1, null, null, null));
    assertTrue(x.getMessage().contains("2 neuron rows contain NaN or infinite values, e.g. rows (0-based) [3, 4]"), x.getMessage());
  }

  @Test
  void csvWithIdColumnJoinsMetaById() throws Exception {
    Path f = dir.resolve("e.csv");
    Files.writeString(f, "unit_id,a,b\n7,1.0,2.0\n9,3.0,4.0\n");
    Path meta = dir.resolve("meta.tsv");
    Files.writeString(meta, "unit_id\tmouse\trho_st\tlabel\n9\tm2\t0.4\ttypeB\n7\tm1\t0.2\ttypeA\n");
    ImportedEmbeddings e = ImportedEmbeddings.read(f, 1, null, null, meta);
    assertArrayEquals(new String[] {"7", "9"}, e.ids());
    assertArrayEquals(new String[] {"m1", "m2"}, e.meta().get("mouse"));
    assertArrayEquals(new String[] {"typeA", "typeB"}, e.meta().get("gt_type"));
    assertArrayEquals(new String[] {"0.2", "0.4"}, e.meta().get("rho_st_test"));
    Path csv = dir.resolve("neurons.csv");
    e.writeNeuronsCsv(csv, "imported");
    List<String> lines = Files.readAllLines(csv);
    assertEquals("index,mouse,unit_id,readout_x,readout_y,rho_st_val,rho_st_test,corr_to_avg,gt_type,gt_orientation", lines.get(0));
    assertEquals("0,m1,7,,,,0.2,,typeA,", lines.get(1));
  }

  @Test
  void metaWhoseIdsDoNotMatchIsRejectedWithExamples() throws Exception {
    Path f = dir.resolve("e.csv");
    Files.writeString(f, "id,a\nn1,1\nn2,2\nn3,3\n");
    Path meta = dir.resolve("meta.csv");
    Files.writeString(meta, "id,label\nn1,x\nzz,y\n");
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> ImportedEmbeddings.read(f, 1, null, null, meta));
    assertTrue(x.getMessage().contains("2 of 3 embedding ids have no row in the meta table (column 'id'), e.g. [n2, n3]"), x.getMessage());
  }

  @Test
  void metaJoinedByRowMustHaveOneRowPerNeuron() throws Exception {
    Path f = dir.resolve("e.npy");
    Npy.write(f, NpyArray.ofFloats(seq(6), 3, 2));
    Path meta = dir.resolve("meta.csv");
    Files.writeString(meta, "label\na\nb\n");
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> ImportedEmbeddings.read(f, 1, null, null, meta));
    assertTrue(x.getMessage().contains("2 rows, but the embeddings have 3 neurons"), x.getMessage());
  }

  @Test
  void nonNumericCellIsNamedByRowAndColumn() throws Exception {
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "a,b\n1,2\n3,oops\n");
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> ImportedEmbeddings.read(f, 1, null, null, null));
    assertTrue(x.getMessage().contains("row 3, column 'b': expected a number, found 'oops'"), x.getMessage());
  }

  @Test
  void npzPicksTheNamedOrOnlyArray() throws Exception {
    Path z = dir.resolve("e.npz");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(z))) {
      for (String name : List.of("embeddings", "ids")) {
        out.putNextEntry(new ZipEntry(name + ".npy"));
        out.write(Npy.toBytes(name.equals("ids") ? NpyArray.ofInts(new int[] {1, 2}, 2) : NpyArray.ofFloats(seq(8), 2, 4)));
        out.closeEntry();
      }
    }
    assertEquals(2, ImportedEmbeddings.read(z, 2, null, null, null).f());
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> ImportedEmbeddings.read(z, 1, null, "feats", null));
    assertTrue(x.getMessage().contains("no array 'feats'; it holds [embeddings, ids]"), x.getMessage());
  }
}
