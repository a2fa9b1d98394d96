package nl.bij.app;

import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;

/** Every log event of the test JVM while it is open, for tests that check what the service says (and does not). */
final class CapturedLog implements AutoCloseable {

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    CapturedLog() {
        captured.start();
        root.addAppender(captured);
    }

    List<ILoggingEvent> events() {
        return List.copyOf(captured.list);
    }

    /** Each event as one line: its message, its MDC, its key-value pairs and its stack trace: all reach a log file. */
    List<String> lines() {
        return events().stream().map(CapturedLog::render).toList();
    }

    @Override
    public void close() {
        root.detachAppender(captured);
    }

    private static String render(ILoggingEvent event) {
        String thrown = event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy());
        return event.getFormattedMessage() + " " + event.getMDCPropertyMap() + " " + event.getKeyValuePairs() + " " + thrown;
    }
}
