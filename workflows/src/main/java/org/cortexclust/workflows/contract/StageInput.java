package org.cortexclust.workflows.contract;

import java.util.Map;
import java.util.TreeMap;

/**
 * What every stage activity receives: small values only (ids and the canonical config), never arrays.
 *
 * @param runId      the experiment's id (derived from its config hash)
 * @param stage      the stage name, one of {@link Stages}
 * @param configJson the canonical experiment config as JSON (sorted keys, defaults filled)
 * @param inputs     logical input name (e.g. "dataset", "model") to artifact id (a manifest key)
 */
public record StageInput(String runId, String stage, String configJson, Map<String, String> inputs) {
  public StageInput {
    inputs = inputs == null ? Map.of() : new TreeMap<>(inputs);
  }

  public String input(String name) {
    String id = inputs.get(name);
    if (id == null) {
      throw new IllegalArgumentException("stage " + stage + " needs input '" + name + "' but got " + inputs.keySet());
    }
    return id;
  }
}
