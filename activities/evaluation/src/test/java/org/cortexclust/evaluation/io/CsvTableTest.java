package org.cortexclust.evaluation.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTableTest {
  private static CsvTable parse(String s) throws Exception {
    return CsvTable.parse("test.csv", new BufferedReader(new StringReader(s)));
  }

  @Test
  void roundTripWithQuotesCommasNewlinesAndMissing() throws Exception {
    List<String> header = List.of("index", "mouse", "rho");
    List<List<String>> rows = List.of(List.of("0", "a,b", "0.25"), List.of("1", "say \"hi\"\nthere", ""));
    StringWriter w = new StringWriter();
    CsvTable.write(w, header, rows);
    assertEquals("index,mouse,rho\n0,\"a,b\",0.25\n1,\"say \"\"hi\"\"\nthere\",\n", w.toString());
    CsvTable t = parse(w.toString());
    assertEquals(header, t.header());
    assertEquals(rows, t.rows());
    assertEquals(0.25, t.number(0, "rho"));
    assertTrue(Double.isNaN(t.number(1, "rho")));
    assertEquals(-1, t.integer(1, "rho", -1));
  }

  @Test
  void crlfAndNoFinalNewline() throws Exception {
    CsvTable t = parse("a,b\r\n1,2\r\n3,4");
    assertEquals(2, t.size());
    assertEquals(4, t.integer(1, "b", 0));
  }

  @Test
  void errorsNameFileRowAndColumn() throws Exception {
    CsvTable t = parse("method,k\nkmeans,x\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.integer(0, "k", 0));
    assertTrue(e.getMessage().contains("test.csv") && e.getMessage().contains("row 2") && e.getMessage().contains("'k'"),
        e.getMessage());
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> t.number(0, "value"));
    assertTrue(m.getMessage().contains("missing column 'value'"));
    assertThrows(IllegalArgumentException.class, () -> parse("a,b\n1,2,3\n"));
  }

  @Test
  void numberCells() {
    assertEquals("3", CsvTable.cell(3.0));
    assertEquals("0.125", CsvTable.cell(0.125));
    assertEquals("", CsvTable.cell(Double.NaN));
    assertEquals(1e-7, Double.parseDouble(CsvTable.cell(1e-7)));
  }
}
