package org.cortexclust.data.embeddings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.cortexclust.common.config.EmbeddingsSourceConfig;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.workflows.contract.ImportActivities;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stage {@code import}: an embeddings table made elsewhere becomes an embeddings artifact (docs/artifacts.md). */
public final class ImportActivitiesImpl implements ImportActivities {
  private static final Logger LOG = LoggerFactory.getLogger(ImportActivitiesImpl.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final StageRunner runner;

  public ImportActivitiesImpl(StageRunner runner) {
    this.runner = runner;
  }

  @Override
  public StageOutput importEmbeddings(StageInput in) {
    // Without a pinned sha256 the file's content joins the key: a table rewritten in place is imported again.
    return runner.run(in, List.of("embeddings_source"), config -> fingerprint(config.embeddingsSource()), work -> {
      EmbeddingsSourceConfig c = work.config().embeddingsSource();
      if (c.path() == null) {
        throw new IllegalArgumentException("embeddings_source.path: the import stage needs a file");
      }
      Path file = Path.of(c.path());
      verify(file, c.sha256(), "embeddings_source.path");
      Path meta = c.meta() == null ? null : Path.of(c.meta());
      if (meta != null) {
        verify(meta, c.metaSha256(), "embeddings_source.meta");
      }
      ImportedEmbeddings e = ImportedEmbeddings.read(file, c.rotations(), c.idColumn(), c.array(), meta);
      Path npy = work.workDir().resolve("embeddings.npy");
      Path csv = work.workDir().resolve("neurons.csv");
      e.writeNpy(npy);
      e.writeNeuronsCsv(csv, "imported");
      work.addOutput("embeddings.npy", npy);
      work.addOutput("neurons.csv", csv);
      // say what was taken as features (a pandas index column is recognised and left out)
      ImportedEmbeddings.Taken t = e.taken();
      LOG.info("import: {}", t.describe(e.n(), e.f(), e.rotations()));
      Path taken = work.workDir().resolve("import.json");
      ObjectNode j = JSON.createObjectNode();
      j.put("source", t.source());
      j.put("neurons", e.n());
      j.put("features", e.f());
      j.put("rotations", e.rotations());
      j.putPOJO("feature_columns", t.featureColumns());
      j.put("id_column", t.idColumn());
      j.put("index_column_dropped", t.indexColumn());
      j.put("summary", t.describe(e.n(), e.f(), e.rotations()));
      JSON.writerWithDefaultPrettyPrinter().writeValue(taken.toFile(), j);
      work.addOutput("import.json", taken);
      work.metric("index_column_dropped", t.indexColumn() != null ? 1 : 0);
      work.metric("neurons", e.n());
      work.metric("features", e.f());
      work.metric("rotations", e.rotations());
      work.metric("known_labels", e.meta().containsKey("gt_type") ? 1 : 0);
    });
  }

  /** SHA-256 of the files whose digest the config does not pin (null when both are pinned or absent). */
  static String fingerprint(EmbeddingsSourceConfig c) throws java.io.IOException {
    StringBuilder sb = new StringBuilder();
    if (c.path() != null && c.sha256() == null) {
      verify(Path.of(c.path()), null, "embeddings_source.path");
      sb.append("path-sha256=").append(ArtifactStore.sha256(Path.of(c.path())));
    }
    if (c.meta() != null && c.metaSha256() == null) {
      verify(Path.of(c.meta()), null, "embeddings_source.meta");
      sb.append(sb.length() > 0 ? " " : "").append("meta-sha256=").append(ArtifactStore.sha256(Path.of(c.meta())));
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  private static void verify(Path file, String sha, String key) throws java.io.IOException {
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new IllegalArgumentException(key + ": no such file " + file);
    }
    if (sha != null && !sha.equals(ArtifactStore.sha256(file))) {
      throw new IllegalArgumentException(key + ": " + file + " changed since the run was launched (SHA-256 differs); launch it again");
    }
  }
}
