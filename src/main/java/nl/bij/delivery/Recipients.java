package nl.bij.delivery;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Who receives notices, and how (config/recipients.csv), and the operators' suppression rules
 * (config/suppressions.csv). Both are checked at start-up: a wrong row stops the service with its file, row and
 * problem, because a notice sent the wrong way is worse than a service that does not start.
 */
public final class Recipients {

    /** Schemes a municipality's XML endpoint may use; anything else (exec:, http: without TLS ...) is refused. */
    public static final Set<String> XML_SCHEMES = Set.of("file", "jms", "https", "sftp");
    private static final Pattern JMS_QUEUE = Pattern.compile(
            "jms:queue:([A-Za-z0-9][A-Za-z0-9._-]{0,199})");
    private static final Pattern CODE = Pattern.compile("[0-9]{4}");
    /** It becomes the decision's reason, which the decision log keeps in 300 characters. */
    private static final int MAX_REASON = 200;

    private final Map<String, Recipient> byMunicipality;
    private final List<Suppression> suppressions;

    public Recipients(List<Recipient> recipients, List<Suppression> suppressions) {
        Map<String, Recipient> map = new HashMap<>();
        recipients.forEach(r -> map.put(r.municipality(), r));
        this.byMunicipality = Map.copyOf(map);
        this.suppressions = List.copyOf(suppressions);
    }

