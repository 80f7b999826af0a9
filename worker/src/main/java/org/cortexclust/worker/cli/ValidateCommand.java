package org.cortexclust.worker.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cortexclust.data.sensorium.Validator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a Sensorium dataset (a mouse folder, a folder of mice, or a zip) and print a summary or every problem found.")
public final class ValidateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DATASET")
  Path dataset;

  @Override
  public Integer call() throws Exception {
    Validator.Report r = Validator.validate(dataset);
    System.out.print(r.toText());
    return r.ok() ? 0 : 1;
  }
}
