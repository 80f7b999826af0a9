package org.cortexclust.common.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
  @TempDir Path dir;

  @Test
  void quotedCommaIsOneCell() throws Exception {
    Csv.Table t = Csv.parse("t.csv", new StringReader("unit_id,gt_type,x\n1,\"L2/3, PV\",0.5\n2,SST,0.25\n"));
    assertEquals(List.of("unit_id", "gt_type", "x"), t.header());
    assertEquals("L2/3, PV", t.string(0, "gt_type"));
    assertEquals(0.5, t.number(0, "x"));
    assertEquals(0.25, t.number(1, "x"));
  }

  @Test
  void byteOrderMarkIsDropped() throws Exception {
    Path f = dir.resolve("bom.csv");
    Files.write(f, ("\uFEFFunit_id,x\r\n7,1.5\r\n").getBytes(StandardCharsets.UTF_8));
    Csv.Table t = Csv.read(f);
    assertTrue(t.has("unit_id"), t.header().toString());
    assertEquals("7", t.string(0, "unit_id"));
  }

  @Test
  void pandasIndexColumnIsDetected() throws Exception {
    // what pandas.DataFrame.to_csv() writes by default: a nameless index column first
    Csv.Table t = Csv.parse("p.csv", new StringReader(",alcohol,malic_acid\n0,14.23,1.71\n1,13.2,1.78\n"));
    assertEquals(0, t.indexColumn());
    Csv.Table u = Csv.parse("u.csv", new StringReader("Unnamed: 0,a\n0,1\n"));
    assertEquals(0, u.indexColumn());
    Csv.Table plain = Csv.parse("q.csv", new StringReader("a,b\n1,2\n"));
    assertEquals(-1, plain.indexColumn());
  }

  @Test
  void tsvAndErrorsNameTheFileAndRow() throws Exception {
    Path f = dir.resolve("t.tsv");
    Files.writeString(f, "a\tb\n1\t2\n\n3\t4\n");
    Csv.Table t = Csv.read(f);
    assertEquals(2, t.size());
    assertEquals(4, t.integer(1, "b", -1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Csv.parse("bad.csv", new StringReader("a,b\n1,2,3\n")));
    assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains("row 2"), e.getMessage());
    IllegalArgumentException q = assertThrows(IllegalArgumentException.class,
        () -> Csv.parse("q.csv", new StringReader("a,b\n\"open,2\n")));
    assertTrue(q.getMessage().contains("q.csv"), q.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Csv.parse("empty.csv", new StringReader("")));
  }

  @Test
  void writtenTablesReadBack() throws Exception {
    Path f = dir.resolve("w.csv");
    Csv.write(f, List.of("index", "name"), List.of(List.of("0", "a,b"), List.of("1", "say \"hi\"\nthere")));
    Csv.Table t = Csv.read(f);
    assertEquals("a,b", t.string(0, "name"));
    assertEquals("say \"hi\"\nthere", t.string(1, "name"));
  }

  @Test
  void labelsRoundTripByIndex() throws Exception {
    Path f = dir.resolve("labels.csv");
    Map<String, int[]> cols = new LinkedHashMap<>();
    cols.put("kmeans_2", new int[] {0, 1, 1});
    cols.put("dec_2", new int[] {1, LabelsCsv.NO_LABEL, 0});
    LabelsCsv.write(f, new long[] {2, 0, 1}, cols);
    assertEquals("index,kmeans_2,dec_2\n2,0,1\n0,1,\n1,1,0\n", Files.readString(f));
    Map<String, int[]> back = LabelsCsv.read(f, 3);
    assertArrayEquals(new int[] {1, 1, 0}, back.get("kmeans_2"));
    assertArrayEquals(new int[] {LabelsCsv.NO_LABEL, 0, 1}, back.get("dec_2"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelsCsv.read(f, 2));
    assertTrue(e.getMessage().contains("index 2 outside 0..1"), e.getMessage());
  }

  @Test
  void trueTypesCodeUnknownAsMinusOne() throws Exception {
    Path f = dir.resolve("neurons.csv");
    // "L2/3, PV" and "L2/3, SST" share the part before the comma: a split(",") reader would merge them
    Files.writeString(f, "index,mouse,gt_type,gt_orientation\n0,m,\"L2/3, PV\",\n1,m,,\n2,m,\"L2/3, SST\",\n3,m,\"L2/3, PV\",\n");
    NeuronsCsv n = NeuronsCsv.read(f, 4);
    assertArrayEquals(new int[] {0, TrueTypes.UNKNOWN, 1, 0}, n.truthCodes());
    assertEquals(List.of("L2/3, PV", "L2/3, SST"), n.truth().names());
    assertEquals(null, n.truth().name(1));
    assertEquals(3, n.truth().known());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NeuronsCsv.read(f, 5));
    assertTrue(e.getMessage().contains("4 rows but the embeddings have 5"), e.getMessage());
  }
}
