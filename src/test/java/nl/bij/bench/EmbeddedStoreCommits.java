package nl.bij.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

import nl.bij.state.Jdbc;

/**
 * What an embedded database costs per event, and how large its file grows, with the state store's commit pattern
 * and nothing else: per qualifying event one transaction inserting a decision, a notice and its 5 kB content, one
 * claiming the notice (SENDING), one recording it delivered. Each variant gets a fresh file; the CPU time of the
 * writing thread over the second half of the events, and the size of the database's files at the end, are printed.
 * A benchmark ({@code bench/embedded-store}), never a test: it found that no H2 setting alone keeps the file small at
 * {@code WRITE_DELAY=0}, and what the service's housekeeping of the file changes (issue 19, bench/results/findings.md).
 */
public final class EmbeddedStoreCommits {

    private EmbeddedStoreCommits() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Path.of(args.length > 1 ? args[1] : "target/bench-work/embedded-store").toAbsolutePath();
        List<String[]> variants = List.of(
                new String[] {"H2, WRITE_DELAY=0 and no housekeeping", "jdbc:h2:file:%s/x;WRITE_DELAY=0;QUERY_CACHE_SIZE=128"},
                new String[] {"H2, RETENTION_TIME=0", "jdbc:h2:file:%s/x;WRITE_DELAY=0;QUERY_CACHE_SIZE=128;RETENTION_TIME=0"},
                new String[] {"H2, PAGE_SIZE=16384", "jdbc:h2:file:%s/x;WRITE_DELAY=0;QUERY_CACHE_SIZE=128;PAGE_SIZE=16384"},
                new String[] {"H2 with the service's housekeeping (a round every 200 events, retention 0)",
                    "jdbc:h2:file:%s/x;WRITE_DELAY=0;QUERY_CACHE_SIZE=128"},
                new String[] {"HSQLDB, log synced at every commit", "jdbc:hsqldb:file:%s/x;hsqldb.write_delay=false;shutdown=true"},
                new String[] {"HSQLDB, log written at every commit, synced every 100 ms",
                    "jdbc:hsqldb:file:%s/x;hsqldb.write_delay_millis=100;shutdown=true"});
        System.out.printf("| %s | %s | %s | %s |%n|---|---:|---:|---:|%n", "variant (" + events + " events)",
                "CPU per event, second half", "wall time per event, second half", "files at the end");
        for (int v = 0; v < variants.size(); v++) {
            Path files = dir.resolve("v" + v);
            deleteTree(files);
            Files.createDirectories(files);
            String url = String.format(variants.get(v)[1], files);
            double[] perEvent = run(url, events, variants.get(v)[0].contains("housekeeping"));
            System.out.printf("| %s | %.2f ms | %.2f ms | %,d MB |%n", variants.get(v)[0], perEvent[0], perEvent[1],
                    size(files) / (1024 * 1024));
            deleteTree(files);
        }
    }

    /** CPU and wall milliseconds per event over the second half. */
    private static double[] run(String url, int events, boolean housekept) throws SQLException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Connection c = DriverManager.getConnection(url, "SA", "")) {
            schema(c, url.startsWith("jdbc:hsqldb") ? "cached " : "");
            MVStore store = housekept ? storeOf(c) : null;
            c.setAutoCommit(false);
            byte[] content = new byte[5000];
            new Random(1).nextBytes(content);
            long cpu = 0;
            long wall = 0;
            for (int i = 0; i < events; i++) {
                if (i == events / 2) {
                    cpu = threads.getCurrentThreadCpuTime();
                    wall = System.nanoTime();
                }
                event(c, i, content);
                if (store != null && i % 200 == 199) {
                    // what nl.bij.app.EmbeddedStoreHousekeeping does every second in the service
                    store.sync();
                    store.compact(80, 4 * 1024 * 1024);
                }
            }
            int measured = events - events / 2;
            return new double[] {(threads.getCurrentThreadCpuTime() - cpu) / 1e6 / measured,
                (System.nanoTime() - wall) / 1e6 / measured};
        }
    }

    private static MVStore storeOf(Connection c) throws SQLException {
        MVStore store = ((SessionLocal) c.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
        store.setRetentionTime(0);
        return store;
    }

    private static void schema(Connection c, String cached) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create " + cached + "table decision (message_id varchar(100) primary key, event_id varchar(36),"
                    + " case_id varchar(64), decision varchar(20), reason varchar(300), detail varchar(1000),"
                    + " decided_at timestamp with time zone)");
            s.execute("create index decision_event_id on decision (event_id)");
            s.execute("create index decision_case_id on decision (case_id)");
            s.execute("create index decision_decision on decision (decision, decided_at)");
            s.execute("create " + cached + "table notice (notice_id varchar(36) primary key, case_id varchar(64),"
                    + " status varchar(20), due_on date, touched_at timestamp with time zone)");
            s.execute("create index notice_case_id on notice (case_id)");
            s.execute("create index notice_status on notice (status, due_on, touched_at)");
            s.execute("create " + cached + "table notice_content (notice_id varchar(36) primary key,"
                    + " content varbinary(100000))");
        }
    }

    private static void event(Connection c, int i, byte[] content) throws SQLException {
        String messageId = "ID:" + UUID.randomUUID();
        String noticeId = UUID.randomUUID().toString();
        String caseId = "JD-" + i;
        Jdbc.update(c, "insert into decision values (?, ?, ?, 'DELIVERING', 'LIST_1', 'a notice is on its way', ?)",
                messageId, UUID.randomUUID().toString(), caseId, OffsetDateTime.now());
        Jdbc.update(c, "insert into notice values (?, ?, 'DISPATCHED', current_date, ?)", noticeId, caseId,
                OffsetDateTime.now());
        Jdbc.update(c, "insert into notice_content values (?, ?)", noticeId, content);
        c.commit();
        Jdbc.update(c, "update notice set status = 'SENDING', touched_at = ? where notice_id = ?", OffsetDateTime.now(),
                noticeId);
        c.commit();
        Jdbc.update(c, "update notice set status = 'DELIVERED', touched_at = ? where notice_id = ?", OffsetDateTime.now(),
                noticeId);
        Jdbc.update(c, "delete from notice_content where notice_id = ?", noticeId);
        Jdbc.update(c, "update decision set decision = 'NOTIFIED', decided_at = ? where message_id = ?",
                OffsetDateTime.now(), messageId);
        c.commit();
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
