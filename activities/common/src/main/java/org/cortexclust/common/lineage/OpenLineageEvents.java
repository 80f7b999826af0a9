package org.cortexclust.common.lineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.InputDataset;
import io.openlineage.client.OpenLineage.OutputDataset;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClientUtils;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.BlobRef;
import org.cortexclust.common.store.Redaction;
import org.cortexclust.common.store.StageManifest;

/**
 * OpenLineage run events (spec 2-0-2) for every stage run, as JSON lines beside the manifests
 * ({@code lineage/openlineage/<artifactId>.jsonl}), so Airflow/Marquez users can ingest our lineage. Job = stage in
 * namespace {@code cortexclust}; parent = the experiment run; input datasets = input artifacts (version = their
 * key); output datasets = output blobs (version = SHA-256).
 */
public final class OpenLineageEvents {
  public static final String NAMESPACE = "cortexclust";
  private static final OpenLineage OL = new OpenLineage(URI.create("https://github.com/cortexclust/cortexclust"));

  private final ArtifactStore store;

  public OpenLineageEvents(ArtifactStore store) {
    this.store = store;
  }

  public static String key(String artifactId) {
    return "lineage/openlineage/" + artifactId + ".jsonl";
  }

  /** Deterministic run id of one attempt of a stage run. */
  public static UUID runUuid(String artifactId, int attempt) {
    return UUID.nameUUIDFromBytes((artifactId + "#" + attempt).getBytes(StandardCharsets.UTF_8));
  }

  public void start(String artifactId, int attempt, String stage, String experimentRunId, Map<String, String> inputs) throws IOException {
    emit(artifactId, event(EventType.START, artifactId, attempt, stage, experimentRunId, inputs, Map.of(), null));
  }

  public void complete(StageManifest m, int attempt) throws IOException {
    emit(m.id(), event(EventType.COMPLETE, m.id(), attempt, m.stage(), m.runId(), m.inputs(), m.outputs(), null));
  }

  public void fail(String artifactId, int attempt, String stage, String experimentRunId, Map<String, String> inputs, Throwable error)
      throws IOException {
    emit(artifactId, event(EventType.FAIL, artifactId, attempt, stage, experimentRunId, inputs, Map.of(), error));
  }

  /** The attempt was stopped, not failed: its worker shut down (OpenLineage's ABORT; the next attempt resumes). */
  public void abort(String artifactId, int attempt, String stage, String experimentRunId, Map<String, String> inputs, Throwable why)
      throws IOException {
    emit(artifactId, event(EventType.ABORT, artifactId, attempt, stage, experimentRunId, inputs, Map.of(), why));
  }

  private void emit(String artifactId, OpenLineage.RunEvent e) throws IOException {
    store.appendLine(key(artifactId), OpenLineageClientUtils.toJson(e));
  }

  static OpenLineage.RunEvent event(EventType type, String artifactId, int attempt, String stage, String experimentRunId,
      Map<String, String> inputs, Map<String, BlobRef> outputs, Throwable error) {
    var facets = OL.newRunFacetsBuilder();
    if (experimentRunId != null) {
      UUID parent = UUID.nameUUIDFromBytes(experimentRunId.getBytes(StandardCharsets.UTF_8));
      facets.parent(OL.newParentRunFacet(OL.newParentRunFacetRun(parent, null),
          OL.newParentRunFacetJob(NAMESPACE, "experiment/" + experimentRunId, null), null));
    }
    if (error != null) {
      // an exception may quote a source URL: its token or presigned query must not reach the lineage log
      facets.errorMessage(OL.newErrorMessageRunFacet(Redaction.text(String.valueOf(error.getMessage())), "Java",
          Redaction.text(error.toString())));
    }
    List<InputDataset> in = new ArrayList<>();
    inputs.forEach((name, id) -> in.add(OL.newInputDataset(NAMESPACE, "artifacts/" + id,
        OL.newDatasetFacetsBuilder().version(OL.newDatasetVersionDatasetFacet(id)).build(), null)));
    List<OutputDataset> out = new ArrayList<>();
    outputs.forEach((name, ref) -> out.add(OL.newOutputDataset(NAMESPACE, "artifacts/" + artifactId + "/" + name,
        OL.newDatasetFacetsBuilder().version(OL.newDatasetVersionDatasetFacet("sha256:" + ref.sha256())).build(), null)));
    return OL.newRunEventBuilder()
        .eventType(type)
        .eventTime(ZonedDateTime.now())
        .run(OL.newRun(runUuid(artifactId, attempt), facets.build()))
        .job(OL.newJob(NAMESPACE, stage, null))
        .inputs(in)
        .outputs(out)
        .build();
  }
}
