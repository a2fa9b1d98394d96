package nl.bij.operations;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down guessing passwords at the admin API: failed logins are counted per client address and per operator
 * name, and after a few free mistakes each further one locks that client, or that name, out for a growing time
 * (1 s, 2 s, 4 s, ... up to a maximum). While locked, a login is answered 429 without checking the password, so
 * a guesser costs the service nothing. Per name, because an attacker may use many addresses; per client, because
 * one address may try many names. A success clears the counts of its client and its name.
 *
 * <p>Names are kept as hashes only, so the table holds no list of who tried what. The table is bounded: when full,
 * the entry seen least recently goes first.
 */
public final class LoginThrottle {

    /** How many failures are free, the longest lock-out, and how many clients and names are remembered. */
    public record Limits(int freeFailures, Duration longestLock, int remembered) {
    }

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Clock clock;
    private final Limits limits;
    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true);

    public LoginThrottle(Clock clock, Limits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    /** How long this client or this name must still wait before a login is checked again, if at all. */
    public synchronized Optional<Duration> lockedFor(String client, String name) {
        Instant now = clock.instant();
        Instant until = later(lockOf(clientKey(client)), lockOf(nameKey(name)));
        return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    /** Counts a failed login; returns the failures of this name so far (for the log line). */
    public synchronized int failed(String client, String name) {
        count(clientKey(client));
        return count(nameKey(name));
    }

    public synchronized void succeeded(String client, String name) {
        failures.remove(clientKey(client));
        failures.remove(nameKey(name));
    }

    /** The name as it may appear in a log line: a short hash, the same for the same name. */
    public static String hashed(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    private int count(String key) {
        Failures before = failures.getOrDefault(key, new Failures(0, Instant.EPOCH));
        int count = before.count() + 1;
        Instant lockedUntil = count > limits.freeFailures()
                ? clock.instant().plus(lockFor(count - limits.freeFailures())) : Instant.EPOCH;
        failures.put(key, new Failures(count, lockedUntil));
        forgetOldest();
        return count;
    }

    /** 1 s after the first failure past the free ones, doubling, never longer than the longest lock. */
    private Duration lockFor(int beyondFree) {
        Duration lock = Duration.ofSeconds(1L << Math.min(beyondFree - 1, 30));
        return lock.compareTo(limits.longestLock()) > 0 ? limits.longestLock() : lock;
    }

    private void forgetOldest() {
        var iterator = failures.entrySet().iterator();
        while (failures.size() > limits.remembered() && iterator.hasNext()) {
            iterator.next();
            iterator.remove();
        }
    }

    private Instant lockOf(String key) {
        Failures entry = failures.get(key);
        return entry == null ? Instant.EPOCH : entry.lockedUntil();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String clientKey(String client) {
        return "client:" + client;
    }

    private static String nameKey(String name) {
        return "name:" + hashed(name);
    }
}
