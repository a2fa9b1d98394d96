package nl.bij.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.bij.delivery.Channel;
import nl.bij.delivery.Recipients;
import nl.bij.operations.Operators;

/**
 * The development conveniences that must never reach production silently, checked before the broker starts. In
 * production mode ({@code bij.mode=production}, or {@code auto} with an external broker or database configured) the
 * service refuses to start while any is left, naming every one at once so that an administrator fixes them in one
 * go rather than one restart at a time.
 *
 * <p>{@code bij.mode=development} keeps the conveniences even with an external database (tests, a developer's
 * PostgreSQL); the service then says so loudly at start-up and in its status.
 */
final class ProductionReadiness {

    enum Mode {
        PRODUCTION, DEVELOPMENT;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the checks look at, read once from the configuration and the loaded files. */
    record Facts(Function<String, String> setting, Properties shipped, Recipients recipients, Operators operators,
                 Optional<X509Certificate> signingCertificate, Instant now) {
    }

    private static final Pattern HOST_IN_URL = Pattern.compile("(?:tcp|ssl|tls|jdbc:postgresql)://\\[?([^:/?\\],)]+)");

    private ProductionReadiness() {
    }

    /** {@code bij.mode}: auto (production as soon as an external broker or database is configured), or explicit. */
    static Mode mode(Function<String, String> setting) {
        String mode = setting.apply("bij.mode").toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "production" -> Mode.PRODUCTION;
            case "development" -> Mode.DEVELOPMENT;
            case "auto" -> setting.apply("bij.broker.url").isBlank() && setting.apply("bij.db.url").isBlank()
                    ? Mode.DEVELOPMENT : Mode.PRODUCTION;
            default -> throw new IllegalStateException("bij.mode must be auto, production or development, not '"
                    + mode + "'");
        };
    }

    /** Every setting that is unsafe in production, each as a sentence that says what to set; empty when ready. */
    static List<String> problems(Facts facts) {
        List<String> problems = new ArrayList<>();
        mailWithoutRelay(facts).ifPresent(problems::add);
        mailFromShippedSender(facts).ifPresent(problems::add);
        signing(facts).ifPresent(problems::add);
        String dbUrl = facts.setting().apply("bij.db.url");
        if (dbUrl.isBlank() || dbUrl.startsWith("jdbc:h2:")) {
            problems.add("the embedded H2 database would be used: set bij.db.url to the PostgreSQL database");
        }
        // Justid's login is the embedded broker's to check; an external broker has its own users
        List<String> secrets = facts.setting().apply("bij.broker.url").isBlank()
                ? List.of("bij.broker.password", "bij.broker.justid.password", "bij.db.password")
                : List.of("bij.broker.password", "bij.db.password");
        for (String key : secrets) {
            String shipped = facts.shipped().getProperty(key, "").strip();
            String value = facts.setting().apply(key);
            // an emptied password is no secret either (the distribution's templates leave them empty)
            if (value.isEmpty() || value.equals(shipped)) {
                problems.add(key + (value.isEmpty() ? " is empty" : " is the value shipped with the service")
                        + ": set a secret of your own (environment variable " + Settings.environmentName(key) + ")");
            }
        }
        transport(facts).forEach(problems::add);
        if (facts.operators().size() == 0) {
            problems.add("no operator is configured (bij.admin.operators): nobody could see or fix a failed "
                    + "delivery; add one with: bij-service hash-password");
        }
        return problems;
    }

    /** Mail notices with no relay are written as files and recorded NOTIFIED: the mayor receives nothing. */
    private static Optional<String> mailWithoutRelay(Facts facts) {
        long mail = facts.recipients().all().stream().filter(r -> r.channel() == Channel.MAIL).count();
        if (mail == 0 || !facts.setting().apply("bij.mail.host").isBlank()) {
            return Optional.empty();
        }
        return Optional.of(mail + " municipalities receive notices by mail (bij.delivery.recipients) but no mail relay"
                + " is set (bij.mail.host): their notices would be written as files while no mayor receives them");
    }

    /** The shipped sender is an address under .example: mayors' offices would see no real sender to answer. */
    private static Optional<String> mailFromShippedSender(Facts facts) {
        boolean mail = facts.recipients().all().stream().anyMatch(r -> r.channel() == Channel.MAIL);
        String from = facts.setting().apply("bij.mail.from");
        return mail && from.equals(facts.shipped().getProperty("bij.mail.from", "").strip())
                ? Optional.of("bij.mail.from is the example sender shipped with the service: set the functional "
                        + "address mail notices come from")
                : Optional.empty();
    }

    private static Optional<String> signing(Facts facts) {
        if (facts.signingCertificate().isEmpty()) {
            return Optional.of("notices would be signed with a development key made on this machine: set "
                    + "bij.notice.signing.keystore to the keystore with the service's certificate");
        }
        Instant notAfter = facts.signingCertificate().get().getNotAfter().toInstant();
        return notAfter.isAfter(facts.now()) ? Optional.empty()
                : Optional.of("the signing certificate (bij.notice.signing.keystore) expired on " + notAfter
                        + ": receivers would refuse every notice; install the renewed certificate");
    }

    /** Traffic that leaves the machine goes over TLS: the embedded broker, an external broker, the database. */
    static List<String> transport(Facts facts) {
        List<String> problems = new ArrayList<>();
        String brokerUrl = facts.setting().apply("bij.broker.url");
        if (brokerUrl.isBlank()) {
            String host = facts.setting().apply("bij.broker.embedded.host");
            if (!loopback(host)) {
                problems.add("the embedded broker would listen on " + host + " beyond loopback without TLS: keep "
                        + "bij.broker.embedded.host on 127.0.0.1, or use an external broker (bij.broker.url) over TLS");
            }
        } else if (!brokerUrl.toLowerCase(Locale.ROOT).contains("sslenabled=true") && !allLoopback(brokerUrl)) {
            problems.add("the broker (bij.broker.url) is reached beyond loopback without TLS: add sslEnabled=true "
                    + "with a trust store to its URL");
        }
        String dbUrl = facts.setting().apply("bij.db.url");
        if (dbUrl.startsWith("jdbc:postgresql:") && !allLoopback(dbUrl)
                && !dbUrl.toLowerCase(Locale.ROOT).matches(".*sslmode=(require|verify-ca|verify-full).*")) {
            problems.add("the database (bij.db.url) is reached beyond loopback without TLS: add sslmode=verify-full");
        }
        return problems;
    }

    private static boolean allLoopback(String url) {
        Matcher host = HOST_IN_URL.matcher(url);
        boolean any = false;
        while (host.find()) {
            any = true;
            if (!loopback(host.group(1))) {
                return false;
            }
        }
        return any;
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The configuration as packaged, to recognise a shipped password that nobody changed. */
    static Properties shippedDefaults() {
        Properties shipped = new Properties();
        try (InputStream in = ProductionReadiness.class.getClassLoader().getResourceAsStream(Settings.DEFAULTS)) {
            if (in != null) {
                shipped.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return shipped;
    }
}
