package org.cortexclust.data.sensorium;

import java.io.IOException;
import java.nio.file.Path;

/** Test helpers shared with other packages. */
public final class SensoriumReaderTestSupport {
  private SensoriumReaderTestSupport() {}

  /** The tiny hand-checkable mouse of SensoriumReaderTest (key 12345-6-7, 12 trials, 5 neurons, 8x12 images). */
  public static RawMouse tinyMouse() {
    return SensoriumReaderTest.tinyMouse();
  }

  /** Zip {@code folder} with every entry under {@code prefix}. */
  public static void zip(Path folder, Path zip, String prefix) throws IOException {
    SensoriumReaderTest.zip(folder, zip, prefix);
  }
}
