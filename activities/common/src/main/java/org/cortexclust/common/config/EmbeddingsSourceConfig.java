package org.cortexclust.common.config;

/**
 * Config section {@code embeddings_source}: bring your own embeddings (the {@code cluster} command fills it in).
 *
 * @param path      an {@code .npy} (N × d, or N × f × n), {@code .csv}/{@code .tsv} (one row per neuron) or {@code .npz}
 * @param sha256    digest of {@code path} (part of the import's identity; checked on import)
 * @param meta      optional table (mouse, unit id, rho_st, coordinates, known labels) joined by id or by row
 * @param metaSha256 digest of {@code meta}
 * @param rotations n: the trailing axis of each embedding is the rotation axis of length n (1 = none)
 * @param idColumn  column of the embeddings CSV (or meta table) holding the neuron id; null = detect (id, unit_id)
 * @param array     array name inside an .npz; null = "embeddings" or the only array
 */
public record EmbeddingsSourceConfig(String path, String sha256, String meta, String metaSha256, int rotations, String idColumn,
    String array) implements SectionConfig {
  @Override
  public void validate(ConfigErrors e, String p) {
    e.range(p + ".rotations", rotations, 1, 360);
    if (path != null) {
      String l = path.toLowerCase();
      e.check(l.endsWith(".npy") || l.endsWith(".npz") || l.endsWith(".csv") || l.endsWith(".tsv"), p + ".path",
          "must be an .npy, .npz, .csv or .tsv file, got '" + path + "'");
    }
    e.check(meta == null || path != null, p + ".meta", "needs embeddings_source.path");
  }
}
