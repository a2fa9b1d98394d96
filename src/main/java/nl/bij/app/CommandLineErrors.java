package nl.bij.app;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.activemq.artemis.api.core.ActiveMQNotConnectedException;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * How a command that failed says so: one line on standard error, naming the command and the cause, never a stack
 * trace (the service's own log keeps the detail), and an exit code a script can act on. The codes are listed in
 * every command's {@code --help} (BijService).
 */
final class CommandLineErrors implements CommandLine.IExecutionExceptionHandler {

    /** The command failed: the service refused to start or stopped on an error, the API refused the request. */
    static final int FAILED = 1;
    /** The admin API refused the login (401) or the role (403). */
    static final int LOGIN_REFUSED = 3;
    /** The running service (its admin API, its broker) could not be reached. */
    static final int UNREACHABLE = 4;

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        Optional<Throwable> unreachable = causes(failure).filter(CommandLineErrors::meansUnreachable).findFirst();
        if (unreachable.isPresent()) {
            err.println(name + ": cannot reach the service (" + describe(unreachable.get())
                    + "): is it running, and are --url or --config right?");
            err.flush();
            return UNREACHABLE;
        }
        String message = describe(causes(failure).reduce((first, second) -> second).orElse(failure));
        String firstLine = message.lines().findFirst().orElse(message);
        err.println(name + ": " + firstLine + (message.contains("\n") ? " (the rest is in the log above)" : ""));
        err.flush();
        return FAILED;
    }

    private static boolean meansUnreachable(Throwable cause) {
        return cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                || cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException
                || cause instanceof ActiveMQNotConnectedException;
    }

    /** The failure and its causes, outermost first. */
    private static Stream<Throwable> causes(Throwable failure) {
        return Stream.iterate(failure, cause -> cause != null, Throwable::getCause).limit(20);
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null || cause.getMessage().isBlank() ? cause.getClass().getSimpleName()
                : cause.getMessage();
    }
}
