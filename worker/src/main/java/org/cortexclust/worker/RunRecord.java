package org.cortexclust.worker;

import java.util.List;
import java.util.Map;
import org.cortexclust.common.store.Redaction;
import org.cortexclust.workflows.contract.StageOutput;

/**
 * Our own index of experiment runs in the artifact store ({@code runs/<runId>.json}): the embedded Temporal server
 * keeps nothing after the process ends, so status, lineage, report and export read this.
 */
public record RunRecord(String runId, String name, String configSha256, String configJson, String status, String startedAt,
    String finishedAt, List<String> stages, List<StageOutput> results, String error) {
  /** Tokens and presigned queries in URLs (a {@code data.source}, an error quoting it) are not written to the bucket. */
  public RunRecord {
    configJson = Redaction.text(configJson);
    error = Redaction.text(error);
  }

  public static String key(String runId) {
    return "runs/" + runId + ".json";
  }

  public Map<String, String> artifacts() {
    var m = new java.util.LinkedHashMap<String, String>();
    if (results != null) {
      results.forEach(s -> m.put(s.stage(), s.artifactId()));
    }
    return m;
  }
}
