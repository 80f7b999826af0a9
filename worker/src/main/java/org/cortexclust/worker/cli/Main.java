package org.cortexclust.worker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one executable. */
@Command(name = "cortexclust", mixinStandardHelpOptions = true, version = "cortexclust 0.1.0",
    description = "Functional cell types in mouse visual cortex: train, align, cluster, DEC, report — durable and reproducible.",
    subcommands = {RunCommand.class, SweepCommand.class, StatusCommand.class, CancelCommand.class, LineageCommand.class,
        ReportCommand.class, ExportCommand.class, WorkerCommand.class, ServerCommand.class, DagCommand.class, TriggerCommand.class, ClusterCommand.class, ValidateCommand.class, UiCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static int execute(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((e, cl, parsed) -> {
          // a bad setting (connection options, credentials, a missing run) is a sentence for the user, not a stack trace
          if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            cl.getErr().println("cortexclust " + cl.getCommandName() + ": " + e.getMessage());
            return 1;
          }
          throw e;
        })
        .execute(args);
  }

  public static void main(String[] args) {
    int rc = execute(args);
    System.exit(rc);
  }
}
