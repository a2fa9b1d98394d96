package nl.bij.operations;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The people who may use the admin API, from {@code config/operators.properties} ({@code name = role:hash}), with
 * passwords stored as PBKDF2-SHA256 hashes only ({@code bij-service hash-password} makes one). HTTP Basic is checked
 * here: an unknown name costs the same work as a wrong password, and both get the same answer.
 *
 * <p>The work factor is stored with each hash, so it can be raised later without locking anyone out: new hashes
 * use OWASP's current figure for PBKDF2-HMAC-SHA256 (600,000 iterations); an older hash with fewer (never fewer
 * than 210,000) is still accepted, and start-up says which names should make a new one. A check of an old hash
 * does the missing iterations on a decoy, so the time of an answer does not tell which names exist.
 *
 * <p>A verified login is remembered briefly (keyed by a keyed hash of the header, with a key that lives in memory
 * only), so a console session does not cost a PBKDF2 computation per click.
 */
public final class Operators {

    public enum Role {
        VIEWER, OPERATOR;

        boolean allows(Role needed) {
            return this == OPERATOR || needed == VIEWER;
        }
    }

    /** Someone who proved who they are. */
    public record Operator(String name, Role role) {
    }

    private static final String SCHEME = "pbkdf2-sha256";
    /** OWASP Password Storage Cheat Sheet, PBKDF2-HMAC-SHA256. */
    static final int ITERATIONS = 600_000;
    /** The figure this service used before; hashes made with it stay valid until their owners make new ones. */
    private static final int FEWEST_ITERATIONS = 210_000;
    private static final int REMEMBERED_LOGINS = 1_000;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{1,40}");

    private record Account(Role role, byte[] salt, int iterations, byte[] hash) {
    }

    private record Remembered(Operator operator, Instant until) {
    }

    private final Map<String, Account> accounts;
    private final Account decoy = new Account(Role.VIEWER, new byte[16], ITERATIONS, new byte[32]);
    private final Clock clock;
    private final Duration remembered;
    private final Map<String, Remembered> logins = new LinkedHashMap<>(16, 0.75f, true);
    private final SecretKeySpec cacheKey;
    private final java.util.concurrent.atomic.AtomicLong passwordChecks = new java.util.concurrent.atomic.AtomicLong();

    private Operators(Map<String, Account> accounts, Clock clock, Duration remembered) {
        this.accounts = Map.copyOf(accounts);
        this.clock = clock;
        this.remembered = remembered;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /** Checks every line at start-up: a wrong one stops the service, saying which name (never the hash). */
    public static Operators load(String fileName, Properties lines) {
        return load(fileName, lines, Clock.systemUTC(), Duration.ZERO);
    }

    /** @param remembered how long a verified login is remembered (zero: every call is checked in full) */
    public static Operators load(String fileName, Properties lines, Clock clock, Duration remembered) {
        Map<String, Account> accounts = new HashMap<>();
        for (String name : lines.stringPropertyNames()) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalStateException(fileName + ": '" + name + "' is not an operator name (a-z, 0-9, . _ -)");
            }
            accounts.put(name, account(fileName, name, lines.getProperty(name).strip()));
        }
        return new Operators(accounts, clock, remembered);
    }

    public int size() {
        return accounts.size();
    }

    /** The names whose hash has fewer iterations than new hashes get: they should make a new one. */
    public java.util.List<String> weakHashes() {
        return accounts.entrySet().stream().filter(e -> e.getValue().iterations() < ITERATIONS).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /** @param authorization the HTTP Authorization header, {@code Basic base64(name:password)} */
    public Optional<Operator> authenticate(String authorization) {
        String key = authorization == null ? null : cacheKeyOf(authorization);
        Optional<Operator> known = key == null ? Optional.empty() : recall(key);
        if (known.isPresent()) {
            return known;
        }
        Optional<Operator> operator = verify(authorization);
        operator.ifPresent(o -> remember(key, o));
        return operator;
    }

    /** The name in a Basic header, whether or not it exists (for throttling), or empty. */
    public static Optional<String> nameIn(String authorization) {
        return basic(authorization).map(c -> c[0]);
    }

    /** How many logins were checked in full (a PBKDF2 computation each) since start: what the cache saves. */
    public long passwordChecks() {
        return passwordChecks.get();
    }

    private Optional<Operator> verify(String authorization) {
        passwordChecks.incrementAndGet();
        Optional<String[]> credentials = basic(authorization);
        String name = credentials.map(c -> c[0]).orElse("");
        String password = credentials.map(c -> c[1]).orElse("");
        Account account = accounts.getOrDefault(name, decoy);
        boolean matches = MessageDigest.isEqual(pbkdf2(password, account.salt(), account.iterations()), account.hash());
        if (account.iterations() < ITERATIONS) {
            pbkdf2(password, decoy.salt(), ITERATIONS - account.iterations());
        }
        return matches && account != decoy && credentials.isPresent()
                ? Optional.of(new Operator(name, account.role())) : Optional.empty();
    }

    public static boolean allows(Operator operator, Role needed) {
        return operator.role().allows(needed);
    }

    /** A line for operators.properties: {@code role:pbkdf2-sha256:iterations:salt:hash}. */
    public static String hash(Role role, char[] password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return role.name().toLowerCase() + ":" + SCHEME + ":" + ITERATIONS + ":" + b64.encodeToString(salt) + ":"
                + b64.encodeToString(pbkdf2(new String(password), salt, ITERATIONS));
    }

    private static Account account(String file, String name, String line) {
        String[] parts = line.split(":");
        try {
            if (parts.length != 5 || !SCHEME.equals(parts[1])) {
                throw new IllegalArgumentException();
            }
            int iterations = Integer.parseInt(parts[2]);
            if (iterations < FEWEST_ITERATIONS || iterations > ITERATIONS) {
                throw new IllegalStateException(file + ": the hash of operator '" + name + "' has " + iterations
                        + " iterations; between " + FEWEST_ITERATIONS + " and " + ITERATIONS + " are accepted"
                        + " (make a new one with: bij-service hash-password)");
            }
            return new Account(Role.valueOf(parts[0].toUpperCase()), Base64.getDecoder().decode(parts[3]),
                    Integer.parseInt(parts[2]), Base64.getDecoder().decode(parts[4]));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + ": the line of operator '" + name + "' is not role:" + SCHEME
                    + ":iterations:salt:hash (make one with: bij-service hash-password --role viewer|operator)");
        }
    }

    private synchronized Optional<Operator> recall(String key) {
        Remembered login = logins.get(key);
        if (login == null || !clock.instant().isBefore(login.until())) {
            logins.remove(key);
            return Optional.empty();
        }
        return Optional.of(login.operator());
    }

    private synchronized void remember(String key, Operator operator) {
        if (key == null || remembered.isZero()) {
            return;
        }
        logins.put(key, new Remembered(operator, clock.instant().plus(remembered)));
        var oldest = logins.keySet().iterator();
        while (logins.size() > REMEMBERED_LOGINS) {
            oldest.next();
            oldest.remove();
        }
    }

    /** A keyed hash of the header: the remembered table holds no password, nor anything to guess one from. */
    private String cacheKeyOf(String authorization) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            return Base64.getEncoder().encodeToString(mac.doFinal(authorization.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    private static Optional<String[]> basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 1 ? Optional.empty() : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        }
    }
}
