package org.cortexclust.common.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import org.cortexclust.common.stage.StageRunner;

/**
 * Test fixture shared by every module's stage tests (common's test-jar): an embedded S3 under {@code home}, an
 * artifact store on it with its bucket, and a StageRunner working under {@code home/work}.
 */
public final class TestStore implements AutoCloseable {
  public final EmbeddedS3 s3;
  public final ArtifactStore store;
  public final StageRunner runner;

  private TestStore(EmbeddedS3 s3, ArtifactStore store, StageRunner runner) {
    this.s3 = s3;
    this.store = store;
    this.runner = runner;
  }

  public static TestStore start(Path home) throws Exception {
    EmbeddedS3 s3 = EmbeddedS3.start(home, 0);
    ArtifactStore store = new ArtifactStore(s3.settings(home.resolve("cache")));
    store.ensureBucket();
    return new TestStore(s3, store, new StageRunner(store, new SimpleMeterRegistry(), home.resolve("work"), Map.of("test", "1")));
  }

  @Override
  public void close() throws Exception {
    store.close();
    s3.close();
  }
}