    /**
     * @param municipalityOn the name of a municipality that exists on a day, empty if it does not (or was merged away)
     * @param today          the day the files are checked against
     */
    public static Recipients load(String recipientsName, Reader recipients, String suppressionsName, Reader suppressions,
                                  BiFunction<String, LocalDate, Optional<String>> municipalityOn, LocalDate today) {
        List<Recipient> list = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CSVRecord row : rows(recipientsName, recipients)) {
            Recipient recipient = withColumns(recipientsName, row, () -> recipient(recipientsName, row, municipalityOn, today));
            if (!seen.add(recipient.municipality())) {
                throw problem(recipientsName, row, "municipality " + recipient.municipality() + " has a second row");
            }
            list.add(recipient);
        }
        List<Suppression> rules = new ArrayList<>();
        for (CSVRecord row : rows(suppressionsName, suppressions)) {
            rules.add(withColumns(suppressionsName, row, () -> suppression(suppressionsName, row)));
        }
        return new Recipients(list, rules);
    }

    public Optional<Recipient> of(String municipality) {
        return Optional.ofNullable(byMunicipality.get(municipality));
    }

    public Optional<Suppression> suppression(String municipality, LocalDate day) {
        return suppressions.stream().filter(s -> s.appliesTo(municipality, day)).findFirst();
    }

    /** The rules of config/suppressions.csv (operators add more through the admin API, kept in the database). */
    public List<Suppression> suppressions() {
        return suppressions;
    }

    public List<Recipient> all() {
        return List.copyOf(byMunicipality.values());
    }

    /** The queue a {@code jms:queue:NAME} target names (checked when the file was read). */
    public static String queueOf(String jmsTarget) {
        Matcher queue = JMS_QUEUE.matcher(jmsTarget);
        if (!queue.matches()) {
            throw new IllegalArgumentException("not a jms:queue:NAME target");
        }
        return queue.group(1);
    }

    /** How many municipalities receive XML notices over this endpoint scheme (https, sftp ...). */
    public long receivingOver(String scheme) {
        return byMunicipality.values().stream()
                .filter(r -> r.channel() == Channel.XML && r.target().startsWith(scheme + ":")).count();
    }

    private static Recipient recipient(String file, CSVRecord row, BiFunction<String, LocalDate, Optional<String>> municipalityOn,
                                       LocalDate today) {
        String code = municipality(file, row, municipalityOn, today);
        Channel channel;
        try {
            channel = Channel.valueOf(row.get("channel").strip());
        } catch (IllegalArgumentException e) {
            throw problem(file, row, "channel must be XML or MAIL");
        }
        String target = row.get("target").strip();
        if (channel == Channel.MAIL) {
            checkAddress(file, row, target);
        } else if (!target.isEmpty()) {
            checkEndpoint(file, row, target);
        }
        return new Recipient(code, channel, target);
    }

    private static String municipality(String file, CSVRecord row, BiFunction<String, LocalDate, Optional<String>> municipalityOn,
                                       LocalDate today) {
        String code = row.get("municipality").strip();
        if (!CODE.matcher(code).matches()) {
            throw problem(file, row, "municipality '" + code + "' is not a 4-digit code");
        }
        if (municipalityOn.apply(code, today).isEmpty()) {
            throw problem(file, row, "municipality " + code + " does not exist on " + today
                    + " (merged away, or not in the municipality register)");
        }
        return code;
    }

    private static void checkAddress(String file, CSVRecord row, String address) {
        try {
            new InternetAddress(address, true).validate();
        } catch (AddressException e) {
            throw problem(file, row, "'" + address + "' is not a mail address");
        }
    }

    private static void checkEndpoint(String file, CSVRecord row, String target) {
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw problem(file, row, "target is not an endpoint URI: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !XML_SCHEMES.contains(scheme)) {
            throw problem(file, row, "target must be one of " + XML_SCHEMES + " endpoints, not '" + scheme + "'");
        }
        if ("https".equals(scheme) && (uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null)) {
            throw problem(file, row, "an https target is the receiver's base URL (https://host[:port]/path), without"
                    + " a login, query or fragment: notices go to PUT {target}/notices/{noticeId}");
        }
        if ("jms".equals(scheme) && !JMS_QUEUE.matcher(target).matches()) {
            throw problem(file, row, "a jms target is a queue on the service's broker (jms:queue:NAME, NAME of letters,"
                    + " digits, '.', '-' and '_'), without options: the service sets how it sends");
        }
        if ("sftp".equals(scheme) && (uri.getHost() == null || uri.getRawUserInfo() == null
                || uri.getRawUserInfo().contains(":") || uri.getRawQuery() != null || uri.getRawFragment() != null)) {
            throw problem(file, row, "an sftp target is the server's folder with the user the service logs in as"
                    + " (sftp://user@host[:port]/folder), without a password, query or fragment: the service logs in"
                    + " with its key (bij.delivery.sftp.*)");
        }
    }

    private static Suppression suppression(String file, CSVRecord row) {
        String code = row.get("municipality").strip();
        if (!CODE.matcher(code).matches()) {
            throw problem(file, row, "municipality '" + code + "' is not a 4-digit code");
        }
        String reason = row.get("reason").strip();
        if (reason.isEmpty()) {
            throw problem(file, row, "a suppression needs a reason");
        }
        if (reason.length() > MAX_REASON) {
            throw problem(file, row, "a reason of at most " + MAX_REASON + " characters, please (a ticket reference)");
        }
        Optional<LocalDate> from = date(file, row, "from");
        Optional<LocalDate> until = date(file, row, "until");
        if (from.isPresent() && until.isPresent() && until.get().isBefore(from.get())) {
            throw problem(file, row, "until is before from");
        }
        return new Suppression(code, from, until, reason);
    }

    private static Optional<LocalDate> date(String file, CSVRecord row, String column) {
        String text = row.get(column).strip();
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            throw problem(file, row, column + " '" + text + "' is not a date (yyyy-mm-dd)");
        }
    }

    /** A short row makes commons-csv throw IllegalArgumentException: say which row, in the file's words. */
    private static <T> T withColumns(String file, CSVRecord row, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw problem(file, row, "missing column: " + e.getMessage());
        }
    }

    private static List<CSVRecord> rows(String name, Reader reader) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
                .setIgnoreEmptyLines(true).setIgnoreSurroundingSpaces(true).get();
        try (Reader in = reader) {
            return format.parse(in).getRecords();
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException(name + ": cannot be read as CSV: " + e.getMessage(), e);
        }
    }

    private static IllegalStateException problem(String file, CSVRecord row, String message) {
        return new IllegalStateException(file + " data row " + row.getRecordNumber() + ": " + message);
    }
}
