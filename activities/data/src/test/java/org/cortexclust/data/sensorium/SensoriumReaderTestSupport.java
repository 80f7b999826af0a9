package org.cortexclust.data.sensorium;

import java.io.IOException;
import java.nio.file.Path;

/** Test helpers shared with other packages. */
public final class SensoriumReaderTestSupport {
  private SensoriumReaderTestSupport() {}

  /** Zip {@code folder} with every entry under {@code prefix}. */
  public static void zip(Path folder, Path zip, String prefix) throws IOException {
    SensoriumReaderTest.zip(folder, zip, prefix);
  }
}
