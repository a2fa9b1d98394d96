package nl.bij.operations;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The people who may use the admin API, from {@code config/operators.properties} ({@code name = role:hash}), with
 * passwords stored as PBKDF2-SHA256 hashes only ({@code bij-service hash-password} makes one). HTTP Basic is checked
 * here: an unknown name costs the same work as a wrong password, and both get the same answer.
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
    private static final int ITERATIONS = 210_000;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{1,40}");

    private record Account(Role role, byte[] salt, int iterations, byte[] hash) {
    }

    private final Map<String, Account> accounts;
    private final Account decoy = new Account(Role.VIEWER, new byte[16], ITERATIONS, new byte[32]);

    private Operators(Map<String, Account> accounts) {
        this.accounts = Map.copyOf(accounts);
    }

    /** Checks every line at start-up: a wrong one stops the service, saying which name (never the hash). */
    public static Operators load(String fileName, Properties lines) {
        Map<String, Account> accounts = new HashMap<>();
        for (String name : lines.stringPropertyNames()) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalStateException(fileName + ": '" + name + "' is not an operator name (a-z, 0-9, . _ -)");
            }
            accounts.put(name, account(fileName, name, lines.getProperty(name).strip()));
        }
        return new Operators(accounts);
    }

    public int size() {
        return accounts.size();
    }

    /** @param authorization the HTTP Authorization header, {@code Basic base64(name:password)} */
    public Optional<Operator> authenticate(String authorization) {
        Optional<String[]> credentials = basic(authorization);
        String name = credentials.map(c -> c[0]).orElse("");
        String password = credentials.map(c -> c[1]).orElse("");
        Account account = accounts.getOrDefault(name, decoy);
        boolean matches = MessageDigest.isEqual(pbkdf2(password, account.salt(), account.iterations()), account.hash());
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
            if (parts.length != 5 || !SCHEME.equals(parts[1]) || Integer.parseInt(parts[2]) != ITERATIONS) {
                // one work factor for all, the decoy's too: response time must not tell who exists
                throw new IllegalArgumentException();
            }
            return new Account(Role.valueOf(parts[0].toUpperCase()), Base64.getDecoder().decode(parts[3]),
                    Integer.parseInt(parts[2]), Base64.getDecoder().decode(parts[4]));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + ": the line of operator '" + name + "' is not role:" + SCHEME
                    + ":iterations:salt:hash (make one with: bij-service hash-password --role viewer|operator)");
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
