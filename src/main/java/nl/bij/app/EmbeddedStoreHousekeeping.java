package nl.bij.app;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chores of H2's background writer, done on a timer for the embedded database, which runs without it.
 *
 * <p>{@code WRITE_DELAY=0} writes every commit to the file before the commit returns, which a {@code kill -9} needs (the
 * broker may already have forgotten the message). It also stops H2's background thread, and with it the two things
 * that thread does besides writing: syncing the file, and rewriting sparsely used chunks so their space can be used
 * again. Without them the file grew by about 100 kB per event (1.9 GB after a 20,000-event drain; h2database#442, issue
 * 19). Every {@code period} this:
 * <ol>
 *   <li>syncs the file ({@code fsync}): H2 writes a commit but never syncs it; after this, nothing older than one
 *       period waits in the operating system's cache;</li>
 *   <li>rewrites the live pages of chunks used below {@link #FILL_RATE_PERCENT}, at most {@link #REWRITE_BYTES} per
 *       run, so that whole chunks fall empty.</li>
 * </ol>
 * H2 reuses an empty chunk's space once it has been superseded for the retention time. H2 keeps 45 s by default, on the
 * assumption that the disk has flushed within that time; at a drain's pace that is hundreds of megabytes held back. The
 * sync above makes a much shorter retention equally safe against a power cut that reorders writes, so it is set to
 * {@code retention}: two periods in the service, so at least one sync lies between the write that superseded a chunk
 * and the reuse of its space.
 *
 * <p>The file does not shrink: H2's {@code compactFile}, which would cut it, also sets the retention to zero for good
 * (it is meant for closing), so its size stays at the most a burst needed (about retention × events per second ×
 * 100 kB).
 *
 * <p>H2 offers neither chore through SQL ({@code CHECKPOINT} only commits), so this reaches the store through H2's
 * engine classes; the H2 version is pinned in {@code pom.xml} and {@code EmbeddedStoreHousekeepingTest} fails if they
 * change. PostgreSQL needs none of this.
 */
final class EmbeddedStoreHousekeeping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("bij.database");

    /** Chunks less used than this are rewritten (H2's own background writer uses 90; 80 rewrites less per run). */
    static final int FILL_RATE_PERCENT = 80;
    /**
     * The most rewritten per run: the store is locked meanwhile, so this bounds the pause a commit may see. 1 MB
     * rather than 4: the p99 of a notice's latency at 50 events/s halved (52 against 112 ms), the drain and the file
     * after it stayed within a run's noise (bench/results/findings.md, the ninth round).
     */
    static final int REWRITE_BYTES = 1024 * 1024;

    private final MVStore store;
    private final ScheduledExecutorService timer;

    private EmbeddedStoreHousekeeping(MVStore store, Duration period) {
        this.store = store;
        this.timer = period.isZero() ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "bij-db-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        if (timer != null) {
            timer.scheduleWithFixedDelay(this::runQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts the chores for the embedded H2 behind {@code database}, with the given retention of superseded chunks;
     * a zero period starts no timer (a test calls {@link #run()} itself).
     */
    static EmbeddedStoreHousekeeping start(DataSource database, Duration period, Duration retention) throws SQLException {
        MVStore store = storeOf(database);
        store.setRetentionTime(Math.toIntExact(retention.toMillis()));
        return new EmbeddedStoreHousekeeping(store, period);
    }

    /** One round: sync, then rewrite sparse chunks. */
    void run() {
        if (store.isClosed()) {
            return;
        }
        store.sync();
        store.compact(FILL_RATE_PERCENT, REWRITE_BYTES);
    }

    private void runQuietly() {
        try {
            run();
        } catch (RuntimeException e) {
            // the next round tries again; a store that is closing is not an error
            if (!store.isClosed()) {
                LOG.warn("embedded database housekeeping failed ({}); retried in the next round",
                        e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private static MVStore storeOf(DataSource database) throws SQLException {
        try (Connection connection = database.getConnection()) {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            return session.getDatabase().getStore().getMvStore();
        }
    }
}
