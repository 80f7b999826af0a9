package org.cortexclust.data.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables as pandas (to_csv) and Excel (CSV UTF-8) write them. */
class PandasTableImportTest {
  @TempDir Path dir;

  @Test
  void pandasIndexColumnIsNotAFeature() throws Exception {
    Path f = dir.resolve("wine.csv");
    // DataFrame(...).to_csv("wine.csv"): the row index first, under an empty header
    Files.writeString(f, ",alcohol,malic_acid,ash\n0,14.23,1.71,2.43\n1,13.2,1.78,2.14\n2,13.16,2.36,2.67\n");
    ImportedEmbeddings e = ImportedEmbeddings.read(f, 1, null, null, null);
    assertEquals(3, e.f());
    assertArrayEquals(new float[] {14.23f, 1.71f, 2.43f, 13.2f, 1.78f, 2.14f, 13.16f, 2.36f, 2.67f}, e.data());
    assertArrayEquals(new String[] {"0", "1", "2"}, e.ids());
  }

  @Test
  void pandasIndexBesideAnIdColumnIsDropped() throws Exception {
    Path f = dir.resolve("emb.csv");
    Files.writeString(f, "\uFEFF,unit_id,a,b\n0,u7,1.5,2.5\n1,u9,3.5,4.5\n", StandardCharsets.UTF_8);
    ImportedEmbeddings e = ImportedEmbeddings.read(f, 1, null, null, null);
    assertEquals(2, e.f());
    assertArrayEquals(new String[] {"u7", "u9"}, e.ids());
  }

  @Test
  void excelMetaWithByteOrderMarkAndQuotedCommasJoinsById() throws Exception {
    Path f = dir.resolve("emb.csv");
    Files.writeString(f, "unit_id,a\nu1,1\nu2,2\nu3,3\n");
    Path meta = dir.resolve("meta.csv");
    // Excel's "CSV UTF-8": a byte-order mark, CRLF; rows in another order; type names with commas
    Files.writeString(meta, "\uFEFFunit_id,cell_type,rho_st\r\nu3,\"L5, VIP\",0.3\r\nu1,\"L2/3, PV\",0.1\r\nu2,\"L2/3, PV\",0.2\r\n",
        StandardCharsets.UTF_8);
    ImportedEmbeddings e = ImportedEmbeddings.read(f, 1, null, null, meta);
    assertArrayEquals(new String[] {"L2/3, PV", "L2/3, PV", "L5, VIP"}, e.meta().get("gt_type"));
    assertArrayEquals(new String[] {"0.1", "0.2", "0.3"}, e.meta().get("rho_st_test"));
  }
}
