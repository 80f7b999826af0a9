package org.cortexclust.workflows.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PointResultTest {
  private static PointResult of(Map<String, String> artifacts) {
    return new PointResult(0, "exp-1", "success", Map.of(), artifacts, Map.of(), null, 0);
  }

  /** A sorted map iterates training last; the sweep table's input must still be the evaluation. */
  @Test
  void theFinalArtifactFollowsTheDataFlowNotTheMapOrder() {
    Map<String, String> sorted = new TreeMap<>(Map.of("alignment", "a", "clustering", "c", "data", "d",
        "embeddings", "e", "evaluation", "v", "training", "t"));
    assertEquals("t", sorted.values().stream().reduce((x, y) -> y).orElseThrow(), "the map's last entry is training");
    assertEquals("v", of(sorted).finalArtifact());
    Map<String, String> partial = new LinkedHashMap<>();
    partial.put("clustering", "c");
    partial.put("data", "d");
    partial.put("training", "t");
    assertEquals("c", of(partial).finalArtifact(), "a failed point: its last finished stage");
    Map<String, String> other = new LinkedHashMap<>();
    other.put("dec_pretrain", "p");
    assertEquals("p", of(other).finalArtifact(), "a stage outside the order counts when nothing else finished");
    other.put("data", "d");
    assertEquals("d", of(other).finalArtifact());
    assertNull(of(Map.of()).finalArtifact());
    assertNull(of(null).finalArtifact());
  }
}
