package nl.bij.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bij-service send FILE...}: puts release events on the queue as Justid would, from the shell. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Send release-event files to the release queue, with Justid's login.")
final class SendCommand implements Callable<Integer> {

    @Option(names = "--config", description = "A properties file that overrides the packaged configuration (default:"
            + " application.properties in the folder BIJ_CONFIG_DIR names, if set).")
    Path config;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to send (.xml as text, others as bytes).")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        Properties settings = Settings.load(Optional.ofNullable(config));
        try (JustidSender justid = new JustidSender(settings)) {
            for (Path file : files) {
                System.out.printf("sent %s as %s%n", file, justid.send(file));
            }
        }
        return 0;
    }
}
