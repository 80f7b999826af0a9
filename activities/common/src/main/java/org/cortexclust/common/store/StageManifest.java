package org.cortexclust.common.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.TreeMap;

/**
 * One published stage run: what went in (inputs, config slice, code, seed), what came out (blobs with digests),
 * and the headline metrics. Written after every blob it names exists, so its presence means the run finished.
 *
 * @param id          artifact id, {@code <stage>-<first 24 hex of key>}
 * @param key         SHA-256 of (stage, inputs, config-slice hash, code version): the memoisation key
 * @param configSlice canonical JSON of the config sections the stage depends on
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageManifest(
    String schema,
    String id,
    String key,
    String stage,
    String runId,
    String configSliceSha256,
    String configSlice,
    Map<String, String> inputs,
    CodeVersion code,
    Map<String, String> libraries,
    long seed,
    String host,
    String startedAt,
    String finishedAt,
    Map<String, Double> metrics,
    Map<String, BlobRef> outputs) {

  public static final String SCHEMA = "cortexclust.manifest/1";

  public StageManifest {
    inputs = inputs == null ? Map.of() : new TreeMap<>(inputs);
    libraries = libraries == null ? Map.of() : new TreeMap<>(libraries);
    metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
    outputs = outputs == null ? Map.of() : new TreeMap<>(outputs);
  }

  public BlobRef output(String name) {
    BlobRef b = outputs.get(name);
    if (b == null) {
      throw new IllegalArgumentException("artifact " + id + " (" + stage + ") has no output '" + name + "'; it has " + outputs.keySet());
    }
    return b;
  }

  public static String idFor(String stage, String key) {
    return stage + "-" + key.substring(0, 24);
  }

  public static String objectKey(String id) {
    return "manifests/" + id + ".json";
  }
}
