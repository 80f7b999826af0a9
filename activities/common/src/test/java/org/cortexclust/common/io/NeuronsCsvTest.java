package org.cortexclust.common.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NeuronsCsvTest {
  /** The one writer of the embeddings format: header, empty cells, quoting; what it writes reads back. */
  @Test
  void writesTheEmbeddingsFormatAndReadsItBack(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("neurons.csv");
    NeuronsCsv.write(f, true, 3, i -> new String[] {Integer.toString(10 + i), i == 2 ? "mouse, b" : "m1",
        Integer.toString(i), "0.5", null, "0.25", "", "0.1", i == 1 ? "" : "complex", i == 1 ? null : "45"});
    String text = Files.readString(f);
    assertTrue(text.startsWith("index,mouse,unit_id,readout_x,readout_y,rho_st_val,rho_st_test,corr_to_avg,gt_type,gt_orientation\n"), text);
    assertTrue(text.contains("10,m1,0,0.5,,0.25,,0.1,complex,45\n"), text);
    assertTrue(text.contains("12,\"mouse, b\",2,"), "a comma is quoted: " + text);
    NeuronsCsv back = NeuronsCsv.read(f, 3);
    assertArrayEquals(new long[] {10, 11, 12}, back.index());
    int[] codes = back.truthCodes();
    assertEquals(codes[0], codes[2]);
    assertTrue(codes[1] < 0, "a blank type is unknown");

    NeuronsCsv.write(f, false, 1, i -> new String[] {"0", "m", "7", "", "", "", "", ""});
    assertEquals("index,mouse,unit_id,readout_x,readout_y,rho_st_val,rho_st_test,corr_to_avg\n0,m,7,,,,,\n", Files.readString(f));
    assertNull(NeuronsCsv.read(f, 1).truth());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NeuronsCsv.write(f, true, 1, i -> new String[] {"0", "m"}));
    assertTrue(e.getMessage().contains("row 0 has 2 cells, expected 10"), e.getMessage());
  }
}
