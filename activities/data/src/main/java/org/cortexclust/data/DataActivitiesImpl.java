package org.cortexclust.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * only, so the same source and settings give the same artifact (StageRunner's cache hit). Headline metrics: mice,
 * neurons, trials (per tier), source_files, source_bytes, noise_ceiling_rho_st (simulated data).
 */
public final class DataActivitiesImpl implements DataActivities {
  private final StageRunner runner;
  private final Path downloads;

  /** Downloads of http(s) and s3 sources go to {@code $CORTEXCLUST_DOWNLOADS} or {@code <tmp>/cortexclust-downloads}. */
  public DataActivitiesImpl(StageRunner runner) {
    this(runner, HttpDownloader.defaultCache());
  }

  public DataActivitiesImpl(StageRunner runner, Path downloads) {
    this.runner = runner;
    this.downloads = downloads;
  }

  @Override
  public StageOutput fetchData(StageInput in) {
    return runner.run(in, List.of("data"), work -> run(work, downloads, runner.store().settings()));
  }

  static void run(StageWork work, Path downloads, StoreSettings s3) throws Exception {
    // s3:// sources are read from the artifact store's endpoint with its credentials (any bucket).
    DatasetImporter.Result r = DatasetImporter.importDataset(work.config().data(), work.workDir(), downloads, s3,
        work.progress());
    // Publish only after every mouse was prepared: a malformed mouse leaves nothing in the store.
    for (Map.Entry<String, Path> f : r.files().entrySet()) {
      work.addOutput(f.getKey(), f.getValue());
    }
    r.metrics().forEach(work::metric);
  }
}
