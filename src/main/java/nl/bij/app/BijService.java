package nl.bij.app;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.apache.camel.main.Main;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the BIJ notification service (camel-main), optionally feeding it the bundled sample events. */
@Command(name = "bij-service", mixinStandardHelpOptions = true, versionProvider = BijService.Version.class,
        // --help, --version and the exit codes on every command and subcommand
        scope = CommandLine.ScopeType.INHERIT, exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done",
            CommandLineErrors.FAILED + ":failed: the service refused to start or stopped on an error (its log says"
                + " why), a notice is not valid, or the admin API refused the request",
            "2:the command line is wrong",
            CommandLineErrors.LOGIN_REFUSED + ":the admin API refused the login or the role",
            CommandLineErrors.UNREACHABLE + ":the running service (its admin API or its broker) could not be reached",
            "5:no Java 17 or later (the launcher bin/bij-service)",
            "143:stopped by SIGTERM (a clean shutdown)"},
        subcommands = {SendCommand.class, AdminCommand.class, AdminCommand.HashPassword.class,
            ReceiverCommands.Verify.class, ReceiverCommands.Show.class, InboxCommand.class},
        description = "Informs mayors under art. 11a Bjsg of the return of convicted persons.")
public final class BijService implements Callable<Integer> {

    @Option(names = "--config", description = "A properties file that overrides the packaged configuration (default:"
            + " application.properties in the folder BIJ_CONFIG_DIR names, if set).")
    Path config;

    @Option(names = "--samples", description = "After start-up, send every file of this folder to the release queue"
            + " and print what became of each.")
    Path samples;

    @Option(names = "--exit-after-samples", description = "Stop once the samples are decided (for scripts).")
    boolean exitAfterSamples;

    /** The version the build wrote into the jar's manifest; a run from compiled classes has none. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BijService.class.getPackage().getImplementationVersion();
            return new String[] {"bij-service " + (version == null ? "(not built as a jar)" : version)};
        }
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            boolean json = "json".equalsIgnoreCase(System.getenv("BIJ_LOG_FORMAT"));
            System.setProperty("logback.configurationFile", json ? "config/logback-json.xml" : "config/logback.xml");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@code main} runs it: failures as one line and an exit code (CommandLineErrors). */
    static CommandLine commandLine() {
        return new CommandLine(new BijService()).setExecutionExceptionHandler(new CommandLineErrors());
    }

    @Override
    public Integer call() throws Exception {
        Properties settings = Settings.load(Optional.ofNullable(config));
        Main main = new Main();
        main.setOverrideProperties(settings);
        SampleRun sampleRun = null;
        if (samples != null) {
            sampleRun = new SampleRun(samples, settings, exitAfterSamples, System.out);
            main.addMainListener(sampleRun);
        }
        int exitCode = main.run(new String[0]);
        if (exitCode != 0 || sampleRun == null) {
            return exitCode;
        }
        return sampleRun.exitCode();
    }
}
