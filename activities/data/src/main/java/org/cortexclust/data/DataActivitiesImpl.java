package org.cortexclust.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cortexclust.common.config.DataConfig;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.common.stage.StageWork;
import org.cortexclust.common.store.StoreSettings;
import org.cortexclust.data.fetch.HttpDownloader;
import org.cortexclust.workflows.contract.DataActivities;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;

/**
 * Data stage adapter: imports {@code data.source} (the simulator, a Sensorium 2022 static folder, a folder of mouse
 * folders/zips, a mouse zip, an http(s) release zip, or {@code s3://bucket/prefix} on the artifact store's endpoint) as the dataset artifact: {@code dataset.json}, one {@code mouse-<key>.bin} per mouse
 * and {@code groundtruth.csv} when types are known (docs/artifacts.md). Depends on the {@code data} config section
 * and the source's content, so the same source and settings give the same artifact (StageRunner's cache hit). Headline metrics: mice,
 * neurons, trials (per tier), source_files, source_bytes, noise_ceiling_rho_st (simulated data). The key also holds the
 * source content's version ({@link SourceVersion}), so a changed folder, archive, URL or prefix is imported again.
 */
public final class DataActivitiesImpl implements DataActivities {
  private final StageRunner runner;
  private final Path downloads;

  /**
   * Downloads of http(s) and s3 sources go to {@code $CORTEXCLUST_DOWNLOADS} or {@code downloads/} beside the
   * runner's work folder (both under the project home), created owner-only.
   */
  public DataActivitiesImpl(StageRunner runner) {
    this(runner, System.getenv("CORTEXCLUST_DOWNLOADS") != null && !System.getenv("CORTEXCLUST_DOWNLOADS").isBlank()
        ? HttpDownloader.defaultCache() : runner.workRoot().toAbsolutePath().resolveSibling("downloads"));
  }

  public DataActivitiesImpl(StageRunner runner, Path downloads) {
    this.runner = runner;
    this.downloads = downloads;
  }

  @Override
  public StageOutput fetchData(StageInput in) {
    // The source's content version joins the key (SourceVersion): a changed folder, archive or prefix is not a cache hit.
    HttpDownloader http = new HttpDownloader(downloads);
    SourceVersion[] version = new SourceVersion[1];
    StoreSettings s3 = runner.store().settings();
    return runner.run(in, List.of("data"), config -> {
      version[0] = SourceVersion.of(config.data(), http, s3, Progress.NONE);
      return version[0].fingerprint();
    }, work -> run(work, http, downloads, s3, version[0]));
  }

  static void run(StageWork work, HttpDownloader http, Path downloads, StoreSettings s3, SourceVersion version) throws Exception {
    // s3:// sources are read from the artifact store's endpoint with its credentials (any bucket).
    DataConfig c = work.config().data();
    String pinned = c.sha256() != null ? c.sha256() : version == null ? null : version.pinnedSha256();
    DatasetImporter.Result r = DatasetImporter.importDataset(c, pinned, work.workDir(), http, downloads, s3, work.progress());
    // Publish only after every mouse was prepared: a malformed mouse leaves nothing in the store.
    for (Map.Entry<String, Path> f : r.files().entrySet()) {
      work.addOutput(f.getKey(), f.getValue());
    }
    r.metrics().forEach(work::metric);
  }
}
